"""Round trip of a JSAPI call through ddemu, beside a bare websocket echo and a Playwright binding.

From ONE headless Chromium page driven by Playwright, in one run, it times N
sequential awaited calls of:

(a) ``ddemu``: ``dd.device.base.getPhoneInfo({})`` of the real ``dingtalk-jsapi``
    (the IIFE bundle ``sample_apps/hello/dist/dd.js``, loaded as the global ``dd``),
    through ddemu's shim, websocket bridge, dispatcher, handler and call log;
(b) ``echo``: a minimal ``new WebSocket`` client sending a frame of the same size as
    ddemu's call to a plain ``websockets`` server in Python that echoes it back;
(c) ``binding``: a Playwright ``page.expose_binding`` stub answering the same result
    dict from Python.

Each call is timed in the page with ``performance.now()`` (the page is served
cross-origin isolated, so the timer ticks in 5 us instead of 100 us). The variants
run in interleaved rounds (a b c, b c a, c a b, ...) so machine noise hits all
three alike. Goals (docs/performance.md), on medians:
``ddemu / echo <= 1.3`` and ``binding / ddemu >= 3``.

``--plain`` also times (a) and (b) in a Chromium started without Playwright: its
DevTools session reports every websocket frame to the driver, which adds a fixed
cost to both websocket variants (see docs/performance.md).

It is a measurement, not a test: it exits 0 whether the goals are met or not.

Usage::

    python benchmarks/bridge_rtt.py [--calls N] [--warmup N] [--rounds N]
                                    [--persona ios|android] [--plain] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import functools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, installed or not

from playwright.sync_api import Page, Route, sync_playwright  # noqa: E402
from websockets.asyncio.server import ServerConnection, serve  # noqa: E402

from bridge.protocol import Result, serialize  # noqa: E402
from emulator import Emulator  # noqa: E402
from emulator.browsers import CHROMIUM_ARGS, chromium_launch_options  # noqa: E402

PAGE = Path(__file__).resolve().parent / "assets" / "bridge_rtt" / "index.html"
HELLO = ROOT / "sample_apps" / "hello"
BUNDLE = HELLO / "dist" / "dd.js"
METHOD = "device.base.getPhoneInfo"
VARIANTS = ("ddemu", "echo", "binding")
LABELS = {
    "ddemu": "(a) ddemu + dingtalk-jsapi",
    "echo": "(b) bare websocket echo",
    "binding": "(c) Playwright expose_binding",
}
#: The goals in docs/performance.md.
GOAL_DDEMU_OVER_ECHO = 1.3
GOAL_BINDING_OVER_DDEMU = 3.0
#: Headers that make a page cross-origin isolated: performance.now() then ticks
#: in 5 us instead of 100 us, fine enough for round trips of a few hundred us.
ISOLATION_HEADERS = {
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
}
#: A document fulfilled by Playwright has no IP address, so Chromium's Local
#: Network Access checks would block its sockets to loopback (bridge and echo).
ISOLATION_ARGS = ("--disable-features=LocalNetworkAccessChecks",)


# -- the library bundle -------------------------------------------------------


def ensure_bundle() -> Path:
    """Return ``sample_apps/hello/dist/dd.js``, building it as the setup does if missing."""
    if BUNDLE.is_file():
        return BUNDLE
    print(f"{BUNDLE.relative_to(ROOT)} is missing: building it", file=sys.stderr)
    esbuild = ["npx", "esbuild", "node_modules/dingtalk-jsapi/index.js", "--bundle"]
    esbuild += ["--format=iife", "--global-name=dd", "--outfile=dist/dd.js"]
    steps = [esbuild]
    if not (HELLO / "node_modules" / "dingtalk-jsapi").is_dir():
        steps.insert(0, ["npm", "ci", "--no-audit", "--no-fund"])
    for step in steps:
        try:
            subprocess.run(step, cwd=HELLO, check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(
                f"cannot build {BUNDLE}: {exc}\nrun in sample_apps/hello: npm ci && "
                + " ".join(esbuild)
            )
    return BUNDLE


@contextmanager
def page_folder(bundle: Path) -> Iterator[Path]:
    """A temporary app folder: the benchmark page with ``dd.js`` next to it."""
    with tempfile.TemporaryDirectory(prefix="ddemu-bench-") as name:
        folder = Path(name)
        shutil.copy(PAGE, folder / "index.html")
        shutil.copy(bundle, folder / "dd.js")
        yield folder


# -- (b) the bare websocket echo ----------------------------------------------


class EchoServer:
    """A plain ``websockets`` server on loopback, in a thread, echoing each frame."""

    def __init__(self) -> None:
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._started: Future[None] = Future()
        self._thread = threading.Thread(target=self._run, name="bench-echo", daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    def __enter__(self) -> EchoServer:
        self._thread.start()
        self._started.result(timeout=30)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:
            if not self._started.done():
                self._started.set_exception(exc)
            raise

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()

        async def echo(ws: ServerConnection) -> None:
            async for message in ws:
                await ws.send(message)

        # The bridge's settings: no deflate, so both pay the same framing.
        async with serve(echo, "127.0.0.1", 0, compression=None) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self._started.set_result(None)
            await self._stop.wait()


# -- figures ------------------------------------------------------------------


def summarize(times: list[float]) -> dict[str, float]:
    """Median, nearest-rank p99, mean and calls per second of round trips in ms."""
    ordered = sorted(times)
    return {
        "calls": len(times),
        "median_ms": statistics.median(ordered),
        "p99_ms": ordered[max(1, math.ceil(0.99 * len(ordered))) - 1],
        "mean_ms": statistics.fmean(ordered),
        "calls_per_s": len(times) / (sum(times) / 1000),
    }


def ratio(
    value: float, goal: float, *, at_most: bool, rounds: list[float] | None = None
) -> dict[str, Any]:
    """A ratio of medians against its goal, with the same ratio in each round (the noise)."""
    ok = value <= goal if at_most else value >= goal
    return {
        "value": value,
        "goal": f"{'<=' if at_most else '>='} {goal:g}",
        "pass": ok,
        "rounds": rounds or [],
    }


def per_round(top: list[float], bottom: list[float]) -> list[float]:
    return [a / b for a, b in zip(top, bottom, strict=True)]


def split(total: int, parts: int) -> list[int]:
    """Split ``total`` calls into ``parts`` rounds as evenly as possible."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


# -- (a) (b) (c) in one Playwright page ---------------------------------------


def isolate(route: Route) -> None:
    """Serve the document cross-origin isolated; the route is removed after it."""
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, **ISOLATION_HEADERS})


def run_variant(page: Page, variant: str, n: int, frame: str) -> list[float]:
    if n <= 0:
        return []
    if variant == "echo":
        times = page.evaluate("([n, text]) => bench.echo(n, text)", [n, frame])
    else:
        times = page.evaluate(f"n => bench.{variant}(n)", n)
    return [float(t) for t in times]


def measure(calls: int, warmup: int, rounds: int, persona: str) -> dict[str, Any]:
    """Time (a), (b) and (c) from one Playwright page; return the report."""
    with (
        page_folder(ensure_bundle()) as folder,
        EchoServer() as echo,
        Emulator(app=folder, persona=persona) as emu,
        sync_playwright() as pw,
    ):
        options = chromium_launch_options(pw)
        options["args"] = [*options["args"], *ISOLATION_ARGS]
        browser = pw.chromium.launch(**options)
        try:
            context = browser.new_context(**emu.context_options())
            answer: dict[str, Any] = {}
            context.expose_binding("ddemuBenchBinding", lambda source, params: answer)
            page = context.new_page()
            home = emu.home_url
            page.route(lambda url: url == home, isolate)
            page.goto(home)
            page.unroute_all()
            page.wait_for_function("() => window.dd && window.bench")
            probe = page.evaluate("() => bench.ddemuFrame()")
            answer.update(probe["result"])
            frame: str = probe["frame"]
            page.evaluate("url => bench.echoOpen(url)", echo.url)
            isolated = page.evaluate("() => crossOriginIsolated")

            for variant in VARIANTS:
                run_variant(page, variant, warmup, frame)
            times: dict[str, list[float]] = {v: [] for v in VARIANTS}
            round_medians: dict[str, list[float]] = {v: [] for v in VARIANTS}
            for i, n in enumerate(split(calls, rounds)):
                for variant in VARIANTS[i % 3 :] + VARIANTS[: i % 3]:
                    got = run_variant(page, variant, n, frame)
                    times[variant] += got
                    if got:
                        round_medians[variant].append(statistics.median(got))
            logged = len(emu.calls.of(METHOD))
            emu.check_errors()
            chromium = browser.version
            executable = options.get("executable_path") or pw.chromium.executable_path
        finally:
            browser.close()

    figures: dict[str, dict[str, Any]] = {
        v: {**summarize(times[v]), "round_medians_ms": round_medians[v]} for v in VARIANTS
    }
    ddemu, bare, binding = (float(figures[v]["median_ms"]) for v in VARIANTS)
    return {
        "benchmark": "bridge_rtt",
        "method": METHOD,
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "chromium": chromium,
            "chromium_path": executable,
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Other work on the machine is the main source of noise: say how much there was.
            "load_avg_1min": os.getloadavg()[0],
        },
        "settings": {"calls": calls, "warmup": warmup, "rounds": rounds, "persona": persona},
        "timer_5us": isolated,
        "frame_bytes": {
            "call": len(frame.encode()),
            "answer": len(serialize(Result(1, probe["result"])).encode()),
        },
        "ddemu_calls_logged": logged,
        "variants": figures,
        "ratios": {
            "ddemu_over_echo": ratio(
                ddemu / bare,
                GOAL_DDEMU_OVER_ECHO,
                at_most=True,
                rounds=per_round(round_medians["ddemu"], round_medians["echo"]),
            ),
            "binding_over_ddemu": ratio(
                binding / ddemu,
                GOAL_BINDING_OVER_DDEMU,
                at_most=False,
                rounds=per_round(round_medians["binding"], round_medians["ddemu"]),
            ),
        },
    }


# -- (a) (b) in a Chromium without Playwright ----------------------------------


class _PlainHandler(SimpleHTTPRequestHandler):
    """Serves the page folder cross-origin isolated and takes the page's POSTed figures."""

    results: Future[dict[str, Any]]

    def end_headers(self) -> None:
        for name, value in ISOLATION_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()
        if not self.results.done():
            self.results.set_result(json.loads(body))

    def log_message(self, format: str, *args: Any) -> None:
        pass


def measure_plain(
    calls: int, warmup: int, rounds: int, persona: str, executable: str
) -> dict[str, Any]:
    """Time (a) and (b) in a headless Chromium with no DevTools session attached.

    The page gets ddemu's shim inline (as any browser host does) from a plain
    HTTP server that makes it cross-origin isolated; ddemu answers as usual.
    """
    results: Future[dict[str, Any]] = Future()
    handler = type("Handler", (_PlainHandler,), {"results": results})
    with (
        page_folder(ensure_bundle()) as folder,
        EchoServer() as echo,
        Emulator(persona=persona) as emu,
        tempfile.TemporaryDirectory(prefix="ddemu-bench-profile-") as profile,
    ):
        html = (folder / "index.html").read_text("utf-8")
        shim = f"<script>{emu.shim()}</script>"
        (folder / "index.html").write_text(html.replace("<head>", "<head>" + shim, 1), "utf-8")
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
        )
        threading.Thread(target=server.serve_forever, name="bench-http", daemon=True).start()
        query = f"plain=1&calls={calls}&warmup={warmup}&rounds={rounds}&echo={echo.url}"
        args = [executable, "--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}"]
        args += [f"--user-agent={emu.device.profile.user_agent}"]
        args += [f"http://127.0.0.1:{server.server_port}/index.html?{query}"]
        browser = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            got = results.result(timeout=60 + calls * 0.02)
        finally:
            browser.terminate()
            browser.wait(timeout=30)
            server.shutdown()
            server.server_close()
        logged = len(emu.calls.of(METHOD))
        emu.check_errors()
    if "error" in got:
        raise RuntimeError(f"the plain page failed: {got['error']}")
    figures = {v: summarize(got[v]) for v in ("ddemu", "echo")}
    over = figures["ddemu"]["median_ms"] / figures["echo"]["median_ms"]
    medians: dict[str, list[float]] = {"ddemu": [], "echo": []}
    for variant, values in medians.items():
        start = 0
        for n in split(calls, rounds):
            values.append(statistics.median(got[variant][start : start + n]))
            start += n
    return {
        "timer_5us": got["isolated"],
        "ddemu_calls_logged": logged,
        "variants": figures,
        "ratios": {
            "ddemu_over_echo": ratio(
                over,
                GOAL_DDEMU_OVER_ECHO,
                at_most=True,
                rounds=per_round(medians["ddemu"], medians["echo"]),
            )
        },
    }


# -- reporting ----------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def summary_line(report: dict[str, Any]) -> str:
    ddemu = report["variants"]["ddemu"]["median_ms"]
    a, b = report["ratios"]["ddemu_over_echo"], report["ratios"]["binding_over_ddemu"]
    line = (
        f"summary: ddemu {ddemu:.3f} ms median; ddemu/echo {a['value']:.2f} ({a['goal']}) "
        f"{verdict(a['pass'])}; binding/ddemu {b['value']:.2f} ({b['goal']}) {verdict(b['pass'])}"
    )
    if "plain" in report:
        p = report["plain"]["ratios"]["ddemu_over_echo"]
        line += f"; without Playwright ddemu/echo {p['value']:.2f} {verdict(p['pass'])}"
    return line


def print_table(variants: dict[str, dict[str, Any]]) -> None:
    print(f"{'variant':32} {'median ms':>10} {'p99 ms':>10} {'calls/s':>10}")
    for name, f in variants.items():
        print(
            f"{LABELS[name]:32} {f['median_ms']:10.3f} {f['p99_ms']:10.3f} {f['calls_per_s']:10.0f}"
        )


def print_ratios(ratios: dict[str, dict[str, Any]]) -> None:
    labels = {"ddemu_over_echo": "ddemu / echo", "binding_over_ddemu": "binding / ddemu"}
    for name, r in ratios.items():
        line = f"{labels[name]:16} {r['value']:6.2f}   goal {r['goal']:6}  {verdict(r['pass'])}"
        if r["rounds"]:
            line += f"   (rounds {min(r['rounds']):.2f} .. {max(r['rounds']):.2f})"
        print(line)


def print_report(report: dict[str, Any]) -> None:
    s, m, fb = report["settings"], report["machine"], report["frame_bytes"]
    print(
        f"bridge round trip of dd.device.base.getPhoneInfo({{}}), persona {s['persona']}: "
        f"{s['calls']} calls per variant in {s['rounds']} interleaved rounds, "
        f"warmup {s['warmup']}"
    )
    print(
        f"Chromium {m['chromium']}, Python {m['python']}, {m['cores']} cores "
        f"(load {m['load_avg_1min']:.1f}); "
        f"timer {'5 us' if report['timer_5us'] else '100 us'}; "
        f"frames: call {fb['call']} B, answer {fb['answer']} B"
    )
    print("\none Playwright page:")
    print_table(report["variants"])
    print()
    print_ratios(report["ratios"])
    if "plain" in report:
        print("\nChromium without Playwright (no DevTools session):")
        print_table(report["plain"]["variants"])
        print()
        print_ratios(report["plain"]["ratios"])
    print()
    print(summary_line(report))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per variant (2000)")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured calls first (200)")
    parser.add_argument("--rounds", type=int, default=20, help="interleaved rounds (20)")
    parser.add_argument("--persona", choices=("ios", "android"), default="ios")
    parser.add_argument(
        "--plain", action="store_true", help="also time (a) and (b) without Playwright"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.calls < 1 or args.warmup < 0 or not 1 <= args.rounds <= args.calls:
        parser.error("need --calls >= 1, --warmup >= 0 and 1 <= --rounds <= --calls")
    report = measure(args.calls, args.warmup, args.rounds, args.persona)
    if args.plain:
        executable = report["machine"]["chromium_path"]
        report["plain"] = measure_plain(
            args.calls, args.warmup, args.rounds, args.persona, executable
        )
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        print(summary_line(report), file=sys.stderr)
    else:
        print_report(report)


if __name__ == "__main__":
    main()

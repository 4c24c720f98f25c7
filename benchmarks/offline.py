"""Offline packages: page load from a package against a plain folder, update bytes, pack speed.

Run: ``python benchmarks/offline.py [--loads N] [--files N]``. Three figures,
each measured side by side in one run:

1. **Page load.** The sample app ``sample_apps/offline`` (built) opened at its
   https URL in headless Chromium, N times each, interleaved: (a) from its
   installed offline package through ``emu.offline.route``; (b) the same files
   answered from a plain folder through a Playwright route at the same URLs.
   The time is the page's own ``loadEventEnd`` (navigation timing). Goal
   (docs/performance.md): (a) no slower than (b): the median over rounds of a/b at most 1.0.
2. **Update bytes.** An app of 200 files is installed, 5 files change, and the
   device updates: bytes downloaded against bytes changed, and against the
   whole new package (what a device without the previous version fetches).
3. **Pack throughput.** ``ddemu pack`` of a project of ``--files`` small files
   (5,000 by default): files and MB per second.

Prints PASS or MISS for the page-load goal and exits 0 either way.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from emulator import Emulator  # noqa: E402
from emulator.browsers import chromium_launch_options  # noqa: E402
from offline_packages.build import MirrorFetcher, pack  # noqa: E402
from offline_packages.install import content_type  # noqa: E402
from offline_packages.manifest import Manifest, write_package  # noqa: E402

SAMPLE = ROOT / "sample_apps" / "offline"
APP_ID = "5000000002761167"
OWNER = "dingapp8k2m4n6p8r0t2v4x"
HOME = f"https://n.dingtalk.com/ddemu/offline-sample/index.html?dd_mini_app_id={APP_ID}"
LOAD_JS = "() => performance.getEntriesByType('navigation')[0].loadEventEnd"


def page_load(emu: Emulator, work: Path, loads: int) -> tuple[float, float, float]:
    """Median load time (ms) from the package and from a plain folder, and the median ratio."""
    from playwright.sync_api import Route, sync_playwright

    result = pack(SAMPLE, out_dir=work, fetch=MirrorFetcher(SAMPLE / "cdn"))
    emu.platform.packages.deploy(APP_ID, result.path, owner=OWNER)
    folder = {
        "https://n.dingtalk.com/ddemu/offline-sample/": SAMPLE / "dist",
        "https://g.alicdn.com/ddemu/offline-sample/1.0.0/": SAMPLE / "cdn/g.alicdn.com/ddemu/"
        "offline-sample/1.0.0",
    }

    def from_folder(route: Route) -> None:
        url = route.request.url.split("?", 1)[0]
        for prefix, base in folder.items():
            if url.startswith(prefix):
                path = base / url[len(prefix) :]
                if path.is_file():
                    route.fulfill(
                        status=200,
                        headers={
                            "Content-Type": content_type(path.name),
                            "Access-Control-Allow-Origin": "*",
                        },
                        body=path.read_bytes(),
                    )
                    return
        route.abort()

    timings: dict[str, list[float]] = {"package": [], "folder": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_options(playwright))

        def context(kind: str) -> Any:
            made = browser.new_context(**emu.context_options())
            made.add_init_script(emu.shim())
            made.grant_permissions(["local-network-access"])
            made.route("https://**/*", lambda route: route.abort())
            if kind == "package":
                emu.offline.route(made)
            else:
                made.route("https://**/*", from_folder)
            return made

        contexts = {kind: context(kind) for kind in timings}
        pages = {kind: made.new_page() for kind, made in contexts.items()}
        for page in pages.values():  # warm up: the first open installs the package
            page.goto(HOME)
        for round_ in range(loads):
            order = list(pages) if round_ % 2 == 0 else list(reversed(pages))
            for kind in order:
                pages[kind].goto(HOME, wait_until="load")
                timings[kind].append(float(pages[kind].evaluate(LOAD_JS)))
        browser.close()
    # Per round, the two loads ran back to back: their ratio is steadier than
    # the ratio of medians when the machine's load drifts.
    paired = statistics.median(
        p / f for p, f in zip(timings["package"], timings["folder"], strict=True)
    )
    return statistics.median(timings["package"]), statistics.median(timings["folder"]), paired


def update_bytes(emu: Emulator, work: Path) -> tuple[int, int, int]:
    """(downloaded, changed, full package) bytes of an update that changes 5 of 200 files."""
    app = "5000000000000200"
    words = random.Random(8)

    def source(seed: str) -> bytes:  # JS-like text that compresses about as well as real code
        names = [f"{seed}{words.randrange(10**6):x}" for _ in range(700)]
        return " ".join(
            f"var {a}=f({b});" for a, b in zip(names, reversed(names), strict=True)
        ).encode()

    files = {f"n.dingtalk.com/big/f{i:03d}.js": source("v") for i in range(200)}

    def publish(name: str) -> Path:
        path = work / name
        urls = tuple(f"https://{n}" for n in files)
        write_package(path, sorted(files.items()), Manifest(urls))
        emu.platform.packages.deploy(app, path, owner=OWNER)
        return path

    publish("v1.zip")
    emu.offline.open(app)
    for i in range(5):
        files[f"n.dingtalk.com/big/f{i:03d}.js"] = source("w")
    second = publish("v2.zip")
    update = emu.offline.open(app).last_update
    assert update is not None and update.ok
    return update.downloaded, update.changed, second.stat().st_size


def pack_throughput(work: Path, count: int) -> tuple[float, float, float]:
    """(seconds, files/s, MB/s) to pack ``count`` small files."""
    project = work / "many"
    dist = project / "dist"
    total = 0
    for i in range(count):
        folder = dist / f"d{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = f"export const n{i} = {i};\n".encode() * 20
        (folder / f"m{i:05d}.js").write_bytes(body)
        total += len(body)
    (project / "localresource.json").write_text(
        '{"miniAppId": "5000000000005000", "assets": {"https://n.dingtalk.com/many": "./dist"}}'
    )
    started = time.perf_counter()
    pack(project, out_dir=work)
    seconds = time.perf_counter() - started
    return seconds, count / seconds, total / seconds / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--loads", type=int, default=30, help="page loads per variant")
    parser.add_argument("--files", type=int, default=5000, help="files to pack")
    args = parser.parse_args(argv)
    if not (SAMPLE / "dist" / "app.js").exists():
        sys.exit(
            "build sample_apps/offline first: cd sample_apps/offline && npm ci && npm run build"
        )
    work = Path(tempfile.mkdtemp(prefix="ddemu-bench-offline-"))
    try:
        with Emulator(app=work, data_dir=work / "data") as emu:
            package_ms, folder_ms, ratio = page_load(emu, work, args.loads)
            verdict = "PASS" if ratio <= 1.0 else "MISS"
            print(
                f"page load, median of {args.loads}: package {package_ms:.1f} ms, "
                f"plain folder {folder_ms:.1f} ms; median ratio per round {ratio:.2f} "
                f"(goal <= 1.00: {verdict})"
            )
            downloaded, changed, full = update_bytes(emu, work)
            print(f"update of 5 of 200 files: downloaded {downloaded} bytes for {changed} changed "
                  f"({downloaded / changed:.2f}x the change; the whole package is {full} bytes, "
                  f"{full / downloaded:.1f}x more)")  # fmt: skip
        seconds, per_second, mb = pack_throughput(work, args.files)
        print(f"pack of {args.files} files: {seconds:.2f} s, {per_second:.0f} files/s, "
              f"{mb:.2f} MB/s")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

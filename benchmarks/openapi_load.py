"""Throughput of the open-platform mock under concurrent clients, against a trivial endpoint.

Usage: python benchmarks/openapi_load.py [--clients 32] [--seconds 3] [--rounds 4] [--json]

32 client threads hammer ``emu.openapi_url`` over loopback HTTP, in interleaved rounds of:

- (a) login: ``GET /gettoken`` then ``POST /topapi/v2/user/getuserinfo`` with a fresh auth code,
  the two calls a micro-app backend makes when a user opens it (one "pair" per iteration);
- (b) trivial: ``GET /no/such/path`` on the same server, which answers the legacy host's
  ``{"errcode": 404, ...}`` without touching tokens, codes or the organisation.

It prints requests per second of each and the ratio (a)/(b): how much of the server's capacity
the real work costs, as opposed to the HTTP server itself. Flow control is switched off, since
32 clients are far over the platform's 20 QPS per app and API. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from emulator import Emulator
from emulator.flowconfig import FlowConfig

KEY = "dingapp8k2m4n6p8r0t2v4x"
SECRET = "ddemu-demo-secret-hello-0123456789abcdefghijklmnopqrstuv"


def request(host: str, port: int, method: str, path: str, body: bytes | None = None) -> dict:
    """One HTTP request on a new connection (the server speaks HTTP/1.0); the JSON answer."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        answer: dict = json.loads(conn.getresponse().read())
        return answer
    finally:
        conn.close()


def run(clients: int, seconds: float, work: Callable[[], int]) -> float:
    """Run ``work`` (returns requests made) in ``clients`` threads for ``seconds``; req/s."""
    stop = time.perf_counter() + seconds
    counts = [0] * clients
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            while time.perf_counter() < stop:
                counts[i] += work()
        except BaseException as exc:  # surface a broken run instead of a fast one
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return sum(counts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=3.0, help="per variant per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as app:
        Path(app, "index.html").write_text("<!doctype html><title>load</title>", "utf-8")
        with Emulator(app=app) as emu:
            emu.platform.flow.config = FlowConfig(enabled=False)
            split = urlsplit(emu.openapi_url)
            host, port = split.hostname or "127.0.0.1", split.port or 80
            corp, user = emu.device.corp_id, emu.device.user.userid

            def login() -> int:
                token = request(host, port, "GET", f"/gettoken?appkey={KEY}&appsecret={SECRET}")
                code = emu.platform.auth_codes.issue(corp, user).code
                path = f"/topapi/v2/user/getuserinfo?access_token={token['access_token']}"
                answer = request(host, port, "POST", path, json.dumps({"code": code}).encode())
                if answer["errcode"] != 0:
                    raise RuntimeError(f"getuserinfo failed: {answer}")
                return 2

            def trivial() -> int:
                answer = request(host, port, "GET", "/no/such/path")
                if answer["errcode"] != 404:
                    raise RuntimeError(f"unexpected answer: {answer}")
                return 1

            figures: dict[str, list[float]] = {"login": [], "trivial": []}
            run(args.clients, 0.5, trivial)  # warm up threads, sockets, caches
            for r in range(args.rounds):
                order = (("login", login), ("trivial", trivial))
                for name, work in order if r % 2 == 0 else order[::-1]:
                    figures[name].append(run(args.clients, args.seconds, work))
            logged = len(emu.openapi_log)

    login_rps = statistics.median(figures["login"])
    trivial_rps = statistics.median(figures["trivial"])
    ratio = login_rps / trivial_rps
    report = {
        "clients": args.clients,
        "rounds": args.rounds,
        "seconds_per_round": args.seconds,
        "cpus": os.cpu_count(),
        "login_rps": figures["login"],
        "trivial_rps": figures["trivial"],
        "ratio_login_over_trivial": ratio,
        "requests_logged": logged,
    }
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return
    print(f"open-platform load: {args.clients} clients, {args.rounds} rounds of {args.seconds:g} s")
    print(
        f"  (a) gettoken + getuserinfo  {login_rps:8.0f} req/s  (rounds: "
        + ", ".join(f"{x:.0f}" for x in figures["login"])
        + ")"
    )
    print(
        f"  (b) trivial endpoint        {trivial_rps:8.0f} req/s  (rounds: "
        + ", ".join(f"{x:.0f}" for x in figures["trivial"])
        + ")"
    )
    print(f"  ratio (a)/(b)               {ratio:8.2f}   ({logged} requests logged)")


if __name__ == "__main__":
    main()

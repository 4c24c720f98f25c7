"""The ``ddemu`` command: serve an app as the emulated client, or open it in a window.

::

    ddemu serve [APP]   # serve APP (the built-in sample app by default) until Ctrl+C
    ddemu run [APP]     # the same, shown in a desktop window; headless without a display
    ddemu pack | keygen | sign | verify   # offline packages (emulator/cli_packages.py)
    ddemu demo qr-login [--auto] [--lan]  # demos (emulator/cli_demo.py)

Errors that ddemu reports on purpose (:class:`~bridge.errors.DdemuError`) print
``ddemu: error: <message>`` and exit with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import FrameType

from bridge.errors import ConfigError, DdemuError

from . import window
from .cli_demo import add_demo_commands, run_demo_command
from .cli_packages import (
    PACKAGE_COMMANDS,
    add_package_commands,
    publish_for_window,
    run_package_command,
)
from .emulator import Emulator
from .profiles import PERSONAS, PROFILES
from .scenario import Scenario

__all__ = ["DEFAULT_BRIDGE_PORT", "DEFAULT_OPENAPI_PORT", "DEFAULT_PORT", "main"]

#: The app server's port when none is given; a free one if it is taken.
DEFAULT_PORT = 8000
#: The bridge's port when none is given; a free one if it is taken.
DEFAULT_BRIDGE_PORT = 8001
#: The open platform's port when none is given; a free one if it is taken.
DEFAULT_OPENAPI_PORT = 8002


def _version() -> str:
    try:
        return version("ddemu")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "0+unknown"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "app",
        nargs="?",
        metavar="APP",
        help="folder of the H5 micro-app to serve (default: the sample app sample_apps/hello)",
    )
    common.add_argument(
        "--port",
        type=int,
        metavar="N",
        help=f"port of the app server (default: {DEFAULT_PORT}, or a free one if it is taken; "
        "0 for a free one)",
    )
    common.add_argument(
        "--bridge-port",
        type=int,
        metavar="N",
        help=f"port of the websocket bridge (default: {DEFAULT_BRIDGE_PORT}, "
        "or a free one if it is taken; 0 for a free one)",
    )
    common.add_argument(
        "--openapi-port",
        type=int,
        metavar="N",
        help=f"port of the mock open platform (default: {DEFAULT_OPENAPI_PORT}, "
        "or a free one if it is taken; 0 for a free one)",
    )
    common.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface of every server (default: 127.0.0.1; keep loopback unless you mean it)",
    )
    common.add_argument(
        "--persona",
        choices=PERSONAS,
        default="ios",
        help="the client platform the app sees (default: ios)",
    )
    common.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        metavar="NAME",
        help=f"device profile, overriding --persona: {', '.join(sorted(PROFILES))}",
    )
    common.add_argument(
        "--org", metavar="FILE", help="organisation TOML file (default: the demo org)"
    )
    common.add_argument(
        "--flow",
        metavar="FILE",
        help="flow-control TOML file, over the platform's published limits "
        "(docs/reference/flowcontrol.md)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where devices keep their state between runs, e.g. what pages stored"
        " (default: $DDEMU_HOME or ~/.local/share/ddemu)",
    )
    common.add_argument(
        "--scenario",
        metavar="FILE",
        help="scenario TOML file played on the device: location track, beacons, steps, NFC taps,"
        " scans, network (docs/reference/scenarios.md)",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more: -v for what ddemu does, -vv to debug (every HTTP request too)",
    )

    parser = argparse.ArgumentParser(
        prog="ddemu",
        description="Emulate the DingTalk client container for an H5 micro-app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "serve",
        parents=[common],
        help="serve the app as the emulated client until Ctrl+C",
        description="Serve the app with the shim injected, and the bridge, until Ctrl+C. "
        "Open the printed app URL in any browser.",
    )
    run = commands.add_parser(
        "run",
        parents=[common],
        help="open the app in a desktop window (pywebview, Qt)",
        description="Serve the app and open it in a desktop window that looks like the device; "
        "closing the window stops ddemu. Without a display, or without "
        f"pywebview ({window.INSTALL_HINT}), it serves headless like `serve`.",
    )
    run.add_argument("--devtools", action="store_true", help="open the developer tools too")
    run.add_argument(
        "--package", metavar="ZIP",
        help="publish this offline package (<miniAppId>.zip) and open the app from it",
    )  # fmt: skip
    run.add_argument(
        "--package-url", metavar="URL",
        help="the page to open with --package (default: its first includeUrl)",
    )  # fmt: skip
    add_package_commands(commands)
    add_demo_commands(commands)
    return parser


def _port_free(host: str, port: int) -> bool:
    """Tell whether ``port`` can be bound on ``host`` right now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As the servers bind: a port in TIME_WAIT after a previous run is free.
        if os.name == "posix":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _port(host: str, requested: int | None, default: int) -> int:
    """The port to bind: ``requested``, else ``default`` if free, else 0 (a free one).

    Raises:
        ConfigError: If ``requested`` is taken. Checked here because werkzeug
            exits the process when it cannot bind.
    """
    if requested is None:
        if _port_free(host, default):
            return default
        print(f"ddemu: port {default} is taken, using a free one", file=sys.stderr)
        return 0
    if requested and not _port_free(host, requested):
        raise ConfigError(f"cannot listen on {host}:{requested}: the port is taken")
    return requested


def _start(args: argparse.Namespace) -> Emulator:
    # A bad scenario file stops ddemu before any server starts.
    scenario = Scenario.load(args.scenario) if args.scenario else None
    emu = Emulator(
        app=args.app,
        persona=args.persona,
        profile=args.profile,
        org=args.org,
        flow=args.flow,
        host=args.host,
        port=_port(args.host, args.port, DEFAULT_PORT),
        bridge_port=_port(args.host, args.bridge_port, DEFAULT_BRIDGE_PORT),
        openapi_port=_port(args.host, args.openapi_port, DEFAULT_OPENAPI_PORT),
        data_dir=args.data_dir,
    )
    try:
        emu.start()
    except OSError as exc:  # e.g. a port taken since _port() looked
        raise ConfigError(f"cannot listen on {args.host}: {exc}") from None
    if scenario is not None:
        try:
            scenario.apply(emu.device)
        except BaseException:
            emu.stop()
            raise
    return emu


def _describe_app(folder: Path) -> str:
    try:
        return folder.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(folder)


def _banner(emu: Emulator) -> str:
    device = emu.device
    profile = device.profile
    corp = emu.org.corp(device.corp_id)
    # The device shell draws the phone around the app; on PC the host page is both.
    shell = f"  shell:   {emu.shell_url}\n" if emu.shell_url != emu.launch_url else ""
    return (
        f"ddemu {_version()} · {_describe_app(emu.app)} as {device.persona}"
        f" ({profile.model}, DingTalk {profile.dingtalk_version}),"
        f" signed in as {device.user.name} @ {corp.name}\n"
        f"{shell}"
        f"  app:     {emu.launch_url}\n"
        f"  bridge:  {emu.bridge_url}\n"
        f"  openapi: {emu.openapi_url}"
    )


@contextmanager
def _signals_set(stop: threading.Event) -> Iterator[None]:
    """Have SIGINT and SIGTERM set ``stop`` while inside (on the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _serve(emu: Emulator, stop: threading.Event) -> None:
    print(_banner(emu))
    print("Press Ctrl+C to stop.", flush=True)
    # A timeout keeps the wait interruptible by signals on every platform.
    while not stop.wait(0.5):
        pass


def _run(emu: Emulator, args: argparse.Namespace, stop: threading.Event) -> None:
    if not window.has_display():
        print(f"ddemu: {window.NO_DISPLAY_MESSAGE}; serving headless", file=sys.stderr)
        _serve(emu, stop)
        return
    try:
        window.import_webview()
    except ConfigError as exc:
        print(f"ddemu: {exc}; serving headless", file=sys.stderr)
        _serve(emu, stop)
        return
    print(_banner(emu))
    print("Close the window or press Ctrl+C to stop.", flush=True)
    profile = emu.device.profile
    if args.package:
        # The app runs from its package, at its own https URL (no device shell).
        from .packageproxy import PackageProxy

        url = publish_for_window(emu, args.package, args.package_url)
        with PackageProxy(emu) as proxy:
            proxy.watch(url)
            window.open_window(
                url,
                profile,
                title=f"ddemu · {Path(args.package).name} · {profile.model}",
                devtools=args.devtools,
                close=stop,
                proxy=proxy,
            )
        return
    window.open_window(
        emu.shell_url,
        profile,
        size=emu.context_options(shell=True)["viewport"],
        title=f"ddemu · {emu.app.name} · {profile.model}",
        devtools=args.devtools,
        close=stop,  # a signal that came before the window opened closes it
    )


def main(argv: list[str] | None = None) -> None:
    """Run the ``ddemu`` command with ``argv`` (``sys.argv[1:]`` by default).

    Exits with status 0 when stopped by Ctrl+C, SIGTERM or closing the window,
    and 2 on a :class:`~bridge.errors.DdemuError` or bad usage; ``verify``
    exits with 1 when the package has errors.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command in PACKAGE_COMMANDS:
        status = run_package_command(args, parser)
        if status:
            sys.exit(status)
        return
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(name)s: %(message)s")
    stop = threading.Event()
    try:
        # From here on a signal stops ddemu cleanly, even while it starts.
        with _signals_set(stop):
            if args.command == "demo":
                run_demo_command(args, stop)
                return
            emu = _start(args)
            try:
                if args.command == "run":
                    _run(emu, args, stop)
                else:
                    _serve(emu, stop)
            finally:
                emu.stop()
    except DdemuError as exc:
        print(f"ddemu: error: {exc}", file=sys.stderr)
        sys.exit(2)

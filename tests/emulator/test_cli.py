"""The ``ddemu`` command, run as ``python -m emulator`` in a subprocess."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator.cli import DEFAULT_PORT, main

#: Options that put every server of ddemu on a free port.
FREE_PORTS = ("--port", "0", "--bridge-port", "0", "--openapi-port", "0")

PAGE = "<!doctype html><html><head><title>cli</title></head><body><p id=hi>hi</p></body></html>"


def ddemu(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``python -m emulator ARGS`` with pipes for stdout and stderr."""
    return subprocess.Popen(
        [sys.executable, "-m", "emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def banner(proc: subprocess.Popen[str], timeout: float = 30.0) -> dict[str, str]:
    """Read ``proc``'s banner up to its last line.

    Returns:
        Its URLs by name (``shell``, ``app``, ``bridge``, ``openapi``), and its first line
        as ``title``.

    Raises:
        AssertionError: With ddemu's stderr, if it exits or times out first.
    """
    assert proc.stdout is not None
    stdout = proc.stdout
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:  # in a thread, so reads can time out
        for line in stdout:
            lines.put(line)
        lines.put("")  # end of output

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    found: dict[str, str] = {}
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            line = ""
        if not line:
            proc.kill()
            _, err = proc.communicate(timeout=10)
            raise AssertionError(f"no complete banner (got {found}); ddemu's stderr:\n{err}")
        found.setdefault("title", line.strip())
        key, _, value = line.strip().partition(":")
        if key in ("shell", "app", "bridge", "openapi"):
            found[key] = value.strip()
        if line.startswith("Press Ctrl+C"):
            return found


def get(url: str) -> tuple[str, str]:
    """GET ``url``; return its content type and body."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["Content-Type"], response.read().decode("utf-8")


@pytest.fixture
def app_folder(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def served(app_folder: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """``ddemu serve`` of the tiny app on free ports, and its banner's URLs."""
    proc = ddemu("serve", str(app_folder), *FREE_PORTS)
    try:
        yield proc, banner(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def test_serve_prints_banner_and_serves_app_with_shim(
    served: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    """`serve` prints the app, bridge and open platform URLs and serves the app with the shim."""
    _, urls = served
    assert urls["app"].startswith("http://127.0.0.1:")
    assert "corpId=" in urls["app"]
    assert urls["bridge"].startswith("ws://127.0.0.1:")
    assert urls["openapi"].startswith("http://127.0.0.1:")
    assert len({urls["app"].split("?")[0], urls["bridge"], urls["openapi"]}) == 3
    kind, body = get(urls["app"])
    assert kind.startswith("text/html")
    assert '<head><script src="/__ddemu__/shim.js"></script><title>cli</title>' in body
    kind, shell = get(urls["shell"])  # the device shell, the app in its iframe
    assert kind.startswith("text/html") and 'id="dd-app"' in shell


def test_serve_answers_control_api(
    served: tuple[subprocess.Popen[str], dict[str, str]], app_folder: Path
) -> None:
    """`serve` answers /__ddemu__/api/status with the app and the persona's device."""
    _, urls = served
    root = urls["app"].split("?")[0]
    kind, body = get(root + "__ddemu__/api/status")
    status: dict[str, Any] = json.loads(body)
    assert kind == "application/json"
    assert status["app"] == str(app_folder.resolve())
    assert status["url"] == root
    assert [d["persona"] for d in status["devices"]] == ["ios"]


def test_sigint_stops_serve_with_status_0(
    served: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    """SIGINT (Ctrl+C) stops `serve` cleanly with exit status 0."""
    proc, _ = served
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0


def test_sigterm_stops_serve_with_status_0(
    served: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    """SIGTERM stops `serve` cleanly with exit status 0."""
    proc, _ = served
    proc.terminate()
    assert proc.wait(timeout=15) == 0


@pytest.mark.parametrize(
    ("options", "profile", "shown"),
    [
        (("--persona", "android"), "pixel-7", " as android (Pixel 7, DingTalk "),
        (("--profile", "pixel-7"), "pixel-7", " as android (Pixel 7, DingTalk "),
        (("--persona", "android", "--profile", "iphone-15-pro"), "iphone-15-pro", " as ios "),
    ],
)
def test_persona_and_profile_options_pick_the_device(
    app_folder: Path, options: tuple[str, ...], profile: str, shown: str
) -> None:
    """`--persona` picks the persona's usual phone; `--profile` picks one and wins."""
    proc = ddemu("serve", str(app_folder), *FREE_PORTS, *options)
    try:
        found = banner(proc)
        assert shown in found["title"]
        _, body = get(found["app"].split("?")[0] + "__ddemu__/api/status")
        assert json.loads(body)["devices"][0]["profile"] == profile
    finally:
        proc.kill()
        proc.communicate(timeout=10)


def test_missing_app_folder_exits_2_without_traceback(tmp_path: Path) -> None:
    """A missing app folder prints `ddemu: error:` on stderr and exits 2, no traceback."""
    proc = ddemu("serve", str(tmp_path / "nope"), *FREE_PORTS)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert err.startswith("ddemu: error: app folder ")
    assert "Traceback" not in err
    assert out == ""


def test_taken_port_exits_2(app_folder: Path) -> None:
    """An explicit --port that is taken is a `ddemu: error:` with exit status 2."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        proc = ddemu(
            "serve", str(app_folder), "--port", port, "--bridge-port", "0", "--openapi-port", "0"
        )
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert err.startswith("ddemu: error: cannot listen on 127.0.0.1")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` prints `ddemu <version>` and exits 0."""
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == "ddemu 0.1.0"


def test_version_of_module_entry_point() -> None:
    """`python -m emulator --version` runs the same command."""
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "--version"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ddemu 0.1.0")


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a command, ddemu prints its usage and exits 2."""
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "usage: ddemu" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="always has a display")
def test_run_without_display_serves_headless(app_folder: Path) -> None:
    """`run` with no display says so on stderr and serves headless like `serve`."""
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    proc = ddemu("run", str(app_folder), *FREE_PORTS, env=env)
    try:
        urls = banner(proc)
        _, body = get(urls["app"])
        assert "/__ddemu__/shim.js" in body
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=10)
    assert "no display" in err
    assert "xvfb-run" in err


def test_run_without_pywebview_says_how_to_install_and_serves_headless(
    app_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`run` without pywebview names `pip install 'ddemu[desktop]'` and serves headless."""
    shadow = tmp_path_factory.mktemp("no_webview")
    (shadow / "webview.py").write_text("raise ImportError('no pywebview here')\n")
    path = os.pathsep.join(p for p in (str(shadow), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path, "QT_QPA_PLATFORM": "offscreen"}
    proc = ddemu("run", str(app_folder), *FREE_PORTS, env=env)
    try:
        urls = banner(proc)
        assert "/__ddemu__/shim.js" in get(urls["app"])[1]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=10)
    assert "pip install 'ddemu[desktop]'" in err
    assert "serving headless" in err


def test_default_port_taken_falls_back_to_a_free_one(app_folder: Path) -> None:
    """Without --port, a taken port 8000 gives a note and a free port instead."""
    with socket.socket() as holder:
        try:
            holder.bind(("127.0.0.1", DEFAULT_PORT))
            holder.listen()
        except OSError:
            pass  # taken by someone else: just as good
        proc = ddemu("serve", str(app_folder), "--bridge-port", "0", "--openapi-port", "0")
        try:
            urls = banner(proc)
            assert not urls["app"].startswith(f"http://127.0.0.1:{DEFAULT_PORT}/")
            assert "<title>cli</title>" in get(urls["app"])[1]
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=15)
    assert f"port {DEFAULT_PORT} is taken, using a free one" in err
    assert proc.returncode == 0


def test_data_dir_option_sets_where_devices_keep_state(app_folder: Path, tmp_path: Path) -> None:
    """`--data-dir DIR` is the emulator's data directory, each device's folder under it."""
    from emulator.cli import _parser, _start

    args = _parser().parse_args(
        ["serve", str(app_folder), *FREE_PORTS, "--data-dir", str(tmp_path / "state")]
    )
    emu = _start(args)
    try:
        assert emu.data_dir == tmp_path / "state"
        assert emu.device.data_dir == tmp_path / "state" / "devices" / "phone"
    finally:
        emu.stop()

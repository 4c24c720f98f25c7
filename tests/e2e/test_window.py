"""``ddemu run``: the sample app in a real pywebview window (Qt), rendered offscreen.

The window runs in a subprocess with ``QT_QPA_PLATFORM=offscreen``; the test
watches it through the control API (``/__ddemu__/api/``) of that process.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

import pytest

from emulator.profiles import default_profile
from emulator.samples import SAMPLE_APPS

pytestmark = pytest.mark.gui

T = TypeVar("T")

#: Seconds the window may take to load the page and answer a call; Chromium's
#: first start on a cold cache is slow on a small machine.
DEADLINE = 45.0

#: Options that put every server of ddemu on a free port.
FREE_PORTS = ("--port", "0", "--bridge-port", "0", "--openapi-port", "0")

GUI_ENV = {"QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}


@pytest.fixture(scope="module", autouse=True)
def desktop_stack() -> None:
    """Skip unless pywebview, QtPy and Qt WebEngine load and the sample app is built."""
    if not (SAMPLE_APPS / "hello" / "dist" / "app.js").is_file():
        pytest.skip("sample app not built: run `npm ci && npm run build` in sample_apps/hello")
    probe = "import webview, qtpy, PyQt6.QtWebEngineWidgets"
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **GUI_ENV},
        )
    except subprocess.TimeoutExpired:
        pytest.skip("importing Qt WebEngine hangs")
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        pytest.skip(f"desktop window stack does not load ({reason}): pip install 'ddemu[desktop]'")


class DdemuRun:
    """``ddemu run`` of the sample app in a subprocess, its output read by threads.

    Reading in threads lets reads time out, and keeps Qt's chatter on stderr
    from filling the pipe and blocking the process.
    """

    def __init__(self, *options: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "run", *FREE_PORTS, *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, **GUI_ENV},
        )
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        self._pumps = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout.put)),
            threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr.append)),
        ]
        for thread in self._pumps:
            thread.daemon = True
            thread.start()
        self.app_url = self._read_app_url(timeout=30)

    @staticmethod
    def _pump(stream: IO[str], put: Callable[[str], None]) -> None:
        for line in stream:
            put(line)
        put("")  # end of output

    def fail(self, what: str) -> AssertionError:
        """An error saying ``what`` went wrong, with the end of ddemu's stderr."""
        tail = "".join(self.stderr[-40:])
        return AssertionError(f"{what}; ddemu run's stderr ends with:\n{tail}")

    def _read_app_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.stdout.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = ""
            if not line:
                self.close()
                raise self.fail(f"no app URL printed within {timeout} s")
            key, _, value = line.strip().partition(":")
            if key == "app":
                return value.strip()

    def api(self, name: str) -> dict[str, Any]:
        """GET ``/__ddemu__/api/<name>`` of this emulator."""
        # On PC the app URL is the host shell's *.dingtalk.com name; the API is on loopback.
        root = re.sub(r"//[^/:]+", "//127.0.0.1", self.app_url.split("?")[0], count=1)
        root = root.split("__ddemu__")[0]
        with urllib.request.urlopen(f"{root}__ddemu__/api/{name}", timeout=5) as response:
            data: dict[str, Any] = json.loads(response.read())
        return data

    def wait_until(self, what: str, probe: Callable[[], T | None]) -> T:
        """Poll ``probe`` until it returns something, ddemu exits or time runs out."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise self.fail(f"ddemu run exited with {self.proc.returncode} before {what}")
            found = probe()
            if found is not None:
                return found
            time.sleep(0.25)
        raise self.fail(f"not within {DEADLINE} s: {what}")

    def close(self) -> None:
        """Kill the process if it still runs, and release its pipes."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        for thread in self._pumps:
            thread.join(timeout=10)
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def run_window() -> Iterator[Callable[..., DdemuRun]]:
    """Return ``run(*options)``: start ``ddemu run`` of the sample app; killed at teardown."""
    started: list[DdemuRun] = []

    def run(*options: str) -> DdemuRun:
        started.append(DdemuRun(*options))
        return started[-1]

    yield run
    for ddemu in started:
        ddemu.close()


@pytest.mark.parametrize("persona", ["ios", "android"])
def test_window_page_reaches_ready_and_calls_with_persona_user_agent(
    run_window: Callable[..., DdemuRun], persona: str
) -> None:
    """The real window sends the persona's UA and its dingtalk-jsapi page completes a call."""
    ddemu = run_window("--persona", persona)
    profile = default_profile(persona)

    def hello() -> dict[str, Any] | None:
        # A session exists from the websocket's opening; its hello comes next.
        sessions = ddemu.api("status")["sessions"]
        return next((s["hello"] for s in sessions if s["hello"]), None)

    said = ddemu.wait_until("a page connects to the bridge and says hello", hello)
    assert said["userAgent"] == profile.user_agent
    assert said["persona"] == persona
    assert said["viewport"] == profile.viewport  # the window is the phone's size

    # The sample app calls only when dingtalk-jsapi took the user agent for
    # DingTalk's, and the library sends calls only once its bridge is ready.
    def phone_info() -> dict[str, Any] | None:
        calls = ddemu.api("calls")["calls"]
        return next((c for c in calls if c["method"] == "device.base.getPhoneInfo"), None)

    call = ddemu.wait_until("the page calls device.base.getPhoneInfo", phone_info)
    assert call["error"] is None
    assert call["result"]["model"] == profile.model


def test_window_shows_the_device_shell(run_window: Callable[..., DdemuRun]) -> None:
    """The window opens the device shell: a person is at it, so dialogs wait for a click."""
    ddemu = run_window()

    def watching() -> bool | None:
        devices = ddemu.api("status")["devices"]
        return True if devices[0]["peopleWatching"] else None

    ddemu.wait_until("the shell in the window polls for the device's state", watching)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_closes_window_with_status_0(
    run_window: Callable[..., DdemuRun], signum: int
) -> None:
    """Ctrl+C (SIGINT) or SIGTERM closes the window, stops the servers and exits 0."""
    ddemu = run_window()
    ddemu.wait_until("a page connects", lambda: ddemu.api("status")["sessions"] or None)
    ddemu.proc.send_signal(signum)
    assert ddemu.proc.wait(timeout=20) == 0


def test_signal_while_window_opens_exits_0(run_window: Callable[..., DdemuRun]) -> None:
    """SIGTERM before the window shows still closes it once shown; nothing hangs."""
    ddemu = run_window()
    ddemu.proc.terminate()
    assert ddemu.proc.wait(timeout=30) == 0


def test_pc_window_runs_the_app_in_the_host_shell(run_window: Callable[..., DdemuRun]) -> None:
    """On PC the window opens the client's host shell and the app in it completes a call."""
    ddemu = run_window("--persona", "pc")
    assert "h5.dingtalk.com" in ddemu.app_url

    def set_title() -> dict[str, Any] | None:
        calls = ddemu.api("calls")["calls"]
        return next((c for c in calls if c["method"] == "biz.navigation.setTitle"), None)

    call = ddemu.wait_until("the app in the host shell calls biz.navigation.setTitle", set_title)
    assert call["error"] is None
    sessions = ddemu.api("status")["sessions"]
    assert any(s["hello"].get("persona") == "pc" for s in sessions)

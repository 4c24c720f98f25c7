"""``ddemu demo``: its options and an autopilot round in a real process (emulator/cli_demo.py)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from emulator.cli import main

ROOT = Path(__file__).parents[2]


def test_demo_help_names_qr_login(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["demo", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "qr-login" in out and "--auto" in out and "--lan" in out


def test_unknown_demo_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["demo", "nosuch"])
    assert info.value.code == 2
    assert "invalid choice: 'nosuch'" in capsys.readouterr().err


def test_auto_round_in_a_real_process() -> None:
    """`ddemu demo qr-login --auto --rounds 1` confirms the first QR shown, then exits 0."""
    command = [sys.executable, "-m", "emulator", "demo", "qr-login", "--auto", "--no-window"]
    command += ["--rounds", "1", "--pause", "0.1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        site = re.search(r"site:\s+(\S+)", "".join(lines))
        assert site, lines
        with urllib.request.urlopen(site.group(1), timeout=10) as page:
            frame = re.search(r'<iframe id="dingtalk-login" src="([^"]+)"', page.read().decode())
        assert frame
        # Loading the embedded login shows a QR code: the autopilot scans and confirms it.
        with urllib.request.urlopen(html.unescape(frame.group(1)), timeout=10) as login:
            assert login.status == 200
        out, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "phone: confirmed (1)" in out


def test_lan_demo_needs_the_token_on_the_phone_pages() -> None:
    """--lan: served on the LAN address; the phone's pages refuse callers without the token."""
    from urllib.error import HTTPError

    from bridge.errors import ConfigError
    from emulator.cli_demo import QrLoginDemo

    try:
        demo = QrLoginDemo(lan=True)
    except ConfigError:
        pytest.skip("this machine has no address beyond loopback")
    demo.start()
    try:
        assert not demo.emu.openapi_url.startswith("http://127.")
        assert f"token={demo.emu.token}" in demo.phone_url
        with urllib.request.urlopen(demo.phone_url, timeout=10) as page:
            assert demo.emu.device.user.name in page.read().decode()
        without = demo.phone_url.split("&token=")[0]
        with pytest.raises(HTTPError) as refused:
            urllib.request.urlopen(without, timeout=10)
        refused.value.close()
        assert refused.value.code == 403
        with urllib.request.urlopen(demo.stage_url, timeout=10) as stage:
            assert "data:image/png;base64," in stage.read().decode()  # the phone URL's QR code
    finally:
        demo.stop()

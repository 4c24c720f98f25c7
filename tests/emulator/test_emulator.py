"""The Emulator object: servers, devices, reset, without pytest fixtures."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from bridge.errors import ConfigError
from emulator import Emulator


@pytest.fixture
def app(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<html><head></head><body>x</body></html>", "utf-8")
    return tmp_path


def test_port_in_use_is_an_error_not_an_exit(app: Path) -> None:
    """Asking for a port another program holds raises OSError; the process lives on."""
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        emu = Emulator(app=app, port=port)
        with pytest.raises(OSError, match="port in use"):
            emu.start()
        emu.stop()


def test_three_servers_on_loopback_and_stop(app: Path) -> None:
    """start() serves the app, the bridge and the platform on 127.0.0.1; stop() ends them."""
    with Emulator(app=app) as emu:
        assert emu.url.startswith("http://127.0.0.1:")
        assert emu.openapi_url.startswith("http://127.0.0.1:")
        assert emu.bridge_url.startswith("ws://127.0.0.1:")
        assert b"__ddemu__/shim.js" in urllib.request.urlopen(emu.url, timeout=5).read()
    with pytest.raises(OSError):
        urllib.request.urlopen(emu.url, timeout=2)


def test_home_url_fills_in_the_corp(app: Path) -> None:
    """home_url replaces $CORPID$ with the signed-in corp, as the client does."""
    emu = Emulator(app=app, home="/index.html?corpId=$CORPID$&x=1")
    assert emu.home_url.endswith(f"/index.html?corpId={emu.device.corp_id}&x=1")


def test_devices_by_name(app: Path) -> None:
    """add_device makes a second phone; names are unique; shims name their device."""
    emu = Emulator(app=app)
    boss = emu.add_device("boss", persona="android", userid="liuyang")
    assert emu.devices["boss"] is boss and boss.persona == "android"
    assert '"device": "boss"' in emu.shim("boss")
    with pytest.raises(ConfigError, match="already a device"):
        emu.add_device("boss")
    with pytest.raises(ConfigError, match="no device named 'nosuch'"):
        emu.shim("nosuch")


def test_reset_changes_persona_and_forgets(app: Path) -> None:
    """reset(persona=...) gives a fresh device of that persona and an empty log."""
    emu = Emulator(app=app)
    emu.add_device("other")
    emu.device.scan.queue("x")
    emu.reset(persona="android")
    assert list(emu.devices) == ["phone"]
    assert emu.device.persona == "android" and emu.device.scan.pending == []
    assert len(emu.calls) == 0


def test_missing_app_folder_is_a_config_error(tmp_path: Path) -> None:
    """An app folder that does not exist is refused with its path."""
    with pytest.raises(ConfigError, match="does not exist"):
        Emulator(app=tmp_path / "nosuch")

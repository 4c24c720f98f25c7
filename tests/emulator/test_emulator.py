"""The Emulator object: servers, devices, reset, without pytest fixtures."""

from __future__ import annotations

import json
import socket
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from websockets.typing import Origin

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


def test_devices_keep_storage_in_the_data_dir(app: Path, tmp_path: Path) -> None:
    """Each device gets a folder under data_dir; its storage outlives the emulator, not reset()."""
    data = tmp_path / "data"
    emu = Emulator(app=app, data_dir=data)
    assert emu.device.data_dir == data / "devices" / "phone"
    assert emu.add_device("desk 2").data_dir == data / "devices" / "desk%202"
    emu.device.storage.set("token", "abc")
    again = Emulator(app=app, data_dir=data)
    assert again.device.storage.get("token") == "abc"
    again.reset()
    assert again.device.storage.get("token") is None
    assert Emulator(app=app, data_dir=data).device.storage.keys() == []


def test_data_dir_defaults_to_ddemu_home(
    app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without data_dir the emulator uses $DDEMU_HOME."""
    monkeypatch.setenv("DDEMU_HOME", str(tmp_path / "home"))
    assert Emulator(app=app).data_dir == tmp_path / "home"


def test_shim_and_context_follow_the_device_language(app: Path) -> None:
    """A language set on the device reaches the shim config, the UA and the browser locale."""
    emu = Emulator(app=app, persona="android")
    emu.device.language = "en_US"
    assert emu.shim_config()["language"] == "en_US"
    options = emu.context_options()
    assert options["locale"] == "en-US"
    assert "; en-US; " in options["user_agent"] and options["user_agent"].endswith("en-US")


def test_missing_app_folder_is_a_config_error(tmp_path: Path) -> None:
    """An app folder that does not exist is refused with its path."""
    with pytest.raises(ConfigError, match="does not exist"):
        Emulator(app=tmp_path / "nosuch")


def test_home_url_of_another_device_names_it(app: Path) -> None:
    """home_url_for a second device adds ddemu_device, so its page gets that device's shim."""
    emu = Emulator(app=app, home="/index.html?corpId=$CORPID$")
    emu.add_device("desk", persona="pc")
    assert emu.home_url_for() == emu.home_url
    assert emu.home_url_for("desk") == f"{emu.home_url}&ddemu_device=desk"
    with pytest.raises(ConfigError, match="no device named 'nosuch'"):
        emu.home_url_for("nosuch")


@pytest.mark.parametrize("persona", ["ios", "android", "harmony"])
def test_phones_launch_at_home(app: Path, persona: str) -> None:
    """A phone opens the app's home, as a mobile browser context, with no PC settings."""
    emu = Emulator(app=app, persona=persona)
    assert emu.launch_url == emu.home_url
    options = emu.context_options()
    assert options["is_mobile"] is True and options["has_touch"] is True
    assert options["user_agent"] == emu.device.profile.user_agent
    assert "pcHostPath" not in emu.shim_config()


def test_pc_launches_the_host_shell_on_a_dingtalk_name(app: Path) -> None:
    """On PC the client opens the host shell at h5.dingtalk.com, whose origin may use the bridge."""
    with Emulator(app=app, persona="pc") as emu:
        port = emu.url.rsplit(":", 1)[1].rstrip("/")
        assert emu.pc_host_url == f"http://h5.dingtalk.com:{port}/__ddemu__/pc/host.html"
        assert emu.launch_url == emu.pc_host_url
        bridge_url = emu.shim_config()["bridgeUrl"]
        with connect(bridge_url, origin=Origin(f"http://h5.dingtalk.com:{port}")) as ws:
            ws.send('{"id": 1, "method": "device.base.getUUID"}')
            assert json.loads(ws.recv(timeout=5))["result"] == {"uuid": emu.device.uuid}
        with pytest.raises(InvalidStatus):  # only the shell's own origin
            connect(bridge_url, origin=Origin(f"http://evil.dingtalk.com:{port}"))
        # The shell is the app server's own page, whatever name reaches it.
        shell = urllib.request.urlopen(emu.url + "__ddemu__/pc/host.html", timeout=5).read()
        assert b'id="ddemu-app"' in shell
    assert emu.shim_config()["pcHostPath"] == "/__ddemu__/pc/host.html"
    options = emu.context_options()
    assert options["is_mobile"] is False and options["has_touch"] is False
    assert options["viewport"] == {"width": 1280, "height": 800}


def test_reset_moves_open_pages_to_the_fresh_device(app: Path) -> None:
    """After reset() an open page hears the fresh device's events; its old watches are gone."""
    with Emulator(app=app) as emu, connect(emu.shim_config()["bridgeUrl"]) as ws:
        ws.send(json.dumps({"id": 1, "method": "biz.navigation.setRight", "params": {}}))
        assert json.loads(ws.recv(timeout=5)) == {"id": 1, "result": {}}
        emu.reset()
        assert emu.device.navigation.right is None
        assert [s.id for s in emu.device.sessions] == [s.id for s in emu.sessions]
        emu.device.fire("resume", {"after": "reset"})
        assert json.loads(ws.recv(timeout=5)) == {"event": "resume", "data": {"after": "reset"}}


@dataclass
class FakeFrame:
    """The few Playwright frame properties app_frame reads."""

    url: str
    name: str = ""
    child_frames: list[FakeFrame] = field(default_factory=list)


@dataclass
class FakePage:
    main_frame: FakeFrame


def test_app_frame_is_the_page_or_the_shell_iframe(app: Path) -> None:
    """app_frame: a phone page's main frame, a PC shell's client iframe, or LookupError."""
    emu = Emulator(app=app, persona="pc")
    phone = FakePage(FakeFrame("http://127.0.0.1:1/"))
    assert emu.app_frame(phone) is phone.main_frame
    iframe = FakeFrame("http://127.0.0.1:1/", name='{"containerId": "ddemu-phone"}')
    shell_url = "http://h5.dingtalk.com:1/__ddemu__/pc/host.html"
    shell = FakePage(FakeFrame(shell_url, child_frames=[FakeFrame("about:blank", "ad"), iframe]))
    assert emu.app_frame(shell) is iframe
    with pytest.raises(LookupError, match="no app frame yet"):
        emu.app_frame(FakePage(FakeFrame(shell_url)))

"""Device services on the PC persona: the app in the host shell's iframe, real dingtalk-jsapi."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, Page

from emulator import Emulator
from tests.e2e.test_device_info import BUNDLE, PAGE

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("ddemu_persona", ["pc"])]


@pytest.fixture(scope="module")
def pc_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not BUNDLE.is_file():
        pytest.skip("sample_apps/hello/dist/dd.js is not built (make setup)")
    folder = tmp_path_factory.mktemp("device-app-pc")
    shutil.copy(BUNDLE, folder / "dd.js")
    (folder / "index.html").write_text(PAGE, "utf-8")
    (folder / "other.html").write_text("<title>other</title><p>other page</p>", "utf-8")
    return folder


@pytest.fixture
def ddemu_app(pc_app: Path) -> Path:
    return pc_app


@pytest.fixture
def frame(ddemu_app_frame: Frame) -> Frame:
    ddemu_app_frame.wait_for_function("window.seen && seen.ready", timeout=10_000)
    return ddemu_app_frame


def run(frame: Frame, name: str, params: dict[str, Any] | None = None) -> Any:
    outcome = frame.evaluate("([n, p]) => run(n, p)", [name, params or {}])
    assert "ok" in outcome, f"{name} failed: {outcome}"
    return outcome["ok"]


def test_storage_clipboard_and_network_on_pc(ddemu: Emulator, frame: Frame) -> None:
    """The app in the shell stores under its own host; clipboard and network type work on PC."""
    run(frame, "setStorage", {"key": "k", "data": "v"})
    assert ddemu.device.storage.get("k", domain="127.0.0.1") == "v"
    assert run(frame, "getStorage", {"key": "k"}) == {"value": "v"}
    run(frame, "setClipboard", {"text": "copied on PC"})
    assert ddemu.device.clipboard.text == "copied on PC"
    assert run(frame, "getNetworkType") == {"netWorkAvailable": True}
    ddemu.device.network = "none"
    assert run(frame, "getNetworkType") == {"netWorkAvailable": False}


def test_open_link_opens_a_window_on_pc(ddemu: Emulator, ddemu_page: Page, frame: Frame) -> None:
    """openLink on PC opens the link in a new window; the shell and its app stay."""
    url = ddemu.url + "other.html"
    with ddemu_page.expect_popup() as popup_info:
        assert run(frame, "openLink", {"url": url}) == {}
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url == url
    assert frame.evaluate("document.title") == "device"
    assert [o.url for o in ddemu.device.opened_links] == [url]

"""Device services on the PC persona: the app in the host shell's iframe, real dingtalk-jsapi."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page

from emulator import Emulator
from tests.e2e.pages import bundled_app, ready_frame
from tests.e2e.test_device_info import FILES, PAGE, run

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("ddemu_persona", ["pc"])]


ddemu_app = bundled_app("device-app-pc", PAGE, FILES)
#: The app's frame in the host shell, once dd.ready has fired.
frame = ready_frame()


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

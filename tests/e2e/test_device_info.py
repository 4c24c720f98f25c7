"""Device information and system services, from a page bundling the real dingtalk-jsapi."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Frame, Page

from emulator import Emulator
from tests.e2e.pages import bundled_app, ready, ready_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("ddemu_persona", ["ios", "android", "harmony"]),
]


PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>device</title>
<script src="/dd.js"></script>
<script>
window.seen = { ready: false, window: [], document: [], onLine: [] };
dd.ready(function () { seen.ready = true; });
["online", "offline"].forEach(function (name) {
  window.addEventListener(name, function () { seen.window.push(name); });
  document.addEventListener(name, function () {
    seen.document.push(name);
    seen.onLine.push(navigator.onLine);
  });
});
// Run a dd.* function by its dotted name; settle to {ok} or {error}.
window.run = function (name, params) {
  var fn = name.split(".").reduce(function (o, k) { return o[k]; }, dd);
  return Promise.resolve(fn(params || {})).then(
    function (r) { return { ok: r }; },
    function (e) { return { error: { errorCode: e.errorCode, errorMessage: e.errorMessage } }; });
};
</script>
</head><body><p>device</p></body></html>
"""


#: The app's other files: a page for openLink.
FILES = {"other.html": "<title>other</title><p>other page</p>"}
ddemu_app = bundled_app("device-app", PAGE, FILES)
#: The app's page, once dd.ready has fired.
page = ready_page()


def run(page: Page | Frame, name: str, params: dict[str, Any] | None = None) -> Any:
    """Call dd.<name>(params) in the page or frame; its result, or fail with its error."""
    outcome = page.evaluate("([n, p]) => run(n, p)", [name, params or {}])
    assert "ok" in outcome, f"{name} failed: {outcome}"
    return outcome["ok"]


def error_of(page: Page | Frame, name: str, params: dict[str, Any]) -> dict[str, str]:
    """Call dd.<name>(params), which must fail; its {errorCode, errorMessage}."""
    outcome = page.evaluate("([n, p]) => run(n, p)", [name, params])
    assert "error" in outcome, f"{name} did not fail: {outcome}"
    error: dict[str, str] = outcome["error"]
    return error


def test_phone_info_uuid_and_battery(ddemu: Emulator, page: Page) -> None:
    """getSystemInfo is the profile; getUUID the device's; the battery what Python set."""
    profile = ddemu.device.profile
    width, height = profile.screen_pixels
    assert run(page, "getSystemInfo") == {
        "screenWidth": width,
        "screenHeight": height,
        "brand": profile.brand,
        "model": profile.model,
        "version": profile.os_version,
        "netInfo": "wifi",
        "operatorType": profile.carrier,
    }
    assert run(page, "device.base.getUUID") == {"uuid": ddemu.device.uuid}
    ddemu.device.battery.level = 20
    ddemu.device.battery.charging = True
    assert run(page, "getBatteryInfo") == {"level": 20, "isCharging": True}


def test_wifi_and_network_type(ddemu: Emulator, page: Page) -> None:
    """Wi-Fi status and access point follow the device; so does getNetworkType."""
    ddemu.device.wifi.ssid = "Office-5G"
    assert run(page, "getWifiStatus") == {"status": 1}
    assert run(page, "device.base.getInterface") == {
        "ssid": "Office-5G",
        "macIp": ddemu.device.wifi.bssid,
    }
    assert run(page, "getNetworkType") == {"netWorkAvailable": True, "netWorkType": "wifi"}
    ddemu.device.network = "4g"
    assert run(page, "getNetworkType") == {"netWorkAvailable": True, "netWorkType": "4g"}
    assert run(page, "device.base.getInterface") == {"ssid": "", "macIp": ""}
    ddemu.device.wifi.enabled = False
    assert run(page, "getWifiStatus") == {"status": 0}


def test_going_offline_reaches_document_window_and_navigator(ddemu: Emulator, page: Page) -> None:
    """Offline: document and window hear it, navigator.onLine is false already; then online."""
    assert page.evaluate("navigator.onLine") is True
    ddemu.device.go_offline()
    page.wait_for_function("seen.window.length === 1")
    assert page.evaluate("navigator.onLine") is False
    ddemu.device.network = "4g"  # from none: back online
    page.wait_for_function("seen.window.length === 2")
    assert page.evaluate("seen") == {
        "ready": True,
        "window": ["offline", "online"],
        "document": ["offline", "online"],
        "onLine": [False, True],
    }
    assert run(page, "getNetworkType") == {"netWorkAvailable": True, "netWorkType": "4g"}


def test_launcher(ddemu: Emulator, page: Page) -> None:
    """checkInstalledApps and launchApp follow device.installed_apps; launches are recorded."""
    ddemu.device.installed_apps = {"com.example.crm"}
    asked = {"apps": ["com.example.crm", "com.tencent.mm"]}
    assert run(page, "device.launcher.checkInstalledApps", asked) == {
        "installed": ["com.example.crm"]
    }
    assert run(page, "device.launcher.launchApp", {"app": "com.example.crm"}) == {"result": True}
    assert run(page, "device.launcher.launchApp", {"app": "com.tencent.mm"}) == {"result": False}
    assert ddemu.device.launcher.launched == ["com.example.crm"]


def test_recorded_services(ddemu: Emulator, page: Page) -> None:
    """vibrate, clipboard, phone calls and share are recorded on the device."""
    run(page, "vibrate", {"duration": 500})
    run(page, "vibrate")
    run(page, "setClipboard", {"text": "订单 42"})
    run(page, "callUsers", {"users": ["manager"], "corpId": ddemu.device.corp_id})
    run(page, "showCallMenu", {"phoneNumber": "13800000000", "code": "+86"})
    run(page, "biz.util.share", {"type": 0, "url": "https://e.test/", "title": "Q3"})
    device = ddemu.device
    assert [v.duration for v in device.vibrations] == [500.0, 300.0]
    assert device.clipboard.text == "订单 42"
    assert [(c.method, c.users, c.phone_number) for c in device.phone_calls] == [
        ("call", ("manager",), ""),
        ("showCallMenu", (), "13800000000"),
    ]
    assert (device.shares[0].url, device.shares[0].title) == ("https://e.test/", "Q3")


def test_open_link_opens_a_new_page(ddemu: Emulator, page: Page) -> None:
    """openLink answers, opens the link in a new page and leaves the app's page as it was."""
    url = ddemu.url + "other.html"
    with page.expect_popup() as popup_info:
        assert run(page, "openLink", {"url": url}) == {}
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url == url and popup.title() == "other"
    assert page.title() == "device"
    assert [o.url for o in ddemu.device.opened_links] == [url]


def test_storage_round_trip_and_on_disk(ddemu: Emulator, page: Page) -> None:
    """setStorage/getStorage round-trip, Python sees it, it is on disk and outlives a reload."""
    draft = json.dumps({"title": "周报"}, ensure_ascii=False)
    run(page, "setStorage", {"key": "draft", "data": draft})
    assert json.loads(run(page, "getStorage", {"key": "draft"})["value"]) == {"title": "周报"}
    assert ddemu.device.storage.get("draft") == draft
    ddemu.device.storage.set("token", "from-python")
    page.reload()
    ready(page)
    assert run(page, "getStorage", {"key": "token"}) == {"value": "from-python"}
    assert run(page, "util.domainStorage.getStorageInfo")["keys"] == ["draft", "token"]
    run(page, "removeStorage", {"key": "draft"})
    assert run(page, "getStorage", {"key": "draft"}) == {"value": ""}
    assert ddemu.device.data_dir is not None
    saved = ddemu.device.data_dir / "storage" / "127.0.0.1.json"
    assert json.loads(saved.read_text("utf-8")) == {"token": "from-python"}


def test_screen(ddemu: Emulator, page: Page) -> None:
    """Brightness and keep-on set by the page land on the device, and back."""
    run(page, "setScreenBrightness", {"brightness": 0.8})
    assert ddemu.device.screen.brightness == 0.8
    ddemu.device.screen.brightness = 0.3
    assert run(page, "getScreenBrightness") == {"brightness": 0.3}
    run(page, "setKeepScreenOn", {"isKeep": True})
    assert ddemu.device.screen.keep_on is True


def test_wrong_params_fail_with_code_3_naming_the_param(ddemu: Emulator, page: Page) -> None:
    """Out-of-range or missing params answer "3" with the param's name; nothing changes."""
    error = error_of(page, "setScreenBrightness", {"brightness": 2})
    assert error["errorCode"] == "3" and "'brightness' must be from 0 to 1" in error["errorMessage"]
    error = error_of(page, "device.launcher.launchApp", {})
    assert error["errorCode"] == "3" and "'app' is required" in error["errorMessage"]
    error = error_of(page, "biz.util.share", {"type": 9})
    assert error["errorCode"] == "3" and "'type' must be one of 0, 1, 2" in error["errorMessage"]
    error = error_of(page, "vibrate", {"duration": -1})
    assert error["errorCode"] == "3" and "'duration'" in error["errorMessage"]
    assert ddemu.device.screen.brightness == 0.5
    assert ddemu.device.shares == [] and ddemu.device.vibrations == []
    ddemu.calls.clear()  # the refused calls are expected


def test_language_reaches_new_pages(ddemu: Emulator, ddemu_browser: Any) -> None:
    """device.language set before a page opens is in its UA and navigator.language."""
    ddemu.device.language = "en_US"
    context = ddemu_browser.new_context(**ddemu.context_options())
    try:
        context.add_init_script(ddemu.shim())
        page = context.new_page()
        page.goto(ddemu.launch_url)
        ready(page)
        assert page.evaluate("navigator.language") == "en-US"
        assert "language/en-US" in page.evaluate("navigator.userAgent")
        assert run(page, "getSystemInfo")["model"] == ddemu.device.profile.model
    finally:
        context.close()

"""The built-in sample app, with the real dingtalk-jsapi, in headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from emulator import Emulator

# The hello app is a phone app; on PC most of its calls are not registered
# (tests/e2e/test_personas.py covers PC).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("ddemu_persona", ["ios", "android", "harmony"]),
]


def test_ready_fires_and_page_shows_the_device(ddemu: Emulator, ddemu_page: Page) -> None:
    """dd.ready fires and the page shows the device's env, model, OS, network and user's code."""
    profile = ddemu.device.profile
    expect(ddemu_page.locator("#ready")).to_have_text("ready")
    expect(ddemu_page.locator("#platform")).to_have_text(profile.persona)
    expect(ddemu_page.locator("#model")).to_have_text(f"{profile.brand} {profile.model}")
    expect(ddemu_page.locator("#os")).to_have_text(profile.os_version)
    expect(ddemu_page.locator("#network")).to_have_text("wifi")
    code = ddemu.calls.wait_for("runtime.permission.requestAuthCode").result["code"]
    expect(ddemu_page.locator("#auth-code")).to_have_text(code)
    assert ddemu.device.auth_codes == [code]
    redeemed = ddemu.platform.auth_codes.redeem(code, ddemu.device.corp_id)
    assert redeemed is not None and redeemed.userid == ddemu.device.user.userid
    assert ddemu.device.navigation.title == "Hello ddemu"


def test_location_set_from_python_shows_in_page(ddemu: Emulator, ddemu_page: Page) -> None:
    """A location set from Python is what the page shows after it asks again."""
    expect(ddemu_page.locator("#ready")).to_have_text("ready")
    ddemu.device.location.set(31.230416, 121.473701, accuracy=8, address="上海市黄浦区人民大道")
    ddemu_page.click("#locate")
    expect(ddemu_page.locator("#location")).to_have_text("31.230416, 121.473701")
    expect(ddemu_page.locator("#accuracy")).to_have_text("8 m")
    expect(ddemu_page.locator("#address")).to_have_text("上海市黄浦区人民大道")


def test_queued_scan_comes_back(ddemu: Emulator, ddemu_page: Page) -> None:
    """A text queued on the device is the scan result, and the page's toast is recorded."""
    ddemu.device.scan.queue("https://example.com/asset/42")
    ddemu_page.click("#scan")
    expect(ddemu_page.locator("#scan-result")).to_have_text("https://example.com/asset/42")
    call = ddemu.calls.wait_for("device.notification.toast")
    assert call.params["text"] == "Scanned"
    assert [t.text for t in ddemu.device.toasts] == ["Scanned"]
    # iOS and Android rewrite 'qr' (to 'all', the flat API's paramsDeal);
    # Harmony has no paramsDeal and sends it as the page gave it.
    sent = ddemu.calls.of("biz.util.scan")[0].params["type"]
    if ddemu.device.persona == "harmony":
        assert sent == "qr"
    else:
        assert sent in {"qrCode", "all"}


def test_scan_with_nothing_queued_is_cancelled(ddemu: Emulator, ddemu_page: Page) -> None:
    """With an empty scan queue the scanner is cancelled ("-1"), never left hanging."""
    expect(ddemu_page.locator("#ready")).to_have_text("ready")
    ddemu_page.click("#scan")
    expect(ddemu_page.locator("#scan-result")).to_have_text("cancelled")
    assert ddemu.calls.of("biz.util.scan")[0].error == {
        "errorCode": "-1",
        "errorMessage": "scan cancelled: nothing was queued to scan",
    }


def test_errors_are_answered_and_the_next_call_works(ddemu: Emulator, ddemu_page: Page) -> None:
    """Unknown method and wrong param types fail in the container's shape; calls go on."""
    expect(ddemu_page.locator("#ready")).to_have_text("ready")
    unknown = ddemu_page.evaluate(
        "dd._invoke('device.teleport.go', {}).then(r => ({ok: r}), e => e)"
    )
    assert unknown == {
        "errorCode": "1",
        "errorMessage": "device.teleport.go does not exist in this container",
    }
    wrong = ddemu_page.evaluate(
        "dd.device.geolocation.get({coordinate: 'gcj'}).then(r => ({ok: r}), e => e)"
    )
    assert wrong["errorCode"] == "3"
    assert "'coordinate'" in wrong["errorMessage"]
    info = ddemu_page.evaluate("dd.device.base.getPhoneInfo({})")
    assert info["model"] == ddemu.device.profile.model


def test_malformed_frames_get_answers_and_the_session_lives_on(
    ddemu: Emulator, ddemu_page: Page
) -> None:
    """A page sending garbage on the bridge gets error answers and can still call."""
    expect(ddemu_page.locator("#ready")).to_have_text("ready")
    answers = ddemu_page.evaluate(
        """() => new Promise((resolve, reject) => {
            const ws = new WebSocket(window.__ddemu.config.bridgeUrl);
            const got = [];
            ws.onmessage = (e) => {
                got.push(JSON.parse(e.data));
                if (got.length === 4) { ws.close(); resolve(got); }
            };
            ws.onerror = () => reject(new Error("websocket failed"));
            ws.onopen = () => {
                ws.send("{not json");
                ws.send(JSON.stringify({method: "device.base.getPhoneInfo"}));
                ws.send(JSON.stringify({id: 5, method: "device.base.getPhoneInfo", params: [1]}));
                ws.send(JSON.stringify({id: 6, method: "device.base.getPhoneInfo"}));
            };
            setTimeout(() => reject(new Error("no answers: " + JSON.stringify(got))), 5000);
        })"""
    )
    assert [a["id"] for a in answers] == [None, None, 5, 6]
    assert all(a["error"]["errorCode"] == "3" for a in answers[:3])
    assert "malformed JSON" in answers[0]["error"]["errorMessage"]
    assert "missing id" in answers[1]["error"]["errorMessage"]
    assert answers[3]["result"]["model"] == ddemu.device.profile.model

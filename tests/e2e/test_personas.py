"""The real dingtalk-jsapi under every persona, in headless Chromium.

The page loads the library's IIFE bundle (``sample_apps/hello/dist/dd.js``,
global ``dd``) and nothing else: whatever it sees of the client comes from the
persona's user agent, its bridge global, or on PC the host shell's iframe.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Frame, Page

from bridge.sessions import Session
from emulator import Emulator
from emulator.profiles import PERSONAS
from tests.e2e.pages import bundled_app, ready, ready_frame

pytestmark = pytest.mark.browser

every_persona = pytest.mark.parametrize("ddemu_persona", PERSONAS)
pc_only = pytest.mark.parametrize("ddemu_persona", ["pc"])


PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>personas</title>
<script src="/dd.js"></script>
<script>
  window.seen = { ready: false, resumes: [], errors: [] };
  dd.on("resume", function (e) {
    // A DOM Event on the phones, the pushed body on PC.
    seen.resumes.push(e instanceof Event ? { dom: e.type, detail: e.detail } : { body: e });
  });
  dd.error(function (e) { seen.errors.push(e); });
  dd.ready(function () { seen.ready = true; });
</script>
</head>
<body><p>personas</p></body>
</html>
"""

#: The bridge global each persona's client defines in the app's page.
GLOBALS = {
    "ios": "WebViewJavascriptBridge",
    "android": "nuva",
    "harmony": "DingTalkJSBridge",
    "pc": None,
}


#: A folder with the library's bundle and :data:`PAGE`, served instead of the sample app.
ddemu_app = bundled_app("personas", PAGE)
#: The app's frame, once dd.ready has fired in it.
app = ready_frame()


def session_of(ddemu: Emulator, method: str) -> Session:
    """The bridge session that called ``method``."""
    call = ddemu.calls.wait_for(method)
    return next(s for s in ddemu.sessions if s.id == call.session)


@every_persona
def test_env_is_the_persona(ddemu: Emulator, ddemu_persona: str, app: Frame) -> None:
    """dd.env names the persona and the profile's DingTalk version; dd.ready fired."""
    env = app.evaluate("dd.env")
    assert env["platform"] == ddemu_persona
    assert env["version"] == ddemu.device.profile.dingtalk_version
    assert env["appType"] == "WEB"
    assert app.evaluate("dd.other") is False
    assert app.evaluate(f"dd.{ddemu_persona}") is True
    if ddemu_persona == "pc":
        assert env["platformSub"] == "win"
        assert env["language"] == "zh_CN"  # from the iframe's window.name


@every_persona
def test_only_the_persona_bridge_global(ddemu_persona: str, app: Frame) -> None:
    """The app's page holds its persona's bridge global and no other (none on PC)."""
    defined = app.evaluate(
        "names => names.filter(n => typeof window[n] !== 'undefined')",
        [name for name in GLOBALS.values() if name],
    )
    expected = GLOBALS[ddemu_persona]
    assert defined == ([expected] if expected else [])


@every_persona
def test_call_is_answered(ddemu: Emulator, ddemu_persona: str, app: Frame) -> None:
    """A call the persona has reaches the device and its answer resolves the promise."""
    app.evaluate("dd.biz.navigation.setTitle({title: 'On ' + dd.env.platform})")
    assert ddemu.device.navigation.title == f"On {ddemu_persona}"
    if ddemu_persona == "pc":
        uuid = app.evaluate("dd.device.base.getUUID({})")
        assert uuid == {"uuid": ddemu.device.uuid}
    else:
        info = app.evaluate("dd.device.base.getPhoneInfo({})")
        assert info["model"] == ddemu.device.profile.model
        assert info["brand"] == ddemu.device.profile.brand


@every_persona
def test_unknown_method_fails_in_the_platform_envelope(ddemu: Emulator, app: Frame) -> None:
    """dd._invoke of a method no client has rejects with errorCode "1", never hangs."""
    error = app.evaluate("dd._invoke('device.teleport.go', {}).then(r => ({ok: r}), e => e)")
    assert error["errorCode"] == "1"
    assert "device.teleport.go" in error["errorMessage"]
    assert ddemu.calls.of("device.teleport.go")[0].error == error


@every_persona
def test_config_reaches_python(ddemu: Emulator, ddemu_persona: str, app: Frame) -> None:
    """dd.config goes out as the platform's auth call; on PC as `config` with the page URL."""
    app.evaluate(
        """corpId => dd.config({agentId: '1', corpId, timeStamp: 1700000000, nonceStr: 'n',
                               signature: 's', jsApiList: ['biz.navigation.setTitle']})""",
        ddemu.device.corp_id,
    )
    method = "config" if ddemu_persona == "pc" else "runtime.permission.requestJsApis"
    params = ddemu.calls.wait_for(method).params
    assert params["corpId"] == ddemu.device.corp_id
    assert params["jsApiList"] == ["biz.navigation.setTitle"]
    if ddemu_persona == "pc":
        assert params["url"] == app.url.split("#")[0]


@every_persona
def test_event_from_python_reaches_dd_on(ddemu: Emulator, ddemu_persona: str, app: Frame) -> None:
    """session.send_event("resume") reaches dd.on('resume'): a DOM event, or on PC its body."""
    # A round trip first: on PC the app's event channel (its first dd.on) was
    # posted before this call, so the shell has it by the time the call returns.
    app.evaluate("dd.biz.navigation.setTitle({title: 'events'})")
    session = session_of(ddemu, "biz.navigation.setTitle")
    session.send_event("resume", {"from": "python"})
    app.wait_for_function("seen.resumes.length > 0", timeout=5_000)
    resumes: list[dict[str, Any]] = app.evaluate("seen.resumes")
    if ddemu_persona == "pc":
        assert resumes == [{"body": {"from": "python"}}]
    else:
        assert resumes == [{"dom": "resume", "detail": {"from": "python"}}]


@every_persona
def test_one_session_per_page(
    ddemu: Emulator, ddemu_persona: str, ddemu_page: Page, app: Frame
) -> None:
    """The page's bridge session is the launched page's; on PC the shell's, not the iframe's."""
    app.evaluate("dd.biz.navigation.setTitle({title: 'sessions'})")
    session = session_of(ddemu, "biz.navigation.setTitle")
    assert session.hello["persona"] == ddemu_persona
    assert session.hello["url"] == ddemu_page.url == ddemu.launch_url
    assert session.hello["userAgent"] == ddemu.device.profile.user_agent
    if ddemu_persona == "pc":
        assert app is not ddemu_page.main_frame
        assert app.evaluate("window.__ddemu.isOpen()") is False
        assert not [s for s in ddemu.sessions if s.hello.get("url") == app.url]


@pc_only
def test_pc_method_not_on_the_platform_rejects_locally(app: Frame) -> None:
    """A method the library has not registered for PC rejects in the page (4050/4060)."""
    error = app.evaluate("dd.device.base.getPhoneInfo({}).then(r => ({ok: r}), e => e)")
    assert str(error["errorCode"]) in {"4050", "4060"}


@pc_only
def test_pc_app_navigating_in_its_frame_stays_in_the_client(ddemu: Emulator, app: Frame) -> None:
    """The iframe's window.name outlives a navigation: the next page is on PC too."""
    app.evaluate("location.href = '/index.html?page=2'")
    app.wait_for_url("**/index.html?page=2")
    ready(app)
    assert app.evaluate("dd.env.platform") == "pc"
    assert app.evaluate("dd.device.base.getUUID({})") == {"uuid": ddemu.device.uuid}
    # The new page's dd.on subscribes again; events reach it, not the old page.
    session = session_of(ddemu, "device.base.getUUID")
    session.send_event("resume", {"page": 2})
    app.wait_for_function("seen.resumes.length > 0", timeout=5_000)
    assert app.evaluate("seen.resumes") == [{"body": {"page": 2}}]


@pytest.mark.parametrize("ddemu_device_profile", ["macos-14"])
def test_macos_client_is_pc_on_mac(ddemu: Emulator, app: Frame) -> None:
    """The macOS client's user agent makes the library's platformSub "mac"."""
    assert ddemu.device.persona == "pc"
    env = app.evaluate("dd.env")
    assert (env["platform"], env["platformSub"]) == ("pc", "mac")


@pytest.mark.parametrize("ddemu_device_profile", ["huawei-p40-pro"])
def test_older_client_answers_newer_methods_with_not_exist(ddemu: Emulator, app: Frame) -> None:
    """On DingTalk 7.0.10 a method from 8.2.15 is answered "1" by the container."""
    env = app.evaluate("dd.env")
    assert (env["platform"], env["version"]) == ("android", "7.0.10")
    error = app.evaluate("dd.biz.user.get({}).then(r => ({ok: r}), e => e)")
    assert error["errorCode"] == "1"
    assert "8.2.15" in error["errorMessage"]
    assert app.evaluate("dd.checkJsApi({jsApiList: ['biz.user.get']})") == {"biz.user.get": False}

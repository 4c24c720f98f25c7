"""Tests of jsapi.pageauth: per-page dd.config state and the methods that need it."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

import pytest

from bridge.errors import ConfigRejected, PermissionDenied
from bridge.sessions import Session
from emulator.device import Device
from emulator.platform import Platform
from emulator.profiles import default_profile
from jsapi.builtin import default_registry
from jsapi.catalog import load_catalog
from jsapi.context import Context
from jsapi.pageauth import ConfigState, PageAuth, VerifiedConfig, page_auth

URL = "https://h5.example.com/app/"
PICKER = "biz.contact.complexPicker"  # needs dd.config
TOAST = "device.notification.toast"  # does not


def verified(*methods: str) -> VerifiedConfig:
    return VerifiedConfig("ding1", "3001", "key", methods, URL, "sha256")


def make_session(device: Device, url: str = URL) -> Session:
    session = Session(lambda message: None)
    session.hello = {"url": url}
    session.attached = device
    return session


def call(name: str, device: Device, platform: Platform, session: Session | None) -> Any:
    params: dict[str, Any] = {"text": "hi"} if name == TOAST else {}
    return default_registry().call(name, params, Context(device, platform, session, name))


def configured(session: Session, outcome: VerifiedConfig | ConfigRejected) -> PageAuth:
    page = page_auth(session)
    page.settle(page.begin(), outcome)
    return page


def test_page_auth_is_created_once_with_the_entry_url(device: Device) -> None:
    """A session's page state is made on first use, entered at the hello's URL."""
    session = make_session(device)
    page = page_auth(session)
    assert page is page_auth(session)
    assert session.page is page
    assert (page.state, page.entry_url, page.current_url) == (ConfigState.NONE, URL, None)
    assert page.url("current") == page.url("entry") == URL
    page.current_url = URL + "orders"
    assert (page.url("current"), page.url("entry")) == (URL + "orders", URL)


def test_state_follows_the_latest_attempt() -> None:
    """An attempt overtaken by a newer dd.config does not change the state when it lands."""
    page = PageAuth(URL)
    first = page.begin()
    second = page.begin()
    page.settle(first, verified(PICKER))
    assert page.state is ConfigState.PENDING
    page.settle(second, ConfigRejected("no", code="52013"))
    assert page.state is ConfigState.FAILED
    assert page.js_api_list is None
    page.settle(page.begin(), verified(PICKER))
    assert (page.state, page.js_api_list, page.error) == (ConfigState.READY, (PICKER,), None)


def test_without_config_auth_methods_pass_with_one_warning(
    device: Device, platform: Platform, caplog: pytest.LogCaptureFixture
) -> None:
    """No dd.config: a method that needs it still answers, and the page is warned once."""
    session = make_session(device)
    with caplog.at_level(logging.WARNING, logger="ddemu.jsapi"):
        call(PICKER, device, platform, session)
        call(PICKER, device, platform, session)
        call(TOAST, device, platform, session)
    assert len(device.warnings) == 1
    assert device.warnings[0].startswith(f"{PICKER} needs dd.config (需要鉴权)")
    assert [r.getMessage() for r in caplog.records] == device.warnings
    call(PICKER, device, platform, make_session(device))  # another page is warned again
    assert len(device.warnings) == 2


def test_listed_methods_pass_others_answer_7(device: Device, platform: Platform) -> None:
    """After a verified config, an auth method outside its jsApiList answers "7"."""
    session = make_session(device)
    configured(session, verified("device.geolocation.get"))
    assert call("device.geolocation.get", device, platform, session)["latitude"]
    with pytest.raises(PermissionDenied) as info:
        call(PICKER, device, platform, session)
    assert info.value.code == "7"
    assert "not in the jsApiList" in info.value.message
    assert "which lists device.geolocation.get" in info.value.message
    assert device.warnings == []


def test_methods_without_auth_never_ask(device: Device, platform: Platform) -> None:
    """requestAuthCode, notifications and navigation pass whatever the config lists."""
    session = make_session(device)
    configured(session, verified())
    call(TOAST, device, platform, session)
    call("biz.navigation.setTitle", device, platform, session)
    code = default_registry().call(
        "runtime.permission.requestAuthCode",
        {"corpId": device.corp_id},
        Context(device, platform, session, "runtime.permission.requestAuthCode"),
    )
    assert code["code"]


def test_failed_config_refuses_auth_methods(device: Device, platform: Platform) -> None:
    """After dd.error, methods that need the config answer "7" naming the refusal."""
    session = make_session(device)
    configured(session, ConfigRejected("签名校验失败: ...", code="52013"))
    with pytest.raises(PermissionDenied, match=r"dd.config failed \(52013: 签名校验失败"):
        call(PICKER, device, platform, session)


def test_pending_config_refuses_auth_methods(device: Device, platform: Platform) -> None:
    """While the config is being verified, methods that need it answer "7" (the library retries)."""
    session = make_session(device)
    page_auth(session).begin()
    with pytest.raises(PermissionDenied, match="still being verified"):
        call(PICKER, device, platform, session)
    call(TOAST, device, platform, session)


def test_pending_config_holds_calls_on_harmony(platform: Platform) -> None:
    """Harmony's library does not retry "7": there a call waits for the config's verdict."""
    harmony = Device("harmony", default_profile("harmony"), platform)
    session = make_session(harmony)
    page = page_auth(session)
    attempt = page.begin()
    listed = call(PICKER, harmony, platform, session)
    unlisted = call("device.base.getUUID", harmony, platform, session)
    assert isinstance(listed, Future) and isinstance(unlisted, Future)
    assert not listed.done() and not unlisted.done()
    page.settle(attempt, verified(PICKER))
    assert listed.result(timeout=1)["users"] == []  # the picker's default policy: nobody
    with pytest.raises(PermissionDenied, match="not in the jsApiList"):
        unlisted.result(timeout=1)


def test_held_call_cancelled_by_its_timeout(platform: Platform) -> None:
    """A held call the bridge gives up on is dropped; the verdict later changes nothing."""
    harmony = Device("harmony", default_profile("harmony"), platform)
    session = make_session(harmony)
    page = page_auth(session)
    attempt = page.begin()
    held = call(PICKER, harmony, platform, session)
    assert held.cancel()
    page.settle(attempt, verified(PICKER))
    assert held.cancelled()


def test_pages_do_not_share_their_config(device: Device, platform: Platform) -> None:
    """One page's config allows nothing on another page of the same device."""
    configured(make_session(device), verified(PICKER))
    other = make_session(device)
    call(PICKER, device, platform, other)
    assert len(device.warnings) == 1


def test_the_auth_flag_marks_what_dingtalk_gates() -> None:
    """Pickers, DING, chat, telephone, uploads, location and the UUID need dd.config."""
    catalog = load_catalog()
    auth = {m.name for m in catalog.values() if m.auth}
    assert {n for n in catalog if n.startswith(("biz.contact.", "biz.chat.", "biz.ding."))} <= auth
    assert {n for n in catalog if n.startswith("biz.telephone.")} <= auth
    assert {
        "biz.util.uploadImage",
        "device.geolocation.get",
        "device.base.getUUID",
        "biz.customContact.choose",
    } <= auth
    never = {
        "runtime.permission.requestAuthCode",
        "runtime.permission.requestJsApis",
        "config",
        "biz.navigation.setTitle",
        "device.notification.toast",
        "device.base.getPhoneInfo",
    }
    assert not never & auth

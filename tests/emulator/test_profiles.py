"""Tests of emulator.profiles: the phones and desktops ddemu can be, as dingtalk-jsapi sees them."""

from __future__ import annotations

import re

import pytest

from bridge.errors import ConfigError
from emulator.profiles import (
    DEFAULT_DINGTALK_VERSION,
    PERSONAS,
    PROFILES,
    DeviceProfile,
    default_profile,
    get_profile,
)

# The detection of dingtalk-jsapi 3.x (lib/env.js, getENV).
IS_IOS = re.compile(r"iPhone|iPad|iPod|iOS", re.IGNORECASE)
IS_ANDROID = re.compile(r"Android", re.IGNORECASE)
IS_DINGTALK = re.compile(r"DingTalk", re.IGNORECASE)
IS_OPENHARMONY = re.compile(r"OpenHarmony", re.IGNORECASE)
IS_ARKWEB = re.compile(r"ArkWeb", re.IGNORECASE)
IS_TAURUS = re.compile(r"TaurusApp")  # the dedicated-DingTalk (gdt) build
IS_MINI_APP_WEBVIEW = re.compile(r"dd-web", re.IGNORECASE)
VERSION = re.compile(r"AliApp\(\w+/([a-zA-Z0-9.-]+)\)")
PC_VERSION = re.compile(r"DingTalk\(([a-zA-Z0-9\.-]+)\)")
PLAIN_VERSION = re.compile(r"\d+\.\d+\.\d+")


def detect(ua: str) -> str:
    """The platform dingtalk-jsapi picks from a user agent alone (no window.name)."""
    ios, android = IS_IOS.search(ua), IS_ANDROID.search(ua)
    harmony = IS_OPENHARMONY.search(ua) and IS_ARKWEB.search(ua)
    dingtalk = IS_DINGTALK.search(ua)
    if ios and dingtalk:
        return "ios"
    if android and dingtalk and not harmony:
        return "android"
    if harmony and dingtalk:
        return "harmony"
    return "notInDingTalk"


def version(ua: str) -> str | None:
    """The client version the library reads from a user agent."""
    match = VERSION.search(ua) or re.search(r"DingTalk/([a-zA-Z0-9.-]+)", ua)
    return match.group(1) if match else None


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_user_agent_detected_as_the_persona(name: str) -> None:
    """Each phone's UA makes dingtalk-jsapi pick its persona; a desktop UA alone picks none."""
    profile = get_profile(name)
    ua = profile.user_agent
    expected = profile.persona if profile.persona != "pc" else "notInDingTalk"
    assert detect(ua) == expected
    assert not IS_TAURUS.search(ua) and not IS_MINI_APP_WEBVIEW.search(ua)


def test_ios_user_agent_detected() -> None:
    """The iOS UA makes dingtalk-jsapi pick the iOS DingTalk client."""
    ua = default_profile("ios").user_agent
    assert IS_IOS.search(ua) and IS_DINGTALK.search(ua)
    assert not IS_OPENHARMONY.search(ua) and not IS_TAURUS.search(ua)


def test_android_user_agent_detected() -> None:
    """The Android UA makes dingtalk-jsapi pick Android, not iOS."""
    ua = default_profile("android").user_agent
    assert IS_ANDROID.search(ua) and IS_DINGTALK.search(ua)
    assert not IS_IOS.search(ua)
    assert not IS_OPENHARMONY.search(ua) and not IS_TAURUS.search(ua)


def test_harmony_user_agent_detected() -> None:
    """The HarmonyOS NEXT UA has OpenHarmony, ArkWeb/ and AliApp(DingTalk/…), no iOS or Android."""
    ua = default_profile("harmony").user_agent
    assert "OpenHarmony" in ua and "ArkWeb/" in ua
    assert "AliApp(DingTalk/8.3.15)" in ua
    assert not IS_IOS.search(ua) and not IS_ANDROID.search(ua)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_version_in_user_agent(name: str) -> None:
    """The client version reads back from the UA as dingtalk-jsapi reads it, in plain x.y.z."""
    profile = get_profile(name)
    assert PLAIN_VERSION.fullmatch(profile.dingtalk_version)
    if profile.persona == "pc":
        match = PC_VERSION.search(profile.user_agent)
        assert match is not None and match.group(1) == profile.dingtalk_version
    else:
        assert f"AliApp(DingTalk/{profile.dingtalk_version})" in profile.user_agent
        assert version(profile.user_agent) == profile.dingtalk_version


@pytest.mark.parametrize("persona", PERSONAS)
def test_default_profiles_have_every_api(persona: str) -> None:
    """The usual profile of each persona runs the version every API needs (8.3.15)."""
    assert default_profile(persona).dingtalk_version == DEFAULT_DINGTALK_VERSION == "8.3.15"


def test_an_older_client_for_version_gating() -> None:
    """One profile runs an older client, so version gating can be exercised."""
    old = get_profile("huawei-p40-pro")
    assert (old.persona, old.dingtalk_version) == ("android", "7.0.10")


def test_real_models_per_persona() -> None:
    """iPhones, Android phones of two brands, a Harmony phone, Windows and macOS clients."""
    by_persona: dict[str, list[DeviceProfile]] = {p: [] for p in PERSONAS}
    for profile in PROFILES.values():
        by_persona[profile.persona].append(profile)
    assert len(by_persona["ios"]) >= 2
    assert len({p.brand for p in by_persona["android"]}) >= 2
    assert by_persona["harmony"]
    pc_uas = [p.user_agent for p in by_persona["pc"]]
    assert any("Windows NT" in ua for ua in pc_uas)
    assert any("Macintosh; Intel Mac OS" in ua for ua in pc_uas)


def test_pc_profiles_are_desktops() -> None:
    """A PC client is a desktop window, not a phone: no Mobile in the UA, a wide viewport."""
    for profile in PROFILES.values():
        assert profile.is_mobile == (profile.persona != "pc")
        if profile.persona == "pc":
            assert "Mobile" not in profile.user_agent
            assert profile.viewport == {"width": 1280, "height": 800}
        else:
            assert profile.width < profile.height


def test_existing_profile_names_kept() -> None:
    """The first profiles' names still work."""
    assert get_profile("iphone-15-pro").persona == "ios"
    assert get_profile("pixel-7").persona == "android"


def test_language_in_user_agent() -> None:
    """The UA carries the client language, in each OS's own spelling."""
    assert "language/zh-Hans-CN" in default_profile("ios").user_agent
    assert "language/zh-CN" in default_profile("android").user_agent
    assert "language/zh-CN" in default_profile("harmony").user_agent


@pytest.mark.parametrize("persona", PERSONAS)
def test_default_profile_of_persona(persona: str) -> None:
    """Each persona has a usual profile of that persona."""
    assert default_profile(persona).persona == persona


def test_unknown_profile() -> None:
    """An unknown profile name fails, naming the known ones."""
    with pytest.raises(ConfigError, match="'galaxy'") as info:
        get_profile("galaxy")
    for name in PROFILES:
        assert name in str(info.value)


def test_unknown_persona() -> None:
    """An unknown persona fails, naming the known ones."""
    with pytest.raises(ConfigError, match="'symbian'") as info:
        default_profile("symbian")
    for persona in PERSONAS:
        assert persona in str(info.value)


def test_screen_and_viewport() -> None:
    """The viewport is in CSS pixels, the screen in whole device pixels."""
    iphone = get_profile("iphone-15-pro")
    assert iphone.viewport == {"width": 393, "height": 852}
    assert iphone.screen_pixels == (1179, 2556)
    width, height = get_profile("pixel-7").screen_pixels
    assert isinstance(width, int) and isinstance(height, int)

"""Tests of emulator.profiles: the phones ddemu can be, as dingtalk-jsapi sees them."""

from __future__ import annotations

import re

import pytest

from bridge.errors import ConfigError
from emulator.profiles import PERSONAS, PROFILES, default_profile, get_profile

# The detection of dingtalk-jsapi 3.x (lib/env.js, getENV).
IS_IOS = re.compile(r"iPhone|iPad|iPod|iOS", re.IGNORECASE)
IS_ANDROID = re.compile(r"Android", re.IGNORECASE)
IS_DINGTALK = re.compile(r"DingTalk", re.IGNORECASE)
IS_HARMONY = re.compile(r"OpenHarmony", re.IGNORECASE)
IS_TAURUS = re.compile(r"TaurusApp")  # the dedicated-DingTalk (gdt) build
VERSION = re.compile(r"AliApp\(\w+/([a-zA-Z0-9.-]+)\)")


def test_ios_user_agent_detected() -> None:
    """The iOS UA makes dingtalk-jsapi pick the iOS DingTalk client."""
    ua = default_profile("ios").user_agent
    assert IS_IOS.search(ua) and IS_DINGTALK.search(ua)
    assert not IS_HARMONY.search(ua) and not IS_TAURUS.search(ua)


def test_android_user_agent_detected() -> None:
    """The Android UA makes dingtalk-jsapi pick Android, not iOS."""
    ua = default_profile("android").user_agent
    assert IS_ANDROID.search(ua) and IS_DINGTALK.search(ua)
    assert not IS_IOS.search(ua)
    assert not IS_HARMONY.search(ua) and not IS_TAURUS.search(ua)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_version_in_user_agent(name: str) -> None:
    """The client version reads back from the UA as dingtalk-jsapi reads it."""
    profile = get_profile(name)
    assert f"AliApp(DingTalk/{profile.dingtalk_version})" in profile.user_agent
    match = VERSION.search(profile.user_agent)
    assert match is not None and match.group(1) == profile.dingtalk_version == "8.3.15"


def test_language_in_user_agent() -> None:
    """The UA carries the client language, in each OS's own spelling."""
    assert "language/zh-Hans-CN" in default_profile("ios").user_agent
    assert "language/zh-CN" in default_profile("android").user_agent


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
    with pytest.raises(ConfigError, match="'harmony'") as info:
        default_profile("harmony")
    assert "ios" in str(info.value) and "android" in str(info.value)


def test_screen_and_viewport() -> None:
    """The viewport is in CSS pixels, the screen in whole device pixels."""
    iphone = get_profile("iphone-15-pro")
    assert iphone.viewport == {"width": 393, "height": 852}
    assert iphone.screen_pixels == (1179, 2556)
    width, height = get_profile("pixel-7").screen_pixels
    assert isinstance(width, int) and isinstance(height, int)

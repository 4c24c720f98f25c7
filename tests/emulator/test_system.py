"""Tests of emulator.system: battery, screen, Wi-Fi, launcher, clipboard, language, records."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bridge.errors import ConfigError
from emulator.device import Device
from emulator.platform import Platform
from emulator.profiles import get_profile
from emulator.system import Battery, Launcher, Screen, default_installed_apps


def test_battery_validates() -> None:
    """Level is a whole percent 0-100 and charging a bool; anything else is refused."""
    battery = Battery()
    battery.level = 20
    battery.charging = True
    assert battery.as_result() == {"level": 20, "isCharging": True}
    for wrong in (101, -1, 50.5, True, "20"):
        with pytest.raises(ConfigError, match="battery level"):
            battery.level = wrong  # type: ignore[assignment]
    with pytest.raises(ConfigError, match="charging"):
        battery.charging = 1  # type: ignore[assignment]
    assert battery.level == 20


def test_screen_brightness_range() -> None:
    """Brightness is 0 to 1."""
    screen = Screen()
    screen.brightness = 1
    assert screen.brightness == 1.0
    with pytest.raises(ConfigError, match="brightness"):
        screen.brightness = 1.2


def test_launcher_checks_and_records_launches() -> None:
    """Only installed apps launch, and only those are recorded."""
    launcher = Launcher({"weixin://"})
    assert launcher.check(["alipay://", "weixin://"]) == ["weixin://"]
    assert launcher.launch("weixin://") is True
    assert launcher.launch("alipay://") is False
    assert launcher.launched == ["weixin://"]


def test_installed_apps_per_persona(platform: Platform) -> None:
    """iPhones name apps by scheme, Android phones by package; the device's set is changeable."""
    assert "weixin://" in default_installed_apps("ios")
    assert "com.tencent.mm" in default_installed_apps("android")
    android = Device("phone", get_profile("pixel-7"), platform)
    assert "com.tencent.mm" in android.installed_apps
    android.installed_apps = ["com.example.app"]
    assert android.launcher.check(["com.example.app", "com.tencent.mm"]) == ["com.example.app"]
    with pytest.raises(ConfigError):
        android.installed_apps = "com.example.app"  # type: ignore[assignment]


def test_language_changes_profile_and_user_agent(device: Device) -> None:
    """device.language reads like dd.language and changes the UA of later pages."""
    assert device.language == "zh_CN"
    assert "language/zh-Hans-CN" in device.profile.user_agent
    device.language = "en_US"
    assert device.language == "en_US"
    assert device.profile.language == "en-US"
    assert device.profile.user_agent.endswith("language/en-US")
    assert device.persona == "ios"
    with pytest.raises(ConfigError, match="language"):
        device.language = "English please"
    assert device.language == "en_US"


def test_records_carry_the_virtual_time(device: Device, platform: Platform) -> None:
    """Vibrations, calls, links and shares are recorded with the clock's time."""
    platform.clock.freeze(1_700_000_000.0)
    device.vibrate(300)
    device.call_phone("call", {"users": ["u1", 2]})
    device.open_link("https://example.com/", enable_share=True)
    device.share({"type": 1, "url": "https://example.com/", "title": "T"})
    assert device.vibrations[0].duration == 300.0
    assert device.vibrations[0].at == 1_700_000_000.0
    assert device.phone_calls[0].users == ("u1", "2")
    assert device.opened_links[0].enable_share is True
    assert (device.shares[0].type, device.shares[0].title) == (1, "T")


def test_reference_example_runs() -> None:
    """The first example of docs/reference/device.md runs and does what it says."""
    doc = Path(__file__).parents[2] / "docs" / "reference" / "device.md"
    example = re.findall(r"```python\n(.*?)```", doc.read_text("utf-8"), re.DOTALL)[0]
    scope: dict[str, Any] = {}
    exec(compile(example, str(doc), "exec"), scope)
    device = scope["device"]
    assert device.battery.as_result() == {"level": 20, "isCharging": True}
    assert (device.network, device.language) == ("4g", "en_US")
    assert device.storage.get("token") == "abc"
    device.storage.clear()

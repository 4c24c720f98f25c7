"""Tests of jsapi.device.base: what the phone says about itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from emulator.device import Device
from emulator.platform import Platform
from emulator.profiles import get_profile
from jsapi.builtin import default_registry
from jsapi.context import Context


def test_phone_info_from_profile(call_jsapi: Callable[..., Any]) -> None:
    """getPhoneInfo reports the iPhone's brand, model, OS and screen in device pixels."""
    assert call_jsapi("device.base.getPhoneInfo") == {
        "screenWidth": 1179,
        "screenHeight": 2556,
        "brand": "Apple",
        "model": "iPhone 15 Pro",
        "version": "17.5",
        "netInfo": "wifi",
        "operatorType": "中国移动",
    }


def test_phone_info_android_pixels_are_integers(platform: Platform) -> None:
    """A fractional pixel ratio still gives whole device pixels."""
    device = Device("phone", get_profile("pixel-7"), platform)
    info = default_registry().call("device.base.getPhoneInfo", {}, Context(device, platform))
    assert (info["screenWidth"], info["screenHeight"]) == (1082, 2402)
    assert isinstance(info["screenWidth"], int)
    assert info["brand"] == "Google"


def test_phone_info_follows_network(call_jsapi: Callable[..., Any], device: Device) -> None:
    """netInfo changes when the device changes network."""
    device.network = "4g"
    assert call_jsapi("device.base.getPhoneInfo")["netInfo"] == "4g"


def test_uuid_is_stable_per_device(call_jsapi: Callable[..., Any], platform: Platform) -> None:
    """getUUID gives the same UUID for the same device, another for another device."""
    first = call_jsapi("device.base.getUUID")["uuid"]
    assert call_jsapi("device.base.getUUID")["uuid"] == first
    assert uuid.UUID(first) and first == first.upper()
    other = Device("tablet", get_profile("iphone-15-pro"), platform)
    assert other.uuid != first
    assert Device("phone", get_profile("iphone-15-pro"), platform).uuid == first


def test_interface_is_the_wifi_while_on_wifi(
    call_jsapi: Callable[..., Any], device: Device
) -> None:
    """getInterface names the access point on Wi-Fi, and nothing on 4G or with Wi-Fi off."""
    device.wifi.ssid = "Office-5G"
    device.wifi.bssid = "11:22:33:44:55:66"
    assert call_jsapi("device.base.getInterface") == {
        "ssid": "Office-5G",
        "macIp": "11:22:33:44:55:66",
    }
    device.network = "4g"
    assert call_jsapi("device.base.getInterface") == {"ssid": "", "macIp": ""}
    device.network = "wifi"
    device.wifi.enabled = False
    assert call_jsapi("device.base.getInterface") == {"ssid": "", "macIp": ""}


def test_wifi_status_follows_the_switch(call_jsapi: Callable[..., Any], device: Device) -> None:
    """getWifiStatus is 1 with Wi-Fi on, 0 with it off."""
    assert call_jsapi("device.base.getWifiStatus") == {"status": 1}
    device.wifi.enabled = False
    assert call_jsapi("device.base.getWifiStatus") == {"status": 0}


def test_battery_info(call_jsapi: Callable[..., Any], device: Device) -> None:
    """getBatteryInfo reports the level and charging state set from Python."""
    assert call_jsapi("device.base.getBatteryInfo") == {"level": 100, "isCharging": False}
    device.battery.level = 20
    device.battery.charging = True
    assert call_jsapi("device.base.getBatteryInfo") == {"level": 20, "isCharging": True}

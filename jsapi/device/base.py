"""``device.base``: what the phone says about itself."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.base")


@ns.method("getPhoneInfo")
def get_phone_info(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Brand, model, OS version, screen in device pixels, network and carrier."""
    profile = ctx.device.profile
    width, height = profile.screen_pixels
    return {
        "screenWidth": width,
        "screenHeight": height,
        "brand": profile.brand,
        "model": profile.model,
        "version": profile.os_version,
        "netInfo": ctx.device.network,
        "operatorType": profile.carrier,
    }


@ns.method("getUUID")
def get_uuid(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The device's stable identifier."""
    return {"uuid": ctx.device.uuid}


@ns.method("getInterface")
def get_interface(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The Wi-Fi access point: ``device.wifi.ssid`` and ``bssid``, empty off Wi-Fi."""
    device = ctx.device
    if device.network != "wifi" or not device.wifi.enabled:
        return {"ssid": "", "macIp": ""}
    return {"ssid": device.wifi.ssid, "macIp": device.wifi.bssid}


@ns.method("getWifiStatus")
def get_wifi_status(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Whether the Wi-Fi switch is on: ``{"status": 1}`` or ``0``."""
    return {"status": 1 if ctx.device.wifi.enabled else 0}


@ns.method("getBatteryInfo")
def get_battery_info(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The battery's level in percent and whether it is charging."""
    return ctx.device.battery.as_result()

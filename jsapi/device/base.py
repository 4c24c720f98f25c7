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

"""``device.screen`` and the keep-on switches of ``biz.util``: the screen."""

from __future__ import annotations

from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["biz_util", "ns"]

ns = Namespace("device.screen")
#: ``biz.util.setScreenKeepOn`` and ``setScreenBrightnessAndKeepOn``.
biz_util = Namespace("biz.util")


def _brightness(params: dict[str, Any], low: float) -> float:
    value = params["brightness"]
    if not low <= value <= 1:
        raise InvalidParams(f"param 'brightness' must be from {low:g} to 1, got {value!r}")
    return float(value)


@ns.method("getScreenBrightness")
def get_screen_brightness(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The brightness, 0 to 1: ``device.screen.brightness``."""
    return {"brightness": ctx.device.screen.brightness}


@ns.method("setScreenBrightness")
def set_screen_brightness(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Set ``device.screen.brightness``; ``brightness`` must be 0 to 1."""
    ctx.device.screen.brightness = _brightness(params, 0.0)
    return {}


@ns.method("isScreenReaderEnabled")
def is_screen_reader_enabled(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Whether a screen reader is on: ``device.screen.screen_reader``."""
    return {"screenReaderEnabled": ctx.device.screen.screen_reader}


@ns.method("rotateView")
def rotate_view(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Rotate the page to landscape: ``device.screen.rotated`` becomes True."""
    ctx.device.screen.rotated = True
    return {}


@ns.method("resetView")
def reset_view(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Undo ``rotateView``: ``device.screen.rotated`` becomes False."""
    ctx.device.screen.rotated = False
    return {}


@biz_util.method("setScreenKeepOn")
def set_screen_keep_on(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Keep the screen on (``isKeep``, false by default): ``device.screen.keep_on``."""
    ctx.device.screen.keep_on = bool(params.get("isKeep", False))
    return {}


@biz_util.method("setScreenBrightnessAndKeepOn")
def set_screen_brightness_and_keep_on(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Set the brightness (0.1 to 1) and whether the screen stays on."""
    ctx.device.screen.brightness = _brightness(params, 0.1)
    ctx.device.screen.keep_on = bool(params.get("isKeep", False))
    return {}

"""``biz.navigation``: the native navigation bar: title, buttons, menu and help icon.

``setRight``, ``setLeft``, ``setMenu`` and ``setIcon`` are watch calls: each is
answered ``{}`` at once, and the device then calls the page back on the same
call for every tap (``device.navigation.tap_right()`` ...). See
docs/reference/events.md.
"""

from __future__ import annotations

from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("biz.navigation")


@ns.method("setTitle")
def set_title(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Set the navigation bar's title; recorded as ``device.navigation.title``."""
    ctx.device.navigation.title = params.get("title", "")
    ctx.device.navigation.subtitle = params.get("subTitle", "")
    return {}


@ns.method("setRight")
def set_right(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Set the right button; with ``control: true`` each tap calls the page back with ``{}``."""
    ctx.device.navigation.set_right(params, page=ctx.session, call_id=ctx.call_id)
    return {}


@ns.method("setLeft")
def set_left(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Set the left button; under ``control`` (on Android also ``android``) taps call back."""
    ctx.device.navigation.set_left(params, page=ctx.session, call_id=ctx.call_id)
    return {}


@ns.method("setMenu")
def set_menu(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Set the menu at the right; each tap calls the page back with ``{id}`` of the item.

    Raises:
        InvalidParams: If an item is not an object.
    """
    for index, item in enumerate(params.get("items") or ()):
        if not isinstance(item, dict):
            raise InvalidParams(f"param 'items[{index}]' must be an object, got {item!r}")
    ctx.device.navigation.set_menu(params, page=ctx.session, call_id=ctx.call_id)
    return {}


@ns.method("setIcon")
def set_icon(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Show or hide the help icon; each tap calls the page back with ``{}``."""
    ctx.device.navigation.set_icon(params, page=ctx.session, call_id=ctx.call_id)
    return {}

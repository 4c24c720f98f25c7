"""``biz.navigation``: the native navigation bar: title, buttons, menu and help icon.

``goBack``, ``replace`` and ``close`` move the web view: the page's shim gets
the control event ``_ddemu.navigate`` and goes back, replaces the page or
closes it; the device records each (``device.navigation.actions``) and the
device shell shows a closed page as closed.

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

__all__ = ["NAVIGATE_EVENT", "ns"]

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


#: The control event that tells the page's shim to move its web view.
NAVIGATE_EVENT = "_ddemu.navigate"


def _navigate(ctx: Context, action: str, url: str = "") -> dict[str, Any]:
    ctx.device.navigation.navigate(action, url)
    ctx.device.ui.changed()
    if ctx.session is not None:
        # Sent after the answer: the bridge writes an immediate answer first.
        ctx.session.send_event(NAVIGATE_EVENT, {"action": action, "url": url})
    return {}


@ns.method("goBack")
def go_back(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Go back one page in the web view's history."""
    return _navigate(ctx, "back")


@ns.method("replace")
def replace(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Replace the page with ``url`` (relative to the page), leaving no history entry."""
    url = params["url"].strip()
    if not url:
        raise InvalidParams("param 'url' must not be empty")
    return _navigate(ctx, "replace", url)


@ns.method("close")
def close(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Close the page's window; ``device.navigation.closed`` becomes True."""
    return _navigate(ctx, "close")


@ns.method("quit")
def quit_(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Close the modal or slide panel the app runs in (PC); recorded as a close."""
    return _navigate(ctx, "close")


@ns.method("hideBar")
def hide_bar(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Hide the navigation bar (``hidden: true``, the default) or show it again."""
    hidden = params.get("hidden", True)
    if not isinstance(hidden, bool):
        raise InvalidParams(f"param 'hidden' must be a boolean, got {hidden!r}")
    ctx.device.navigation.hidden = hidden
    ctx.device.ui.changed()
    return {}

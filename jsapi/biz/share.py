"""``biz.util.openLink`` and ``biz.util.share``: recorded on the device.

``openLink`` also opens the page: the client shows the link in a new page
over the app, so ddemu's shim opens it in a new window (a Playwright popup),
leaving the app's page as it was.
"""

from __future__ import annotations

from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["OPEN_LINK_EVENT", "ns"]

ns = Namespace("biz.util")

#: The control event that tells the page's shim to open a link in a new window.
OPEN_LINK_EVENT = "_ddemu.openLink"


@ns.method("openLink")
def open_link(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Open ``url`` in a new page; recorded in ``device.opened_links``."""
    url = params["url"].strip()
    if not url:
        raise InvalidParams("param 'url' must not be empty")
    ctx.device.open_link(url, enable_share=bool(params.get("enableShare", False)))
    if ctx.session is not None:
        # Sent after the answer: the bridge writes an immediate answer first.
        ctx.session.send_event(OPEN_LINK_EVENT, {"url": url})
    return {}


@ns.method("share")
def share(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Share a link (``type``, ``url``, ``title``, ``content``, ``image``).

    Recorded in ``device.shares``; the answer is ``{}``, as after a share the
    user backed out of.
    """
    ctx.device.share(params)
    return {}

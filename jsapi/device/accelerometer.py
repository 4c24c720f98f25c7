"""``device.accelerometer``: shakes, a watch call the device calls back on ``device.shake()``."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.accelerometer")


@ns.method("watchShake")
def watch_shake(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Listen for shakes; each ``device.shake()`` calls the page back with ``{}``.

    A later ``watchShake`` replaces the earlier one. ``callbackDelay`` (ms) is
    honoured: a shake that soon after the last one is ignored.
    """
    ctx.device.watch_shake(params, page=ctx.session, call_id=ctx.call_id)
    return {}


@ns.method("clearShake")
def clear_shake(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Stop listening for shakes: later ``device.shake()`` calls nobody back."""
    ctx.device.clear_shake()
    return {}

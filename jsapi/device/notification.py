"""``device.notification``: toasts (the other dialogs arrive with the device shell)."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.notification")


@ns.method("toast")
def toast(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Show a toast; it is recorded on the device as :class:`~emulator.device.Toast`."""
    ctx.device.show_toast(
        params.get("text", ""),
        icon=params.get("icon", ""),
        duration=float(params.get("duration", 2)),
    )
    return {}

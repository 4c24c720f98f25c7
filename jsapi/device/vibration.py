"""``device.notification.vibrate``, recorded in ``device.vibrations``."""

from __future__ import annotations

from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.notification")

#: What the library sends when the page gives no duration (ms).
DEFAULT_DURATION = 300


@ns.method("vibrate")
def vibrate(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Vibrate for ``duration`` ms; recorded in ``device.vibrations``."""
    duration = params.get("duration", DEFAULT_DURATION)
    if duration < 0:
        raise InvalidParams(f"param 'duration' must be >= 0 milliseconds, got {duration!r}")
    ctx.device.vibrate(duration)
    return {}

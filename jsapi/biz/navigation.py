"""``biz.navigation``: the native navigation bar (the drawn shell arrives later)."""

from __future__ import annotations

from typing import Any

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

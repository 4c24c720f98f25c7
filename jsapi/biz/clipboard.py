"""``biz.clipboardData``: the system clipboard, ``device.clipboard``."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("biz.clipboardData")


@ns.method("setData")
def set_data(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Copy ``text``: ``device.clipboard.text``, and ``history`` keeps every copy."""
    ctx.device.clipboard.copy(params["text"])
    return {}

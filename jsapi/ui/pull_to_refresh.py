"""``ui.pullToRefresh``: pull-to-refresh, a watch call the device calls back on each pull."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("ui.pullToRefresh")


@ns.method("enable")
def enable(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Turn pull-to-refresh on; each ``device.pull_to_refresh()`` calls back with ``{}``."""
    ctx.device.enable_pull_to_refresh(page=ctx.session, call_id=ctx.call_id)
    return {}


@ns.method("disable")
def disable(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Turn pull-to-refresh off: later pulls call nobody back."""
    ctx.device.disable_pull_to_refresh()
    return {}


@ns.method("stop")
def stop(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """End the refresh: ``device.refreshing`` goes back to False."""
    ctx.device.stop_refreshing()
    return {}

"""``device.connection``: the network the phone is on."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.connection")


@ns.method("getNetworkType")
def get_network_type(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The network type as the client sends it: ``{"result": "wifi"}``.

    The JS library turns this into ``{netWorkAvailable, netWorkType}``; it fails
    the call if ``result`` is missing, so the odd shape is the faithful one.
    """
    return {"result": ctx.device.network}

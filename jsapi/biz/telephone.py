"""``biz.telephone``: phone calls, recorded in ``device.phone_calls``; nobody is rung."""

from __future__ import annotations

import json
from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("biz.telephone")


@ns.method("call")
def call(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Call ``users`` (userids of the corp); recorded as a ``PhoneCall("call", ...)``."""
    users = params["users"]
    if not all(isinstance(u, str | int) and not isinstance(u, bool) for u in users):
        got = json.dumps(users, ensure_ascii=False)
        raise InvalidParams(f"param 'users' must be an array of userids, got {got}")
    ctx.device.call_phone("call", params)
    return {}


@ns.method("showCallMenu")
def show_call_menu(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Offer to call ``phoneNumber``; recorded as a ``PhoneCall("showCallMenu", ...)``."""
    if not params["phoneNumber"].strip():
        raise InvalidParams("param 'phoneNumber' must not be empty")
    ctx.device.call_phone("showCallMenu", params)
    return {}


@ns.method("checkBizCall")
def check_biz_call(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Whether the corp has office phone: ``device.biz_call``."""
    return {"isSupport": ctx.device.biz_call}

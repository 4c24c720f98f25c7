"""``runtime.permission``: ``dd.config`` on mobile, and login-free auth codes."""

from __future__ import annotations

from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace, Param

__all__ = ["ns"]

ns = Namespace("runtime.permission")


@ns.method(
    "requestJsApis",
    params={
        "corpId": Param(str),
        "agentId": Param((str, int)),
        "timeStamp": Param((str, int)),
        "nonceStr": Param(str),
        "signature": Param(str),
        "jsApiList": Param(list),
    },
)
def request_js_apis(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """``dd.config`` on mobile: accept the page's JSAPI list (signatures are not checked yet)."""
    ctx.device.record_config(params)
    return {}


@ns.method("requestAuthCode", params={"corpId": Param(str, required=True)})
def request_auth_code(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """A fresh login-free code for the current user: single use, valid 5 minutes."""
    corp_id = params["corpId"]
    if not corp_id:
        raise InvalidParams("param 'corpId' must not be empty")
    # The person may belong to several corps, with a userid in each.
    member = ctx.platform.org.memberships(ctx.device.user.unionid).get(corp_id)
    if member is None:
        raise InvalidParams(f"corpId {corp_id!r} is not a corp of the signed-in user")
    code = ctx.platform.auth_codes.issue(corp_id, member.userid)
    ctx.device.auth_codes.append(code.code)
    return {"code": code.code}

"""``runtime.permission``: ``dd.config`` and login-free auth codes.

On iOS, Android and Harmony ``dd.config`` arrives as
``runtime.permission.requestJsApis``; the PC client sends a bare ``config``
(with the page's ``url``), registered here in :data:`pc` as the same handler.
"""

from __future__ import annotations

from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns", "pc"]

ns = Namespace("runtime.permission")
#: Methods without a namespace: the PC client's ``config``.
pc = Namespace("")


@pc.method("config")
@ns.method("requestJsApis")
def request_js_apis(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """``dd.config``: accept the page's JSAPI list (signatures are not checked yet)."""
    ctx.device.record_config(params)
    return {}


@ns.method("requestAuthCodeV2")
@ns.method("requestAuthCode")
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

"""Legacy host: the person behind a QR login's ``code`` (``/sns/getuserinfo_bycode``).

``POST /sns/getuserinfo_bycode?accessKey=APPKEY&timestamp=MS&signature=SIG``
with JSON (or form) ``{"tmp_auth_code": CODE}``. The signature is
``URLEncode(Base64(HmacSHA256(key=appSecret, msg=timestamp)))``
(``reference/dingtalk-server-api.md`` §4a): the query carries it URL-encoded,
so a ``+`` or ``/`` sent raw does not survive and the check fails, as on the
real platform. Errors (HTTP 200): 853001 timestamp not in milliseconds,
853002 timestamp more than a minute away from the platform's clock, 853003
unknown accessKey, 853004 wrong signature, 40078 unknown, used or expired code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from flask import Blueprint, Response, request

from .auth import app_by_key, platform, throttle
from .envelopes import LegacyError, legacy_ok
from .params import is_form, need_str
from .people import open_id

__all__ = ["SIGNATURE_WINDOW_MS", "bp", "sns_signature"]

bp = Blueprint("openapi_sns", __name__)

#: How far the timestamp may be from the platform's clock: one minute.
SIGNATURE_WINDOW_MS = 60_000


def sns_signature(app_secret: str, timestamp: str) -> str:
    """Base64 of HmacSHA256(appSecret, timestamp): URL-encode it for the query."""
    digest = hmac.new(app_secret.encode(), timestamp.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _ding_id(unionid: str) -> str:
    return "$:LWCP_v1:$" + base64.b64encode(hashlib.sha256(unionid.encode()).digest()[:16]).decode()


def _body() -> dict[str, Any]:
    """The JSON body (as the SDKs send it), or a form."""
    if is_form():
        return request.form.to_dict()
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise LegacyError(40035, "不合法的参数 body: not a JSON object")
    return body


@bp.route("/sns/getuserinfo_bycode", methods=["POST"])
def getuserinfo_bycode() -> Response:
    """The person who confirmed the login: nick, unionid, openid ..."""
    args = request.args
    timestamp = args.get("timestamp", "")
    if not timestamp.isdigit() or len(timestamp) < 13:
        raise LegacyError(853001, "timestamp格式不正确(须毫秒)")
    if abs(int(timestamp) - platform().clock.now_ms()) > SIGNATURE_WINDOW_MS:
        raise LegacyError(853002, "timestamp与服务器时间相差超过1分钟")
    found = app_by_key(args.get("accessKey", ""))
    if found is None:
        raise LegacyError(853003, "accessKey不合法")
    _, app = found
    expected = sns_signature(app.app_secret, timestamp)
    if not hmac.compare_digest(args.get("signature", "").encode(), expected.encode()):
        raise LegacyError(853004, "signature不正确")
    throttle(app.app_key)
    code = need_str(_body(), "tmp_auth_code")
    redeemed = platform().qr_logins.redeem_sns_code(code, app.app_key)
    if redeemed is None:
        raise LegacyError(40078, "不存在的临时授权码")
    user = platform().org.memberships(redeemed.unionid).get(redeemed.corp_id)
    if user is None:  # the org was swapped since the login
        raise LegacyError(40078, "不存在的临时授权码")
    return legacy_ok(
        user_info={
            "nick": user.name,
            "unionid": user.unionid,
            "openid": open_id(app.app_key, user.unionid),
            "main_org_auth_high_level": True,
            "dingId": _ding_id(user.unionid),
        }
    )

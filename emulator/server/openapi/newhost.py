"""New host (``api.dingtalk.com``): OAuth2 tokens and the current user.

- ``POST /v1.0/oauth2/accessToken`` ``{"appKey", "appSecret"}`` -> ``{accessToken, expireIn}``;
- ``POST /v1.0/oauth2/jsapiTickets`` (app token header) -> ``{jsapiTicket, expireIn}``;
- ``POST /v1.0/oauth2/userAccessToken`` ``{"clientId", "clientSecret", "grantType",
  "code" | "refreshToken"}`` -> ``{accessToken, refreshToken, expireIn, corpId?}``;
- ``GET /v1.0/contact/users/{unionId}`` (user token header; ``me`` is the token's
  person) -> ``{nick, mobile, openId, unionId, email, stateCode}``.

Bodies are JSON only. Errors are HTTP 4xx with ``{code, message, requestid}``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from ...org import App, Corp
from ...tokens import UserToken
from .auth import app_by_key, new_app_token, new_user_token, platform, same_secret, throttle
from .envelopes import NewHostError
from .params import json_body, need_field
from .people import me

__all__ = ["bp"]

bp = Blueprint("openapi_newhost", __name__, url_prefix="/v1.0")


def _client(body: dict[str, Any], key_field: str, secret_field: str) -> tuple[Corp, App]:
    """The app whose key and secret the body gives."""
    app_key = need_field(body, key_field)
    app_secret = need_field(body, secret_field)
    found = app_by_key(app_key)
    if found is None or not same_secret(app_secret, found[1].app_secret):
        raise NewHostError(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
    return found


@bp.post("/oauth2/accessToken")
def access_token() -> dict[str, Any]:
    """The app's access token; the same token ``/gettoken`` gives."""
    corp, app = _client(json_body(), "appKey", "appSecret")
    throttle(app.app_key)
    token = platform().tokens.issue_app_token(app.app_key, corp.corp_id)
    return {"accessToken": token.token, "expireIn": _seconds_left(token.expires_at)}


@bp.post("/oauth2/jsapiTickets")
def jsapi_tickets() -> dict[str, Any]:
    """The app's JSAPI ticket; the same ticket ``/get_jsapi_ticket`` gives."""
    token = new_app_token()
    ticket = platform().tokens.issue_jsapi_ticket(token.app_key)
    return {"jsapiTicket": ticket.ticket, "expireIn": _seconds_left(ticket.expires_at)}


@bp.post("/oauth2/userAccessToken")
def user_access_token() -> dict[str, Any]:
    """A user token for a browser-login ``authCode`` or a refresh token."""
    body = json_body()
    _, app = _client(body, "clientId", "clientSecret")
    throttle(app.app_key)
    grant = need_field(body, "grantType")
    token: UserToken | None
    if grant == "authorization_code":
        token = platform().tokens.redeem_oauth_code(need_field(body, "code"), app.app_key)
        if token is None:
            raise NewHostError(400, "invalidAuthCode", "不合法的临时授权码")
    elif grant == "refresh_token":
        token = platform().tokens.refresh(need_field(body, "refreshToken"), app.app_key)
        if token is None:
            raise NewHostError(400, "invalidRefreshToken", "不合法的refreshToken")
    else:
        raise NewHostError(400, "invalidGrantType", f"不支持的grantType: {grant}")
    answer: dict[str, Any] = {
        "accessToken": token.access_token,
        "refreshToken": token.refresh_token,
        "expireIn": _seconds_left(token.expires_at),
    }
    if token.corp_id is not None:
        answer["corpId"] = token.corp_id
    return answer


@bp.get("/contact/users/<unionId>")
def contact_user(unionId: str) -> dict[str, Any]:
    """The token's person (``me``) or another person by ``unionId``."""
    token = new_user_token()
    wanted = token.unionid if unionId == "me" else unionId
    memberships = platform().org.memberships(wanted)
    if not memberships:
        raise NewHostError(404, "invalidParameter.user.notFound", "找不到该用户")
    # Every membership of one person shares name and mobile; prefer the token's corp.
    user = memberships.get(token.corp_id or "", next(iter(memberships.values())))
    return me(token.app_key, user, request.host_url)


def _seconds_left(expires_at: float) -> int:
    return round(expires_at - platform().clock.now())

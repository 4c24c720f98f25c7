"""Legacy host: tokens, JSAPI tickets and login-free codes.

- ``GET /gettoken?appkey=&appsecret=`` (or ``?corpid=&corpsecret=``);
- ``GET /get_jsapi_ticket?access_token=``;
- ``GET /user/getuserinfo?access_token=&code=`` (the old shape);
- ``POST /topapi/v2/user/getuserinfo?access_token=`` ``{"code"}``.

A login-free code (``requestAuthCode``) is single use, lives 5 minutes, and
works only with a token of an app of the corp it was issued for; otherwise
40078.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from ...org import App, Corp, User
from .auth import app_by_key, legacy_app_token, platform, same_secret, throttle
from .envelopes import LegacyError, legacy_ok
from .params import legacy_params, need_str
from .people import device_id, login_info, sys_level

__all__ = ["bp"]

bp = Blueprint("openapi_legacy", __name__)


def _app_of_key(app_key: str, app_secret: str) -> tuple[Corp, App]:
    found = app_by_key(app_key)
    if found is None or not same_secret(app_secret, found[1].app_secret):
        raise LegacyError(40096)
    return found


def _app_of_corp(corp_id: str, corp_secret: str) -> tuple[Corp, App]:
    # The emulated corps have no corp-wide secret: an app's secret stands for it,
    # and the token is that app's.
    corp = platform().org.corps.get(corp_id)
    if corp is not None:
        for app in corp.apps:
            if same_secret(corp_secret, app.app_secret):
                app_by_key(app.app_key)
                return corp, app
    raise LegacyError(40089)


@bp.get("/gettoken")
def gettoken() -> Response:
    """The app's access token: 7200 s, the same token while valid."""
    args = request.args
    if args.get("appkey"):
        corp, app = _app_of_key(args["appkey"], args.get("appsecret", ""))
    elif args.get("corpid"):
        corp, app = _app_of_corp(args["corpid"], args.get("corpsecret", ""))
    else:
        raise LegacyError(40035, "缺少参数 corpid or appkey")
    throttle(app.app_key)
    token = platform().tokens.issue_app_token(app.app_key, corp.corp_id)
    expires_in = round(token.expires_at - platform().clock.now())
    return legacy_ok(access_token=token.token, expires_in=expires_in)


@bp.get("/get_jsapi_ticket")
def get_jsapi_ticket() -> Response:
    """The app's JSAPI ticket for ``dd.config`` signatures."""
    token = legacy_app_token()
    ticket = platform().tokens.issue_jsapi_ticket(token.app_key)
    expires_in = round(ticket.expires_at - platform().clock.now())
    return legacy_ok(ticket=ticket.ticket, expires_in=expires_in)


def _redeem(code: str, corp_id: str) -> tuple[Corp, User]:
    """The person a login-free code was issued to, if it is valid in ``corp_id``."""
    redeemed = platform().auth_codes.redeem(code, corp_id)
    if redeemed is None:
        raise LegacyError(40078)
    corp = platform().org.corp(corp_id)
    user = corp.users.get(redeemed.userid)
    if user is None:  # the org was swapped since the code was issued
        raise LegacyError(40078)
    return corp, user


@bp.post("/topapi/v2/user/getuserinfo")
def getuserinfo_v2() -> Response:
    """Exchange a login-free code for the person: ``result`` with userid, unionid, name ..."""
    token = legacy_app_token()
    code = need_str(legacy_params(), "code")
    corp, user = _redeem(code, token.corp_id)
    return legacy_ok(result=login_info(corp, user))


@bp.get("/user/getuserinfo")
def getuserinfo() -> Response:
    """The old exchange of a login-free code: userid, name, deviceId, is_sys, sys_level."""
    token = legacy_app_token()
    code = need_str(legacy_params(), "code")
    corp, user = _redeem(code, token.corp_id)
    return legacy_ok(
        userid=user.userid,
        name=user.name,
        deviceId=device_id(corp.corp_id, user.userid),
        is_sys=user.admin,
        sys_level=sys_level(user),
    )

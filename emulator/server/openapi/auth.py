"""Who is calling: app tokens, user tokens, app credentials, and flow control.

A token of either host is accepted on both (the platform issues one token
per app). Once the caller's app is known, :func:`throttle` asks the
platform's flow control about this call: the one place it is consulted.
"""

from __future__ import annotations

import hmac
import re
from typing import TYPE_CHECKING, cast

from flask import current_app, g, request

from ...org import App, Corp
from ...tokens import AppToken, UserToken
from .envelopes import LegacyError, NewHostError, is_new_host, is_topapi
from .params import is_form

if TYPE_CHECKING:
    from ...emulator import Emulator
    from ...platform import Platform

__all__ = [
    "TOKEN_HEADER",
    "api_path",
    "app_by_key",
    "emulator",
    "legacy_app_token",
    "new_app_token",
    "new_user_token",
    "platform",
    "same_secret",
    "throttle",
]

#: The new host's token header.
TOKEN_HEADER = "x-acs-dingtalk-access-token"

_BAD_TOKEN = "不合法的access_token"


def emulator() -> Emulator:
    """The emulator this app serves."""
    return cast("Emulator", current_app.config["DDEMU_EMULATOR"])


def platform() -> Platform:
    """The emulated open platform."""
    return emulator().platform


def api_path() -> str:
    """The API being called, as flow control counts it: the route, ``{name}`` for variables."""
    rule = request.url_rule
    if rule is None:
        return request.path
    return re.sub(r"<(?:[^:>]*:)?([^>]*)>", r"{\1}", rule.rule)


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def app_by_key(app_key: str) -> tuple[Corp, App] | None:
    """The app and its corp, remembered as the caller for the log."""
    found = platform().find_app(app_key)
    if found is not None:
        g.app_key = app_key
    return found


def throttle(app_key: str) -> None:
    """Count this call against the app's limits; raise the host's answer if over one.

    Raises:
        LegacyError: The limit's errcode (wrapped as 88 on topapi paths).
        NewHostError: The limit's HTTP status and code.
    """
    g.app_key = app_key
    # The monthly quota belongs to the corp that owns the app.
    found = platform().find_app(app_key)
    org = found[0].corp_id if found else None
    limit = platform().flow.check(app_key, api_path(), org=org)
    if limit is None:
        return
    if is_new_host(request.path):
        raise NewHostError(limit.http_status, limit.new_code, limit.message)
    raise LegacyError(limit.legacy_code, limit.message, wrapped=True)


def legacy_app_token() -> AppToken:
    """The valid app token of a legacy call (``?access_token=``, or a topapi form body).

    Raises:
        LegacyError: 41001 without a token (topapi: 88/40000 "access_token is
            blank"), 40014 for an unknown one, 42001 for an expired one; all
            wrapped as 88 on topapi paths.
    """
    token = request.args.get("access_token", "")
    if not token and is_topapi(request.path) and is_form():
        token = request.form.get("access_token", "")
    if not token:
        raise LegacyError(40000 if is_topapi(request.path) else 41001, wrapped=True)
    found = platform().tokens.app_token(token)
    if found is None:
        raise LegacyError(40014, wrapped=True)
    if platform().clock.now() >= found.expires_at:
        raise LegacyError(42001, wrapped=True)
    throttle(found.app_key)
    return found


def _header_token() -> str:
    token = request.headers.get(TOKEN_HEADER, "")
    if not token:
        raise NewHostError(
            400, "AuthenticationFailed.MissingParameter", f"缺少参数：{TOKEN_HEADER}"
        )
    return token


def new_app_token() -> AppToken:
    """The valid app token in the new host's header.

    Raises:
        NewHostError: 400 ``AuthenticationFailed.MissingParameter`` without the
            header, 400 ``InvalidAuthentication`` for an unknown or expired token.
    """
    found = platform().tokens.app_token(_header_token())
    if found is None or platform().clock.now() >= found.expires_at:
        raise NewHostError(400, "InvalidAuthentication", _BAD_TOKEN)
    throttle(found.app_key)
    return found


def new_user_token() -> UserToken:
    """The valid user token in the new host's header.

    Raises:
        NewHostError: 400 ``AuthenticationFailed.MissingParameter`` without the
            header, 400 ``InvalidAuthentication`` for a token that is no user
            token, 400 ``accesstoken.expired`` for an expired one.
    """
    found = platform().tokens.user_token(_header_token())
    if found is None:
        raise NewHostError(400, "InvalidAuthentication", _BAD_TOKEN)
    if platform().clock.now() >= found.expires_at:
        raise NewHostError(400, "accesstoken.expired", "用户accessToken过期")
    throttle(found.app_key)
    return found

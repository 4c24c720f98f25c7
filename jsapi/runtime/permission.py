"""``runtime.permission``: ``dd.config`` and login-free auth codes.

On iOS, Android and Harmony ``dd.config`` arrives as
``runtime.permission.requestJsApis``; the PC client sends a bare ``config``
(with the page's ``url``), registered here in :data:`pc` as the same handler.

The container checks a ``dd.config`` as the client does (the codes and rules
are in ``docs/reference/config.md``): the corp must be one of the signed-in
user's, ``agentId`` an app of that corp, ``timeStamp`` a number near the
client's clock, and ``signature`` the SHA-1 or SHA-256 of the page URL and the
rest (:mod:`jsapi.signature`) with the JSAPI ticket the platform issued to
that app. Which URL: the ``url`` PC sends, else the one the device profile's
``config_url`` names (iOS the current URL, Android the one the page was
loaded at). A refusal answers ``{errorCode: "520xx", errorMessage}``, which
the library hands to ``dd.error``; the message says what was expected.
"""

from __future__ import annotations

import logging
import math
import threading
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bridge.errors import ConfigRejected, InvalidParams

from ..context import Context
from ..pageauth import PageAuth, VerifiedConfig, page_auth
from ..registry import Namespace
from ..signature import algorithm_of, signed_url, string_to_sign, verify

if TYPE_CHECKING:
    from emulator.org import App, Corp

__all__ = ["TIMESTAMP_WINDOW", "check_config", "ns", "pc"]

logger = logging.getLogger("ddemu.jsapi")

ns = Namespace("runtime.permission")
#: Methods without a namespace: the PC client's ``config``.
pc = Namespace("")

#: Seconds a ``dd.config`` ``timeStamp`` may lie from the client's clock, either
#: way. The real window is not documented; a day is lenient enough for a page
#: left open, a backend clock apart from a test's advanced virtual clock, and
#: still refuses a signature replayed from another day.
TIMESTAMP_WINDOW = 86400.0
#: A ``timeStamp`` at or above this counts in milliseconds (from 1973 on),
#: below it in seconds: official samples use both.
_MILLISECONDS_FROM = 10**11


@pc.method("config")
@ns.method("requestJsApis")
def request_js_apis(params: dict[str, Any], ctx: Context) -> Any:
    """``dd.config``: check it and its signature; once verified, its jsApiList applies."""
    page = page_auth(ctx.session) if ctx.session is not None else None
    try:
        outcome: VerifiedConfig | ConfigRejected = check_config(params, ctx, page)
    except ConfigRejected as exc:
        outcome = exc
    if page is None:
        return _finish(outcome, params, ctx)
    attempt = page.begin()

    def settle() -> dict[str, Any]:
        page.settle(attempt, outcome)
        return _finish(outcome, params, ctx)

    delay = ctx.device.config_delay
    if delay <= 0:
        return settle()
    # The client asks the platform; meanwhile calls that need the config answer "7".
    answer: Future[dict[str, Any]] = Future()

    def arrive() -> None:
        try:
            result = settle()
        except ConfigRejected as exc:
            if answer.set_running_or_notify_cancel():
                answer.set_exception(exc)
        else:
            if answer.set_running_or_notify_cancel():
                answer.set_result(result)

    timer = threading.Timer(delay, arrive)
    timer.daemon = True
    timer.start()
    return answer


def _finish(
    outcome: VerifiedConfig | ConfigRejected, params: dict[str, Any], ctx: Context
) -> dict[str, Any]:
    if isinstance(outcome, ConfigRejected):
        logger.info("dd.config refused (%s): %s", outcome.code, outcome.message)
        raise outcome
    ctx.device.record_config(params)
    return {}


def check_config(params: dict[str, Any], ctx: Context, page: PageAuth | None) -> VerifiedConfig:
    """Check a ``dd.config`` as the client does.

    Args:
        params: What the page passed to ``dd.config`` (plus ``url`` on PC).
        ctx: The call's context: the signed-in user, the platform's tickets.
        page: The page's state, for the URLs it was loaded at and is at now.

    Returns:
        The verified config.

    Raises:
        ConfigRejected: With the client's code: 52010 corpId, 52019 agentId,
            52018 timeStamp, 52015 nonceStr, 52016 signature, 52017 jsApiList,
            52014 url, 52013 a signature that does not verify.
    """
    corp = _corp(params.get("corpId"), ctx)
    agent_id, app = _app(params.get("agentId"), corp)
    timestamp = _timestamp(params.get("timeStamp"), ctx)
    nonce = params.get("nonceStr")
    if not isinstance(nonce, str) or not nonce:
        raise ConfigRejected(
            f"无效的随机字符串参数: nonceStr must be the non-empty string the backend signed,"
            f" got {nonce!r}",
            code="52015",
        )
    signature = params.get("signature")
    algorithm = algorithm_of(signature) if isinstance(signature, str) else None
    if not isinstance(signature, str) or algorithm is None:
        raise ConfigRejected(
            "无效的签名参数: signature must be the hex SHA-1 (40 digits) or SHA-256 (64 digits)"
            f" the backend computed, got {signature!r}",
            code="52016",
        )
    js_api_list = _js_api_list(params.get("jsApiList"))
    url, which = _page_url(params, ctx, page)
    ticket = ctx.platform.tokens.jsapi_ticket(app.app_key)
    if ticket is None:
        raise ConfigRejected(_no_ticket(app, ctx), code="52013")
    if not verify(signature, ticket.ticket, nonce, timestamp, url):
        plain = string_to_sign(ticket.ticket, nonce, timestamp, url)
        message = (
            f"签名校验失败: the signature does not match. The container signed"
            f" {algorithm}({plain!r}), the url being {which}."
        )
        hint = _diagnose(signature, ticket.ticket, nonce, timestamp, url, ctx, page)
        raise ConfigRejected(message + (" " + hint if hint else ""), code="52013")
    return VerifiedConfig(
        corp.corp_id, agent_id, app.app_key, js_api_list, signed_url(url), algorithm
    )


def _corp(value: Any, ctx: Context) -> Corp:
    corps = ctx.platform.org.corps
    if not isinstance(value, str) or value not in corps:
        raise ConfigRejected(
            f"无效的corpid: corpId {value!r} is no corp of the emulated platform"
            f" (its corps: {', '.join(corps)})",
            code="52010",
        )
    user = ctx.device.user
    if value not in ctx.platform.org.memberships(user.unionid):
        raise ConfigRejected(
            f"无效的corpid: the signed-in user {user.name} ({user.userid}) is not in corp"
            f" {value} (their corps: {', '.join(ctx.device.corps())})",
            code="52010",
        )
    return corps[value]


def _app(value: Any, corp: Corp) -> tuple[str, App]:
    # The library passes agentId through: a string or a number. ISV apps pass their appId.
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    for app in corp.apps:
        if text and text == str(app.agent_id):
            return text, app
    apps = ", ".join(f"{a.name} (agentId {a.agent_id})" for a in corp.apps) or "none"
    raise ConfigRejected(
        f"无效的agentid: agentId {value!r} is no app of corp {corp.corp_id} ({corp.name});"
        f" its apps: {apps}",
        code="52019",
    )


def _timestamp(value: Any, ctx: Context) -> str:
    """The ``timeStamp`` as the backend signed it, if it is a number near the clock."""
    number: float | None = None
    text = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        # A number is signed as JavaScript prints it: 1.7e12 as "1700000000000".
        text = str(int(value)) if float(value).is_integer() else repr(value)
    elif isinstance(value, str):
        text = value
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or number <= 0:
        raise ConfigRejected(
            f"无效的时间戳: timeStamp must be the number (seconds or milliseconds) the"
            f" backend signed, got {value!r}",
            code="52018",
        )
    seconds = number / 1000 if number >= _MILLISECONDS_FROM else number
    now = ctx.platform.clock.now()
    if abs(now - seconds) > TIMESTAMP_WINDOW:
        try:
            when = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        except (OverflowError, OSError, ValueError):
            when = "beyond the calendar"
        hours = (now - seconds) / 3600
        side = f"{hours:.1f} h before" if hours > 0 else f"{-hours:.1f} h after"
        raise ConfigRejected(
            f"无效的时间戳: timeStamp {value!r} ({when}) is {side} the client's clock;"
            f" ddemu accepts {TIMESTAMP_WINDOW / 3600:g} h either way. Sign with the current time.",
            code="52018",
        )
    return text


def _js_api_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigRejected(
            "无效的jsapi列表参数: jsApiList must be an array of JSAPI names, e.g."
            f" ['biz.contact.complexPicker'], got {value!r}",
            code="52017",
        )
    return tuple(value)


def _page_url(params: dict[str, Any], ctx: Context, page: PageAuth | None) -> tuple[str, str]:
    """The URL the client signs, and how it chose it (for messages)."""
    persona = ctx.device.persona
    if persona == "pc":
        url = params.get("url")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            raise ConfigRejected(
                f"无效的url参数: the PC client sends the page's url with dd.config, got {url!r}",
                code="52014",
            )
        return url, f"{signed_url(url)!r}, the url the PC client sent (location.href without #...)"
    rule = ctx.device.profile.config_url
    url = page.url(rule) if page is not None else ""
    if not url:
        raise ConfigRejected(
            "无效的url参数: the container knows no URL for this page (a call without a page)",
            code="52014",
        )
    if rule == "entry":
        how = (
            f"the URL the page was loaded at, as {persona} clients sign it"
            " (route changes by history.pushState do not count)"
        )
    else:
        how = f"the page's current URL, as {persona} clients sign it"
    return url, f"{signed_url(url)!r}, {how}"


def _no_ticket(app: App, ctx: Context) -> str:
    last = ctx.platform.tokens.last_jsapi_ticket(app.app_key)
    if last is None:
        why = "the platform never issued it a JSAPI ticket"
    else:
        ago = ctx.platform.clock.now() - last.expires_at
        why = f"its JSAPI ticket expired {ago:.0f} s ago"
    return (
        f"签名校验失败: app {app.name} (agentId {app.agent_id}, appKey {app.app_key}) has no"
        f" valid JSAPI ticket: {why}. Its backend must get one (GET /get_jsapi_ticket, or"
        " POST /v1.0/oauth2/jsapiTickets, with the app's access token) and sign with it."
    )


def _diagnose(
    signature: str,
    ticket: str,
    nonce: str,
    timestamp: str,
    url: str,
    ctx: Context,
    page: PageAuth | None,
) -> str:
    """What the backend most likely did wrong, if a usual mistake explains the signature."""
    tries: list[tuple[str, bool, str]] = []
    if page is not None and ctx.device.persona != "pc":
        rule = ctx.device.profile.config_url
        other = page.url("entry" if rule == "current" else "current")
        if signed_url(other) != signed_url(url):
            tries.append(
                (
                    other,
                    True,
                    f"It matches {other!r}, the page's "
                    + (
                        "entry URL: this client signs the current URL, as iOS does."
                        if rule == "current"
                        else "current URL: this client signs the URL the page was loaded at,"
                        " as Android does; sign that one (with an SPA, the URL before the"
                        " route change)."
                    ),
                )
            )
    bare = url.split("#", 1)[0]
    if bare != url:
        tries.append(
            (url, False, "It matches the URL with its #fragment: sign it without '#' and after.")
        )
    if bare != signed_url(url):
        tries.append(
            (
                bare,
                False,
                "It matches the URL with its query still percent-encoded: decode the query"
                " as the official decodeUrl does (the path stays as it is).",
            )
        )
    for candidate, decode, hint in tries:
        if verify(signature, ticket, nonce, timestamp, candidate, decode=decode):
            return hint
    return ""


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

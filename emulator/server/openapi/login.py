"""Web login by QR code: the login host's pages and the phone's confirm screen.

Legacy flow (``reference/dingtalk-server-api.md`` §4a):

- ``GET /connect/qrconnect?appid=&response_type=code&scope=snsapi_login&state=&redirect_uri=``:
  a full page with the QR code; once confirmed it goes to ``sns_authorize``;
- ``GET /login/qrcode.htm?goto=<sns_authorize URL>``: the page ``ddLogin.js``
  puts in its iframe; once confirmed it does ``parent.postMessage(loginTmpCode, "*")``;
- ``GET /connect/oauth2/sns_authorize?appid=&redirect_uri=&state=&loginTmpCode=``:
  302 to ``redirect_uri?code=CODE&state=STATE``.

New flow (§4b):
``GET /oauth2/auth?client_id=&redirect_uri=&response_type=code&scope=&state=&prompt=``
(``&iframe=true`` for ``DTFrameLogin``); once confirmed the page goes to
``redirect_uri?authCode=X&code=X&state=S`` (in an iframe it posts
``{success: true, redirectUrl}`` to its parent).

Both pages learn of the phone at once over a websocket
(:mod:`emulator.qrpush`) and poll ``GET /login/qr/<id>/status`` when it fails.
The QR image is ``/login/qr/<id>.png``; its text is the URL of the phone's
confirm screen, ``/login/scan?qr=<id>`` (``&device=NAME`` for another device):
opening it is scanning the code.

Refused requests (unknown app, a ``redirect_uri`` outside the app's
registered ones, missing parameters) get an error page and never a redirect.
"""

from __future__ import annotations

import io
import ipaddress
import json
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import qrcode
from flask import Blueprint, Response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from bridge.errors import ConfigError, QrLoginError

from ...org import App
from ...phonelogin import login_prompt, scan_login, scan_login_image
from ...qrlogin import QrLogin, QrState, add_query, redirect_uri_registered
from .auth import emulator, platform
from .qrpages import error_page, login_page, phone_page, scanner_page

__all__ = ["UNREGISTERED_REDIRECT", "bp", "qr_text"]

bp = Blueprint("openapi_login", __name__)

#: What the login host says of a redirect_uri outside the app's registered ones.
UNREGISTERED_REDIRECT = "redirect_url的域名不在appid的安全域名内"


class _Refused(Exception):
    def __init__(self, message: str, detail: str = "", status: int = 200) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.status = status


@bp.errorhandler(_Refused)
def _refused(error: _Refused) -> Response:
    return Response(error_page(error.message, error.detail), error.status, mimetype="text/html")


def qr_text(base_url: str, login_id: str) -> str:
    """The text of a login's QR code: the URL of the phone's confirm screen."""
    return f"{base_url.rstrip('/')}/login/scan?{urlencode({'qr': login_id})}"


def _need(args: Any, *names: str) -> list[str]:
    missing = [n for n in names if not args.get(n)]
    if missing:
        raise _Refused(f"缺少参数 {', '.join(missing)}", "missing parameter")
    return [str(args[n]) for n in names]


def _app(app_key: str, redirect_uri: str) -> App:
    found = platform().find_app(app_key)
    if found is None:
        raise _Refused("应用不存在或appid不合法", f"no app with appid/client_id {app_key!r}")
    app = found[1]
    if not redirect_uri_registered(app, redirect_uri):
        raise _Refused(UNREGISTERED_REDIRECT, f"redirect_uri {redirect_uri!r} is not registered")
    return app


def _login_page(app: App, login: QrLogin, then: dict[str, Any]) -> Response:
    base = request.host_url.rstrip("/")
    config = {
        "id": login.id,
        "image": f"{base}/login/qr/{login.id}.png",
        "status": f"{base}/login/qr/{login.id}/status",
        "push": _push_url(login.id),
        # ?ddemu_transport=poll: the real embedded login's 1 s polling, for comparison.
        "transport": request.args.get("ddemu_transport", "push"),
        "pollInterval": 1000,
        **then,
    }
    response = Response(login_page(app.name, config), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _push_url(login_id: str) -> str:
    push = emulator().qr_push_url
    # Reach the push server by the host the page was loaded from (loopback or LAN).
    port = urlsplit(push).port
    return f"ws://{request.host.rsplit(':', 1)[0]}:{port}/qr/{login_id}"


@bp.get("/connect/qrconnect")
def qrconnect() -> Response:
    """The legacy full-page QR login."""
    appid, redirect_uri = _need(request.args, "appid", "redirect_uri")
    app = _app(appid, redirect_uri)
    state, scope = request.args.get("state", ""), request.args.get("scope", "snsapi_login")
    login = platform().qr_logins.create("sns", appid, redirect_uri, state, scope)
    query = {"appid": appid, "response_type": "code", "scope": scope, "state": state}
    target = f"/connect/oauth2/sns_authorize?{urlencode({**query, 'redirect_uri': redirect_uri})}"
    return _login_page(app, login, {"then": "goto", "goto": target})


@bp.get("/login/qrcode.htm")
def qrcode_htm() -> Response:
    """The legacy embedded QR (``ddLogin.js``'s iframe): posts ``loginTmpCode`` to its parent."""
    (goto,) = _need(request.args, "goto")
    target = dict(parse_qsl(urlsplit(goto).query))
    appid, redirect_uri = _need(target, "appid", "redirect_uri")
    app = _app(appid, redirect_uri)
    state, scope = target.get("state", ""), target.get("scope", "snsapi_login")
    login = platform().qr_logins.create("sns", appid, redirect_uri, state, scope)
    return _login_page(app, login, {"then": "postTmpCode"})


@bp.get("/connect/oauth2/sns_authorize")
def sns_authorize() -> BaseResponse:
    """Trade a ``loginTmpCode`` for a ``code``: 302 to ``redirect_uri?code=&state=``."""
    appid, redirect_uri, tmp = _need(request.args, "appid", "redirect_uri", "loginTmpCode")
    _app(appid, redirect_uri)
    login = platform().qr_logins.redeem_login_tmp_code(tmp)
    if login is None or login.app_key != appid:
        raise _Refused(
            "临时登录码无效或已过期，请重新扫码", "unknown, used or expired loginTmpCode"
        )
    code = platform().qr_logins.issue_sns_code(login)
    query = {"code": code.code, "state": request.args.get("state", "")}
    return redirect(add_query(redirect_uri, query), code=302)


@bp.get("/oauth2/auth")
def oauth2_auth() -> BaseResponse:
    """The new flow's login page, full page or (``iframe=true``) ``DTFrameLogin``'s iframe."""
    client_id, redirect_uri, response_type, scope = _need(
        request.args, "client_id", "redirect_uri", "response_type", "scope"
    )
    app = _app(client_id, redirect_uri)
    state = request.args.get("state", "")
    if response_type != "code" or "openid" not in scope.split():
        error = "unsupported_response_type" if response_type != "code" else "invalid_scope"
        return redirect(add_query(redirect_uri, {"error": error, "state": state}), code=302)
    login = platform().qr_logins.create("oauth2", client_id, redirect_uri, state, scope)
    then = "postRedirect" if request.args.get("iframe") == "true" else "redirect"
    return _login_page(app, login, {"then": then})


def _qr_png(text: str) -> bytes:
    image = qrcode.make(text, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


@bp.get("/login/qr/<login_id>.png")
def qr_image(login_id: str) -> Response:
    """The QR code of a login, as a PNG (qrcode + Pillow)."""
    if platform().qr_logins.get(login_id) is None:
        return Response("no such QR login\n", status=404, mimetype="text/plain")
    response = Response(_qr_png(qr_text(request.host_url, login_id)), mimetype="image/png")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/login/qr/<login_id>/status")
def qr_status(login_id: str) -> Response | dict[str, object]:
    """Where the login stands, for pages that poll."""
    login = platform().qr_logins.get(login_id)
    if login is None:
        return Response('{"state":"unknown"}', status=404, mimetype="application/json")
    return login.as_json()


def _json_error(message: str, status: int) -> Response:
    body = json.dumps({"error": message}, ensure_ascii=False)
    return Response(body, status, mimetype="application/json")


# -- the phone ------------------------------------------------------------------


def _phone_allowed() -> None:
    """The phone's pages act as a person: callers beyond loopback need the token."""
    try:
        local = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        local = False
    given = request.args.get("token", "") or request.form.get("token", "")
    if not local and not secrets.compare_digest(given, emulator().token):
        raise _Refused("需要令牌 token required", "add ?token=... as ddemu printed it", 403)


def _device(name: str) -> Any:
    device = emulator().devices.get(name or "phone")
    if device is None:
        raise _Refused(f"没有设备 {name!r}", "no such device", 404)
    return device


@bp.get("/login/scan")
def phone_scan() -> Response:
    """The phone scanned the code: it shows the confirm screen (scanning first if needed)."""
    _phone_allowed()
    (login_id,) = _need(request.args, "qr")
    device = _device(request.args.get("device", "phone"))
    login = platform().qr_logins.get(login_id)
    if login is None:
        raise _Refused("二维码无效", "no such QR login", 404)
    if login.state is QrState.WAITING:
        try:
            scan_login(device, qr_text(request.host_url, login_id))
        except QrLoginError as exc:
            raise _Refused("二维码已失效", str(exc)) from None
        login = platform().qr_logins.get(login_id) or login
    elif login.device != device.name:
        raise _Refused("二维码已被扫描", f"the QR login is {login.state.value}")
    found = platform().find_app(login.app_key)
    back = {"device": device.name, "token": request.args.get("token", "")}
    config = {
        "confirm": f"/login/scan/{login_id}/confirm",
        "cancel": f"/login/scan/{login_id}/cancel",
        "status": f"/login/qr/{login_id}/status",
        "token": request.args.get("token", ""),
        "back": "/login/phone?" + urlencode({k: v for k, v in back.items() if v}),
    }
    page = phone_page(
        app_name=found[1].name if found else login.app_key,
        name=login.name,
        corp_name=login.corp_name,
        avatar=f"/media/avatar/{login.unionid}.png",
        state=login.state.value,
        config=config,
    )
    return Response(page, mimetype="text/html")


@bp.post("/login/scan/<login_id>/<action>")
def phone_answer(login_id: str, action: str) -> Response | dict[str, object]:
    """A tap on the confirm screen: ``confirm`` or ``cancel``."""
    _phone_allowed()
    logins = platform().qr_logins
    try:
        if action == "confirm":
            login = logins.confirm(login_id)
        elif action == "cancel":
            login = logins.cancel(login_id)
        else:
            return _json_error("no such action", 404)
    except QrLoginError as exc:
        return _json_error(str(exc), 409)
    return login.as_json()


@bp.post("/login/phone/photo")
def phone_photo() -> Response | dict[str, object]:
    """A photo of a login QR code taken by a real phone: scan it as the device."""
    _phone_allowed()
    device = _device(request.args.get("device", "phone"))
    upload = request.files.get("photo")
    data = upload.read() if upload is not None else request.get_data()
    try:
        prompt = scan_login_image(device, data)
    except (QrLoginError, ConfigError) as exc:
        return _json_error(str(exc), 422)
    return {"loginId": prompt.login_id}


@bp.get("/login/phone")
def phone_scanner() -> Response:
    """The phone's scanner: scan the code on screen, or a photo of it (a real phone, --lan)."""
    _phone_allowed()
    device = _device(request.args.get("device", "phone"))
    token = request.args.get("token", "")
    query = urlencode({k: v for k, v in (("device", device.name), ("token", token)) if v})
    config = {
        "photo": f"/login/phone/photo?{query}",
        "screen": f"/login/phone/screen?{query}",
        "pending": f"/login/phone/pending?{query}",
        "scan": f"/login/scan?{query}&qr=",
    }
    corp = platform().org.corp(device.corp_id)
    page = scanner_page(name=device.user.name, corp_name=corp.name, config=config)
    return Response(page, mimetype="text/html")


@bp.post("/login/phone/screen")
def phone_screen() -> Response | dict[str, object]:
    """Point the phone at the screen: decode the newest waiting login's QR image and scan it."""
    _phone_allowed()
    device = _device(request.args.get("device", "phone"))
    waiting = [x for x in platform().qr_logins.all() if x.state is QrState.WAITING]
    if not waiting:
        return _json_error("no login QR code on screen: open the site's sign-in page", 404)
    image = _qr_png(qr_text(request.host_url, waiting[-1].id))
    try:
        prompt = scan_login_image(device, image)
    except QrLoginError as exc:
        return _json_error(str(exc), 409)
    return {"loginId": prompt.login_id}


@bp.get("/login/phone/pending")
def phone_pending() -> Response | dict[str, object]:
    """The confirm screen the device shows now, if any (for the phone page to open)."""
    _phone_allowed()
    prompt = login_prompt(_device(request.args.get("device", "phone")))
    if prompt is None:
        return {"pending": None}
    return {"pending": prompt.as_request()}

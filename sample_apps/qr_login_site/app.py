"""A small "Sign in with DingTalk" web site, with its own backend.

It talks to the open platform exactly as an ISV site talks to the real one;
only the base URLs differ. Point them at ddemu's mock (``emu.openapi_url``)
or leave the defaults for the real platform:

    python app.py --platform http://127.0.0.1:PORT/ --app-key KEY --app-secret SECRET

Three ways in, as the platform offers them:

- the embedded QR code (legacy ``ddLogin``): an iframe of the login host's
  ``/login/qrcode.htm`` posts a ``loginTmpCode`` to this page, which goes to
  ``sns_authorize``; the platform comes back to ``/callback?code=&state=`` and
  the backend asks ``/sns/getuserinfo_bycode`` (HmacSHA256 signature);
- the full-page QR code (legacy ``/connect/qrconnect``), same callback;
- the new OAuth2 login (``/oauth2/auth``): back to ``/callback?authCode=&state=``,
  then ``/v1.0/oauth2/userAccessToken`` and ``/v1.0/contact/users/me``.

``state`` is a random value kept in the visitor's session and checked on the
way back, as every OAuth client must.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import html
import json
import secrets
import time
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests
from flask import Flask, Response, abort, redirect, request, session

#: The real platform's hosts; ddemu's mock serves all three at one origin.
REAL_HOSTS = {
    "oapi": "https://oapi.dingtalk.com/",
    "api": "https://api.dingtalk.com/",
    "login": "https://login.dingtalk.com/",
}


def sns_signature(app_secret: str, timestamp: str) -> str:
    """URLEncode(Base64(HmacSHA256(appSecret, timestamp))), as the platform wants it."""
    digest = hmac.new(app_secret.encode(), timestamp.encode(), hashlib.sha256).digest()
    return quote(base64.b64encode(digest).decode(), safe="")


def create_site(
    *,
    app_key: str,
    app_secret: str,
    oapi: str = REAL_HOSTS["oapi"],
    api: str = REAL_HOSTS["api"],
    login: str = REAL_HOSTS["login"],
    signout_after: float | None = None,
) -> Flask:
    """The site's Flask app, talking to the platform at the given base URLs.

    ``signout_after`` (seconds) signs the visitor out again by itself, for a
    demo that loops on an unattended screen.
    """
    site = Flask(__name__)
    site.secret_key = secrets.token_hex(16)
    hosts = {"oapi": oapi.rstrip("/"), "api": api.rstrip("/"), "login": login.rstrip("/")}
    login_origin = "{0.scheme}://{0.netloc}".format(urlsplit(hosts["login"]))

    def callback_url() -> str:
        return request.host_url + "callback"

    def new_state() -> str:
        session["state"] = secrets.token_urlsafe(12)
        return str(session["state"])

    @site.get("/")
    def home() -> str:
        user = session.get("user")
        if user:
            again = (
                f'<meta http-equiv="refresh" content="{signout_after:g};url=/logout">'
                if signout_after
                else ""
            )
            return _page(
                "Signed in",
                again
                + f'<p>Signed in with DingTalk as <b id="nick">{html.escape(user["nick"])}</b></p>'
                f'<img id="avatar" src="{html.escape(user.get("avatarUrl", ""))}" width="64">'
                f'<p>unionId <code id="unionid">{html.escape(user["unionId"])}</code>'
                f'<br>via <span id="flow">{html.escape(user["flow"])}</span></p>'
                '<form method="post" action="/logout"><button id="logout">Sign out</button></form>',
            )
        state = new_state()
        sns_authorize = (
            hosts["oapi"]
            + "/connect/oauth2/sns_authorize?"
            + urlencode(
                {
                    "appid": app_key,
                    "response_type": "code",
                    "scope": "snsapi_login",
                    "state": state,
                    "redirect_uri": callback_url(),
                }
            )
        )
        # What ddLogin.js does: the goto is urlencoded once, as a whole.
        frame = hosts["login"] + "/login/qrcode.htm?goto=" + quote(sns_authorize, safe="")
        settings = json.dumps({"goto": sns_authorize, "loginOrigin": login_origin})
        return _page(
            "Sign in",
            "<h2>Sign in with DingTalk</h2><p>Scan the code with DingTalk:</p>"
            f'<iframe id="dingtalk-login" src="{html.escape(frame)}" width="365" height="400"'
            ' frameborder="0"></iframe>'
            '<p><a id="full-page" href="/login/qrconnect">Full-page QR code</a> · '
            '<a id="oauth2" href="/login/oauth2">Sign in with the new DingTalk login</a></p>'
            f"<script>var settings = {settings};"
            # The embedded login posts the loginTmpCode; only trust the login host.
            "window.addEventListener('message', function (event) {"
            "  if (event.origin !== settings.loginOrigin) return;"
            "  window.location.href = settings.goto + '&loginTmpCode=' + event.data;"
            "});</script>",
        )

    @site.get("/login/qrconnect")
    def login_qrconnect() -> Response:
        query = {
            "appid": app_key,
            "response_type": "code",
            "scope": "snsapi_login",
            "state": new_state(),
            "redirect_uri": callback_url(),
        }
        return redirect(hosts["oapi"] + "/connect/qrconnect?" + urlencode(query))

    @site.get("/login/oauth2")
    def login_oauth2() -> Response:
        query = {
            "redirect_uri": callback_url(),
            "response_type": "code",
            "client_id": app_key,
            "scope": "openid corpid",
            "state": new_state(),
            "prompt": "consent",
        }
        return redirect(hosts["login"] + "/oauth2/auth?" + urlencode(query, quote_via=quote))

    @site.get("/callback")
    def callback() -> Response | tuple[str, int]:
        expected = session.pop("state", None)
        if not expected or not hmac.compare_digest(request.args.get("state", ""), expected):
            return _page("Sign-in refused", '<p id="error">state mismatch</p>'), 403
        if request.args.get("error"):
            return _page(
                "Sign-in failed", f'<p id="error">{html.escape(request.args["error"])}</p>'
            ), 400
        auth_code = request.args.get("authCode")
        try:
            if auth_code:
                user = _new_login(hosts["api"], app_key, app_secret, auth_code)
            else:
                code = request.args.get("code") or abort(400)
                user = _legacy_login(hosts["oapi"], app_key, app_secret, code)
        except PlatformError as exc:
            return _page("Sign-in failed", f'<p id="error">{html.escape(str(exc))}</p>'), 502
        session["user"] = user
        return redirect("/")

    @site.post("/logout")
    @site.get("/logout")
    def logout() -> Response:
        session.clear()
        return redirect("/")

    return site


class PlatformError(Exception):
    """The platform refused a call; the message has its code."""


def _legacy_login(oapi: str, app_key: str, app_secret: str, code: str) -> dict[str, Any]:
    timestamp = str(int(time.time() * 1000))
    # The signature is URL-encoded already: build the query by hand.
    signature = sns_signature(app_secret, timestamp)
    query = f"accessKey={app_key}&timestamp={timestamp}&signature={signature}"
    answer = requests.post(
        f"{oapi}/sns/getuserinfo_bycode?{query}", json={"tmp_auth_code": code}, timeout=10
    ).json()
    if answer.get("errcode") != 0:
        raise PlatformError(f"{answer.get('errcode')} {answer.get('errmsg')}")
    info = answer["user_info"]
    return {"nick": info["nick"], "unionId": info["unionid"], "flow": "legacy QR (sns)"}


def _new_login(api: str, app_key: str, app_secret: str, auth_code: str) -> dict[str, Any]:
    body = {
        "clientId": app_key,
        "clientSecret": app_secret,
        "code": auth_code,
        "grantType": "authorization_code",
    }
    token = requests.post(f"{api}/v1.0/oauth2/userAccessToken", json=body, timeout=10)
    if token.status_code != 200:
        raise PlatformError(f"{token.status_code} {token.json().get('code')}")
    headers = {"x-acs-dingtalk-access-token": token.json()["accessToken"]}
    me = requests.get(f"{api}/v1.0/contact/users/me", headers=headers, timeout=10)
    if me.status_code != 200:
        raise PlatformError(f"{me.status_code} {me.json().get('code')}")
    info = me.json()
    return {
        "nick": info["nick"],
        "unionId": info["unionId"],
        "avatarUrl": info.get("avatarUrl", ""),
        "corpId": token.json().get("corpId", ""),
        "flow": "OAuth2",
    }


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} · QR login demo site</title>"
        "<style>body{font-family:sans-serif;margin:24px;max-width:640px}</style></head>"
        f'<body><h1>QR login demo site</h1><main id="main">{body}</main></body></html>'
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A 'Sign in with DingTalk' demo site.")
    parser.add_argument("--platform", help="one base URL for all three hosts (ddemu's mock)")
    parser.add_argument("--app-key", required=True)
    parser.add_argument("--app-secret", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args(argv)
    hosts = {k: args.platform or v for k, v in REAL_HOSTS.items()}
    site = create_site(app_key=args.app_key, app_secret=args.app_secret, **hosts)
    site.run(host=args.host, port=args.port)


if __name__ == "__main__":
    main()

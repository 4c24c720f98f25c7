"""The HTML of the QR login pages and the phone's confirm screen.

Each page is a small HTML shell with a JSON prelude (``window.__DDEMU_QR__``)
and a script shipped as package data (``emulator/data/qrlogin.js``,
``qrphone.js``), so the JS stays lintable and the Python stays free of JS.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from markupsafe import Markup

__all__ = ["error_page", "login_page", "phone_page", "scanner_page"]

_STYLE = """
body{font-family:-apple-system,"PingFang SC","Helvetica Neue",Arial,sans-serif;margin:0;
 background:#f2f3f5;color:#171a1d;display:flex;justify-content:center}
main{background:#fff;margin:16px;padding:20px 24px;border-radius:8px;text-align:center;
 max-width:360px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:18px;margin:4px 0 12px} .app{color:#6b7075;font-size:13px;margin-bottom:8px}
#qr{width:200px;height:200px;image-rendering:pixelated}
#status{margin-top:10px;font-size:14px;min-height:20px} .bad{color:#d93026}
.faded{opacity:.15} button{font-size:16px;padding:10px 0;width:100%;margin-top:10px;
 border-radius:6px;border:1px solid #d0d3d6;background:#fff} button.primary{background:#0089ff;
 color:#fff;border-color:#0089ff} .avatar{width:72px;height:72px;border-radius:50%}
.name{font-size:18px;font-weight:600;margin-top:8px} .corp{color:#6b7075;font-size:14px}
"""


@cache
def _script(name: str) -> str:
    return (files("emulator") / "data" / name).read_text("utf-8")


def _json(value: Any) -> Markup:
    # Safe inside <script>: no "</" can close it.
    return Markup(json.dumps(value, ensure_ascii=False).replace("</", "<\\/"))


def _page(title: str, body: Markup, config: dict[str, Any] | None, script: str | None) -> str:
    parts = [
        Markup('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'),
        Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
        Markup("<title>{}</title><style>{}</style></head><body>").format(title, Markup(_STYLE)),
        body,
    ]
    if config is not None and script is not None:
        parts.append(Markup("<script>window.__DDEMU_QR__ = {};</script>").format(_json(config)))
        parts.append(Markup("<script>{}</script>").format(Markup(_script(script))))
    parts.append(Markup("</body></html>"))
    return str(Markup("").join(parts))


def login_page(app_name: str, config: dict[str, Any]) -> str:
    """The page with the QR code; ``config`` tells ``qrlogin.js`` what to do on confirm."""
    body = Markup(
        '<main data-state="waiting"><h1>钉钉扫码登录</h1><div class="app">{}</div>'
        '<img id="qr" alt="DingTalk login QR code" src="{}">'
        '<div id="status">请使用钉钉扫描二维码登录</div>'
        '<a id="refresh" href="" hidden>刷新二维码</a></main>'
    ).format(app_name, config["image"])
    return _page("钉钉登录 DingTalk login", body, config, "qrlogin.js")


def phone_page(
    *,
    app_name: str,
    name: str,
    corp_name: str,
    avatar: str,
    state: str,
    config: dict[str, Any],
) -> str:
    """The phone's confirm screen: who logs in, to what, and the two buttons."""
    body = Markup(
        '<main data-state="{state}"><h1>登录确认</h1>'
        '<img class="avatar" alt="" src="{avatar}"><div class="name" id="name">{name}</div>'
        '<div class="corp" id="corp">{corp}</div>'
        '<p id="question">确认登录 <b>{app}</b> 网页版？<br>Log in to {app} on the web?</p>'
        '<button id="confirm" class="primary">确认登录 Confirm</button>'
        '<button id="cancel">取消登录 Cancel</button>'
        '<div id="status"></div><p><a id="back" href="{back}">扫一扫 Scan again</a></p></main>'
    ).format(
        back=config["back"], state=state, avatar=avatar, name=name, corp=corp_name, app=app_name
    )
    return _page("登录确认 Confirm login", body, config, "qrphone.js")


def scanner_page(*, name: str, corp_name: str, config: dict[str, Any]) -> str:
    """The phone's scanner: scan the code on screen, or take or upload a photo of it."""
    body = Markup(
        '<main data-state="ready"><h1>扫一扫 Scan</h1>'
        '<div class="name" id="name">{name}</div><div class="corp" id="corp">{corp}</div>'
        '<button id="scan-screen" class="primary">扫描屏幕二维码 Scan the code on screen</button>'
        '<label><button id="take-photo" type="button">拍照或上传 Photo of the code</button>'
        '<input id="photo" type="file" accept="image/*" capture="environment" hidden></label>'
        '<div id="status"></div></main>'
    ).format(name=name, corp=corp_name)
    return _page("钉钉 扫一扫 DingTalk scan", body, config, "qrscanner.js")


def error_page(message: str, detail: str = "") -> str:
    """What the login host shows for a request it refuses."""
    body = Markup(
        '<main data-state="error"><h1>钉钉登录</h1><p id="error" class="bad">{}</p>'
        '<p class="app">{}</p></main>'
    ).format(message, detail)
    return _page("钉钉登录 DingTalk login", Markup(body), None, None)

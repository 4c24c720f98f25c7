"""The device shell: the phone's native frame drawn around the app.

``GET /__ddemu__/shell?device=NAME`` is a page showing the device's status bar
(the virtual clock's time, the network, the battery), the DingTalk navigation
bar as the page set it (``device.navigation``), the app in an iframe of the
profile's viewport, and layers for toasts, the preloader, dialogs and pickers
(``device.ui``). The page is the viewport plus the two bars
(:func:`shell_viewport`).

The page learns what changed by long polling ``/__ddemu__/shell/state``: the
answer comes as soon as the state differs from what the page last drew (a
request arrives, the title changes ...), or after :data:`POLL_SECONDS` with
the same state. A person's clicks come back as ``POST /__ddemu__/shell/answer``
and ``POST /__ddemu__/shell/tap``. While a shell polls, a person counts as
looking at the device (:attr:`emulator.ui.UI.people_watching`), so UI requests
wait for a click; ``&person=0`` opens a shell that only shows.

The page's JS and CSS are package data in ``shell_static/``: ``shell.js`` and
``shell.css`` first, then every other ``*.js`` there in name order. Those
register renderers for the kinds of request they draw
(``ddemuShell.register(kind, render)``); see docs/reference/shell.md.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime, timedelta, timezone
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, abort, current_app, request
from markupsafe import escape

from bridge.errors import ConfigError

from .assets import PREFIX
from .control import only_local_or_token

if TYPE_CHECKING:
    from emulator.device import Device
    from emulator.emulator import Emulator
    from emulator.profiles import DeviceProfile

__all__ = ["SHELL_PATH", "bp", "shell_state", "shell_viewport"]

#: The shell's path on the app server.
SHELL_PATH = f"{PREFIX}/shell"
#: Seconds a state request waits for a change before it answers anyway.
POLL_SECONDS = 10.0
#: Seconds between looks at state that does not announce its changes (the navigation bar).
LOOK_SECONDS = 0.1
#: Height of the status bar and of the navigation bar, CSS pixels, per persona.
STATUS_BAR = {"ios": 44, "android": 24, "harmony": 36}
NAV_BAR = 44
#: The phone's time zone: the emulated phone is in China, as its pages are (UTC+8).
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")

bp = Blueprint("shell", __name__, url_prefix=SHELL_PATH)


def shell_viewport(profile: DeviceProfile) -> dict[str, int]:
    """The size of the shell page whose app iframe is ``profile``'s viewport, CSS pixels."""
    bars = STATUS_BAR.get(profile.persona, 0) + NAV_BAR
    return {"width": profile.width, "height": profile.height + bars}


bp.before_request(only_local_or_token)

_STATIC = files("emulator.server") / "shell_static"

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ddemu · {title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{static}/shell.css">
<script>window.__DDEMU_SHELL__ = {config};</script>
{scripts}
</head>
<body class="dd-persona-{persona}">
<div id="dd-phone" style="--dd-width: {width}px; --dd-height: {height}px;
  --dd-status: {status}px; --dd-nav: {nav}px;">
  <div id="dd-status"></div>
  <div id="dd-nav"></div>
  <div id="dd-body">
    <iframe id="dd-app" name="ddemu-app" src="{src}"
      allow="clipboard-read; clipboard-write; geolocation; camera; microphone"></iframe>
  </div>
  <div id="dd-layers"></div>
</div>
</body>
</html>
"""


def _scripts() -> list[str]:
    """The shell's JS files in load order: ``shell.js``, then the others by name."""
    names = sorted(p.name for p in _STATIC.iterdir() if p.name.endswith(".js"))
    return ["shell.js", *[n for n in names if n != "shell.js"]]


def _emulator() -> Emulator:
    return current_app.config["DDEMU_EMULATOR"]  # type: ignore[no-any-return]


def _device(name: str | None) -> Device:
    emulator = _emulator()
    device = emulator.devices.get(name) if name else emulator.device
    if device is None:
        abort(404, f"no device named {name!r}; devices: {', '.join(emulator.devices)}")
    return device


@bp.get("")
def page() -> Response:
    """The shell of ``?device=NAME`` (the default device); the app at ``?url=`` or its home."""
    emulator = _emulator()
    device = _device(request.args.get("device"))
    app_url = request.args.get("url") or emulator.home_url_for(device.name)
    if not app_url.startswith(("http://", "https://", "/")):
        abort(400, "url must be an http(s) URL or a path")
    person = request.args.get("person", "1") not in ("0", "false", "no")
    static = f"{SHELL_PATH}/static"
    config = {
        "device": device.name,
        "person": person,
        "stateUrl": f"{SHELL_PATH}/state",
        "answerUrl": f"{SHELL_PATH}/answer",
        "tapUrl": f"{SHELL_PATH}/tap",
        "goneUrl": f"{SHELL_PATH}/gone",
    }
    scripts = "\n".join(f'<script src="{static}/{escape(name)}"></script>' for name in _scripts())
    html = _PAGE.format(
        title=escape(device.name),
        static=static,
        # "</" cannot end the script element early once escaped as "<\/".
        config=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        scripts=scripts,
        persona=escape(device.persona),
        width=device.profile.width,
        height=shell_viewport(device.profile)["height"],
        status=STATUS_BAR.get(device.persona, 0),
        nav=NAV_BAR,
        src=escape(app_url),
    )
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/static/<name>")
def static(name: str) -> Response:
    """One of the shell's JS or CSS files."""
    mimetypes = {".js": "text/javascript", ".css": "text/css"}
    suffix = name[name.rfind(".") :] if "." in name else ""
    resource = _STATIC / name
    if "/" in name or suffix not in mimetypes or not resource.is_file():
        abort(404)
    response = Response(resource.read_text("utf-8"), mimetype=mimetypes[suffix])
    response.headers["Cache-Control"] = "no-store"
    return response


def shell_state(device: Device) -> dict[str, Any]:
    """What the shell draws for ``device`` now, as JSON."""
    clock = device.platform.clock
    now = clock.now()
    nav = device.navigation
    ui = device.ui
    toast = None
    if device.toasts:
        last = device.toasts[-1]
        if last.at > ui.toasts_hidden_at and now < last.at + last.duration:
            toast = {"text": last.text, "icon": last.icon, "at": last.at}
    return {
        "device": device.name,
        "persona": device.persona,
        "time": datetime.fromtimestamp(now, CHINA).strftime("%H:%M"),
        "network": device.network,
        "battery": {"level": device.battery.level, "charging": device.battery.charging},
        "navigation": {
            "title": nav.title,
            "subtitle": nav.subtitle,
            "left": _button(nav.left),
            "right": _button(nav.right),
            "menu": None
            if nav.menu is None
            else {
                "items": [
                    {
                        "id": item.id,
                        "text": item.text,
                        "iconId": item.icon_id,
                        "showRedDot": item.show_red_dot,
                        "badge": item.badge,
                    }
                    for item in nav.menu.items
                ],
                "backgroundColor": nav.menu.background_color,
                "textColor": nav.menu.text_color,
            },
            "icon": None if nav.icon is None else {"show": nav.icon.show, "index": nav.icon.index},
            "hidden": nav.hidden,
            "closed": nav.closed,
        },
        "toast": toast,
        "preloader": ui.preloader,
        "refreshing": device.refreshing,
        "pending": [r.as_json() for r in ui.pending],
    }


def _button(button: Any) -> dict[str, Any] | None:
    if button is None:
        return None
    return {
        "text": button.text,
        "show": button.show,
        "control": button.control,
        "showIcon": button.show_icon,
    }


def _etag(state: dict[str, Any]) -> str:
    text = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@bp.get("/state")
def state() -> dict[str, Any]:
    """The state, once it differs from ``?since=ETAG`` (or after a while).

    ``?shell=ID`` names the shell page; while it polls, a person counts as
    looking at the device unless ``?person=0``.
    """
    name = request.args.get("device")
    since = request.args.get("since", "")
    shell_id = request.args.get("shell", "")
    person = request.args.get("person", "1") not in ("0", "false", "no")
    deadline = time.monotonic() + POLL_SECONDS
    device = _device(name)
    devices = _emulator().devices
    while True:
        if shell_id:
            device.ui.shell_seen(shell_id, person=person)
        current = shell_state(device)
        etag = _etag(current)
        # A reset replaces the devices: answer, so a shell still open asks the new one.
        replaced = devices.get(device.name) is not device
        if etag != since or replaced or time.monotonic() >= deadline:
            return {"etag": etag, **current}
        device.ui.wait_changed(device.ui.version, LOOK_SECONDS)


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "send a JSON object")
    return body


def _refuse(message: str, status: int = 409) -> Response:
    return Response(json.dumps({"error": message}), status=status, mimetype="application/json")


@bp.post("/answer")
def answer() -> Any:
    """A person's answer: ``{device, id, result}``, or ``{device, id, cancel: true}``."""
    body = _json_body()
    device = _device(body.get("device"))
    try:
        ui_request = device.ui.get(str(body.get("id")))
        if body.get("cancel"):
            answered = ui_request.cancel(source="person")
        else:
            result = body.get("result")
            if not isinstance(result, dict):
                return _refuse("result must be a JSON object", 400)
            answered = ui_request.answer(result, source="person")
    except ConfigError as exc:
        return _refuse(str(exc))
    if not answered:
        return _refuse(f"{ui_request.id} was already answered ({ui_request.source})")
    return {"ok": True, "id": ui_request.id}


@bp.post("/tap")
def tap() -> Any:
    """A person's tap: ``{device, target: right|left|menu|icon|back|reopen, id?}``."""
    body = _json_body()
    device = _device(body.get("device"))
    target = body.get("target")
    nav = device.navigation
    try:
        if target == "right":
            called = nav.tap_right()
        elif target == "left":
            called = nav.tap_left()
        elif target == "menu":
            called = nav.tap_menu(body.get("id"))
        elif target == "icon":
            called = nav.tap_icon()
        elif target == "back":
            called = bool(device.back().prevented())
        elif target == "reopen":  # the person opens the closed app again
            nav.closed = called = False
            device.ui.changed()
        else:
            return _refuse("target must be right, left, menu, icon, back or reopen", 400)
    except ConfigError as exc:
        return _refuse(str(exc))
    return {"ok": True, "calledBack": bool(called)}


@bp.post("/gone")
def gone() -> Any:
    """The shell page ``?shell=ID`` closed: nobody looks through it any more."""
    device = _device(request.args.get("device"))
    device.ui.shell_gone(request.args.get("shell", ""))
    return {"ok": True}

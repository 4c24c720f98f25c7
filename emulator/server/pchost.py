"""The PC client's host shell: the page around the app on the ``pc`` persona.

The DingTalk PC client shows an H5 app in an iframe whose ``window.name`` is
JSON ``{hostOrigin, containerId, hostVersion, language}``. ``dingtalk-jsapi``
detects PC from it, posts every call to ``window.top`` and trusts only answers
from ``hostOrigin``, and only if that origin's host ends in ``.dingtalk.com``.
So ddemu serves this shell page from the app server under the name
:data:`PC_HOST_NAME`, which the browser must map to loopback (Chromium:
``--host-resolver-rules="MAP h5.dingtalk.com 127.0.0.1"``, which
:func:`emulator.browsers.chromium_launch_options` adds). The shell gets the
device's shim, whose ``pc.js`` answers the app's requests over the bridge.

``GET /__ddemu__/pc/host.html?device=NAME&url=URL`` embeds ``URL`` (the
device's home page by default) for the device ``NAME`` (the default device).
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

from flask import Blueprint, Response, abort, current_app, request
from markupsafe import Markup, escape

from .assets import PREFIX

__all__ = ["PC_HOST_NAME", "PC_HOST_PATH", "bp"]

#: The host name of the shell's origin; any name ending in ``.dingtalk.com`` works.
PC_HOST_NAME = "h5.dingtalk.com"
#: The shell's path on the app server.
PC_HOST_PATH = f"{PREFIX}/pc/host.html"

bp = Blueprint("pchost", __name__, url_prefix=f"{PREFIX}/pc")

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<script src="{shim}"></script>
<meta charset="utf-8">
<title>DingTalk</title>
<link rel="icon" href="data:,">
<style>
  html, body {{ margin: 0; height: 100%; overflow: hidden; background: #fff; }}
  body {{ display: flex; flex-direction: column; }}
  iframe {{ flex: 1; width: 100%; border: 0; display: block; }}
  .ddemu-warning {{ margin: 0; padding: 8px 12px; background: #fff3cd; color: #664d03;
    font: 13px/1.4 system-ui, sans-serif; }}
</style>
</head>
<body>
{warning}<iframe id="ddemu-app" name="{name}" src="{src}"
  allow="clipboard-read; clipboard-write; geolocation; camera; microphone"></iframe>
</body>
</html>
"""


@bp.get("/host.html")
def host() -> Response:
    """The shell page for one device, with the app in its iframe."""
    emulator = current_app.config["DDEMU_EMULATOR"]
    wanted = request.args.get("device") or None
    device = emulator.devices.get(wanted) if wanted else emulator.device
    if device is None:
        abort(404, f"no device named {wanted!r}")
    if device.persona != "pc":
        abort(409, f"device {device.name!r} is {device.persona}, not a PC client")
    shim_src = f"{PREFIX}/shim.js"
    if wanted:
        shim_src += f"?device={quote(wanted, safe='')}"
    app_url = request.args.get("url") or emulator.home_url_for(device.name)
    if urlsplit(app_url).scheme not in ("http", "https"):
        abort(400, "url must be an http(s) URL")
    origin = f"{request.scheme}://{request.host}"
    name = {
        "hostOrigin": origin,
        "containerId": f"ddemu-{device.name}",
        "hostVersion": device.profile.dingtalk_version,
        "language": device.profile.language.replace("-", "_"),
    }
    warning = Markup("")
    parts = urlsplit(origin)
    if not (parts.hostname or "").endswith(".dingtalk.com"):
        # dingtalk-jsapi would ignore this host, and every call would hang.
        port = f":{parts.port}" if parts.port else ""
        warning = Markup('<p class="ddemu-warning">{}</p>\n').format(
            "ddemu: dingtalk-jsapi only talks to a host whose name ends in .dingtalk.com,"
            f" not {parts.hostname}. Open http://{PC_HOST_NAME}{port}{PC_HOST_PATH}"
            f" with {PC_HOST_NAME} mapped to 127.0.0.1."
        )
    page = _PAGE.format(
        shim=escape(shim_src),
        warning=warning,
        name=escape(json.dumps(name, ensure_ascii=False)),
        src=escape(app_url),
    )
    response = Response(page, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response

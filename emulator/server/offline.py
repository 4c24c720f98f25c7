"""A device's offline packages on the app server, for hosts that cannot answer https themselves.

``GET /__ddemu__/offline/<device>/<host[@port]>/<path>?<query>`` answers the
https URL ``https://<host[:port]>/<path>?<query>`` as the device does: a page
with ``dd_mini_app_id`` opens that app first; an entry of an open package is
answered from it (content type, CORS headers, and the shim in HTML pages);
anything else is redirected to the URL itself, online.

``GET /__ddemu__/api/offline`` lists, per device, the apps opened and where
each request was answered from (loopback callers, or ``?token=``).

This is for a browser that can use neither Playwright's routes nor a proxy
(the desktop window uses :mod:`emulator.packageproxy`): a request interceptor
redirects such requests here (``open_window(..., redirect=...)``). Relative
URLs in a page from a package resolve under the same prefix, so they are
answered here too; root-relative ones reach the app server's root.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from offline_packages.install import content_type

from ..offline import CORS_HEADERS, OFFLINE_PREFIX, app_id_of
from .assets import PREFIX
from .control import only_local_or_token
from .inject import inject_head

__all__ = ["bp"]

bp = Blueprint("offline", __name__)


@bp.route(f"{OFFLINE_PREFIX}/<device>/<host>/", defaults={"path": ""}, methods=["GET", "HEAD"])
@bp.route(f"{OFFLINE_PREFIX}/<device>/<host>/<path:path>", methods=["GET", "HEAD"])
def serve(device: str, host: str, path: str) -> BaseResponse:
    """The https URL's answer from the device's packages, or a redirect online."""
    emulator = current_app.config["DDEMU_EMULATOR"]
    found = emulator.devices.get(device)
    if found is None:
        abort(404)
    query = request.query_string.decode("latin-1")
    url = f"https://{host.replace('@', ':', 1)}/{quote(path, safe='/%@:+,;=&$!~*()')}"
    url += f"?{query}" if query else ""
    offline = found.offline
    app_id = app_id_of(url)
    if app_id is not None:
        state = offline.open(app_id)
        if state.installed is not None:
            emulator.allow_origin(f"https://{host.replace('@', ':', 1)}")
    target, _ = offline.resolve(url)
    try:
        body = target.read_bytes() if target is not None else None
    except OSError:  # gone from a stale cache
        body = None
    if target is None or body is None:
        return redirect(url, 302)
    kind = content_type(target.name)
    if kind.startswith("text/html"):
        src = f"{PREFIX}/shim.js?device={escape(quote(device, safe=''))}"
        body = inject_head(body, f'<script src="{src}"></script>'.encode())
    response = Response(body, 200, content_type=kind)
    response.headers.update(CORS_HEADERS)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get(f"{PREFIX}/api/offline")
def log() -> dict[str, Any]:
    """Each device's open apps (status, version, reason) and its requests with their source."""
    only_local_or_token()
    emulator = current_app.config["DDEMU_EMULATOR"]
    return {
        "devices": {
            name: {
                "apps": {
                    app_id: {
                        "status": state.status.value,
                        "version": state.installed.version if state.installed else None,
                        "reason": state.reason,
                    }
                    for app_id, state in device.offline.apps.items()
                },
                "requests": [
                    {"url": served.url, "source": str(served)} for served in device.offline.requests
                ],
            }
            for name, device in emulator.devices.items()
        }
    }

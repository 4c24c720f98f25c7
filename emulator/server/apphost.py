"""The micro-app, served at the root of its own origin with the shim injected.

Apps use absolute paths (``/static/app.js``), so the app owns the origin's
root. Every HTML page gets ``<script src="/__ddemu__/shim.js">`` as the first
element of ``<head>``: it runs before any script of the page, in every host,
phone browsers included. A path without a file extension that matches nothing
falls back to ``index.html``, for single-page apps with history routing.
A ``<script>`` loading ``dingtalk.open.js`` from the CDN is pointed at ddemu's
own ``dd`` (``/__ddemu__/dingtalk.open.js``, see :mod:`jsapi.cdn`), on PC too: there it
talks to the host shell by postMessage, as the library does.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, request, send_file
from markupsafe import escape
from werkzeug.security import safe_join

from .assets import CDN_PATH, PREFIX
from .inject import inject_head, rewrite_cdn

__all__ = ["bp"]

bp = Blueprint("apphost", __name__)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def serve(path: str) -> Response:
    emulator = current_app.config["DDEMU_EMULATOR"]
    root = Path(emulator.app)
    joined = safe_join(str(root), path)
    if joined is None:
        abort(404)
    target = Path(joined)
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        if Path(path).suffix or not (root / "index.html").is_file():
            abort(404)
        target = root / "index.html"
    mimetype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if mimetype != "text/html":
        response = send_file(target, mimetype=mimetype, max_age=0)
    else:
        device = request.args.get("ddemu_device", "")
        # Quote for the URL ("a&b", "phone+2"), then escape for the attribute.
        src = f"{PREFIX}/shim.js" + (f"?device={escape(quote(device, safe=''))}" if device else "")
        tag = f'<script src="{src}"></script>'.encode()
        page = target.read_bytes()
        page = rewrite_cdn(page, CDN_PATH.encode())
        response = Response(inject_head(page, tag), mimetype=mimetype)
    # A developer edits the app while it runs: never serve a stale copy.
    response.headers["Cache-Control"] = "no-cache"
    return response

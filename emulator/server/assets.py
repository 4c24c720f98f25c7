"""ddemu's own files, under a prefix no app uses: ``/__ddemu__/``."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from bridge.errors import ConfigError
from jsapi.cdn import cdn_source

__all__ = ["CDN_PATH", "PREFIX", "bp"]

PREFIX = "/__ddemu__"

#: Where served pages get ddemu's own ``dd`` instead of the CDN dingtalk.open.js.
CDN_PATH = f"{PREFIX}/dingtalk.open.js"

bp = Blueprint("assets", __name__, url_prefix=PREFIX)


@bp.get("/shim.js")
def shim() -> Response:
    """The shim for the device named by ``?device=`` (the default device otherwise)."""
    emulator = current_app.config["DDEMU_EMULATOR"]
    try:
        text = emulator.shim(request.args.get("device") or None)
    except ConfigError as exc:  # an unknown device: say so in DevTools' network tab
        return Response(f"// ddemu: {exc}\n", status=404, mimetype="text/javascript")
    response = Response(text, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dingtalk.open.js")
def dingtalk_open() -> Response:
    """ddemu's own ``dd``, for pages that load dingtalk.open.js from the CDN."""
    response = Response(cdn_source(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-store"
    return response

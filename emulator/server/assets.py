"""ddemu's own files, under a prefix no app uses: ``/__ddemu__/``."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

__all__ = ["PREFIX", "bp"]

PREFIX = "/__ddemu__"

bp = Blueprint("assets", __name__, url_prefix=PREFIX)


@bp.get("/shim.js")
def shim() -> Response:
    """The shim for the device named by ``?device=`` (the default device otherwise)."""
    emulator = current_app.config["DDEMU_EMULATOR"]
    text = emulator.shim(request.args.get("device") or None)
    response = Response(text, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-store"
    return response

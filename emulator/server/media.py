"""The phone's files, served on the app's origin for the pages that chose them.

``GET /__ddemu__/media/<device>/<token>/<name>``: a picture or file that a
picker (``chooseImage``, ``chooseFile`` ...) gave the page, as
:meth:`emulator.media.LocalFile.path` names it. The token is unguessable; the name
must match too. Other origins may read it (a page in the PC client's iframe).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from ..media import LOCAL_PREFIX

__all__ = ["bp"]

bp = Blueprint("media_files", __name__, url_prefix=LOCAL_PREFIX)


@bp.get("/<device>/<token>/<path:name>")
def local_file(device: str, token: str, name: str) -> Response:
    """A file on the phone ``device``; 404 for anything else."""
    emulator = current_app.config["DDEMU_EMULATOR"]
    phone = emulator.devices.get(device)
    found = phone.media.lookup(token) if phone is not None else None
    if found is None or found.name != name:
        return Response("no such file on the phone\n", status=404, mimetype="text/plain")
    response = Response(found.data, mimetype=found.mime)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response

"""Media the platform hosts: the people's generated avatars."""

from __future__ import annotations

from flask import Blueprint, Response

from ...avatars import avatar_png
from .auth import platform

__all__ = ["AVATAR_PATH", "bp"]

#: Where avatars are served, relative to the platform's root; ``{unionid}`` filled in.
AVATAR_PATH = "media/avatar/{unionid}.png"

bp = Blueprint("media", __name__)


@bp.get("/media/avatar/<unionid>.png")
def avatar(unionid: str) -> Response:
    """The avatar of the person ``unionid``; 404 for someone the org does not know."""
    if not platform().org.memberships(unionid):
        # A plain HTTP 404, as a CDN answers: not the legacy host's errcode envelope.
        return Response("no such avatar\n", status=404, mimetype="text/plain")
    response = Response(avatar_png(unionid), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response

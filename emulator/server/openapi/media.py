"""Media the platform hosts: the people's generated avatars, and the media store.

- ``GET /media/avatar/<unionid>.png``: a person's avatar;
- ``POST /media/upload?access_token=&type=``: a backend uploads a file
  (multipart field ``media``) and gets its ``media_id``;
- ``GET /media/downloadFile?access_token=&media_id=`` (and the older
  ``/media/get``): a backend downloads a file a client or backend uploaded;
- ``GET /media/static/<name>``: an uploaded file's public URL, as
  ``biz.util.uploadImage`` answers it to the page.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, request

from bridge.errors import ConfigError

from ...avatars import avatar_png
from ...mediastore import MAX_BYTES, MEDIA_KINDS, STATIC_PREFIX, StoredMedia
from .auth import legacy_app_token, platform
from .envelopes import LegacyError, legacy_ok

__all__ = ["AVATAR_PATH", "MEDIA_FIELD", "bp"]

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


# -- the media store (docs/reference/media.md) -------------------------------

#: The multipart field the file comes in, as DingTalk's upload API names it.
MEDIA_FIELD = "media"


def _upload_limit() -> int:
    # Room for the multipart envelope around the largest file.
    return max(MAX_BYTES.values()) + 64 * 1024


@bp.post("/media/upload")
def upload() -> Response:
    """Store a backend's file: ``?access_token=&type=`` and the multipart field ``media``.

    Answers ``{type, media_id, created_at}``; 40035 names a missing or wrong
    ``type`` or ``media``, and a file over its type's size limit.
    """
    token = legacy_app_token()
    request.max_content_length = _upload_limit()
    if request.content_length is not None and request.content_length > _upload_limit():
        raise LegacyError(40035, f"不合法的参数 media: over {max(MAX_BYTES.values())} bytes")
    kind = request.args.get("type") or request.form.get("type")
    if not kind:
        raise LegacyError(40035, "缺少参数 type")
    if kind not in MEDIA_KINDS:
        raise LegacyError(40035, f"不合法的参数 type: {kind}")
    file = request.files.get(MEDIA_FIELD)
    if file is None:
        raise LegacyError(40035, f"缺少参数 {MEDIA_FIELD}")
    try:
        data = file.read(MAX_BYTES[kind] + 1)
    finally:
        file.close()  # a big upload is spooled to a temporary file
    try:
        stored = platform().media.put(
            data,
            kind=kind,
            name=file.filename or f"{kind}.bin",
            mime=file.mimetype or None,
            uploader=token.app_key,
        )
    except ConfigError as exc:
        raise LegacyError(40035, f"不合法的参数 {MEDIA_FIELD}: {exc}") from None
    return legacy_ok(type=stored.kind, media_id=stored.media_id, created_at=stored.created_at)


@bp.route("/media/downloadFile", methods=["GET", "POST"])
@bp.get("/media/get")
def download() -> Response:
    """A stored file's bytes: ``?access_token=&media_id=`` (POST: also a JSON body).

    An unknown ``media_id`` is 40035 in the legacy envelope.
    """
    legacy_app_token()
    media_id = request.args.get("media_id", "")
    if not media_id and request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("media_id"), str):
            media_id = body["media_id"]
    if not media_id:
        raise LegacyError(40035, "缺少参数 media_id")
    stored = platform().media.get(media_id)
    if stored is None:
        raise LegacyError(40035, f"不合法的参数 media_id: {media_id}")
    return _file_response(stored)


@bp.get(f"/{STATIC_PREFIX}<name>")
def static_media(name: str) -> Response:
    """A stored file at its public URL, as DingTalk's CDN serves uploaded images."""
    stored = platform().media.by_static_name(name)
    if stored is None:
        return Response("no such media\n", status=404, mimetype="text/plain")
    response = _file_response(stored)
    # Pages load it from their own origin: allow reading it, as a CDN does.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def _file_response(stored: StoredMedia) -> Response:
    response = Response(stored.data, mimetype=stored.mime)
    quoted = quote(stored.name)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quoted}"
    return response

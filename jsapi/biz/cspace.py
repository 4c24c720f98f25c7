"""DingTalk Drive (钉盘) from the page: attachments and their preview (docs/reference/media.md).

``biz.util.uploadAttachment`` picks from the phone (the album for ``photo`` and
``camera``, the storage for ``file``) or from Drive (``space``), uploads into
the page's space on the platform's Drive, and answers the files there.
``biz.cspace.preview`` opens a Drive file; it is recorded on the device.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bridge.errors import Cancelled, InvalidParams

from ..context import Context
from ..ranges import whole_in
from ..registry import Namespace
from .images import MAX_CHOSEN

if TYPE_CHECKING:
    from emulator.drive import DriveFile

__all__ = ["ATTACHMENT_TYPES", "cspace", "ns"]

ns = Namespace("biz.util")
cspace = Namespace("biz.cspace")

#: Where an attachment may come from, as the page lists them in ``types``.
ATTACHMENT_TYPES = ("photo", "camera", "file", "space")

#: The params object that configures each type.
_SECTION = {"photo": "image", "camera": "image", "file": "file", "space": "space"}


def _types(params: dict[str, Any]) -> list[str]:
    types = params.get("types")
    if not isinstance(types, list) or not types:
        raise InvalidParams("param 'types' is required: a list of photo, camera, file, space")
    for kind in types:
        if kind not in ATTACHMENT_TYPES:
            raise InvalidParams(f"param 'types' lists photo, camera, file or space, got {kind!r}")
    return types


def _section(params: dict[str, Any], kind: str) -> dict[str, Any]:
    name = _SECTION[kind]
    section = params.get(name)
    if not isinstance(section, dict):
        raise InvalidParams(f"param {name!r} is required for the type {kind!r}, with its spaceId")
    space = section.get("spaceId")
    if not isinstance(space, str | int) or isinstance(space, bool) or space == "":
        raise InvalidParams(f"param '{name}.spaceId' is required for the type {kind!r}")
    return section


@ns.method("uploadAttachment")
def upload_attachment(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Pick from the first listed source that has something, upload into Drive: ``{type, data}``."""
    types = _types(params)
    sections = {kind: _section(params, kind) for kind in types}
    media, drive = ctx.device.media, ctx.platform.drive
    for kind in types:
        section = sections[kind]
        space = str(section["spaceId"])
        if kind in ("photo", "camera"):
            multiple = section.get("multiple") is True
            count = whole_in(section, "max", 1, MAX_CHOSEN, MAX_CHOSEN) if multiple else 1
            if not media.images:
                continue
            picked = [(f.name, f.data) for f in media.pick_images(count, camera=kind == "camera")]
        elif kind == "file":
            count = whole_in(section, "max", 1, MAX_CHOSEN, 1)
            if not media.files:
                continue
            picked = [(f.name, f.data) for f in media.pick_files(count)]
        else:
            count = whole_in(section, "max", 1, MAX_CHOSEN, 1)
            existing = drive.files()[:count]
            if not existing:
                continue
            if whole_in(section, "isCopy", 0, 1, 0) == 0:
                return {"type": kind, "data": [f.as_result() for f in existing]}
            picked = [(f.name, f.data) for f in existing]
        uploader = f"device:{ctx.device.name}"
        added = [drive.add(space, n, data, uploader=uploader) for n, data in picked]
        return {"type": kind, "data": [f.as_result() for f in added]}
    raise Cancelled("cancelled: nothing to attach from " + ", ".join(types))


@cspace.method("preview")
def preview(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Open a Drive file by ``spaceId`` and ``fileId``; recorded on the device."""
    found: DriveFile | None = None
    space, file_id = params.get("spaceId"), params.get("fileId")
    if isinstance(space, str | int) and isinstance(file_id, str | int):
        found = ctx.platform.drive.get(str(space), str(file_id))
    if found is None:
        raise InvalidParams(f"param 'fileId': no Drive file {file_id!r} in space {space!r}")
    ctx.device.media.drive_previews.append(found)
    return {}

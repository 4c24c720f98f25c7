"""``biz.util`` images: choose, upload, preview (docs/reference/media.md).

The pickers answer from the device's album (``ctx.device.media``); the page
gets URLs it can load. ``chooseImage`` gives the phone's own files, on the
page's origin; ``uploadImage`` and ``uploadImageFromCamera`` upload the
picked images to the platform's media store, as the client uploads them to
DingTalk, and give their public URLs.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PIL import Image

from bridge.errors import InvalidParams, Unavailable

from ..context import Context
from ..ranges import whole_in
from ..registry import Namespace

if TYPE_CHECKING:
    from emulator.media import LocalFile

__all__ = ["MAX_CHOSEN", "MAX_PREVIEW", "file_url", "ns", "page_url"]

ns = Namespace("biz.util")

#: The most images one picker gives.
MAX_CHOSEN = 9
#: The most images one preview shows.
MAX_PREVIEW = 200

_SOURCES = ("camera", "album")


def page_url(ctx: Context) -> str | None:
    """The URL of the calling page, as it said in its hello; None without a page."""
    if ctx.session is None:
        return None
    url = ctx.session.hello.get("url")
    return url if isinstance(url, str) else None


def file_url(ctx: Context, file: LocalFile) -> str:
    """The URL the calling page loads a file of the phone from: on the page's own origin.

    Without a page (a handler called from a test), the root-relative path.
    """
    path = file.path(ctx.device.name)
    parts = urlsplit(page_url(ctx) or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return path
    return f"{parts.scheme}://{parts.netloc}{path}"


def _sources(params: dict[str, Any]) -> tuple[str, ...]:
    given = params.get("sourceType")
    if given is None:
        return _SOURCES
    if not given or not all(isinstance(s, str) and s in _SOURCES for s in given):
        raise InvalidParams(f"param 'sourceType' lists 'camera' and/or 'album', got {given!r}")
    return tuple(given)


@ns.method("chooseImage")
def choose_image(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Up to ``count`` images of the album (the camera: one); cancel ``"-1"`` when none."""
    count = whole_in(params, "count", 1, MAX_CHOSEN, 1)
    camera_only = _sources(params) == ("camera",)
    picked = ctx.device.media.pick_images(count, camera=camera_only)
    urls = [file_url(ctx, f) for f in picked]
    return {
        "filePaths": urls,
        "files": [
            {"path": url, "size": f.size, "fileType": f.file_type}
            for url, f in zip(urls, picked, strict=True)
        ],
    }


def _upload(ctx: Context, count: int, *, camera: bool) -> list[str]:
    media = ctx.device.media
    store = ctx.platform.media
    urls = []
    for picked in media.pick_images(count, camera=camera):
        stored = store.put(
            picked.data,
            kind="image",
            name=picked.name,
            mime=picked.mime,
            uploader=f"device:{ctx.device.name}",
        )
        media.uploads.append(stored)
        urls.append(store.url(stored))
    return urls


def _check_quality(params: dict[str, Any]) -> None:
    for name in ("quality", "resize"):
        whole_in(params, name, 0, 100, 0)


@ns.method("uploadImage")
def upload_image(params: dict[str, Any], ctx: Context) -> list[str]:
    """Pick images (``multiple``: up to ``max``) and upload them; their public URLs."""
    _check_quality(params)
    multiple = params.get("multiple") is True
    count = whole_in(params, "max", 1, MAX_CHOSEN, MAX_CHOSEN) if multiple else 1
    return _upload(ctx, count, camera=False)


@ns.method("uploadImageFromCamera")
def upload_image_from_camera(params: dict[str, Any], ctx: Context) -> list[str]:
    """Take a photo (the album's first image) and upload it; its public URL."""
    _check_quality(params)
    return _upload(ctx, 1, camera=True)


@ns.method("previewImage")
def preview_image(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Show ``urls`` full screen from ``current`` (a URL, or an index); recorded on the device."""
    urls = params["urls"]
    if not urls or not all(isinstance(u, str) and u for u in urls):
        raise InvalidParams("param 'urls' must be a non-empty list of image URLs")
    if len(urls) > MAX_PREVIEW:
        raise InvalidParams(f"param 'urls' holds at most {MAX_PREVIEW} images, got {len(urls)}")
    current = params.get("current")
    if isinstance(current, int) and not isinstance(current, bool):
        if not 0 <= current < len(urls):
            raise InvalidParams(f"param 'current' must be 0 to {len(urls) - 1}, got {current}")
        current = urls[current]
    # A URL not in the list shows the first, as the client does with a stale one.
    shown = current if isinstance(current, str) and current in urls else urls[0]
    ctx.device.media.preview(list(urls), shown)
    return {}


@ns.method("closePreviewImage")
def close_preview_image(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Close the image preview, if one is showing."""
    ctx.device.media.close_preview()
    return {}


@ns.method("chooseMedia")
def choose_media(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Up to ``count`` images of the album (1 to 9, default 9), as ``tempFiles``; cancel "-1"."""
    count = whole_in(params, "count", 1, MAX_CHOSEN, MAX_CHOSEN)
    camera_only = _sources(params) == ("camera",)
    picked = ctx.device.media.pick_images(count, camera=camera_only)
    return {
        "tempFiles": [
            {
                "size": f.size,
                "width": f.width,
                "height": f.height,
                "duration": 0,
                "fileType": "image",
                "tempFilePath": file_url(ctx, f),
            }
            for f in picked
        ]
    }


@ns.method("getImageInfo")
def get_image_info(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The size of a picture of the phone, or of an image uploaded to the platform, by ``src``."""
    src = params.get("src")
    if not isinstance(src, str) or not src:
        raise InvalidParams("param 'src' is required, the image's path or URL")
    local = ctx.device.media.file_at(src)
    if local is not None and local.width is not None:
        return {"path": src, "width": local.width, "height": local.height}
    stored = ctx.platform.media.by_static_name(urlsplit(src).path.rsplit("/", 1)[-1])
    if stored is not None and stored.kind == "image":
        try:
            with Image.open(io.BytesIO(stored.data)) as image:
                width, height = image.size
        except (OSError, ValueError):
            raise Unavailable(f"{src} is not an image ddemu can read") from None
        return {"path": src, "width": width, "height": height}
    raise Unavailable(
        f"param 'src': {src} is neither a picture of the phone nor an image uploaded to"
        " the platform; ddemu is offline and reads no other image"
    )

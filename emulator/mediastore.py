"""The open platform's media store: files uploaded by clients and backends.

DingTalk keeps what the client uploads for a page (``biz.util.uploadImage``,
a voice recording) and what backends upload (``POST /media/upload``) under a
``media_id`` such as ``@lADPxxxx``. A backend downloads it with
``GET /media/downloadFile?access_token=&media_id=``; images uploaded for a
page are also public at a CDN-style URL::

    stored = emu.platform.media.put(png_bytes, kind="image", name="receipt.png")
    stored.media_id          # '@lADP...'
    emu.platform.media.url(stored)   # 'http://127.0.0.1:5xxxx/media/static/lADP....png'

Sizes are bounded as the platform bounds them (:data:`MAX_BYTES`); formats are
not checked.
"""

from __future__ import annotations

import mimetypes
import secrets
import threading
from dataclasses import dataclass
from pathlib import PurePosixPath

from bridge.errors import ConfigError

from .clock import Clock

__all__ = ["MAX_BYTES", "MEDIA_KINDS", "MIN_BYTES", "STATIC_PREFIX", "MediaStore", "StoredMedia"]

#: The platform's media types.
MEDIA_KINDS: tuple[str, ...] = ("image", "voice", "video", "file")

#: The largest file of each type, as DingTalk's upload API documents them.
MAX_BYTES: dict[str, int] = {
    "image": 20 * 1024 * 1024,
    "voice": 2 * 1024 * 1024,
    "video": 20 * 1024 * 1024,
    "file": 20 * 1024 * 1024,
}

#: A file must be larger than this many bytes.
MIN_BYTES = 5

#: Where public media are served, relative to the platform's root.
STATIC_PREFIX = "media/static/"


@dataclass(frozen=True)
class StoredMedia:
    """One file in the media store.

    Attributes:
        media_id: DingTalk's id, ``@lA...``.
        kind: ``image``, ``voice``, ``video`` or ``file``.
        name: The file name it was uploaded with.
        mime: Its content type.
        data: Its bytes.
        created_at: Milliseconds since the epoch, on the platform's clock.
        uploader: Who uploaded it: an app key, or ``device:<name>`` for a client.
    """

    media_id: str
    kind: str
    name: str
    mime: str
    data: bytes
    created_at: int
    uploader: str = ""

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def static_name(self) -> str:
        """Its file name at the public URL: the id without ``@``, the upload's extension."""
        suffix = PurePosixPath(self.name).suffix.lower()
        return self.media_id.lstrip("@") + suffix


class MediaStore:
    """Every file uploaded to the emulated platform, by media id.

    Args:
        clock: The platform's clock, for ``created_at``.

    Attributes:
        base_url: The platform's root URL, set when its server starts; URLs
            are relative to the root until then.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._by_id: dict[str, StoredMedia] = {}
        self.base_url = ""

    def put(
        self,
        data: bytes,
        *,
        kind: str,
        name: str,
        mime: str | None = None,
        uploader: str = "",
    ) -> StoredMedia:
        """Store a file and give it a media id.

        Raises:
            ConfigError: For an unknown ``kind``, or a size out of the platform's bounds.
        """
        if kind not in MEDIA_KINDS:
            raise ConfigError(f"media type must be one of {', '.join(MEDIA_KINDS)}, got {kind!r}")
        if len(data) <= MIN_BYTES:
            raise ConfigError(f"media file {name!r} must be over {MIN_BYTES} bytes")
        if len(data) > MAX_BYTES[kind]:
            raise ConfigError(
                f"media file {name!r} of {len(data)} bytes is over the {kind} limit"
                f" of {MAX_BYTES[kind]} bytes"
            )
        guessed = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
        media_id = "@lADP" + secrets.token_urlsafe(18)
        stored = StoredMedia(
            media_id, kind, name, guessed, bytes(data), self._clock.now_ms(), uploader
        )
        with self._lock:
            self._by_id[media_id] = stored
        return stored

    def get(self, media_id: str) -> StoredMedia | None:
        """The file with this media id (with or without its ``@``), or None."""
        key = media_id if media_id.startswith("@") else "@" + media_id
        with self._lock:
            return self._by_id.get(key)

    def by_static_name(self, static_name: str) -> StoredMedia | None:
        """The file served at ``media/static/<static_name>``, or None."""
        stem = PurePosixPath(static_name).stem if "." in static_name else static_name
        found = self.get(stem)
        return found if found is not None and found.static_name == static_name else None

    def url(self, stored: StoredMedia) -> str:
        """The file's public URL on the platform."""
        return f"{self.base_url.rstrip('/')}/{STATIC_PREFIX}{stored.static_name}"

    def all(self) -> list[StoredMedia]:
        """Every file, oldest first."""
        with self._lock:
            return list(self._by_id.values())

    def clear(self) -> None:
        with self._lock:
            self._by_id.clear()

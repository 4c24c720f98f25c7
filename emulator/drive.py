"""DingTalk Drive (钉盘) of the emulated platform: the files attachments are uploaded to.

``biz.util.uploadAttachment`` uploads the picked pictures and files into the
space the page names and answers their ``{spaceId, fileId, ...}``;
``biz.cspace.preview`` opens one. A test reads or fills the Drive::

    emu.platform.drive.add("space-1", "合同.pdf", pdf_bytes)
    [f.name for f in emu.platform.drive.files("space-1")]
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from bridge.errors import ConfigError

from .clock import Clock

__all__ = ["MAX_DRIVE_FILE_BYTES", "Drive", "DriveFile"]

#: The largest file ddemu's Drive holds, in bytes.
MAX_DRIVE_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DriveFile:
    """One file in a Drive space."""

    space_id: str
    file_id: str
    name: str
    data: bytes
    created_at: int
    uploader: str = ""

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def file_type(self) -> str:
        """The extension, lower case without the dot (``"pdf"``), as DingTalk reports it."""
        return PurePosixPath(self.name).suffix.lstrip(".").lower()

    def as_result(self) -> dict[str, Any]:
        """``{spaceId, fileId, fileName, fileSize, fileType}``, as the client answers it."""
        return {
            "spaceId": self.space_id,
            "fileId": self.file_id,
            "fileName": self.name,
            "fileSize": self.size,
            "fileType": self.file_type,
        }


class Drive:
    """Every Drive space's files, by space id and file id."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._files: dict[tuple[str, str], DriveFile] = {}

    def add(self, space_id: str, name: str, data: bytes, *, uploader: str = "") -> DriveFile:
        """Put a file in a space; returns it with its new file id.

        Raises:
            ConfigError: For an empty space id or name, or a file over the size limit.
        """
        if not space_id or not name:
            raise ConfigError("a Drive file needs a space id and a name")
        if len(data) > MAX_DRIVE_FILE_BYTES:
            raise ConfigError(f"{name!r} is over {MAX_DRIVE_FILE_BYTES} bytes")
        file_id = str(10**10 + secrets.randbelow(9 * 10**10))
        added = DriveFile(space_id, file_id, name, bytes(data), self._clock.now_ms(), uploader)
        with self._lock:
            self._files[(space_id, file_id)] = added
        return added

    def get(self, space_id: str, file_id: str) -> DriveFile | None:
        with self._lock:
            return self._files.get((space_id, file_id))

    def files(self, space_id: str | None = None) -> list[DriveFile]:
        """The files of one space (every space by default), oldest first."""
        with self._lock:
            return [f for f in self._files.values() if space_id in (None, f.space_id)]

    def delete(self, space_id: str, file_id: str) -> bool:
        """Remove a file; returns whether it was there."""
        with self._lock:
            return self._files.pop((space_id, file_id), None) is not None

    def clear(self) -> None:
        with self._lock:
            self._files.clear()

"""The phone's pictures and files, what pages choose from them, and what they preview.

``device.media`` is a :class:`Media`. A test fills the album and the file
storage; the pickers (``biz.util.chooseImage``, ``biz.util.uploadImage``,
``biz.file.chooseFile`` ...) answer from them::

    emu.device.media.add_images("receipt.png", ("photo.jpg", jpeg_bytes))
    emu.device.media.choose_from("tests/assets/album")   # every file of a folder
    emu.device.media.choose_next("photo.jpg")            # what the next picker picks
    emu.device.media.cancel_next()                       # the user backs out of the next one

Who picks what, unless :meth:`Media.choose_next` said otherwise: the album's
first ``count`` images (the camera: the first image), the storage's first
``count`` files. With nothing to pick, the picker is cancelled (``"-1"``).

The page gets URLs it can load: the app's origin serves each chosen file at
``/__ddemu__/media/<device>/<token>/<name>`` (:meth:`LocalFile.path`).
Previews (``biz.util.previewImage``) are recorded in :attr:`Media.previews`.
"""

from __future__ import annotations

import io
import mimetypes
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from PIL import Image

from bridge.errors import Cancelled, ConfigError

from .barcodes import load_image
from .clock import Clock
from .drive import DriveFile
from .mediastore import StoredMedia

__all__ = [
    "IMAGE_SUFFIXES",
    "LOCAL_PREFIX",
    "MAX_FILE_BYTES",
    "MAX_FILES",
    "LocalFile",
    "Media",
    "Preview",
]

#: Where the app's origin serves the phone's files.
LOCAL_PREFIX = "/__ddemu__/media"

#: The largest file the phone holds, in bytes.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: The most files the album plus the storage hold.
MAX_FILES = 200

#: The file names :meth:`Media.choose_from` puts in the album.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})

#: A file for the phone: a path, or ``(name, bytes)``.
FileSource = str | Path | tuple[str, bytes]
#: An image for the album: a path, ``(name, bytes)``, or a PIL image.
ImageInput = str | Path | tuple[str, bytes] | Image.Image


@dataclass(frozen=True)
class LocalFile:
    """A picture or a file on the phone.

    Attributes:
        name: Its file name.
        data: Its bytes.
        mime: Its content type.
        token: The unguessable part of its URL.
        width, height: Pixels, for an image; else None.
    """

    name: str
    data: bytes
    mime: str
    token: str
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def file_type(self) -> str:
        """Its extension without the dot, lower case (``"jpg"``), as pickers report it."""
        return Path(self.name).suffix.lstrip(".").lower()

    def path(self, device: str) -> str:
        """Its path on the app's origin, for a page on ``device``."""
        return f"{LOCAL_PREFIX}/{quote(device, safe='')}/{self.token}/{quote(self.name)}"


@dataclass(frozen=True)
class Preview:
    """One ``previewImage`` the page opened.

    Attributes:
        urls: The images, in order.
        current: The one shown first.
        at: When, on the virtual clock.
    """

    urls: tuple[str, ...]
    current: str
    at: float


def _read_source(source: FileSource) -> tuple[str, bytes]:
    if isinstance(source, tuple):
        if len(source) != 2 or not isinstance(source[0], str) or not isinstance(source[1], bytes):
            raise ConfigError("a file given as a tuple is (name, bytes)")
        name, data = source
        if not name or "/" in name or "\\" in name:
            raise ConfigError(f"a file name has no folders and is not empty, got {name!r}")
        if len(data) > MAX_FILE_BYTES:
            raise ConfigError(f"file {name!r} of {len(data)} bytes is over {MAX_FILE_BYTES} bytes")
        return name, data
    if not isinstance(source, str | Path):
        raise ConfigError(f"a file is a path or (name, bytes), got {type(source).__name__}")
    path = Path(source)
    if not path.is_file():
        raise ConfigError(f"no file at {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ConfigError(f"file {path} is over {MAX_FILE_BYTES} bytes")
    return path.name, path.read_bytes()


def _new_file(
    name: str, data: bytes, width: int | None = None, height: int | None = None
) -> LocalFile:
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return LocalFile(name, data, mime, secrets.token_urlsafe(12), width, height)


def _image_file(source: ImageInput, number: int) -> LocalFile:
    if isinstance(source, Image.Image):
        image = load_image(source)
        fmt = (image.format or "PNG").upper()
        buffer = _encode(image, fmt)
        name = f"IMG_{number:04d}.{'jpg' if fmt == 'JPEG' else fmt.lower()}"
        return _new_file(name, buffer, image.width, image.height)
    name, data = _read_source(source)
    image = load_image(data)
    return _new_file(name, data, image.width, image.height)


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


class Media:
    """The album, the file storage, the pickers' choices and the previews of one phone.

    Args:
        clock: The device's clock, for :class:`Preview` times.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._images: list[LocalFile] = []
        self._files: list[LocalFile] = []
        self._choices: deque[tuple[str, ...] | None] = deque()
        self._by_token: dict[str, LocalFile] = {}
        #: Every ``previewImage`` the pages opened, oldest first.
        self.previews: list[Preview] = []
        #: The preview showing now, until ``closePreviewImage``.
        self.previewing: Preview | None = None
        #: What the client uploaded to the platform for pages, oldest first.
        self.uploads: list[StoredMedia] = []
        #: The Drive files the pages opened (``biz.cspace.preview``), oldest first.
        self.drive_previews: list[DriveFile] = []

    # -- filling the phone ----------------------------------------------------

    @property
    def images(self) -> list[LocalFile]:
        """The album, in the order added."""
        with self._lock:
            return list(self._images)

    @property
    def files(self) -> list[LocalFile]:
        """The file storage, in the order added."""
        with self._lock:
            return list(self._files)

    def add_images(self, *images: ImageInput) -> list[LocalFile]:
        """Put images in the album: paths, ``(name, bytes)`` or PIL images.

        Raises:
            ConfigError: For a file that is missing, no image, too big, or one
                too many (:data:`MAX_FILES`).
        """
        added = [_image_file(image, len(self._images) + i + 1) for i, image in enumerate(images)]
        self._keep(added, self._images)
        return added

    def add_files(self, *files: FileSource) -> list[LocalFile]:
        """Put files in the phone's storage: paths or ``(name, bytes)``.

        Raises:
            ConfigError: For a missing or too big file, or one too many.
        """
        added = [_new_file(*_read_source(file)) for file in files]
        self._keep(added, self._files)
        return added

    def choose_from(self, folder: str | Path) -> list[LocalFile]:
        """Put every file of ``folder`` (not its subfolders) on the phone, by name.

        Images (:data:`IMAGE_SUFFIXES`) go to the album; every file goes to
        the storage, where ``chooseFile`` picks.

        Returns:
            The files added to the storage.

        Raises:
            ConfigError: If ``folder`` is no folder, or a file cannot be used.
        """
        root = Path(folder)
        if not root.is_dir():
            raise ConfigError(f"no folder at {root}")
        paths = sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith("."))
        images = [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES]
        self.add_images(*images)
        return self.add_files(*paths)

    def _keep(self, added: list[LocalFile], into: list[LocalFile]) -> None:
        with self._lock:
            if len(self._images) + len(self._files) + len(added) > MAX_FILES:
                raise ConfigError(f"the phone holds at most {MAX_FILES} images and files")
            into.extend(added)
            for file in added:
                self._by_token[file.token] = file

    def lookup(self, token: str) -> LocalFile | None:
        """The file a URL's token names, or None."""
        with self._lock:
            return self._by_token.get(token)

    def file_at(self, url: str) -> LocalFile | None:
        """The phone's file a page refers to by its URL or path (as a picker gave it), or None."""
        path = urlsplit(url).path
        if not path.startswith(LOCAL_PREFIX + "/"):
            return None
        parts = path[len(LOCAL_PREFIX) + 1 :].split("/", 2)
        if len(parts) != 3:
            return None
        found = self.lookup(parts[1])
        return found if found is not None and quote(found.name) == parts[2] else None

    def remember(self, file: LocalFile) -> LocalFile:
        """Make ``file`` loadable by its URL without putting it in the album or storage."""
        with self._lock:
            self._by_token[file.token] = file
        return file

    # -- what the pickers pick ----------------------------------------------

    def choose_next(self, *names: str) -> None:
        """The next picker picks these files, by name (album first, then storage).

        Raises:
            ConfigError: If no name is given, or one is on the phone under no such name.
        """
        if not names:
            raise ConfigError("choose_next() needs at least one file name; see cancel_next()")
        known = {f.name for f in self.images} | {f.name for f in self.files}
        for name in names:
            if name not in known:
                raise ConfigError(f"no image or file named {name!r} on the phone")
        with self._lock:
            self._choices.append(tuple(names))

    def cancel_next(self) -> None:
        """The user backs out of the next picker: it is cancelled (``"-1"``)."""
        with self._lock:
            self._choices.append(None)

    def pick_images(self, count: int, *, camera: bool = False) -> list[LocalFile]:
        """What an image picker answers: up to ``count`` images (the camera: one).

        Raises:
            Cancelled: If the user backs out, or the album is empty.
        """
        if camera:
            count = 1
        chosen = self._next_choice(self._images + self._files)
        if chosen is not None:
            images = [f for f in chosen if f.width is not None]
            if not images:
                raise Cancelled("cancelled: the files chosen for the picker are no images")
            return images[:count]
        with self._lock:
            if not self._images:
                where = "the camera" if camera else "the album"
                raise Cancelled(f"cancelled: {where} has no image (media.add_images)")
            return self._images[:count]

    def pick_files(self, count: int) -> list[LocalFile]:
        """What a file picker answers: up to ``count`` files.

        Raises:
            Cancelled: If the user backs out, or the storage is empty.
        """
        chosen = self._next_choice(self._files + self._images)
        if chosen is not None:
            return chosen[:count]
        with self._lock:
            if not self._files:
                raise Cancelled("cancelled: the phone has no file to choose (media.add_files)")
            return self._files[:count]

    def _next_choice(self, pool: list[LocalFile]) -> list[LocalFile] | None:
        with self._lock:
            if not self._choices:
                return None
            names = self._choices.popleft()
        if names is None:
            raise Cancelled("cancelled by the user")
        by_name: dict[str, LocalFile] = {}
        for file in pool:
            by_name.setdefault(file.name, file)
        return [by_name[name] for name in names if name in by_name]

    # -- previews ----------------------------------------------------------

    def preview(self, urls: list[str], current: str) -> Preview:
        """Record that the page opened a preview of ``urls`` showing ``current``."""
        shown = Preview(tuple(urls), current, self._clock.now())
        self.previews.append(shown)
        self.previewing = shown
        return shown

    def close_preview(self) -> bool:
        """Close the preview; returns whether one was showing."""
        was, self.previewing = self.previewing, None
        return was is not None

    def clear(self) -> None:
        """Empty the album and storage; forget choices, previews and uploads."""
        with self._lock:
            self._images.clear()
            self._files.clear()
            self._choices.clear()
            self._by_token.clear()
        self.previews.clear()
        self.previewing = None
        self.uploads.clear()
        self.drive_previews.clear()

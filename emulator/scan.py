"""What the phone's camera will see when a page scans: texts and real images.

``device.scan`` is a :class:`ScanQueue`. A test queues texts (the code's
content, as if printed on it) or images that the real decoder reads
(:mod:`emulator.barcodes`)::

    emu.device.scan.queue("https://example.com/asset/42")
    emu.device.scan.queue_image("ticket.png")          # decoded now, read when scanned
    emu.device.scan.queue_image(page.screenshot())     # a QR code shown by a web page

The scan type decides what the scanner reads, as in the client: ``qrCode``
reads 2D codes only, ``barCode`` linear barcodes only, ``all`` both. An image
with no code of the wanted kind is what the user points the camera at in
vain: the scan is cancelled (``"-1"``) with a message saying what the image
holds. A queued text is read by any scan type.
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass

from bridge.errors import Cancelled, ConfigError
from bridge.futures import settle

from .barcodes import Code, ImageSource, decode, first_of

__all__ = ["ScanQueue", "ScannedImage"]


@dataclass(frozen=True)
class ScannedImage:
    """An image queued for the camera, with the codes the decoder found in it."""

    name: str
    codes: tuple[Code, ...]

    def read(self, wanted: str) -> str:
        """The text a scan of type ``wanted`` reads in the image.

        Raises:
            Cancelled: If the image holds no code of that kind.
        """
        code = first_of(self.codes, wanted)
        if code is None:
            held = ", ".join(f"{c.format} {c.text!r}" for c in self.codes)
            looked = {"qrCode": "a QR (2D) code", "barCode": "a barcode"}.get(wanted, "a code")
            raise Cancelled(
                f"scan cancelled: the scanner looked for {looked} in {self.name},"
                f" which holds {held}"
            )
        return code.text


_Item = str | ScannedImage


class ScanQueue:
    """What the camera will see next: texts and images queued by a test or a person.

    When the queue is empty, a scan waits up to :attr:`wait` seconds for
    something to be queued, then answers :attr:`default` if set, else is
    cancelled ("-1"), the way a user backs out of the scanner.
    """

    def __init__(self) -> None:
        self._items: deque[_Item] = deque()
        self._waiters: deque[tuple[Future[str], str]] = deque()
        self._lock = threading.Lock()
        self.default: str | None = None
        self.wait: float = 0.0

    def queue(self, *texts: str) -> None:
        """Queue texts, first in first out; a waiting scan takes the first at once."""
        for text in texts:
            if not isinstance(text, str):
                raise ConfigError(f"a scan result is a string, got {type(text).__name__}")
            self._put(text)

    def queue_image(self, image: ImageSource, *, name: str | None = None) -> ScannedImage:
        """Queue an image (PNG, JPEG ...) of a QR code or barcode for the camera.

        The image is decoded now, so a mistake shows at once; a scan reads the
        first code of the kind it looks for (see the module's docstring).

        Args:
            image: A path, the file's bytes, or a PIL image (e.g. a screenshot).
            name: How messages name it; the file name by default.

        Returns:
            The image with the codes found in it.

        Raises:
            ConfigError: If the image cannot be read, is too big, or holds no code.
        """
        if name is None:
            name = str(image) if isinstance(image, str) else getattr(image, "name", "the image")
        codes = tuple(decode(image))
        if not codes:
            raise ConfigError(f"no QR code or barcode found in {name}")
        scanned = ScannedImage(name, codes)
        self._put(scanned)
        return scanned

    def _put(self, item: _Item) -> None:
        with self._lock:
            while self._waiters and self._waiters[0][0].done():
                self._waiters.popleft()
            waiter = self._waiters.popleft() if self._waiters else None
            if waiter is None:
                self._items.append(item)
        if waiter is not None:
            future, wanted = waiter
            _settle(future, item, wanted)

    @property
    def pending(self) -> list[str | ScannedImage]:
        """What is still queued: texts, and images with their codes."""
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        """Forget what is queued; scans waiting meanwhile are dropped."""
        with self._lock:
            self._items.clear()
            waiters, self._waiters = self._waiters, deque()
        for future, _ in waiters:
            future.cancel()

    def take(self, kind: str = "all") -> str | Future[str]:
        """Take the next text for a scan of ``kind`` (``qrCode``, ``barCode``, ``all``).

        Returns:
            The text, or a Future of it when the scan has to wait.

        Raises:
            Cancelled: If the queue is empty and there is nothing to wait for,
                or the next image holds no code of ``kind``.
        """
        with self._lock:
            if self._items:
                return _read(self._items.popleft(), kind)
            if self.wait <= 0:
                return self._fallback()
            waiter: Future[str] = Future()
            self._waiters.append((waiter, kind))
        timer = threading.Timer(self.wait, self._give_up, args=(waiter,))
        timer.daemon = True
        timer.start()
        waiter.add_done_callback(lambda _: timer.cancel())
        return waiter

    def _fallback(self) -> str:
        if self.default is not None:
            return self.default
        raise Cancelled("scan cancelled: nothing was queued to scan")

    def _give_up(self, waiter: Future[str]) -> None:
        if waiter.done():
            return
        try:
            text = self._fallback()
        except Cancelled as exc:
            settle(waiter, exc)
        else:
            settle(waiter, text)


def _read(item: _Item, kind: str) -> str:
    return item if isinstance(item, str) else item.read(kind)


def _settle(future: Future[str], item: _Item, kind: str) -> None:
    try:
        text = _read(item, kind)
    except Cancelled as exc:
        settle(future, exc)
    else:
        settle(future, text)

"""The device's NFC reader: tags tapped against the phone, read and written by pages.

A page's ``device.nfc.nfcRead`` (or ``nfcWrite``, ``nfcReadCardNumber``) is
answered at once from a tag :meth:`Nfc.hold` leaves against the phone. Without
one it waits up to :attr:`Nfc.wait` seconds, as the phone's NFC sheet does, for
:meth:`Nfc.tap` (or a tap scheduled on the virtual clock) and then fails with
"-1", as when the user closes the sheet; ``wait`` is 0 by default, like a scan
with nothing queued. What pages write is kept in :attr:`Nfc.written`.
``nfcStop`` cancels the waiting calls ("-1").
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Literal, cast

from bridge.errors import Cancelled, ConfigError, Unavailable
from bridge.futures import settle

from .clock import Clock, Timer
from .steps import step_at

__all__ = ["Nfc", "NfcTag", "WrittenTag", "tag_id_for"]

Kind = Literal["read", "write", "id"]

_SHEET = "the NFC sheet was closed"

#: The most an NDEF text record on a common tag (NTAG216) holds, in bytes.
MAX_CONTENT = 888


def tag_id_for(content: str) -> str:
    """A stable 7-byte tag UID (14 upper-case hex digits) for a tag carrying ``content``."""
    return "04" + hashlib.sha1(content.encode("utf-8")).hexdigest()[:12].upper()


def _check_tag_id(tag_id: Any) -> str:
    if not isinstance(tag_id, str) or not tag_id or len(tag_id) % 2 or len(tag_id) > 20:
        raise ConfigError(f"tag_id must be 2 to 20 hex digits, an even number of them: {tag_id!r}")
    try:
        bytes.fromhex(tag_id)
    except ValueError:
        raise ConfigError(f"tag_id must be hex digits, got {tag_id!r}") from None
    return tag_id.upper()


def check_content(content: Any, name: str = "content") -> str:
    """Return ``content`` if a tag can hold it.

    Raises:
        ConfigError: If it is not a string or longer than :data:`MAX_CONTENT` bytes.
    """
    if not isinstance(content, str):
        raise ConfigError(f"{name} must be a string, got {type(content).__name__}")
    size = len(content.encode("utf-8"))
    if size > MAX_CONTENT:
        raise ConfigError(f"{name} is {size} bytes; a tag holds at most {MAX_CONTENT}")
    return content


@dataclass(frozen=True)
class NfcTag:
    """A tag: what it carries and its UID."""

    content: str
    tag_id: str


@dataclass(frozen=True)
class WrittenTag:
    """What a page wrote to a tag, when (clock seconds)."""

    content: str
    tag_id: str
    at: float


@dataclass
class _Waiting:
    kind: Kind
    future: Future[Any]
    content: str = ""


class Nfc:
    """One device's NFC reader.

    Args:
        clock: The virtual clock, for :attr:`WrittenTag.at`.

    Attributes:
        available: False for a phone without NFC, or with NFC off: every call
            fails with "9".
        wait: Seconds (real time) a call waits for a tag when none is held,
            before the user gives up and it fails with "-1"; 0 (the default)
            gives up at once, as a scan with nothing queued does.
        written: Every tag a page wrote, oldest first.
        taps: Every tag tapped or held, oldest first.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Condition()
        self._waiting: list[_Waiting] = []
        self._held: NfcTag | None = None
        self.available = True
        self.wait = 0.0
        self.written: list[WrittenTag] = []
        self.taps: list[NfcTag] = []

    def __repr__(self) -> str:
        return f"<Nfc waiting={self.pending} held={self._held}>"

    # -- Python's side: tags ------------------------------------------------

    def tap(self, payload: str, *, tag_id: str | None = None) -> bool:
        """Touch a tag carrying ``payload`` to the phone for an instant.

        Every waiting ``nfcRead`` gets ``{content: payload}``, every waiting
        ``nfcReadCardNumber`` the tag's UID, and every waiting ``nfcWrite``
        writes its content to the tag (recorded in :attr:`written`).

        Args:
            payload: The tag's text (NDEF).
            tag_id: Its UID in hex; by default derived from ``payload``.

        Returns:
            True if a page was waiting for a tag, False if the tap went unseen.

        Raises:
            ConfigError: For a payload a tag cannot hold or a malformed UID.
        """
        tag = self._tag(payload, tag_id)
        self.taps.append(tag)
        with self._lock:
            waiting, self._waiting = self._waiting, []
        served = False
        for entry in waiting:
            if entry.future.done():  # timed out or stopped meanwhile
                continue
            tag = self._serve(entry, tag)
            served = True
        return served

    def schedule(
        self, taps: Iterable[Mapping[str, Any]], *, start: float | None = None
    ) -> list[Timer]:
        """Tap tags at given times on the virtual clock.

        Args:
            taps: Mappings with ``at`` (seconds after ``start``, >= 0),
                ``payload`` (the tag's text) and optionally ``tag_id`` (hex)
                and ``hold`` (True: the tag stays against the phone).
            start: Clock time the ``at`` values count from; now by default.

        Returns:
            The clock's timers, one per tap; ``cancel()`` one to drop it.

        Raises:
            ConfigError: Naming the tap and field that is wrong; nothing is
                scheduled then.
        """
        origin = self._clock.now() if start is None else float(start)
        planned: list[tuple[float, NfcTag, bool]] = []
        for index, tap in enumerate(taps):
            try:
                planned.append(self._planned(tap, origin))
            except ConfigError as exc:
                raise ConfigError(f"NFC tap {index}: {exc}") from None
        return [
            self._clock.call_at(at, functools.partial(self._scheduled_tap, tag, hold))
            for at, tag, hold in planned
        ]

    def _planned(self, tap: Mapping[str, Any], origin: float) -> tuple[float, NfcTag, bool]:
        at = step_at(
            tap,
            "a tap is a table of at, payload, tag_id",
            {"at", "payload", "tag_id", "hold"},
            ("at", "payload"),
        )
        hold = tap.get("hold", False)
        if not isinstance(hold, bool):
            raise ConfigError(f"hold must be true or false, got {hold!r}")
        return origin + at, self._tag(tap["payload"], tap.get("tag_id")), hold

    def _scheduled_tap(self, tag: NfcTag, hold: bool) -> None:
        if hold:
            self.hold(tag.content, tag_id=tag.tag_id)
        else:
            self.tap(tag.content, tag_id=tag.tag_id)

    def hold(self, payload: str, *, tag_id: str | None = None) -> bool:
        """Leave a tag against the phone: calls waiting now and later are answered at once.

        Returns:
            True if a page was waiting.
        """
        self._held = self._tag(payload, tag_id)
        served = self.tap(self._held.content, tag_id=self._held.tag_id)
        return served

    def release(self) -> None:
        """Take the held tag away."""
        self._held = None

    @property
    def held(self) -> NfcTag | None:
        """The tag against the phone, after writes to it; None when there is none."""
        return self._held

    @property
    def pending(self) -> list[str]:
        """What the waiting calls want: ``"read"``, ``"write"`` or ``"id"``, oldest first."""
        with self._lock:
            return [w.kind for w in self._waiting if not w.future.done()]

    def wait_pending(self, timeout: float = 10.0) -> list[str]:
        """Wait until a page waits for a tag, e.g. before :meth:`tap` in a test.

        Returns:
            :attr:`pending`.

        Raises:
            TimeoutError: If no call waits within ``timeout`` seconds.
        """
        with self._lock:
            if not self._lock.wait_for(
                lambda: any(not w.future.done() for w in self._waiting), timeout
            ):
                raise TimeoutError(f"no page waited for an NFC tag within {timeout:g} s")
        return self.pending

    def clear(self) -> None:
        """Cancel the waiting calls and forget held, tapped and written tags."""
        self.stop()
        self._held = None
        self.written.clear()
        self.taps.clear()

    # -- the page's side ----------------------------------------------------

    def read(self) -> str | Future[str]:
        """The content of the next tag (at once if one is held)."""
        return cast("str | Future[str]", self._wait("read"))

    def read_id(self) -> str | Future[str]:
        """The UID of the next tag (at once if one is held)."""
        return cast("str | Future[str]", self._wait("id"))

    def write(self, content: str) -> None | Future[None]:
        """Write ``content`` to the next tag (at once if one is held).

        Raises:
            ConfigError: If a tag cannot hold it.
        """
        return cast("None | Future[None]", self._wait("write", check_content(content)))

    def stop(self) -> int:
        """Cancel every waiting call ("-1", as when the user closes the NFC sheet).

        Returns:
            How many were waiting.
        """
        with self._lock:
            waiting, self._waiting = self._waiting, []
        stopped = 0
        for entry in waiting:
            if settle(entry.future, Cancelled("NFC stopped before a tag was tapped")):
                stopped += 1
        return stopped

    def _wait(self, kind: Kind, content: str = "") -> Any:
        if not self.available:
            raise Unavailable("NFC is off or missing on this device")
        entry = _Waiting(kind, Future(), content)
        held = self._held
        if held is not None:
            self._serve(entry, held)
            return entry.future.result()
        if self.wait <= 0:
            raise Cancelled(f"{_SHEET}: no tag was tapped (device.nfc.wait is 0)")
        with self._lock:
            self._waiting.append(entry)
            self._lock.notify_all()
        timer = threading.Timer(self.wait, self._give_up, args=(entry.future,))
        timer.daemon = True
        timer.start()
        entry.future.add_done_callback(lambda _: timer.cancel())
        return entry.future

    def _give_up(self, future: Future[Any]) -> None:
        settle(future, Cancelled(f"{_SHEET}: no tag was tapped within {self.wait:g} s"))

    def _serve(self, entry: _Waiting, tag: NfcTag) -> NfcTag:
        """Answer one waiting call with ``tag``; returns the tag as it is afterwards."""
        if entry.kind == "read":
            entry.future.set_result(tag.content)
        elif entry.kind == "id":
            entry.future.set_result(tag.tag_id)
        else:
            tag = NfcTag(entry.content, tag.tag_id)
            self.written.append(WrittenTag(entry.content, tag.tag_id, self._clock.now()))
            if self._held is not None and self._held.tag_id == tag.tag_id:
                self._held = tag
            entry.future.set_result(None)
        return tag

    @staticmethod
    def _tag(payload: str, tag_id: str | None) -> NfcTag:
        content = check_content(payload, "payload")
        return NfcTag(content, tag_id_for(content) if tag_id is None else _check_tag_id(tag_id))

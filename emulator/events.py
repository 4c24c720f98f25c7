"""Events a device pushes to its pages: ``resume``, ``backbutton``, ``bizEvent.*`` ...

The native client tells a page about the world with two kinds of event
(``lib/bridge/h5Event.js`` of ``dingtalk-jsapi``): a cancelable DOM event on
``document`` named after one of :data:`NON_BRIDGE_EVENTS`, and for everything
else a ``dtBizBridgeEvent`` whose ``detail`` carries ``bizEvent.<name>`` and its
data (``dd.onBeaconUpdate`` is ``dd.on("bizEvent.beaconUpdate")``). ddemu's
shim (``jsapi/js/core.js``) turns each ``{"event", "data"}`` frame into one of
those; after an unprevented ``backbutton`` it goes back in the page's history.

A device reaches its pages through :class:`PageSession`, a protocol the
bridge's :class:`~bridge.sessions.Session` implements: the device never imports
the bridge. The emulator attaches each session to its device when the page
connects and detaches it when the page goes away (:meth:`Events.attach`).

Whether a page called ``preventDefault()`` comes back as a
``_ddemu.dispatched`` control call ``{event, defaultPrevented}`` sent by the
shim after each event it dispatched; a page whose shim says so in its hello
(``features: ["dispatched"]``) answers every event, in order. See
docs/reference/events.md.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, wait
from typing import Any, Protocol

from bridge.errors import ConfigError

__all__ = [
    "BIZ_EVENT_PREFIX",
    "NON_BRIDGE_EVENTS",
    "Delivery",
    "Events",
    "PageSession",
    "check_event_name",
]

logger = logging.getLogger("ddemu.emulator")

#: The events dingtalk-jsapi 3.2.9 listens for as DOM events on ``document``
#: (``NON_BRIDGE_EVENTS`` of ``lib/bridge/h5Event.js``), in its order.
NON_BRIDGE_EVENTS: tuple[str, ...] = (
    "resume",
    "pause",
    "online",
    "offline",
    "backbutton",
    "goBack",
    "pullToRefresh",
    "message",
    "recycle",
    "restore",
    "drawer",
    "tab",
    "navHelpIcon",
    "navRightButton",
    "navMenu",
    "navTitle",
    "appLinkResponse",
    "internalPageLinkResponse",
    "networkEvent",
    "hostTaskEvent",
    "deviceOrientationChanged",
    "autoCheckIn",
    "deviceFound",
    "hostCheckIn",
    "screenshot",
    "becomeActive",
    "keepAlive",
    "navTitleClick",
    "sharePage",
    "wxNotify",
    "editNoteCommand",
    "updateStyle",
    "qrscanCommonNotify",
    "__message__",
    "dtChannelEvent",
    "livePlayerEventPlay",
    "livePlayerEventPause",
    "livePlayerEventEnded",
    "livePlayerEventError",
    "navActions",
    "attendEvents",
)

#: Every other event is ``bizEvent.<name>``, delivered as a ``dtBizBridgeEvent``.
BIZ_EVENT_PREFIX = "bizEvent."

_BIZ_NAME = re.compile(r"[A-Za-z_$][\w$]*\Z")

#: The hello ``features`` entry of a shim that answers each event with ``_ddemu.dispatched``.
DISPATCHED_FEATURE = "dispatched"


class PageSession(Protocol):
    """What a device needs of one page's bridge connection.

    :class:`bridge.sessions.Session` implements it; tests may pass a fake.
    """

    @property
    def id(self) -> str:
        """A name for the log, unique among the open pages."""

    @property
    def hello(self) -> dict[str, Any]:
        """What the page's shim said when it connected (``features`` ...)."""

    def send_event(self, name: str, data: Any = None) -> None:
        """Push an event to the page; a no-op once it is closed."""

    def send_progress(self, call_id: int | str, data: Any) -> None:
        """Call the page back once more on its watch call ``call_id``."""


def check_event_name(name: str) -> None:
    """Accept one of :data:`NON_BRIDGE_EVENTS` or ``bizEvent.<name>``.

    Raises:
        ConfigError: For any other name, listing the valid ones.
    """
    if name in NON_BRIDGE_EVENTS:
        return
    if name.startswith(BIZ_EVENT_PREFIX) and _BIZ_NAME.match(name[len(BIZ_EVENT_PREFIX) :]):
        return
    raise ConfigError(
        f"no such event {name!r}: a page hears one of {', '.join(NON_BRIDGE_EVENTS)}, "
        f"or {BIZ_EVENT_PREFIX}<name> (e.g. {BIZ_EVENT_PREFIX}beaconUpdate)"
    )


def _answers_events(page: PageSession) -> bool:
    features = page.hello.get("features")
    return isinstance(features, list) and DISPATCHED_FEATURE in features


class Delivery:
    """One event sent to the pages of a device.

    Attributes:
        event: The event's name.
        data: What the page got as the event's ``detail`` (``data`` for ``bizEvent.*``).
        pages: The ids of the pages it was sent to; empty when none was open.
    """

    def __init__(self, event: str, data: Any, outcomes: dict[str, Future[bool | None]]) -> None:
        self.event = event
        self.data = data
        self.pages: tuple[str, ...] = tuple(outcomes)
        self._outcomes = outcomes

    def __repr__(self) -> str:
        return f"<Delivery {self.event} to {len(self.pages)} page(s)>"

    def prevented(self, timeout: float = 5.0) -> bool | None:
        """Whether a page called ``preventDefault()`` on the event.

        For ``backbutton`` this says whether the page stayed (True) or went
        back in its history (False). Waits up to ``timeout`` seconds for the
        pages to answer.

        Returns:
            True if any page prevented it, False if every page that could tell
            did not, None if no page could tell: none was open, its shim does
            not answer events (see docs/reference/events.md), it closed first,
            or it did not answer in time.
        """
        futures = list(self._outcomes.values())
        wait(futures, timeout=timeout)
        known = [f.result() for f in futures if f.done() and not f.cancelled()]
        known_values = [v for v in known if v is not None]
        if not known_values:
            return None
        return any(known_values)


class Events:
    """The pages open on a device, and the events sent to them.

    Safe to use from any thread: pages attach from the bridge's thread while a
    test fires events from its own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: dict[str, PageSession] = {}
        # Per page, the events sent and not yet answered, oldest first.
        self._waiting: dict[str, deque[tuple[str, Future[bool | None]]]] = {}

    @property
    def sessions(self) -> list[PageSession]:
        """The pages open on the device, oldest first."""
        with self._lock:
            return list(self._pages.values())

    def attach(self, page: PageSession) -> None:
        """Start sending the device's events to ``page`` (the emulator does it on connect)."""
        with self._lock:
            self._pages[page.id] = page
            self._waiting.setdefault(page.id, deque())

    def detach(self, page: PageSession) -> None:
        """Stop sending events to ``page``; events it did not answer are unknown."""
        with self._lock:
            self._pages.pop(page.id, None)
            waiting = self._waiting.pop(page.id, deque())
        for _, future in waiting:
            future.set_result(None)

    def fire(
        self, name: str, data: Any = None, *, to: Iterable[PageSession] | None = None
    ) -> Delivery:
        """Send event ``name`` with ``data`` to every open page (or to ``to``).

        Args:
            name: One of :data:`NON_BRIDGE_EVENTS` or ``bizEvent.<name>``.
            data: JSON-able; the DOM event's ``detail``, or the ``bizEvent``'s data.
            to: Only these pages, instead of every one.

        Returns:
            The delivery, which tells whether a page prevented it.

        Raises:
            ConfigError: For an event name no page can hear.
        """
        check_event_name(name)
        outcomes: dict[str, Future[bool | None]] = {}
        with self._lock:
            # Sending under the lock keeps each page's queue in the order of
            # its frames, so the page's answers pair with them one by one.
            pages = list(self._pages.values()) if to is None else list(to)
            for page in pages:
                future: Future[bool | None] = Future()
                if _answers_events(page) and page.id in self._waiting:
                    self._waiting[page.id].append((name, future))
                else:
                    future.set_result(None)
                outcomes[page.id] = future
                page.send_event(name, data)
        logger.debug("event %s to %d page(s)", name, len(pages))
        return Delivery(name, data, outcomes)

    def acknowledge(self, page: PageSession, name: str, prevented: bool | None) -> None:
        """Record the page's answer to the oldest event it had not answered.

        Called for each ``_ddemu.dispatched`` control call. Events the page
        skipped (its answers name a later one) count as unknown.
        """
        with self._lock:
            waiting = self._waiting.get(page.id, deque())
            names = [event for event, _ in waiting]
            if name not in names:
                logger.debug("page %s answered event %s, which it was not sent", page.id, name)
                return
            taken = [waiting.popleft() for _ in range(names.index(name) + 1)]
        *skipped, (_, found) = taken
        for _, future in skipped:
            future.set_result(None)
        found.set_result(None if prevented is None else bool(prevented))

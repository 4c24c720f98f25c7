"""One bridge session per page, and the seam between the bridge and its user.

The bridge knows nothing of devices or JSAPI: it hands every call to a
:class:`BridgeHandler` (the emulator implements one) and pumps the answers back.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable
from typing import Any, Protocol

from .protocol import Error, Event, Invoke, Message, MessageId, Progress, Result

__all__ = ["Answer", "BridgeHandler", "Session", "SessionState"]

Answer = Result | Error

_session_ids = itertools.count(1)


class SessionState(enum.Enum):
    """Where a session is in its life."""

    CONNECTING = "connecting"
    OPEN = "open"
    CLOSED = "closed"


class Session:
    """The server side of one page's connection.

    Args:
        send: Thread-safe function that queues one message to the page.
        remote: The peer's address, for the log.
        query: The connection URL's query parameters.
    """

    def __init__(
        self,
        send: Callable[[Message], None],
        remote: str = "",
        query: dict[str, str] | None = None,
    ) -> None:
        self.id = f"s{next(_session_ids)}"
        self.remote = remote
        self.query = dict(query or {})
        self.state = SessionState.CONNECTING
        #: What the page said in ``_ddemu.hello`` (persona, url, userAgent ...).
        self.hello: dict[str, Any] = {}
        #: Whatever the handler attaches, the emulated device for the emulator.
        self.attached: Any = None
        #: Whatever the handler keeps about the page itself; the emulator keeps
        #: the outcome of its ``dd.config`` there (``jsapi.pageauth.page_auth``).
        self.page: Any = None
        self._send = send

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.state.value} {self.hello.get('url', '')!r}>"

    def send_event(self, name: str, data: Any = None) -> None:
        """Push an event (``resume``, ``bizEvent.beaconUpdate`` ...) to the page.

        Safe to call from any thread; does nothing once the session is closed.
        """
        if self.state is not SessionState.CLOSED:
            self._send(Event(name, data))

    def send_progress(self, call_id: MessageId, data: Any) -> None:
        """Deliver one more callback of the watch call ``call_id`` (a tap, a shake)."""
        if self.state is not SessionState.CLOSED:
            self._send(Progress(call_id, data))


class BridgeHandler(Protocol):
    """What the bridge server calls; the emulator implements it."""

    def dispatch(self, session: Session, call: Invoke) -> Any:
        """Answer one call.

        Returns:
            The JSON-able result, or a :class:`concurrent.futures.Future` that
            will hold it (for answers that wait for a person or a script).

        Raises:
            JsapiError: To answer with that error.
        """

    def answered(
        self, session: Session, call: Invoke | None, answer: Answer, duration: float
    ) -> None:
        """Observe a final answer; ``call`` is None for an unreadable message."""

    def opened(self, session: Session) -> None:
        """A page connected."""

    def closed(self, session: Session) -> None:
        """A page went away; its pending calls are dropped."""

    def crashed(self, session: Session, call: Invoke, exc: BaseException) -> None:
        """A handler raised something other than a JsapiError."""

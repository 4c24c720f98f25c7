"""The logs: every JSAPI call a page made, every open-platform request a backend made.

Both are thread-safe, append-only lists with waiting helpers: :class:`CallLog`
of :class:`Call` (``emu.calls``) and :class:`ApiLog` of :class:`ApiCall`
(``emu.openapi_log``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["ApiCall", "ApiLog", "Call", "CallLog"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class Call:
    """One answered call.

    Attributes:
        method: The native name, or ``""`` for a message that could not be read.
        params: What the page sent.
        result: The result, when it succeeded.
        error: ``{"errorCode", "errorMessage"}``, when it failed.
        duration: Seconds from receiving the call to answering it.
        device: The name of the device that answered.
        session: The bridge session's id.
        at: The emulated clock's time of the answer.
    """

    method: str
    params: dict[str, Any]
    result: Any
    error: dict[str, str] | None
    duration: float
    device: str
    session: str
    at: float

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ApiCall:
    """One request to the open-platform mock and the response it got.

    Attributes:
        method: ``GET``, ``POST`` ...
        path: The path, e.g. ``/topapi/v2/user/getuserinfo``.
        query: The query parameters (the first value of each).
        body: The body as parsed (JSON or form), its text if it could not be
            parsed, or None when empty.
        status: The HTTP status.
        response: The JSON answered, or None for a body that is not JSON.
        app_key: The app the token or credentials belong to, when known.
        duration: Seconds from receiving the request to answering it.
        at: The emulated clock's time of the answer.
    """

    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int
    response: Any
    app_key: str | None
    duration: float
    at: float

    @property
    def error(self) -> str | None:
        """The error code answered (legacy ``errcode``, new-host ``code``), or None."""
        if isinstance(self.response, dict):
            errcode = self.response.get("errcode")
            if errcode not in (None, 0):
                return str(errcode)
            if self.status >= 400:
                return str(self.response.get("code", self.status))
        return None if self.status < 400 else str(self.status)

    @property
    def ok(self) -> bool:
        return self.error is None


class _Log(Generic[_T]):
    """A thread-safe, append-only list that can be waited on."""

    def __init__(self) -> None:
        self._items: list[_T] = []
        self._changed = threading.Condition()

    def append(self, item: _T) -> None:
        with self._changed:
            self._items.append(item)
            self._changed.notify_all()

    def clear(self) -> None:
        with self._changed:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[_T]:
        return iter(list(self._items))

    def __getitem__(self, index: int) -> _T:
        return self._items[index]

    def _wait(self, match: Callable[[_T], bool], timeout: float, failure: Callable[[], str]) -> _T:
        """The first item matching ``match``, waiting up to ``timeout`` seconds for it.

        Raises:
            TimeoutError: With the message ``failure()`` gives.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for item in self._items:
                    if match(item):
                        return item
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(failure())
                self._changed.wait(left)


class CallLog(_Log[Call]):
    """A thread-safe, append-only list of :class:`Call`, with waiting helpers."""

    def __repr__(self) -> str:
        return f"<CallLog {self.methods()}>"

    def of(self, method: str) -> list[Call]:
        """Every call of ``method``, oldest first."""
        return [c for c in self if c.method == method]

    def methods(self) -> list[str]:
        """The method of every call, in order."""
        return [c.method for c in self]

    def wait_for(
        self,
        method: str,
        *,
        timeout: float = 10.0,
        where: Callable[[Call], bool] | None = None,
    ) -> Call:
        """Wait until a call of ``method`` (matching ``where``) has been answered.

        Returns:
            The first such call.

        Raises:
            TimeoutError: Listing the calls seen, if none came within ``timeout``.
        """
        return self._wait(
            lambda c: c.method == method and (where is None or where(c)),
            timeout,
            lambda: (
                f"no {method} call within {timeout:g} s; "
                f"calls seen: {', '.join(self.methods()) or 'none'}"
            ),
        )


class ApiLog(_Log[ApiCall]):
    """A thread-safe, append-only list of :class:`ApiCall`, with waiting helpers."""

    def __repr__(self) -> str:
        return f"<ApiLog {self.paths()}>"

    def of(self, path: str) -> list[ApiCall]:
        """Every request to ``path``, oldest first."""
        return [c for c in self if c.path == path]

    def paths(self) -> list[str]:
        """The path of every request, in order."""
        return [c.path for c in self]

    def wait_for(
        self,
        path: str,
        *,
        timeout: float = 10.0,
        where: Callable[[ApiCall], bool] | None = None,
    ) -> ApiCall:
        """Wait until a request to ``path`` (matching ``where``) has been answered.

        Returns:
            The first such request.

        Raises:
            TimeoutError: Listing the requests seen, if none came within ``timeout``.
        """
        return self._wait(
            lambda c: c.path == path and (where is None or where(c)),
            timeout,
            lambda: (
                f"no request to {path} within {timeout:g} s; "
                f"requests seen: {', '.join(self.paths()) or 'none'}"
            ),
        )

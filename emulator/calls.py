"""The call log: every JSAPI call a page made, with its answer and duration."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Call", "CallLog"]


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


class CallLog:
    """A thread-safe, append-only list of :class:`Call`, with waiting helpers."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._changed = threading.Condition()

    def append(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def clear(self) -> None:
        with self._changed:
            self._calls.clear()

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __getitem__(self, index: int) -> Call:
        return self._calls[index]

    def __repr__(self) -> str:
        return f"<CallLog {[c.method for c in self._calls]}>"

    def of(self, method: str) -> list[Call]:
        """Every call of ``method``, oldest first."""
        return [c for c in self._calls if c.method == method]

    def methods(self) -> list[str]:
        """The method of every call, in order."""
        return [c.method for c in self._calls]

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
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for call in self._calls:
                    if call.method == method and (where is None or where(call)):
                        return call
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = ", ".join(self.methods()) or "none"
                    raise TimeoutError(f"no {method} call within {timeout:g} s; calls seen: {seen}")
                self._changed.wait(left)

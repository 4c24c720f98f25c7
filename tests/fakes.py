"""Fakes shared by the tests: real implementations of ddemu's seams, recording what they get."""

from __future__ import annotations

from typing import Any

__all__ = ["FakePage"]


class FakePage:
    """A :class:`~emulator.events.PageSession` that records the events and callbacks it is sent.

    Args:
        id: Its session id.
        answers_events: Whether its shim answers each event with ``_ddemu.dispatched``.
    """

    def __init__(self, id: str = "s1", *, answers_events: bool = True) -> None:
        self.id = id
        self.hello: dict[str, Any] = {"features": ["dispatched"]} if answers_events else {}
        self.events: list[tuple[str, Any]] = []
        self.progress: list[tuple[int | str, Any]] = []

    def send_event(self, name: str, data: Any = None) -> None:
        self.events.append((name, data))

    def send_progress(self, call_id: int | str, data: Any) -> None:
        self.progress.append((call_id, data))

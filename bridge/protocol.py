"""The bridge envelope between a page and ddemu, without any I/O.

One JSON object per websocket text frame:

- page → host, a call: ``{"id": 7, "method": "device.geolocation.get", "params": {...}}``
- host → page, its final answer: ``{"id": 7, "result": {...}}`` or
  ``{"id": 7, "error": {"errorCode": "3", "errorMessage": "..."}}``
- host → page, a repeated callback of a watch call: ``{"id": 7, "progress": {...}}``
- host → page, an event: ``{"event": "resume", "data": {...}}`` (no id)

Control messages use the method prefix ``_ddemu.`` (``_ddemu.hello``), never a
real JSAPI namespace. Every call gets exactly one final answer, whatever it
contained: :func:`parse` raises :class:`~bridge.errors.ProtocolError` carrying
the id when one could be read, and the caller answers with :func:`answer_error`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import JsapiError, ProtocolError

__all__ = [
    "CONTROL_PREFIX",
    "Error",
    "Event",
    "Invoke",
    "Message",
    "Progress",
    "Result",
    "answer_error",
    "parse",
    "serialize",
]

#: Methods with this prefix talk to ddemu itself, not to the emulated client.
CONTROL_PREFIX = "_ddemu."

MessageId = int | str


@dataclass(frozen=True)
class Invoke:
    """A call from the page: ``method`` like ``"device.geolocation.get"``."""

    id: MessageId
    method: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def is_control(self) -> bool:
        return self.method.startswith(CONTROL_PREFIX)


@dataclass(frozen=True)
class Result:
    """The successful final answer to call ``id``."""

    id: MessageId | None
    result: Any


@dataclass(frozen=True)
class Error:
    """The failed final answer to call ``id``, in the container's shape."""

    id: MessageId | None
    code: str
    message: str


@dataclass(frozen=True)
class Progress:
    """One more callback of a watch call (a tap, a shake); not final."""

    id: MessageId
    data: Any


@dataclass(frozen=True)
class Event:
    """An event pushed to the page, such as ``resume`` or ``bizEvent.beaconUpdate``."""

    name: str
    data: Any = None


Message = Invoke | Result | Error | Progress | Event


def _read_id(obj: dict[str, Any]) -> MessageId | None:
    value = obj.get("id")
    # bool is an int subclass; an id of true would be a page bug we should name.
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    return value


def parse(text: str | bytes) -> Invoke:
    """Parse one frame sent by a page.

    Args:
        text: The frame as received.

    Returns:
        The call it carries.

    Raises:
        ProtocolError: If the frame is not a well-formed call. Its ``id`` is set
            when the frame had a usable id, so the answer can be routed back.
    """
    try:
        obj = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"malformed JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise ProtocolError(f"a message must be a JSON object, got {type(obj).__name__}")
    msg_id = _read_id(obj)
    if msg_id is None:
        if "id" in obj:
            raise ProtocolError(f"id must be a number or a string, got {obj['id']!r}")
        raise ProtocolError("missing id")
    method = obj.get("method")
    if not isinstance(method, str) or not method:
        raise ProtocolError("method must be a non-empty string", id=msg_id)
    params = obj.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise ProtocolError(f"params must be a JSON object, got {type(params).__name__}", id=msg_id)
    return Invoke(msg_id, method, params)


def answer_error(msg_id: MessageId | None, exc: JsapiError | ProtocolError) -> Error:
    """Build the final answer for a call that failed with ``exc``."""
    if isinstance(exc, JsapiError):
        return Error(msg_id, exc.code, exc.message)
    return Error(msg_id, "3", f"bad message: {exc}")


# One encoder for every frame: json.dumps with options builds a new one per call,
# which shows in the bridge's round trip (see docs/performance.md).
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def serialize(message: Message) -> str:
    """Return the JSON text of a message for the wire."""
    if isinstance(message, Result):
        return _dumps({"id": message.id, "result": message.result})
    if isinstance(message, Error):
        error = {"errorCode": message.code, "errorMessage": message.message}
        return _dumps({"id": message.id, "error": error})
    if isinstance(message, Progress):
        return _dumps({"id": message.id, "progress": message.data})
    if isinstance(message, Event):
        return _dumps({"event": message.name, "data": message.data})
    return _dumps({"id": message.id, "method": message.method, "params": message.params})

"""What a JSAPI handler may read and change: the device, the platform, the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bridge.sessions import Session
    from emulator.device import Device
    from emulator.platform import Platform

__all__ = ["Context"]


@dataclass
class Context:
    """Passed to every handler; handlers never reach for globals.

    Attributes:
        device: The emulated phone the page runs on.
        platform: The emulated open platform (organisation, auth codes, clock).
        session: The page's bridge session, or None when a test calls directly.
        method: The full native name being answered.
        call_id: The call's id on ``session``, or None without a session. A
            watch call (``setRight``, ``watchShake`` ...) gives it to the
            device, which calls the page back on it for each later tap.
    """

    device: Device
    platform: Platform
    session: Session | None = None
    method: str = ""
    call_id: int | str | None = None

"""Single-use codes with a lifetime: OAuth ``authCode``, the legacy login's ``code``, auth codes.

The platform hands such a code to a page or a site, and a backend redeems it
once. :class:`OneTimeCodes` keeps them by their text, on the platform's clock::

    codes: OneTimeCodes[OAuthCode] = OneTimeCodes(clock)
    codes.add(OAuthCode("c0ffee", "app-key", "unionid", None, clock.now() + 300))
    codes.redeem("c0ffee", lambda found: found.app_key == "app-key")
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from .clock import Clock

__all__ = ["OneTimeCode", "OneTimeCodes"]


class OneTimeCode(Protocol):
    """What :class:`OneTimeCodes` needs of a code: its text and when it expires."""

    @property
    def code(self) -> str: ...

    @property
    def expires_at(self) -> float: ...


C = TypeVar("C", bound=OneTimeCode)


class OneTimeCodes(Generic[C]):
    """Codes that each work once, until their ``expires_at`` on ``clock``."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._codes: dict[str, C] = {}

    def add(self, code: C) -> C:
        """Keep ``code`` until it is redeemed; returns it."""
        with self._lock:
            self._codes[code.code] = code
        return code

    def redeem(self, code: str, valid: Callable[[C], bool]) -> C | None:
        """Use ``code`` up; return it if it is unexpired and ``valid(code)``, else None.

        A code is consumed by its first redemption, even a failed one, so a
        leaked code cannot be tried again with other credentials.
        """
        with self._lock:
            found = self._codes.pop(code, None)
        if found is None or not valid(found) or self.clock.now() >= found.expires_at:
            return None
        return found

    def clear(self) -> None:
        """Forget every code."""
        with self._lock:
            self._codes.clear()

"""Login-free auth codes: issued to a device, redeemed once by a backend."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from .clock import Clock

__all__ = ["AUTH_CODE_TTL", "AuthCode", "AuthCodes"]

#: "授权码，5分钟有效，且只能使用一次": five minutes, single use.
AUTH_CODE_TTL = 300.0


@dataclass(frozen=True)
class AuthCode:
    code: str
    corp_id: str
    userid: str
    issued_at: float
    expires_at: float


class AuthCodes:
    """Every auth code the emulated client has issued, on the shared clock."""

    def __init__(self, clock: Clock, ttl: float = AUTH_CODE_TTL) -> None:
        self.clock = clock
        self.ttl = ttl
        self._codes: dict[str, AuthCode] = {}
        self._lock = threading.Lock()

    def issue(self, corp_id: str, userid: str) -> AuthCode:
        """Issue a fresh code for ``userid`` of ``corp_id``."""
        now = self.clock.now()
        code = AuthCode(secrets.token_hex(16), corp_id, userid, now, now + self.ttl)
        with self._lock:
            self._codes[code.code] = code
        return code

    def redeem(self, code: str, corp_id: str) -> AuthCode | None:
        """Use ``code`` up; return it if it was valid for ``corp_id``, else None.

        A code is consumed by its first redemption, even a failed one for the
        wrong corp, so a leaked code cannot be tried against other corps.
        """
        with self._lock:
            found = self._codes.pop(code, None)
        if found is None or found.corp_id != corp_id or self.clock.now() >= found.expires_at:
            return None
        return found

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()

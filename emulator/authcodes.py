"""Login-free auth codes: issued to a device, redeemed once by a backend."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from .clock import Clock
from .onetime import OneTimeCodes

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
        self._codes: OneTimeCodes[AuthCode] = OneTimeCodes(clock)

    def issue(self, corp_id: str, userid: str) -> AuthCode:
        """Issue a fresh code for ``userid`` of ``corp_id``."""
        now = self.clock.now()
        return self._codes.add(
            AuthCode(secrets.token_hex(16), corp_id, userid, now, now + self.ttl)
        )

    def redeem(self, code: str, corp_id: str) -> AuthCode | None:
        """Use ``code`` up; return it if it was valid for ``corp_id``, else None.

        A code is consumed by its first redemption, even a failed one for the
        wrong corp, so a leaked code cannot be tried against other corps.
        """
        return self._codes.redeem(code, lambda found: found.corp_id == corp_id)

    def clear(self) -> None:
        self._codes.clear()

"""What the open platform issues to backends: app tokens, JSAPI tickets, OAuth grants.

Everything runs on the platform's virtual :class:`~emulator.clock.Clock`, so a
test expires a token with ``emu.clock.advance(7201)``. Lifetimes are the real
platform's (``reference/dingtalk-server-api.md`` §1, §2, §4b):

- an app access token lives 7200 s; asking again while it is valid returns the
  same token, valid 7200 s from that moment;
- a JSAPI ticket is one per app, renewed the same way, but never beyond 24 h
  from its creation;
- an OAuth ``authCode`` (browser login) is single use and lives 5 minutes; a
  user access token lives 7200 s and its refresh token 30 days.

Expired tokens are remembered, so the mock can tell "expired" (42001) from
"never issued" (40014).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, replace

from .clock import Clock
from .onetime import OneTimeCodes

__all__ = [
    "ACCESS_TOKEN_TTL",
    "JSAPI_TICKET_MAX_AGE",
    "JSAPI_TICKET_TTL",
    "OAUTH_CODE_TTL",
    "REFRESH_TOKEN_TTL",
    "AppToken",
    "JsapiTicket",
    "OAuthCode",
    "Tokens",
    "UserToken",
]

#: Seconds an app access token (either host) is valid: "expires_in": 7200.
ACCESS_TOKEN_TTL = 7200.0
#: Seconds a JSAPI ticket is valid from its last renewal.
JSAPI_TICKET_TTL = 7200.0
#: A ticket is never renewed beyond this many seconds after its creation.
JSAPI_TICKET_MAX_AGE = 86400.0
#: Seconds an OAuth ``authCode`` of the browser login is valid (single use).
OAUTH_CODE_TTL = 300.0
#: Seconds a user's refresh token is valid: 30 days.
REFRESH_TOKEN_TTL = 30 * 86400.0


@dataclass(frozen=True)
class AppToken:
    """An app's access token; the same value is accepted on both hosts."""

    token: str
    app_key: str
    corp_id: str
    issued_at: float
    expires_at: float


@dataclass(frozen=True)
class JsapiTicket:
    """The ticket ``dd.config`` signatures are computed with; one per app."""

    ticket: str
    app_key: str
    created_at: float
    expires_at: float


@dataclass(frozen=True)
class OAuthCode:
    """A browser-login ``authCode`` for one person and one app.

    ``corp_id`` is set when the login's scope included ``corpid``; the token
    exchange then answers it as ``corpId``.
    """

    code: str
    app_key: str
    unionid: str
    corp_id: str | None
    expires_at: float


@dataclass(frozen=True)
class UserToken:
    """A user access token and its refresh token, for one person and one app."""

    access_token: str
    refresh_token: str
    app_key: str
    unionid: str
    corp_id: str | None
    expires_at: float
    refresh_expires_at: float


class Tokens:
    """Every token, ticket and OAuth grant the platform issued; thread-safe."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._app_tokens: dict[str, AppToken] = {}  # by token, expired ones too
        self._current_app_token: dict[str, str] = {}  # app_key -> token
        self._tickets: dict[str, JsapiTicket] = {}  # by app_key
        self._codes: OneTimeCodes[OAuthCode] = OneTimeCodes(clock)
        self._user_tokens: dict[str, UserToken] = {}  # by access token, expired ones too
        self._refresh: dict[str, str] = {}  # refresh token -> access token
        self._grants: dict[tuple[str, str, str | None], str] = {}  # -> current access token

    # -- app access tokens ----------------------------------------------------

    def issue_app_token(self, app_key: str, corp_id: str) -> AppToken:
        """The app's token: the current one renewed for 7200 s, or a new one."""
        now = self.clock.now()
        with self._lock:
            current = self._app_tokens.get(self._current_app_token.get(app_key, ""))
            if current is not None and now < current.expires_at:
                token = replace(current, expires_at=now + ACCESS_TOKEN_TTL)
            else:
                token = AppToken(
                    secrets.token_hex(16), app_key, corp_id, now, now + ACCESS_TOKEN_TTL
                )
            self._app_tokens[token.token] = token
            self._current_app_token[app_key] = token.token
        return token

    def app_token(self, token: str) -> AppToken | None:
        """The app token ``token``, expired or not (compare ``expires_at`` with the clock)."""
        with self._lock:
            return self._app_tokens.get(token)

    # -- JSAPI tickets ------------------------------------------------------------

    def issue_jsapi_ticket(self, app_key: str) -> JsapiTicket:
        """The app's ticket, renewed for 7200 s but not past 24 h from creation."""
        now = self.clock.now()
        with self._lock:
            current = self._tickets.get(app_key)
            if current is not None and now < current.expires_at:
                # expires_at never passes the cap, so the renewed ticket is still valid.
                cap = current.created_at + JSAPI_TICKET_MAX_AGE
                ticket = replace(current, expires_at=min(now + JSAPI_TICKET_TTL, cap))
            else:
                ticket = JsapiTicket(secrets.token_hex(32), app_key, now, now + JSAPI_TICKET_TTL)
            self._tickets[app_key] = ticket
        return ticket

    def jsapi_ticket(self, app_key: str) -> JsapiTicket | None:
        """The app's ticket while it is valid, for checking ``dd.config`` signatures."""
        with self._lock:
            ticket = self._tickets.get(app_key)
        if ticket is None or self.clock.now() >= ticket.expires_at:
            return None
        return ticket

    def last_jsapi_ticket(self, app_key: str) -> JsapiTicket | None:
        """The app's latest ticket, expired or not; None if it never had one."""
        with self._lock:
            return self._tickets.get(app_key)

    # -- OAuth: codes, user tokens, refresh tokens ----------------------------------

    def issue_oauth_code(self, app_key: str, unionid: str, corp_id: str | None = None) -> OAuthCode:
        """A fresh single-use ``authCode``, as the browser login hands it to the app."""
        return self._codes.add(
            OAuthCode(
                secrets.token_hex(16), app_key, unionid, corp_id, self.clock.now() + OAUTH_CODE_TTL
            )
        )

    def redeem_oauth_code(self, code: str, app_key: str) -> UserToken | None:
        """Use ``code`` up; return the user's token if it was valid for ``app_key``.

        A code is consumed by its first redemption, even a failed one.
        """
        found = self._codes.redeem(code, lambda found: found.app_key == app_key)
        if found is None:
            return None
        return self._grant(found.app_key, found.unionid, found.corp_id)

    def refresh(self, refresh_token: str, app_key: str) -> UserToken | None:
        """The user token for a valid ``refresh_token`` of ``app_key``, else None."""
        with self._lock:
            access = self._refresh.get(refresh_token)
            token = self._user_tokens.get(access or "")
        if (
            token is None
            or token.app_key != app_key
            or self.clock.now() >= token.refresh_expires_at
        ):
            return None
        return self._grant(token.app_key, token.unionid, token.corp_id)

    def user_token(self, token: str) -> UserToken | None:
        """The user token ``token``, expired or not."""
        with self._lock:
            return self._user_tokens.get(token)

    def _grant(self, app_key: str, unionid: str, corp_id: str | None) -> UserToken:
        """The grant's current token renewed for 7200 s, or a new one.

        The refresh token is kept while valid, and replaced with the access token
        when it has expired.
        """
        now = self.clock.now()
        key = (app_key, unionid, corp_id)
        with self._lock:
            current = self._user_tokens.get(self._grants.get(key, ""))
            if current is not None and now < current.refresh_expires_at:
                access = current.access_token
                if now >= current.expires_at:
                    access = secrets.token_hex(16)
                token = replace(current, access_token=access, expires_at=now + ACCESS_TOKEN_TTL)
            else:
                token = UserToken(
                    secrets.token_hex(16),
                    secrets.token_hex(16),
                    app_key,
                    unionid,
                    corp_id,
                    now + ACCESS_TOKEN_TTL,
                    now + REFRESH_TOKEN_TTL,
                )
            # An access token replaced after expiry keeps its own (expired) record.
            self._user_tokens[token.access_token] = token
            self._refresh[token.refresh_token] = token.access_token
            self._grants[key] = token.access_token
        return token

    def clear(self) -> None:
        """Forget everything issued."""
        self._codes.clear()
        with self._lock:
            self._app_tokens.clear()
            self._current_app_token.clear()
            self._tickets.clear()
            self._user_tokens.clear()
            self._refresh.clear()
            self._grants.clear()

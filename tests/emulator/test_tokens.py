"""Tests of emulator.tokens: app tokens, JSAPI tickets and OAuth grants on the clock."""

from __future__ import annotations

import pytest

from emulator.clock import Clock
from emulator.tokens import (
    ACCESS_TOKEN_TTL,
    JSAPI_TICKET_MAX_AGE,
    OAUTH_CODE_TTL,
    REFRESH_TOKEN_TTL,
    Tokens,
)

T0 = 1_700_000_000.0
UNIONID = "Ue7sXa0Zt1q2WlbK9sPd0Ag"


@pytest.fixture
def tokens() -> Tokens:
    clock = Clock()
    clock.freeze(T0)
    return Tokens(clock)


def test_lifetimes() -> None:
    """The lifetimes are the platform's: 2 h tokens, 24 h ticket cap, 5 min codes, 30 d refresh."""
    assert (ACCESS_TOKEN_TTL, JSAPI_TICKET_MAX_AGE, OAUTH_CODE_TTL) == (7200, 86400, 300)
    assert REFRESH_TOKEN_TTL == 30 * 86400


def test_app_token_same_while_valid(tokens: Tokens) -> None:
    """An app's token is the same while valid, and each fetch renews it for 7200 s."""
    first = tokens.issue_app_token("k", "corp")
    assert (first.issued_at, first.expires_at) == (T0, T0 + 7200)
    tokens.clock.advance(7199)
    again = tokens.issue_app_token("k", "corp")
    assert again.token == first.token
    assert again.expires_at == T0 + 7199 + 7200
    assert tokens.app_token(first.token) == again


def test_app_token_expires(tokens: Tokens) -> None:
    """After 7200 s a fetch gives a new token; the old one is still known, as expired."""
    first = tokens.issue_app_token("k", "corp")
    tokens.clock.advance(7200)
    second = tokens.issue_app_token("k", "corp")
    assert second.token != first.token
    old = tokens.app_token(first.token)
    assert old is not None and old.expires_at <= tokens.clock.now()
    assert tokens.app_token("never-issued") is None


def test_app_tokens_per_app(tokens: Tokens) -> None:
    """Two apps get two tokens, each remembering its app and corp."""
    a = tokens.issue_app_token("a", "corp1")
    b = tokens.issue_app_token("b", "corp2")
    assert a.token != b.token
    assert (b.app_key, b.corp_id) == ("b", "corp2")


def test_ticket_renewed_within_a_day(tokens: Tokens) -> None:
    """A ticket is the same while valid, renewed for 2 h, but never past 24 h from creation."""
    first = tokens.issue_jsapi_ticket("k")
    for _ in range(12):  # 12 x 7000 s = 84000 s
        tokens.clock.advance(7000)
        assert tokens.issue_jsapi_ticket("k").ticket == first.ticket
    capped = tokens.issue_jsapi_ticket("k")
    assert capped.expires_at == T0 + JSAPI_TICKET_MAX_AGE
    tokens.clock.advance(2400)  # 86400 s after creation
    assert tokens.jsapi_ticket("k") is None
    fresh = tokens.issue_jsapi_ticket("k")
    assert fresh.ticket != first.ticket
    assert fresh.created_at == tokens.clock.now()


def test_ticket_expires(tokens: Tokens) -> None:
    """An unrenewed ticket is gone after 7200 s."""
    ticket = tokens.issue_jsapi_ticket("k")
    assert tokens.jsapi_ticket("k") == ticket
    tokens.clock.advance(7200)
    assert tokens.jsapi_ticket("k") is None
    assert tokens.last_jsapi_ticket("k") == ticket  # remembered, to say it expired
    assert tokens.last_jsapi_ticket("never") is None


def test_oauth_code_single_use(tokens: Tokens) -> None:
    """An authCode gives a user token once."""
    code = tokens.issue_oauth_code("k", UNIONID, "corp")
    token = tokens.redeem_oauth_code(code.code, "k")
    assert token is not None
    assert (token.app_key, token.unionid, token.corp_id) == ("k", UNIONID, "corp")
    assert token.expires_at == T0 + 7200
    assert token.refresh_expires_at == T0 + REFRESH_TOKEN_TTL
    assert tokens.redeem_oauth_code(code.code, "k") is None


def test_oauth_code_expires_and_binds_to_app(tokens: Tokens) -> None:
    """A code fails after 300 s, and for another app (which uses it up)."""
    late = tokens.issue_oauth_code("k", UNIONID)
    tokens.clock.advance(300)
    assert tokens.redeem_oauth_code(late.code, "k") is None
    foreign = tokens.issue_oauth_code("k", UNIONID)
    assert tokens.redeem_oauth_code(foreign.code, "other") is None
    assert tokens.redeem_oauth_code(foreign.code, "k") is None


def test_user_token_same_while_valid(tokens: Tokens) -> None:
    """A second login while the user token is valid gives the same tokens."""
    first = tokens.redeem_oauth_code(tokens.issue_oauth_code("k", UNIONID).code, "k")
    tokens.clock.advance(60)
    second = tokens.redeem_oauth_code(tokens.issue_oauth_code("k", UNIONID).code, "k")
    assert first is not None and second is not None
    assert (second.access_token, second.refresh_token) == (first.access_token, first.refresh_token)
    assert second.expires_at == T0 + 60 + 7200


def test_refresh_after_expiry(tokens: Tokens) -> None:
    """After expiry the refresh token gives a new access token; the old stays expired."""
    first = tokens.redeem_oauth_code(tokens.issue_oauth_code("k", UNIONID).code, "k")
    assert first is not None
    tokens.clock.advance(7200)
    refreshed = tokens.refresh(first.refresh_token, "k")
    assert refreshed is not None
    assert refreshed.access_token != first.access_token
    assert refreshed.refresh_token == first.refresh_token
    assert tokens.user_token(refreshed.access_token) == refreshed
    old = tokens.user_token(first.access_token)
    assert old is not None and old.expires_at <= tokens.clock.now()


def test_refresh_token_limits(tokens: Tokens) -> None:
    """A refresh token fails for another app, when unknown, and after 30 days."""
    token = tokens.redeem_oauth_code(tokens.issue_oauth_code("k", UNIONID).code, "k")
    assert token is not None
    assert tokens.refresh(token.refresh_token, "other") is None
    assert tokens.refresh("nosuch", "k") is None
    tokens.clock.advance(REFRESH_TOKEN_TTL)
    assert tokens.refresh(token.refresh_token, "k") is None


def test_clear(tokens: Tokens) -> None:
    """clear() forgets every token, ticket and code."""
    app = tokens.issue_app_token("k", "corp")
    tokens.issue_jsapi_ticket("k")
    code = tokens.issue_oauth_code("k", UNIONID)
    tokens.clear()
    assert tokens.app_token(app.token) is None
    assert tokens.jsapi_ticket("k") is None
    assert tokens.redeem_oauth_code(code.code, "k") is None

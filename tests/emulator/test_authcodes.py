"""Tests of emulator.authcodes: single-use codes that expire after five minutes."""

from __future__ import annotations

import pytest

from emulator.authcodes import AUTH_CODE_TTL, AuthCodes
from emulator.clock import Clock

CORP = "dingcorp"


@pytest.fixture
def codes() -> AuthCodes:
    clock = Clock()
    clock.freeze(1_700_000_000.0)
    return AuthCodes(clock)


def test_redeem_gives_user(codes: AuthCodes) -> None:
    """A fresh code redeems to the corp and user it was issued for."""
    code = codes.issue(CORP, "zhangsan")
    assert code.expires_at - code.issued_at == AUTH_CODE_TTL == 300
    assert codes.redeem(code.code, CORP) == code


def test_single_use(codes: AuthCodes) -> None:
    """A code works once only."""
    code = codes.issue(CORP, "zhangsan")
    assert codes.redeem(code.code, CORP) is not None
    assert codes.redeem(code.code, CORP) is None


def test_expiry(codes: AuthCodes) -> None:
    """A code is refused 301 s after issue."""
    code = codes.issue(CORP, "zhangsan")
    codes.clock.advance(301)
    assert codes.redeem(code.code, CORP) is None


def test_valid_until_expiry(codes: AuthCodes) -> None:
    """A code still works 299 s after issue."""
    code = codes.issue(CORP, "zhangsan")
    codes.clock.advance(299)
    assert codes.redeem(code.code, CORP) is not None


def test_wrong_corp_consumes(codes: AuthCodes) -> None:
    """Redeeming for the wrong corp fails and uses the code up."""
    code = codes.issue(CORP, "zhangsan")
    assert codes.redeem(code.code, "dingother") is None
    assert codes.redeem(code.code, CORP) is None


def test_unknown_code(codes: AuthCodes) -> None:
    """A code never issued is refused."""
    assert codes.redeem("not-a-code", CORP) is None


def test_codes_are_unique(codes: AuthCodes) -> None:
    """Codes issued for the same user differ."""
    issued = {codes.issue(CORP, "zhangsan").code for _ in range(50)}
    assert len(issued) == 50


def test_clear(codes: AuthCodes) -> None:
    """clear() forgets every issued code."""
    code = codes.issue(CORP, "zhangsan")
    codes.clear()
    assert codes.redeem(code.code, CORP) is None

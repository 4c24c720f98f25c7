"""Tests of emulator.onetime: single-use codes that expire on the platform's clock."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from emulator.clock import Clock
from emulator.onetime import OneTimeCodes


@dataclass(frozen=True)
class Code:
    code: str
    owner: str
    expires_at: float


@pytest.fixture
def codes() -> OneTimeCodes[Code]:
    clock = Clock()
    clock.freeze(1_700_000_000.0)
    return OneTimeCodes(clock)


def test_redeem_once_for_its_owner(codes: OneTimeCodes[Code]) -> None:
    """A code redeems once; a second redemption gets None."""
    code = codes.add(Code("c1", "app", codes.clock.now() + 300))
    assert codes.redeem("c1", lambda found: found.owner == "app") == code
    assert codes.redeem("c1", lambda found: found.owner == "app") is None


def test_failed_redemption_uses_the_code_up(codes: OneTimeCodes[Code]) -> None:
    """A code tried with the wrong owner is gone, even for the right one after."""
    codes.add(Code("c1", "app", codes.clock.now() + 300))
    assert codes.redeem("c1", lambda found: found.owner == "other") is None
    assert codes.redeem("c1", lambda found: found.owner == "app") is None


def test_expired_and_cleared_codes_are_refused(codes: OneTimeCodes[Code]) -> None:
    """A code is refused at its expiry, and after clear()."""
    codes.add(Code("old", "app", codes.clock.now() + 300))
    codes.add(Code("new", "app", codes.clock.now() + 600))
    codes.clock.advance(300)
    assert codes.redeem("old", lambda found: True) is None
    codes.clear()
    assert codes.redeem("new", lambda found: True) is None

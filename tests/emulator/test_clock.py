"""Tests of emulator.clock: the virtual clock tests move and freeze."""

from __future__ import annotations

import time

import pytest

from emulator.clock import Clock


def test_runs_in_real_time() -> None:
    """A new clock tells the real time and is not frozen."""
    clock = Clock()
    assert clock.now() == pytest.approx(time.time(), abs=1)
    assert not clock.frozen


def test_advance() -> None:
    """advance() moves a running clock forward, or back with a negative value."""
    clock = Clock()
    clock.advance(3600)
    assert clock.now() == pytest.approx(time.time() + 3600, abs=1)
    clock.advance(-7200)
    assert clock.now() == pytest.approx(time.time() - 3600, abs=1)


def test_freeze_at() -> None:
    """A frozen clock stands still at the given time, and advance() moves it exactly."""
    clock = Clock()
    clock.freeze(1_700_000_000.0)
    assert clock.frozen
    assert clock.now() == 1_700_000_000.0
    time.sleep(0.01)
    assert clock.now() == 1_700_000_000.0
    clock.advance(301)
    assert clock.now() == 1_700_000_301.0
    assert clock.now_ms() == 1_700_000_301_000


def test_freeze_now_keeps_offset() -> None:
    """freeze() without a time stops the clock where it stands, offset included."""
    clock = Clock()
    clock.advance(86400)
    clock.freeze()
    assert clock.now() == pytest.approx(time.time() + 86400, abs=1)


def test_unfreeze_keeps_time() -> None:
    """unfreeze() lets the clock run on from where it stood, not from real time."""
    clock = Clock()
    clock.freeze(1_000_000.0)
    clock.unfreeze()
    assert not clock.frozen
    first = clock.now()
    assert first == pytest.approx(1_000_000.0, abs=1)
    time.sleep(0.01)
    assert clock.now() > first


def test_reset() -> None:
    """reset() goes back to real, running time."""
    clock = Clock()
    clock.advance(10_000)
    clock.freeze()
    clock.reset()
    assert not clock.frozen
    assert clock.now() == pytest.approx(time.time(), abs=1)

"""Tests of emulator.clock: the virtual clock tests move and freeze."""

from __future__ import annotations

import threading
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


def test_call_later_fires_inside_advance_while_frozen() -> None:
    """Advancing a frozen clock fires what it passes, each seeing its own time."""
    clock = Clock()
    clock.freeze(1_000.0)
    seen: list[tuple[str, float]] = []
    clock.call_later(5, lambda: seen.append(("b", clock.now())))
    clock.call_at(1_002.0, lambda: seen.append(("a", clock.now())))
    clock.advance(1)
    assert seen == []
    clock.advance(10)
    assert seen == [("a", 1_002.0), ("b", 1_005.0)]
    assert clock.now() == 1_011.0
    assert clock.pending() == []


def test_every_repeats_in_time_order_with_others() -> None:
    """every() repeats at its interval, interleaved in time order with one-off callbacks."""
    clock = Clock()
    clock.freeze(0.0)
    seen: list[tuple[str, float]] = []
    timer = clock.every(1.0, lambda: seen.append(("tick", clock.now())), start=0.5)
    clock.call_at(1.7, lambda: seen.append(("once", clock.now())))
    clock.advance(3)
    assert seen == [("tick", 0.5), ("tick", 1.5), ("once", 1.7), ("tick", 2.5)]
    assert timer.fired == 3 and timer.when == 3.5
    timer.cancel()
    clock.advance(5)
    assert len(seen) == 4
    assert not timer.active


def test_cancel_before_due() -> None:
    """A cancelled timer never fires."""
    clock = Clock()
    clock.freeze(0.0)
    seen: list[int] = []
    timer = clock.call_later(1, lambda: seen.append(1))
    timer.cancel()
    timer.cancel()
    clock.advance(2)
    assert seen == [] and timer.cancelled


def test_callback_may_schedule_and_cancel() -> None:
    """A callback can schedule a follow-up that the same advance() still fires."""
    clock = Clock()
    clock.freeze(0.0)
    seen: list[float] = []

    def first() -> None:
        seen.append(clock.now())
        clock.call_later(1, lambda: seen.append(clock.now()))

    clock.call_at(1.0, first)
    clock.advance(5)
    assert seen == [1.0, 2.0]


def test_failing_callback_does_not_stop_others(caplog: pytest.LogCaptureFixture) -> None:
    """An exception in one callback is logged and the next still fires."""
    clock = Clock()
    clock.freeze(0.0)
    seen: list[int] = []

    def boom() -> None:
        raise RuntimeError("boom")

    clock.call_at(1.0, boom)
    clock.call_at(2.0, lambda: seen.append(2))
    clock.advance(3)
    assert seen == [2]
    assert "boom" in caplog.text


def test_fires_with_real_time_on_running_clock() -> None:
    """On a running clock a callback fires by itself once real time reaches it."""
    clock = Clock()
    clock.advance(1_000)
    done = threading.Event()
    at: list[float] = []
    clock.call_later(0.05, lambda: (at.append(clock.now()), done.set()))
    assert done.wait(2)
    assert at[0] == pytest.approx(time.time() + 1_000, abs=0.5)


def test_frozen_clock_does_not_fire_by_itself() -> None:
    """A frozen clock fires nothing while real time passes."""
    clock = Clock()
    clock.freeze()
    seen: list[int] = []
    clock.call_later(0.01, lambda: seen.append(1))
    time.sleep(0.1)
    assert seen == []
    clock.unfreeze()
    deadline = time.time() + 2
    while not seen and time.time() < deadline:
        time.sleep(0.01)
    assert seen == [1]


def test_every_on_running_clock_and_thread_stops() -> None:
    """every() on a running clock repeats in real time; the thread ends when nothing is left."""
    clock = Clock()
    seen: list[float] = []
    timer = clock.every(0.02, lambda: seen.append(clock.now()))
    deadline = time.time() + 2
    while len(seen) < 3 and time.time() < deadline:
        time.sleep(0.01)
    timer.cancel()
    assert len(seen) >= 3
    deadline = time.time() + 2
    while clock._thread is not None:
        assert time.time() < deadline, "the clock's thread did not stop"
        time.sleep(0.01)


def test_advance_running_clock_fires_in_between() -> None:
    """advance() on a running clock fires what it passes, at their virtual times."""
    clock = Clock()
    start = clock.now()
    at: list[float] = []
    clock.call_later(3600, lambda: at.append(clock.now()))
    clock.advance(7200)
    assert at and at[0] == pytest.approx(start + 3600, abs=1)
    assert clock.now() == pytest.approx(start + 7200, abs=1)


def test_reset_cancels_scheduled() -> None:
    """reset() cancels every scheduled callback."""
    clock = Clock()
    clock.freeze(0.0)
    seen: list[int] = []
    timer = clock.call_later(1, lambda: seen.append(1))
    clock.reset()
    clock.freeze(0.0)
    clock.advance(5)
    assert seen == [] and timer.cancelled


def test_every_rejects_bad_interval() -> None:
    """every() needs a positive interval."""
    with pytest.raises(ValueError, match="interval"):
        Clock().every(0, lambda: None)

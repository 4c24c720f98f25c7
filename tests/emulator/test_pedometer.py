"""Tests of emulator.pedometer: counts per day, history and the step curve."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bridge.errors import ConfigError
from emulator.clock import Clock
from emulator.pedometer import CHINA, Pedometer

#: 10:00 on 27 November 2026 in China.
MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=CHINA).timestamp()


@pytest.fixture
def clock_start() -> float:
    return MORNING


@pytest.fixture
def pedometer(clock: Clock) -> Pedometer:
    return Pedometer(clock)


def test_a_new_pedometer_counts_nothing(pedometer: Pedometer) -> None:
    """A fresh device has walked 0 steps today."""
    assert pedometer.today() == date(2026, 11, 27)
    assert pedometer.steps_today() == 0


def test_set_steps_and_history(pedometer: Pedometer) -> None:
    """set_steps sets today; add_history sets past days, given as text or dates."""
    pedometer.set_steps(4321)
    pedometer.add_history({"2026-11-25": 8000, date(2026, 11, 26): 12000})
    assert pedometer.history(date(2026, 11, 24), date(2026, 11, 28)) == [
        (date(2026, 11, 24), 0),
        (date(2026, 11, 25), 8000),
        (date(2026, 11, 26), 12000),
        (date(2026, 11, 27), 4321),
        (date(2026, 11, 28), 0),
    ]


def test_days_change_at_midnight_in_china(pedometer: Pedometer, clock: Clock) -> None:
    """Today's count is yesterday's once the clock passes midnight in UTC+8."""
    pedometer.set_steps(5000)
    clock.advance(14 * 3600)
    assert pedometer.steps_today() == 0
    assert pedometer.steps_on("2026-11-27") == 5000


def test_curve_by_clock_time(pedometer: Pedometer, clock: Clock) -> None:
    """A curve of HH:MM points is linear between them and flat after the last."""
    pedometer.curve([("09:00", 0), ("11:00", 6000), ("12:00", 6000)])
    assert pedometer.steps_today() == 3000
    clock.advance(1800)
    assert pedometer.steps_today() == 4500
    clock.advance(5 * 3600)
    assert pedometer.steps_today() == 6000


def test_curve_by_seconds_from_now(pedometer: Pedometer, clock: Clock) -> None:
    """Numbers are seconds after now on the virtual clock."""
    pedometer.curve([(0, 100), (100, 1100)])
    clock.advance(25)
    assert pedometer.steps_today() == 350


def test_curve_ends_with_its_day(pedometer: Pedometer, clock: Clock) -> None:
    """The curve's last value stays that day's count; the next day starts at 0."""
    pedometer.curve([("08:00", 0), ("18:00", 9000)])
    clock.advance(24 * 3600)
    assert pedometer.steps_on("2026-11-27") == 9000
    assert pedometer.steps_today() == 0


def test_set_steps_replaces_todays_curve(pedometer: Pedometer) -> None:
    """set_steps for a day overrides the curve on that day."""
    pedometer.curve([("08:00", 0), ("18:00", 9000)])
    pedometer.set_steps(42)
    assert pedometer.steps_today() == 42


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([("25:00", 10)], "no such time of day"),
        ([("noon", 10)], "HH:MM"),
        ([(-5, 10)], ">= 0"),
        ([("08:00", -1)], "steps must be from 0"),
        ([("08:00", 500), ("09:00", 100)], "go down"),
        ([("08:00",)], "a point is"),
    ],
)
def test_bad_curves(pedometer: Pedometer, points: list[tuple[object, ...]], message: str) -> None:
    """A bad curve raises ConfigError saying what is wrong; the old curve stays."""
    pedometer.curve([(0, 7)])
    with pytest.raises(ConfigError, match=message):
        pedometer.curve(points)  # type: ignore[arg-type]
    assert pedometer.steps_today() == 7


def test_bad_counts(pedometer: Pedometer) -> None:
    """Negative, fractional or absurd counts and malformed days are refused."""
    for steps in (-1, 1.5, 10**9, True):
        with pytest.raises(ConfigError, match="steps"):
            pedometer.set_steps(steps)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="day must be a date"):
        pedometer.set_steps(10, day="27/11/2026")
    with pytest.raises(ConfigError, match="steps of 2026-11-01"):
        pedometer.add_history({"2026-11-01": -3})

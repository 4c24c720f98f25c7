"""The device's step counter: steps per day, history, and a step curve over the day.

Days are calendar days in the device's time zone (China Standard Time by
default, as DingTalk counts them) on the virtual clock. A day's count comes
from, in order: a step curve with points on that day, evaluated at the clock's
``now()`` (linear between points, so moving the clock forward walks); else a
count set with :meth:`Pedometer.set_steps` or :meth:`Pedometer.add_history`;
else 0.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from bridge.errors import ConfigError

from .clock import Clock

__all__ = ["CHINA", "MAX_STEPS", "Pedometer", "parse_day"]

#: China Standard Time, where DingTalk's step days begin and end.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")

#: More steps than anyone walks in a day: a count above it is a mistake.
MAX_STEPS = 200_000

_CLOCK_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\Z")


def parse_day(value: Any, name: str = "day") -> date:
    """A :class:`date` from a date or ``"YYYY-MM-DD"``.

    Raises:
        ConfigError: Naming ``name`` for anything else.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{name} must be a date like 2026-11-27, got {value!r}")


def _check_steps(value: Any, name: str = "steps") -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ConfigError(f"{name} must be a whole number of steps, got {value!r}")
    if not 0 <= value <= MAX_STEPS:
        raise ConfigError(f"{name} must be from 0 to {MAX_STEPS}, got {value!r}")
    return int(value)


class Pedometer:
    """Step counts of one device.

    Args:
        clock: The virtual clock.
        tz: The time zone whose midnights separate the days.

    Attributes:
        authorized: Whether the user let DingTalk read health data
            (``getHealthData``); False answers "7".
        grant_on_request: Whether ``requestHealthAuthorization`` grants it.
        channel: Where the health data comes from (``getHealthDeviceData``).
    """

    def __init__(self, clock: Clock, tz: tzinfo = CHINA) -> None:
        self._clock = clock
        self.tz = tz
        self._lock = threading.Lock()
        self._days: dict[date, int] = {}
        self._curve: list[tuple[float, int]] = []
        self.authorized = True
        self.grant_on_request = True
        self.channel = "HealthKit"

    def __repr__(self) -> str:
        return f"<Pedometer today={self.steps_today()}>"

    def today(self) -> date:
        """The device's calendar day now."""
        return self._day_of(self._clock.now())

    def _day_of(self, when: float) -> date:
        return datetime.fromtimestamp(when, self.tz).date()

    def _midnight(self, day: date) -> float:
        return datetime.combine(day, time(), self.tz).timestamp()

    # -- setting counts -----------------------------------------------------

    def set_steps(self, steps: int, *, day: date | str | None = None) -> None:
        """Set the count of a day (today by default); it replaces a curve on that day.

        Raises:
            ConfigError: For a negative or absurd count, or a malformed day.
        """
        count = _check_steps(steps)
        chosen = self.today() if day is None else parse_day(day)
        start, end = self._midnight(chosen), self._midnight(chosen + timedelta(days=1))
        with self._lock:
            self._days[chosen] = count
            self._curve = [p for p in self._curve if not start <= p[0] < end]

    def add_history(self, days: Mapping[date | str, int]) -> None:
        """Set the counts of several days: ``{"2026-11-27": 8000, ...}``.

        Raises:
            ConfigError: Naming the first bad day or count; nothing is set then.
        """
        parsed = {}
        for day, steps in days.items():
            key = parse_day(day)
            parsed[key] = _check_steps(steps, f"steps of {key}")
        with self._lock:
            self._days.update(parsed)

    def curve(self, points: Iterable[tuple[str | float, int] | list[Any]]) -> None:
        """Walk: the cumulative steps of the day at given times, linear in between.

        Args:
            points: ``(when, steps)`` pairs. ``when`` is a clock time of today,
                ``"HH:MM"`` or ``"HH:MM:SS"`` (device time zone), or a number of
                seconds after now on the virtual clock. Steps must not go down
                within a day.

        Raises:
            ConfigError: Naming the point that is wrong; nothing changes then.
        """
        now = self._clock.now()
        midnight = self._midnight(self._day_of(now))
        planned: list[tuple[float, int]] = []
        for index, point in enumerate(points):
            if not isinstance(point, tuple | list) or len(point) != 2:
                raise ConfigError(
                    f"step curve point {index}: a point is (time, steps), got {point!r}"
                )
            when, steps = point
            at = self._when(when, now, midnight, index)
            planned.append((at, _check_steps(steps, f"step curve point {index}: steps")))
        planned.sort()
        for (a_at, a_steps), (b_at, b_steps) in zip(planned, planned[1:], strict=False):
            if self._day_of(a_at) == self._day_of(b_at) and b_steps < a_steps:
                raise ConfigError(
                    f"step curve: steps go down from {a_steps} to {b_steps} within one day"
                )
        with self._lock:
            self._curve = planned

    @staticmethod
    def _when(when: Any, now: float, midnight: float, index: int) -> float:
        if isinstance(when, str):
            match = _CLOCK_TIME.match(when)
            if match is None:
                raise ConfigError(
                    f"step curve point {index}: time must be HH:MM or HH:MM:SS, got {when!r}"
                )
            hours, minutes, seconds = (int(g or 0) for g in match.groups())
            if hours > 23 or minutes > 59 or seconds > 59:
                raise ConfigError(f"step curve point {index}: no such time of day {when!r}")
            return midnight + hours * 3600 + minutes * 60 + seconds
        if isinstance(when, bool) or not isinstance(when, int | float) or not math.isfinite(when):
            raise ConfigError(
                f"step curve point {index}: time must be HH:MM or seconds from now, got {when!r}"
            )
        if when < 0:
            raise ConfigError(f"step curve point {index}: seconds from now must be >= 0")
        return now + when

    def clear(self) -> None:
        """Forget every count and the curve."""
        with self._lock:
            self._days.clear()
            self._curve = []

    # -- reading counts -----------------------------------------------------

    def steps_on(self, day: date | str) -> int:
        """The steps of ``day`` as the phone counts them now (0 for a day to come)."""
        chosen = parse_day(day)
        now = self._clock.now()
        start, end = self._midnight(chosen), self._midnight(chosen + timedelta(days=1))
        if now < start:
            return 0
        with self._lock:
            points = [p for p in self._curve if start <= p[0] < end]
            fixed = self._days.get(chosen, 0)
        if not points:
            return fixed
        return _interpolate(points, min(now, end))

    def steps_today(self) -> int:
        """Today's steps so far."""
        return self.steps_on(self.today())

    def history(self, first: date, last: date) -> list[tuple[date, int]]:
        """``(day, steps)`` for each day from ``first`` to ``last``, both included."""
        days = []
        day = first
        while day <= last:
            days.append((day, self.steps_on(day)))
            day += timedelta(days=1)
        return days

    def last_timestamp(self, day: date) -> float:
        """When ``day``'s count was last updated: now for today, its end for a past day."""
        end = self._midnight(day + timedelta(days=1)) - 0.001
        return min(self._clock.now(), end)


def _interpolate(points: list[tuple[float, int]], when: float) -> int:
    if when <= points[0][0]:
        return points[0][1]
    for (a_at, a_steps), (b_at, b_steps) in zip(points, points[1:], strict=False):
        if when <= b_at:
            share = (when - a_at) / (b_at - a_at) if b_at > a_at else 1.0
            return int(a_steps + (b_steps - a_steps) * share)
    return points[-1][1]

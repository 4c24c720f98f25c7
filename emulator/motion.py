"""The device's motion sensors: accelerometer, gyroscope and compass, on the virtual clock.

An H5 page reads them in two ways, and both are driven from here:

- ``device.accelerometer.watchShake``: while it is on, the device samples its
  acceleration every ``frequency`` ms the page asked for; a change of more than
  ``sensitivity`` (m/s²) between two samples is a shake
  (:meth:`Motion.start_sampling`). :meth:`Motion.set_acceleration` therefore
  shakes the phone as a hand would; ``device.shake()`` still shakes it directly.
- the web's own ``devicemotion`` and ``deviceorientation`` events (DingTalk has
  no JSAPI for the gyroscope or the compass; pages listen on ``window``). The
  shim tells the device which of them a page listens to (``_ddemu.sensors``),
  and the device then sends it a reading every :attr:`Motion.interval` seconds
  of virtual time, which the shim dispatches as real ``DeviceMotionEvent`` and
  ``DeviceOrientationEvent`` objects (on iOS with ``webkitCompassHeading``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bridge.errors import ConfigError

from .clock import Clock, Timer
from .events import PageSession
from .steps import step_at

__all__ = [
    "GRAVITY",
    "MOTION_EVENT",
    "SENSOR_EVENTS",
    "Motion",
    "MotionReading",
]

#: Standard gravity, m/s²: what the accelerometer of a phone lying flat reads on z.
GRAVITY = 9.80665

#: The frame the shim turns into ``devicemotion``/``deviceorientation`` events.
MOTION_EVENT = "_ddemu.motion"

#: The web events a page may listen to, which the device then streams.
SENSOR_EVENTS = ("devicemotion", "deviceorientation", "deviceorientationabsolute")

#: ``watchShake`` defaults when the page leaves them out (iOS forces sensitivity 3.2).
DEFAULT_SENSITIVITY = 3.2
DEFAULT_FREQUENCY_MS = 100.0


def _items(value: Any) -> Iterable[Any]:
    if isinstance(value, list | tuple):
        return value
    raise ConfigError(f"three numbers in a list, got {value!r}")


def _vector(name: str, values: Iterable[Any]) -> tuple[float, float, float]:
    parts = tuple(values)
    if len(parts) != 3 or not all(
        not isinstance(v, bool) and isinstance(v, int | float) and math.isfinite(v) for v in parts
    ):
        raise ConfigError(f"{name} takes three finite numbers, got {parts!r}")
    return (float(parts[0]), float(parts[1]), float(parts[2]))


@dataclass(frozen=True)
class MotionReading:
    """What the sensors read at one moment.

    Attributes:
        acceleration: x, y, z in m/s², gravity included (a phone flat on a
            table reads ``(0, 0, 9.81)``).
        rotation_rate: alpha, beta, gamma in degrees per second (gyroscope).
        orientation: alpha (0-360, counter-clockwise from north), beta
            (-180-180) and gamma (-90-90), degrees.
    """

    acceleration: tuple[float, float, float] = (0.0, 0.0, GRAVITY)
    rotation_rate: tuple[float, float, float] = (0.0, 0.0, 0.0)
    orientation: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def heading(self) -> float:
        """Compass heading, degrees clockwise from north."""
        return round((360.0 - self.orientation[0]) % 360.0, 6)

    def as_frame(self, interval_ms: float) -> dict[str, Any]:
        """The reading as the shim receives it."""
        x, y, z = self.acceleration
        alpha, beta, gamma = self.orientation
        ra, rb, rg = self.rotation_rate
        return {
            "accelerationIncludingGravity": {"x": x, "y": y, "z": z},
            # Without gravity: what is left once a phone at rest is subtracted.
            "acceleration": {"x": x, "y": y, "z": round(z - GRAVITY, 6)},
            "rotationRate": {"alpha": ra, "beta": rb, "gamma": rg},
            "orientation": {"alpha": alpha, "beta": beta, "gamma": gamma},
            "heading": self.heading,
            "interval": interval_ms,
        }


class Motion:
    """The motion sensors of one device.

    Args:
        clock: The virtual clock the samples and streams run on.
        shake: Called on each shake the sampler detects; the device's
            :meth:`~emulator.device.Device.shake`.
    """

    def __init__(self, clock: Clock, shake: Callable[[], bool]) -> None:
        self._clock = clock
        self._shake = shake
        self._lock = threading.Lock()
        self._reading = MotionReading()
        self._interval = 0.1
        self._listeners: dict[str, tuple[PageSession, frozenset[str]]] = {}
        self._stream: Timer | None = None
        self._sampler: Timer | None = None
        self._sensitivity = DEFAULT_SENSITIVITY
        self._last_sample: tuple[float, float, float] | None = None
        #: Each shake the sampler detected, as clock times.
        self.shakes: list[float] = []

    def __repr__(self) -> str:
        return f"<Motion {self._reading} listeners={len(self._listeners)}>"

    # -- values -------------------------------------------------------------

    @property
    def reading(self) -> MotionReading:
        """What the sensors read now."""
        return self._reading

    def set_acceleration(self, x: float, y: float, z: float) -> None:
        """Set the acceleration, m/s², gravity included.

        While a page watches shakes, a jump larger than its ``sensitivity``
        from one sample to the next is a shake.
        """
        vector = _vector("set_acceleration", (x, y, z))
        with self._lock:
            self._reading = replace(self._reading, acceleration=vector)

    def set_rotation_rate(self, alpha: float, beta: float, gamma: float) -> None:
        """Set the gyroscope's rotation rate, degrees per second."""
        vector = _vector("set_rotation_rate", (alpha, beta, gamma))
        with self._lock:
            self._reading = replace(self._reading, rotation_rate=vector)

    def set_orientation(self, alpha: float, beta: float, gamma: float) -> None:
        """Set the orientation, degrees: alpha 0-360, beta -180-180, gamma -90-90.

        Raises:
            ConfigError: Naming the angle out of range.
        """
        a, b, g = _vector("set_orientation", (alpha, beta, gamma))
        for name, value, low, high in (
            ("alpha", a, 0.0, 360.0),
            ("beta", b, -180.0, 180.0),
            ("gamma", g, -90.0, 90.0),
        ):
            if not low <= value <= high:
                raise ConfigError(f"{name} must be from {low:g} to {high:g} degrees, got {value}")
        with self._lock:
            self._reading = replace(self._reading, orientation=(a % 360.0, b, g))

    def set_heading(self, degrees: float) -> None:
        """Point the phone at a compass heading (degrees clockwise from north), lying flat."""
        if isinstance(degrees, bool) or not isinstance(degrees, int | float):
            raise ConfigError(f"heading must be a number of degrees, got {degrees!r}")
        if not 0 <= degrees < 360:
            raise ConfigError(f"heading must be from 0 to 360 degrees (not 360), got {degrees}")
        _, beta, gamma = self._reading.orientation
        with self._lock:
            alpha = (360.0 - float(degrees)) % 360.0
            self._reading = replace(self._reading, orientation=(alpha, beta, gamma))

    @property
    def heading(self) -> float:
        """Compass heading now, degrees clockwise from north."""
        return self._reading.heading

    def schedule(
        self, steps: Iterable[Mapping[str, Any]], *, start: float | None = None
    ) -> list[Timer]:
        """Change the readings at given times on the virtual clock.

        Args:
            steps: Mappings with ``at`` (seconds after ``start``, >= 0) and any
                of ``acceleration``, ``rotation_rate``, ``orientation`` (three
                numbers each) and ``heading`` (degrees).
            start: Clock time the ``at`` values count from; now by default.

        Returns:
            The clock's timers, one per step.

        Raises:
            ConfigError: Naming the step and field that is wrong; nothing is
                scheduled then.
        """
        origin = self._clock.now() if start is None else float(start)
        planned: list[tuple[float, Callable[[], None]]] = []
        for index, step in enumerate(steps):
            try:
                planned.append(self._planned(step, origin))
            except ConfigError as exc:
                raise ConfigError(f"motion step {index}: {exc}") from None
        return [self._clock.call_at(at, apply) for at, apply in planned]

    def _planned(self, step: Mapping[str, Any], origin: float) -> tuple[float, Callable[[], None]]:
        setters: dict[str, Callable[..., None]] = {
            "acceleration": self.set_acceleration,
            "rotation_rate": self.set_rotation_rate,
            "orientation": self.set_orientation,
            "heading": self.set_heading,
        }
        at = step_at(step, "a step is a table of at and readings", {"at", *setters})
        # Check each value now, on a scratch copy, so a bad step fails at once.
        scratch = Motion(self._clock, lambda: False)
        calls: list[tuple[Callable[..., None], tuple[Any, ...]]] = []
        for field, setter in setters.items():
            if field not in step:
                continue
            value = step[field]
            args = (value,) if field == "heading" else tuple(_vector(field, _items(value)))
            getattr(scratch, setter.__name__)(*args)
            calls.append((setter, args))

        def apply() -> None:
            for setter, args in calls:
                setter(*args)

        return origin + at, apply

    # -- the web's sensor events --------------------------------------------

    @property
    def interval(self) -> float:
        """Seconds of virtual time between two readings sent to a listening page."""
        return self._interval

    @interval.setter
    def interval(self, seconds: float) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise ConfigError(f"interval must be a number of seconds, got {seconds!r}")
        if not 0.01 <= seconds <= 10:
            raise ConfigError(f"interval must be from 0.01 to 10 seconds, got {seconds}")
        self._interval = float(seconds)
        if self._stream is not None:
            self._restart_stream()

    def listen(self, page: PageSession, events: Iterable[str]) -> list[str]:
        """Stream readings to ``page`` for the web events it listens to.

        Called for the shim's ``_ddemu.sensors`` control call. An empty list
        stops the stream to that page.

        Returns:
            The events the page now gets.

        Raises:
            ConfigError: For an event that is not one of :data:`SENSOR_EVENTS`.
        """
        names = list(events)
        for name in names:
            if not isinstance(name, str):
                raise ConfigError(f"a sensor event is named by a string, got {name!r}")
        wanted = frozenset(names)
        unknown = wanted - set(SENSOR_EVENTS)
        if unknown:
            raise ConfigError(
                f"no sensor event {sorted(unknown)[0]!r}; one of {', '.join(SENSOR_EVENTS)}"
            )
        with self._lock:
            if wanted:
                self._listeners[page.id] = (page, wanted)
            else:
                self._listeners.pop(page.id, None)
            listening = bool(self._listeners)
        if listening and self._stream is None:
            self._restart_stream()
        elif not listening:
            self._stop_stream()
        return sorted(wanted)

    def forget(self, page: PageSession) -> None:
        """Stop streaming to a page that went away."""
        self.listen(page, ())

    @property
    def listeners(self) -> dict[str, list[str]]:
        """The pages streamed to, by id, with the events each listens to."""
        with self._lock:
            return {pid: sorted(events) for pid, (_, events) in self._listeners.items()}

    def send(self) -> int:
        """Send the current reading to every listening page now.

        Returns:
            How many pages it went to.
        """
        frame = self._reading.as_frame(self._interval * 1000)
        with self._lock:
            pages = list(self._listeners.values())
        for page, events in pages:
            page.send_event(MOTION_EVENT, {**frame, "events": sorted(events)})
        return len(pages)

    def _restart_stream(self) -> None:
        self._stop_stream()
        self._stream = self._clock.every(self._interval, self.send)

    def _stop_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.cancel()

    # -- watchShake's sampler -----------------------------------------------

    def start_sampling(self, params: Mapping[str, Any]) -> None:
        """Sample the acceleration for shakes, as ``watchShake`` asked.

        Args:
            params: ``frequency`` (ms between samples, default 100) and
                ``sensitivity`` (m/s² of change that makes a shake, default 3.2).
        """
        frequency = params.get("frequency")
        sensitivity = params.get("sensitivity")
        period = float(frequency if frequency is not None else DEFAULT_FREQUENCY_MS) / 1000
        self._sensitivity = float(sensitivity if sensitivity is not None else DEFAULT_SENSITIVITY)
        self.stop_sampling()
        self._last_sample = self._reading.acceleration
        self._sampler = self._clock.every(period, self._sample)

    def stop_sampling(self) -> None:
        """Stop sampling (``clearShake``, or the page went away)."""
        sampler, self._sampler = self._sampler, None
        if sampler is not None:
            sampler.cancel()
        self._last_sample = None

    @property
    def sampling(self) -> bool:
        """Whether a page's ``watchShake`` has the device sample its acceleration."""
        return self._sampler is not None

    def _sample(self) -> None:
        now = self._reading.acceleration
        last, self._last_sample = self._last_sample, now
        if last is None:
            return
        if math.dist(now, last) > self._sensitivity and self._shake():
            self.shakes.append(self._clock.now())

"""iBeacons around the device: which are in range, how strong, and when.

What the device hears is a timeline on the virtual clock: :meth:`Beacons.add`
and :meth:`Beacons.remove` change it from now on, :meth:`Beacons.schedule`
from given times on (a beacon coming into range, getting closer, leaving).
Reading the beacons in range at any moment folds that timeline up to the
clock's ``now()``, so moving the clock forward is all a test needs.

A page looks for beacons with ``startBeaconDiscovery`` (an ``_action`` of
``runtime.h5nuvabridge.exec``); while it does, the device sends it
``bizEvent.beaconUpdate`` every :attr:`Beacons.interval` seconds with the
beacons in range whose uuid it asked for, as iOS ranging does, and
``bizEvent.beaconServiceChange`` when discovery starts or stops or Bluetooth
is turned off or on.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bridge.errors import ConfigError

from .clock import Clock, Timer
from .steps import step_at

__all__ = [
    "BEACON_SERVICE_CHANGE",
    "BEACON_UPDATE",
    "Beacon",
    "BeaconStep",
    "Beacons",
    "proximity_of",
]

#: The ``bizEvent`` names, as ``dd.onBeaconUpdate`` / ``dd.onBeaconServiceChange`` hear them.
BEACON_UPDATE = "beaconUpdate"
BEACON_SERVICE_CHANGE = "beaconServiceChange"

_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\Z")

#: The path-loss exponent of the distance estimate: 2 is free space.
PATH_LOSS = 2.0

Key = tuple[str, int, int]


def _check_int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ConfigError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be from {low} to {high}, got {value!r}")
    return int(value)


def normalize_uuid(uuid: Any, name: str = "uuid") -> str:
    """Return ``uuid`` in upper case, as iOS reports it.

    Raises:
        ConfigError: Unless it is 32 hex digits grouped 8-4-4-4-12.
    """
    if not isinstance(uuid, str) or not _UUID.match(uuid):
        raise ConfigError(
            f"{name} must be a UUID like FDA50693-A4E2-4FB1-AFCF-C6EB07647825, got {uuid!r}"
        )
    return uuid.upper()


def _key(uuid: Any, major: Any, minor: Any) -> Key:
    return (
        normalize_uuid(uuid),
        _check_int("major", major, 0, 65535),
        _check_int("minor", minor, 0, 65535),
    )


def proximity_of(accuracy: float) -> int:
    """iOS ``CLProximity`` for a distance in metres: 1 immediate, 2 near, 3 far, 0 unknown."""
    if accuracy < 0:
        return 0
    if accuracy < 0.5:
        return 1
    if accuracy < 3.0:
        return 2
    return 3


@dataclass(frozen=True)
class Beacon:
    """One iBeacon the device hears.

    Attributes:
        uuid: The proximity UUID, upper case.
        major, minor: Its ids, 0-65535.
        rssi: Received signal strength, dBm (-120 to -1).
        tx_power: The signal strength it advertises at 1 metre, dBm.
    """

    uuid: str
    major: int
    minor: int
    rssi: int = -60
    tx_power: int = -59

    @property
    def key(self) -> Key:
        return (self.uuid, self.major, self.minor)

    @property
    def accuracy(self) -> float:
        """Estimated distance in metres, from ``rssi`` and ``tx_power`` (log-distance path loss)."""
        return round(10 ** ((self.tx_power - self.rssi) / (10 * PATH_LOSS)), 2)

    @property
    def proximity(self) -> int:
        """1 immediate (< 0.5 m), 2 near (< 3 m), 3 far."""
        return proximity_of(self.accuracy)

    def as_result(self) -> dict[str, Any]:
        """The beacon as ``getBeacons`` and ``beaconUpdate`` give it (major, minor as text)."""
        return {
            "uuid": self.uuid,
            "major": str(self.major),
            "minor": str(self.minor),
            "proximity": self.proximity,
            "accuracy": self.accuracy,
            "rssi": self.rssi,
        }


def make_beacon(
    uuid: Any, major: Any, minor: Any, *, rssi: Any = -60, tx_power: Any = -59
) -> Beacon:
    """A checked :class:`Beacon`.

    Raises:
        ConfigError: Naming the field that is out of range.
    """
    return Beacon(
        normalize_uuid(uuid),
        _check_int("major", major, 0, 65535),
        _check_int("minor", minor, 0, 65535),
        _check_int("rssi", rssi, -120, -1),
        _check_int("tx_power", tx_power, -120, 20),
    )


@dataclass(frozen=True)
class BeaconStep:
    """One change on the timeline: at ``at`` (clock seconds) a beacon is heard with ``rssi``.

    ``beacon`` None means the beacon ``key`` leaves the range.
    """

    at: float
    key: Key
    beacon: Beacon | None


class Beacons:
    """The iBeacons in range of one device, over virtual time.

    Args:
        clock: The virtual clock the timeline runs on.
        fire: Sends ``bizEvent.<name>`` with data to the device's pages.
    """

    def __init__(self, clock: Clock, fire: Callable[[str, Any], Any]) -> None:
        self._clock = clock
        self._fire = fire
        self._lock = threading.Lock()
        self._timeline: list[BeaconStep] = []
        self._bluetooth = True
        self._discovering = False
        self._uuids: tuple[str, ...] = ()
        self._interval = 1.0
        self._ticker: Timer | None = None

    def __repr__(self) -> str:
        return f"<Beacons {len(self.in_range)} in range, discovering={self._discovering}>"

    # -- what is in range ---------------------------------------------------

    def add(
        self, uuid: str, major: int, minor: int, *, rssi: int = -60, tx_power: int = -59
    ) -> Beacon:
        """Bring a beacon into range from now on, or change its signal if it is in range.

        Raises:
            ConfigError: For a malformed uuid, or major, minor, rssi out of range.
        """
        beacon = make_beacon(uuid, major, minor, rssi=rssi, tx_power=tx_power)
        self._append([BeaconStep(self._clock.now(), beacon.key, beacon)])
        return beacon

    def remove(self, uuid: str, major: int, minor: int) -> None:
        """Take a beacon out of range from now on.

        Raises:
            ConfigError: If it is not in range.
        """
        key = _key(uuid, major, minor)
        if key not in {b.key for b in self.in_range}:
            raise ConfigError(f"beacon {key[0]} {key[1]}/{key[2]} is not in range")
        self._append([BeaconStep(self._clock.now(), key, None)])

    def clear(self) -> None:
        """No beacon in range any more; the schedule is dropped too."""
        with self._lock:
            self._timeline = []

    def schedule(
        self, steps: Iterable[Mapping[str, Any]], *, start: float | None = None
    ) -> list[BeaconStep]:
        """Plan beacons coming, changing and going over virtual time.

        Args:
            steps: Mappings with ``at`` (seconds after ``start``, >= 0),
                ``uuid``, ``major``, ``minor``, and ``rssi`` (dBm; None or
                absent: the beacon leaves the range), optionally ``tx_power``.
            start: Clock time the ``at`` values count from; now by default.

        Returns:
            The steps, with absolute clock times, in order.

        Raises:
            ConfigError: Naming the step and field that is wrong; nothing is
                scheduled then.
        """
        origin = self._clock.now() if start is None else float(start)
        planned: list[BeaconStep] = []
        for index, step in enumerate(steps):
            try:
                planned.append(self._step(step, origin))
            except ConfigError as exc:
                raise ConfigError(f"beacon step {index}: {exc}") from None
        planned.sort(key=lambda s: s.at)
        self._append(planned)
        return planned

    @staticmethod
    def _step(step: Mapping[str, Any], origin: float) -> BeaconStep:
        at = step_at(
            step,
            "a step is a table of at, uuid, major, minor, rssi",
            {"at", "uuid", "major", "minor", "rssi", "tx_power"},
            ("at", "uuid", "major", "minor"),
        )
        rssi = step.get("rssi")
        if rssi is None:
            return BeaconStep(origin + at, _key(step["uuid"], step["major"], step["minor"]), None)
        beacon = make_beacon(
            step["uuid"],
            step["major"],
            step["minor"],
            rssi=rssi,
            tx_power=step.get("tx_power", -59),
        )
        return BeaconStep(origin + at, beacon.key, beacon)

    def _append(self, steps: list[BeaconStep]) -> None:
        with self._lock:
            # Stable: a step keeps its place after earlier steps of the same time.
            self._timeline = sorted([*self._timeline, *steps], key=lambda s: s.at)

    def at(self, when: float) -> list[Beacon]:
        """The beacons in range at clock time ``when``, strongest first."""
        heard: dict[Key, Beacon] = {}
        with self._lock:
            timeline = list(self._timeline)
        for step in timeline:
            if step.at > when:
                break
            if step.beacon is None:
                heard.pop(step.key, None)
            else:
                heard[step.key] = step.beacon
        return sorted(heard.values(), key=lambda b: (-b.rssi, b.key))

    @property
    def in_range(self) -> list[Beacon]:
        """The beacons in range now, strongest first."""
        return self.at(self._clock.now())

    @property
    def timeline(self) -> list[BeaconStep]:
        """Every change added or scheduled, in clock order."""
        with self._lock:
            return list(self._timeline)

    # -- discovery, as the page drives it -----------------------------------

    @property
    def bluetooth(self) -> bool:
        """Whether Bluetooth is on; without it discovery fails and stops."""
        return self._bluetooth

    @bluetooth.setter
    def bluetooth(self, on: bool) -> None:
        if self._bluetooth == bool(on):
            return
        self._bluetooth = bool(on)
        if not on:
            self._discovering = False
            self._stop_ticker()
        self._fire(BEACON_SERVICE_CHANGE, self.service_state())

    @property
    def discovering(self) -> bool:
        """Whether a page is looking for beacons (``startBeaconDiscovery``)."""
        return self._discovering

    @property
    def uuids(self) -> tuple[str, ...]:
        """The uuids the page looks for; empty for every beacon."""
        return self._uuids

    def service_state(self) -> dict[str, bool]:
        """``{available, discovering}``, as ``beaconServiceChange`` gives it."""
        return {"available": self._bluetooth, "discovering": self._discovering}

    @staticmethod
    def check_uuids(uuids: Iterable[Any]) -> tuple[str, ...]:
        """The uuids upper-cased.

        Raises:
            ConfigError: Naming the first malformed one, ``'uuids[i]'``.
        """
        return tuple(normalize_uuid(u, f"'uuids[{i}]'") for i, u in enumerate(uuids))

    def start_discovery(self, uuids: Iterable[str] = ()) -> None:
        """Start looking for the beacons of ``uuids`` (all when empty).

        The pages get ``beaconServiceChange``, then ``beaconUpdate`` every
        :attr:`interval` seconds until :meth:`stop_discovery`.

        Raises:
            ConfigError: For a malformed uuid.
        """
        wanted = self.check_uuids(uuids)
        was = self._discovering
        self._uuids = wanted
        self._discovering = True
        self._start_ticker()
        if not was:
            self._fire(BEACON_SERVICE_CHANGE, self.service_state())

    def stop_discovery(self) -> None:
        """Stop looking; the pages get ``beaconServiceChange`` if it was on."""
        was = self._discovering
        self._discovering = False
        self._stop_ticker()
        if was:
            self._fire(BEACON_SERVICE_CHANGE, self.service_state())

    def found(self) -> list[dict[str, Any]]:
        """The beacons in range that the page looks for, as ``getBeacons`` gives them.

        Empty while the page is not discovering.
        """
        if not self._discovering:
            return []
        wanted = set(self._uuids)
        return [b.as_result() for b in self.in_range if not wanted or b.uuid in wanted]

    def update(self) -> Any:
        """Send ``beaconUpdate`` with :meth:`found` to the pages now, if discovering.

        Returns:
            The :class:`~emulator.events.Delivery`, or None when not discovering.
        """
        if not self._discovering:
            return None
        return self._fire(BEACON_UPDATE, {"beacons": self.found()})

    # -- the periodic update --------------------------------------------------

    @property
    def interval(self) -> float:
        """Seconds of virtual time between two ``beaconUpdate`` events while a page discovers."""
        return self._interval

    @interval.setter
    def interval(self, seconds: float) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
            raise ConfigError(f"interval must be a number of seconds > 0, got {seconds!r}")
        self._interval = float(seconds)
        if self._discovering:
            self._start_ticker()

    def _start_ticker(self) -> None:
        self._stop_ticker()
        self._ticker = self._clock.every(self._interval, self.update)

    def _stop_ticker(self) -> None:
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.cancel()

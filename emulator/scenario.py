"""Scenario files: one TOML file with a device's timelines on the virtual clock.

A scenario says where the device goes (a point or a track), which iBeacons it
hears when, how many steps it walks, which NFC tags touch it, what its camera
will scan and how its network changes; every ``at`` counts seconds from the
moment the scenario is applied (or from its ``[scenario] start``)::

    [scenario]
    name = "Walk into the office"
    start = 2026-11-27T08:55:00+08:00     # freeze the clock here (optional)

    [location]
    track = "walk.gpx"                    # or points = [[0, lat, lon], ...], or lat/lon

    [[beacons.step]]
    at = 90
    uuid = "FDA50693-A4E2-4FB1-AFCF-C6EB07647825"
    major = 10001
    minor = 7
    rssi = -62

Load it with :meth:`Scenario.load` and apply it to a device, or in one step
with ``emu.device.load_scenario(path)``; ``ddemu run --scenario FILE`` and the
pytest marker ``@pytest.mark.ddemu_scenario("file.toml")`` do the same. Every
mistake is a :class:`~bridge.errors.ConfigError` naming the file, the line and
the field. The format is in docs/reference/scenarios.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bridge.errors import ConfigError

from .beacons import Beacons
from .clock import Clock
from .nfc import Nfc
from .pedometer import Pedometer
from .tomlconfig import KeyPath, TomlDocument, format_path
from .tracks import WALKING_SPEED, Track

if TYPE_CHECKING:
    from .device import Device

__all__ = ["NETWORK_TYPES", "Scenario"]

#: What ``[network]`` may switch to, as ``getNetworkType`` reports it.
NETWORK_TYPES = ("wifi", "2g", "3g", "4g", "5g", "unknown", "none")

_SECTIONS = {"scenario", "location", "beacons", "steps", "nfc", "scan", "network"}
_CHINA = dt.timezone(dt.timedelta(hours=8))
#: What the sensors put before their messages about one item of a list.
_ITEM_PREFIX = re.compile(r"^(?:beacon step|NFC tap) \d+: ")


@dataclass(frozen=True)
class _Point:
    latitude: float
    longitude: float
    accuracy: float
    address: str | None


@dataclass(frozen=True)
class Scenario:
    """A parsed, checked scenario; :meth:`apply` plays it on a device.

    Attributes:
        where: The file (or name) it came from, for messages.
        name: Its ``[scenario] name``.
        start: Clock time to freeze at when applied, or None.
        frozen: Whether applying it freezes the clock.
    """

    where: str
    name: str = ""
    start: float | None = None
    frozen: bool = False
    point: _Point | None = None
    track: Track | None = None
    track_at: float = 0.0
    permission: bool | None = None
    available: bool | None = None
    location_changes: tuple[tuple[float, str, bool], ...] = ()
    bluetooth: bool | None = None
    beacon_interval: float | None = None
    beacon_steps: tuple[Mapping[str, Any], ...] = ()
    steps_today: int | None = None
    steps_history: Mapping[str, int] = field(default_factory=dict)
    steps_curve: tuple[tuple[str | float, int], ...] = ()
    nfc_available: bool | None = None
    nfc_taps: tuple[Mapping[str, Any], ...] = ()
    scan_texts: tuple[str, ...] = ()
    scan_images: tuple[Path, ...] = ()
    network: str | None = None
    network_changes: tuple[tuple[float, str], ...] = ()

    @classmethod
    def load(cls, path: str | Path) -> Scenario:
        """Read and check a scenario file; relative paths in it are from its folder.

        Raises:
            ConfigError: For a file that cannot be read, or naming the line and
                field that is wrong.
        """
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the scenario: {exc.strerror}") from None
        return cls.loads(text, where=str(path), base=path.parent)

    @classmethod
    def loads(cls, text: str, *, where: str = "scenario", base: Path | None = None) -> Scenario:
        """Parse and check scenario TOML text; see :meth:`load`."""
        return _Parser(TomlDocument(text, where), base or Path.cwd()).parse()

    def apply(self, device: Device) -> None:
        """Play the scenario on ``device`` from now (or from ``start``, freezing the clock).

        What has ``at = 0`` happens at once; later changes are scheduled on the
        device's clock, so ``emu.clock.advance(s)`` plays them (or real time
        does, on a running clock).
        """
        clock = device.platform.clock
        if self.start is not None:
            clock.freeze(self.start)
        elif self.frozen:
            clock.freeze()
        origin = clock.now()

        def at(offset: float, fn: Callable[[], object]) -> None:
            if offset <= 0:
                fn()
            else:
                clock.call_at(origin + offset, fn)

        if self.network is not None:
            device.network = self.network
        for offset, kind in self.network_changes:
            at(offset, functools.partial(setattr, device, "network", kind))
        location = device.location
        if self.point is not None:
            p = self.point
            location.set(p.latitude, p.longitude, accuracy=p.accuracy, address=p.address)
        if self.track is not None:
            location.follow(self.track, start=origin + self.track_at)
        if self.permission is not None:
            location.permission = self.permission
        if self.available is not None:
            location.available = self.available
        for offset, name, value in self.location_changes:
            at(offset, functools.partial(setattr, location, name, value))
        beacons = device.beacons
        if self.bluetooth is not None:
            beacons.bluetooth = self.bluetooth
        if self.beacon_interval is not None:
            beacons.interval = self.beacon_interval
        if self.beacon_steps:
            beacons.schedule(self.beacon_steps, start=origin)
        pedometer = device.pedometer
        if self.steps_history:
            history: dict[dt.date | str, int] = {k: v for k, v in self.steps_history.items()}
            pedometer.add_history(history)
        if self.steps_today is not None:
            pedometer.set_steps(self.steps_today)
        if self.steps_curve:
            pedometer.curve(self.steps_curve)
        if self.nfc_available is not None:
            device.nfc.available = self.nfc_available
        if self.nfc_taps:
            device.nfc.schedule(self.nfc_taps, start=origin)
        if self.scan_texts:
            device.scan.queue(*self.scan_texts)
        for image in self.scan_images:
            device.scan.queue_image(str(image))


def _scratch_clock() -> Clock:
    """A frozen clock for dry runs: checking a section never starts a timer thread."""
    clock = Clock()
    clock.freeze(0.0)
    return clock


class _Parser:
    """Reads each section of a scenario, checking as it goes."""

    def __init__(self, doc: TomlDocument, base: Path) -> None:
        self.doc = doc
        self.base = base
        self.out: dict[str, Any] = {}

    def parse(self) -> Scenario:
        doc = self.doc
        doc.check_keys(doc.data, (), _SECTIONS)
        self._scenario()
        self._location()
        self._beacons()
        self._steps()
        self._nfc()
        self._scan()
        self._network()
        return Scenario(doc.where, **self.out)

    # -- helpers ---------------------------------------------------------------

    def _get(
        self, table: Mapping[str, Any], path: KeyPath, key: str, kind: type, default: Any = None
    ) -> Any:
        return self.doc.get(table, path, key, kind, default)

    def _items(self, path: KeyPath, allowed: set[str]) -> list[tuple[KeyPath, Mapping[str, Any]]]:
        """The tables of the array of tables at ``path``, each with its path."""
        parent = self.doc.table(path[:-1])
        raw = parent.get(str(path[-1]), [])
        if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
            raise self.doc.error(
                path, f"{format_path(path)} must be an array of tables ([[{format_path(path)}]])"
            )
        return [((*path, i), self.doc.table((*path, i), allowed)) for i in range(len(raw))]

    def _at(self, table: Mapping[str, Any], path: KeyPath) -> float:
        at = self._get(table, path, "at", float)
        if at is None:
            raise self.doc.error(path, f"missing field {format_path((*path, 'at'))}")
        if at < 0:
            raise self.doc.error(
                (*path, "at"),
                f"field {format_path((*path, 'at'))} must be >= 0 seconds, got {at:g}",
            )
        return float(at)

    def _fail(
        self, path: KeyPath, exc: ConfigError, item: Mapping[str, Any] | None = None
    ) -> ConfigError:
        """Locate an error of a sensor's own checks: at the field it names, if any."""
        message = _ITEM_PREFIX.sub("", str(exc))
        for key in item or {}:
            if re.match(rf"{re.escape(key)}\b", message):
                path = (*path, key)
                break
        return self.doc.error(path, f"{format_path(path)}: {message}")

    def _scripted(
        self, path: KeyPath, allowed: set[str], check: Callable[[Mapping[str, Any]], object]
    ) -> tuple[dict[str, Any], ...]:
        """The timed tables at ``path``, each passed by ``check``.

        ``check`` runs a sensor's own checks on a scratch device, so a bad step
        fails here, located in the file.
        """
        items = []
        for item_path, item in self._items(path, allowed):
            self._at(item, item_path)
            try:
                check(item)
            except ConfigError as exc:
                raise self._fail(item_path, exc, item) from None
            items.append(dict(item))
        return tuple(items)

    def _file(self, path: KeyPath, value: str) -> Path:
        file = Path(value)
        file = file if file.is_absolute() else self.base / file
        if not file.is_file():
            raise self.doc.error(path, f"field {format_path(path)}: no such file {str(file)!r}")
        return file

    # -- sections --------------------------------------------------------------

    def _scenario(self) -> None:
        path: KeyPath = ("scenario",)
        table = self.doc.table(path, {"name", "description", "start", "frozen"})
        self.out["name"] = self._get(table, path, "name", str, "")
        self._get(table, path, "description", str, "")
        self.out["frozen"] = self._get(table, path, "frozen", bool, False)
        start = table.get("start")
        if start is None:
            return
        if isinstance(start, dt.datetime):
            if start.tzinfo is None:
                start = start.replace(tzinfo=_CHINA)  # the phone's time zone
            self.out["start"] = start.timestamp()
        elif isinstance(start, int | float) and not isinstance(start, bool):
            self.out["start"] = float(start)
        else:
            raise self.doc.error(
                (*path, "start"),
                "field scenario.start must be a date-time (2026-11-27T08:55:00+08:00) "
                f"or seconds since the epoch, got {start!r}",
            )

    def _location(self) -> None:
        path: KeyPath = ("location",)
        keys = {"lat", "lon", "accuracy", "address", "track", "points", "loop", "speed", "at"}
        table = self.doc.table(path, keys | {"permission", "available", "change"})
        get = functools.partial(self._get, table, path)
        lat, lon = get("lat", float), get("lon", float)
        if (lat is None) != (lon is None):
            missing = "lon" if lon is None else "lat"
            raise self.doc.error(
                path, f"missing field location.{missing}: a point needs lat and lon"
            )
        accuracy = get("accuracy", float, 10.0)
        if lat is not None:
            if not -90 <= lat <= 90 or not -180 <= lon <= 180:
                raise self.doc.error(
                    (*path, "lat"), f"location: no such position: lat {lat}, lon {lon}"
                )
            if accuracy < 0:
                raise self.doc.error(
                    (*path, "accuracy"),
                    f"field location.accuracy must be >= 0 metres, got {accuracy}",
                )
            self.out["point"] = _Point(lat, lon, accuracy, get("address", str))
        track, points = get("track", str), get("points", list)
        if track is not None and points is not None:
            raise self.doc.error((*path, "points"), "location: give track or points, not both")
        loop, speed = get("loop", bool, False), get("speed", float, WALKING_SPEED)
        try:
            if track is not None:
                self.out["track"] = Track.load(
                    self._file((*path, "track"), track), speed=speed, loop=loop
                )
            elif points is not None:
                self.out["track"] = Track.from_points(points, speed=speed, loop=loop)
        except ConfigError as exc:
            key = "track" if track is not None else "points"
            raise self._fail((*path, key), exc) from None
        self.out["track_at"] = get("at", float, 0.0)
        self.out["permission"] = get("permission", bool)
        self.out["available"] = get("available", bool)
        changes = []
        for item_path, item in self._items((*path, "change"), {"at", "permission", "available"}):
            at = self._at(item, item_path)
            found = False
            for name in ("permission", "available"):
                value = self._get(item, item_path, name, bool)
                if value is not None:
                    changes.append((at, name, value))
                    found = True
            if not found:
                raise self.doc.error(
                    item_path,
                    f"{format_path(item_path)} changes nothing: give permission or available",
                )
        self.out["location_changes"] = tuple(changes)

    def _beacons(self) -> None:
        path: KeyPath = ("beacons",)
        table = self.doc.table(path, {"bluetooth", "interval", "step"})
        self.out["bluetooth"] = self._get(table, path, "bluetooth", bool)
        interval = self._get(table, path, "interval", float)
        if interval is not None and interval <= 0:
            raise self.doc.error(
                (*path, "interval"), f"field beacons.interval must be > 0 seconds, got {interval:g}"
            )
        self.out["beacon_interval"] = interval
        scratch = Beacons(_scratch_clock(), lambda name, data: None)
        self.out["beacon_steps"] = self._scripted(
            (*path, "step"),
            {"at", "uuid", "major", "minor", "rssi", "tx_power"},
            lambda item: scratch.schedule([item], start=0.0),
        )

    def _steps(self) -> None:
        path: KeyPath = ("steps",)
        table = self.doc.table(path, {"today", "history", "curve"})
        today = self._get(table, path, "today", int)
        if today is not None and today < 0:
            raise self.doc.error((*path, "today"), f"field steps.today must be >= 0, got {today}")
        self.out["steps_today"] = today
        history = self.doc.table((*path, "history"))
        scratch = Pedometer(_scratch_clock())
        parsed: dict[str, int] = {}
        for day, steps in history.items():
            day_text = day.isoformat() if isinstance(day, dt.date) else str(day)
            try:
                scratch.add_history({day_text: steps})
            except ConfigError as exc:
                raise self._fail((*path, "history", day), exc) from None
            parsed[day_text] = steps
        self.out["steps_history"] = parsed
        curve = self._get(table, path, "curve", list)
        if curve is not None:
            points = []
            for i, point in enumerate(curve):
                if not isinstance(point, list) or len(point) != 2:
                    raise self.doc.error(
                        (*path, "curve"),
                        f"field steps.curve[{i}] must be [time, steps], got {point!r}",
                    )
                points.append((point[0], point[1]))
            try:
                scratch.curve(points)
            except ConfigError as exc:
                raise self._fail((*path, "curve"), exc) from None
            self.out["steps_curve"] = tuple(points)

    def _nfc(self) -> None:
        path: KeyPath = ("nfc",)
        table = self.doc.table(path, {"available", "tap"})
        self.out["nfc_available"] = self._get(table, path, "available", bool)
        scratch = Nfc(_scratch_clock())

        def check(item: Mapping[str, Any]) -> None:
            for timer in scratch.schedule([item], start=0.0):
                timer.cancel()

        self.out["nfc_taps"] = self._scripted(
            (*path, "tap"), {"at", "payload", "tag_id", "hold"}, check
        )

    def _scan(self) -> None:
        path: KeyPath = ("scan",)
        table = self.doc.table(path, {"queue", "images"})
        texts = self._get(table, path, "queue", list, [])
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise self.doc.error(
                    (*path, "queue"), f"field scan.queue[{i}] must be a string, got {text!r}"
                )
        images = self._get(table, path, "images", list, [])
        files = []
        for i, image in enumerate(images):
            if not isinstance(image, str):
                raise self.doc.error(
                    (*path, "images"), f"field scan.images[{i}] must be a path, got {image!r}"
                )
            files.append(self._file((*path, "images"), image))
        self.out["scan_texts"] = tuple(texts)
        self.out["scan_images"] = tuple(files)

    def _network(self) -> None:
        path: KeyPath = ("network",)
        table = self.doc.table(path, {"type", "change"})

        def kind(item: Mapping[str, Any], item_path: KeyPath) -> str | None:
            value = self._get(item, item_path, "type", str)
            if value is not None and value not in NETWORK_TYPES:
                raise self.doc.error(
                    (*item_path, "type"),
                    f"field {format_path((*item_path, 'type'))} must be one of "
                    f"{', '.join(NETWORK_TYPES)}, got {value!r}",
                )
            return str(value) if value is not None else None

        self.out["network"] = kind(table, path)
        changes = []
        for item_path, item in self._items((*path, "change"), {"at", "type"}):
            at = self._at(item, item_path)
            value = kind(item, item_path)
            if value is None:
                raise self.doc.error(
                    item_path, f"missing field {format_path((*item_path, 'type'))}"
                )
            changes.append((at, value))
        self.out["network_changes"] = tuple(changes)

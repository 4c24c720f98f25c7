"""Tracks: where the device goes over time, replayed on the virtual clock.

A :class:`Track` is a list of timed WGS-84 points; between two points the
position moves in a straight line at constant speed, before the first point
it stands at the first, after the last at the last (or it starts over, for a
looping track). Tracks come from a GPX file, a CSV file or Python::

    Track.from_points([(0, 30.2795, 120.0260), (60, 30.2799, 120.0264, 5.0)])
    Track.load("walk.gpx")                 # <trkpt> (or <rtept>, <wpt>) with <time>
    Track.load("walk.csv")                 # columns t (or time), lat, lon[, accuracy]

Points without times (a GPX drawn on a map, a CSV without a ``t`` column) are
timed at a walking pace, ``speed`` metres per second (1.4 by default).
"""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bridge.errors import ConfigError

__all__ = ["WALKING_SPEED", "Track", "TrackPoint", "distance_m"]

#: Metres per second of a person walking, for points without times.
WALKING_SPEED = 1.4

_EARTH_RADIUS = 6_371_008.8  # mean radius, metres


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two positions (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class TrackPoint:
    """One point of a track.

    Attributes:
        t: Seconds after the track's start.
        latitude, longitude: Degrees, WGS-84.
        accuracy: Radius in metres, or None to keep the device's accuracy.
    """

    t: float
    latitude: float
    longitude: float
    accuracy: float | None = None


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{what} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ConfigError(f"{what} must be a finite number, got {value!r}")
    return number


def _point(
    t: float | None, lat: Any, lon: Any, accuracy: Any, what: str
) -> tuple[float | None, TrackPoint]:
    latitude = _number(lat, f"{what}: latitude")
    longitude = _number(lon, f"{what}: longitude")
    if not -90 <= latitude <= 90:
        raise ConfigError(f"{what}: latitude must be from -90 to 90, got {latitude}")
    if not -180 <= longitude <= 180:
        raise ConfigError(f"{what}: longitude must be from -180 to 180, got {longitude}")
    acc = None if accuracy in (None, "") else _number(accuracy, f"{what}: accuracy")
    if acc is not None and acc < 0:
        raise ConfigError(f"{what}: accuracy must be >= 0 metres, got {acc}")
    return t, TrackPoint(0.0 if t is None else t, latitude, longitude, acc)


class Track:
    """Timed points the device moves along.

    Args:
        points: At least one point, in time order (times may repeat: a jump).
        loop: Start over after the last point instead of staying there.

    Raises:
        ConfigError: With no points, or with times going back.
    """

    def __init__(self, points: Iterable[TrackPoint], *, loop: bool = False) -> None:
        self.points: tuple[TrackPoint, ...] = tuple(points)
        if not self.points:
            raise ConfigError("a track needs at least one point")
        for i, (a, b) in enumerate(zip(self.points, self.points[1:], strict=False), 1):
            if b.t < a.t:
                raise ConfigError(f"track point {i}: time {b.t} is before the previous {a.t}")
        self.loop = loop

    def __repr__(self) -> str:
        return (
            f"<Track {len(self.points)} points, {self.duration:g} s{' loop' if self.loop else ''}>"
        )

    @property
    def duration(self) -> float:
        """Seconds from the first point to the last."""
        return self.points[-1].t - self.points[0].t

    def at(self, elapsed: float) -> TrackPoint:
        """Where the track is ``elapsed`` seconds after its start (interpolated)."""
        points = self.points
        t = max(0.0, elapsed)
        if self.loop and self.duration > 0 and t > points[-1].t:
            t = points[0].t + (t - points[0].t) % self.duration
        if t <= points[0].t:
            return points[0]
        for a, b in zip(points, points[1:], strict=False):
            if a.t <= t < b.t:
                f = (t - a.t) / (b.t - a.t)
                acc = a.accuracy
                if a.accuracy is not None and b.accuracy is not None:
                    acc = a.accuracy + (b.accuracy - a.accuracy) * f
                return TrackPoint(
                    t,
                    a.latitude + (b.latitude - a.latitude) * f,
                    a.longitude + (b.longitude - a.longitude) * f,
                    acc,
                )
        return points[-1]

    # -- sources -------------------------------------------------------------

    @classmethod
    def from_points(
        cls,
        points: Iterable[Sequence[Any] | Mapping[str, Any] | TrackPoint],
        *,
        speed: float = WALKING_SPEED,
        loop: bool = False,
    ) -> Track:
        """Build a track from ``(t, lat, lon[, accuracy])`` tuples or mappings.

        A mapping has ``lat``/``latitude``, ``lon``/``lng``/``longitude``, and
        optionally ``t`` (seconds after the start) and ``accuracy``. Points
        without ``t`` are timed at ``speed`` m/s after the point before.

        Raises:
            ConfigError: Naming the point that is wrong.
        """
        raw: list[tuple[float | None, TrackPoint]] = []
        for i, item in enumerate(points):
            what = f"track point {i}"
            if isinstance(item, TrackPoint):
                raw.append((item.t, item))
            elif isinstance(item, Mapping):
                unknown = set(item) - {
                    "t",
                    "lat",
                    "latitude",
                    "lon",
                    "lng",
                    "longitude",
                    "accuracy",
                }
                if unknown:
                    raise ConfigError(f"{what}: unknown field {sorted(unknown)[0]!r}")
                lat = item.get("lat", item.get("latitude"))
                lon = item.get("lon", item.get("lng", item.get("longitude")))
                if lat is None or lon is None:
                    raise ConfigError(f"{what}: needs lat and lon")
                t = item.get("t")
                raw.append(
                    _point(
                        None if t is None else _number(t, f"{what}: t"),
                        lat,
                        lon,
                        item.get("accuracy"),
                        what,
                    )
                )
            elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) in (3, 4):
                acc = item[3] if len(item) == 4 else None
                raw.append(_point(_number(item[0], f"{what}: t"), item[1], item[2], acc, what))
            else:
                raise ConfigError(
                    f"{what}: expected (t, lat, lon[, accuracy]) or a table, got {item!r}"
                )
        return cls(_timed(raw, speed), loop=loop)

    @classmethod
    def load(cls, path: str | Path, *, speed: float = WALKING_SPEED, loop: bool = False) -> Track:
        """Read a ``.gpx`` or ``.csv`` file.

        Raises:
            ConfigError: For another suffix, an unreadable file, or a bad point.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".gpx", ".csv"):
            raise ConfigError(f"{path}: a track is a .gpx or .csv file")
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the track: {exc.strerror}") from None
        if suffix == ".gpx":
            return cls.from_gpx(text, where=str(path), speed=speed, loop=loop)
        return cls.from_csv(text, where=str(path), speed=speed, loop=loop)

    @classmethod
    def from_gpx(
        cls, text: str, *, where: str = "GPX", speed: float = WALKING_SPEED, loop: bool = False
    ) -> Track:
        """Parse GPX 1.0/1.1 text: its track points, else route points, else waypoints."""
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError as exc:
            raise ConfigError(f"{where}: not valid GPX: {exc}") from None
        ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        nodes = []
        for tag in ("trkpt", "rtept", "wpt"):
            nodes = list(root.iter(f"{ns}{tag}"))
            if nodes:
                break
        if not nodes:
            raise ConfigError(f"{where}: no <trkpt>, <rtept> or <wpt> in the GPX")
        raw: list[tuple[float | None, TrackPoint]] = []
        start: datetime | None = None
        for i, node in enumerate(nodes):
            what = f"{where}: point {i + 1}"
            stamp = node.findtext(f"{ns}time")
            t: float | None = None
            if stamp:
                when = _parse_time(stamp.strip(), what)
                start = start or when
                t = (when - start).total_seconds()
            raw.append(_point(t, node.get("lat"), node.get("lon"), None, what))
        return cls(_timed(raw, speed), loop=loop)

    @classmethod
    def from_csv(
        cls, text: str, *, where: str = "CSV", speed: float = WALKING_SPEED, loop: bool = False
    ) -> Track:
        """Parse CSV with a header: ``t`` (seconds) or ``time`` (ISO 8601), ``lat``, ``lon``.

        An ``accuracy`` column (metres) is optional.
        """
        rows = list(csv.DictReader(text.splitlines()))
        if not rows:
            raise ConfigError(f"{where}: no rows under the header")
        header = {name.strip().lower(): name for name in rows[0] if name}

        def column(*names: str) -> str | None:
            return next((header[n] for n in names if n in header), None)

        lat_col, lon_col = column("lat", "latitude"), column("lon", "lng", "longitude")
        if lat_col is None or lon_col is None:
            raise ConfigError(f"{where}: the header needs lat and lon columns, got {list(header)}")
        t_col, time_col, acc_col = column("t", "seconds"), column("time"), column("accuracy")
        raw: list[tuple[float | None, TrackPoint]] = []
        start: datetime | None = None
        for line, row in enumerate(rows, 2):
            what = f"{where}, line {line}"
            t: float | None = None
            if t_col is not None and (row.get(t_col) or "").strip():
                t = _number(row[t_col], f"{what}: t")
            elif time_col is not None and (row.get(time_col) or "").strip():
                when = _parse_time(row[time_col].strip(), what)
                start = start or when
                t = (when - start).total_seconds()
            acc = row.get(acc_col) if acc_col else None
            raw.append(_point(t, row.get(lat_col), row.get(lon_col), acc, what))
        return cls(_timed(raw, speed), loop=loop)


def _parse_time(text: str, what: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"{what}: time {text!r} is not ISO 8601") from None
    if when.tzinfo is None:
        raise ConfigError(f"{what}: time {text!r} needs a time zone (e.g. Z or +08:00)")
    return when


def _timed(raw: list[tuple[float | None, TrackPoint]], speed: float) -> list[TrackPoint]:
    """Give points without a time one, ``speed`` m/s after the point before."""
    if not speed > 0:
        raise ConfigError(f"speed must be a positive number of metres per second, got {speed}")
    out: list[TrackPoint] = []
    for t, point in raw:
        if t is None:
            if out:
                prev = out[-1]
                d = distance_m(prev.latitude, prev.longitude, point.latitude, point.longitude)
                t = prev.t + d / speed
            else:
                t = 0.0
        out.append(TrackPoint(t, point.latitude, point.longitude, point.accuracy))
    return out

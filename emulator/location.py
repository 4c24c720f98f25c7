"""Where the device is: a fixed point or a track on the virtual clock, and what fails.

``emu.device.location`` (:class:`Location`) answers ``device.geolocation.*``::

    loc = emu.device.location
    loc.set(30.2795, 120.0260, accuracy=8)        # stand here (WGS-84)
    loc.follow("walk.gpx")                        # or walk a track from now on
    emu.clock.advance(60)                         # ... a minute later along it
    loc.permission = False                        # DingTalk may not locate: "7"
    loc.available = False                         # no GPS, Wi-Fi or cell fix: "9"

Positions are kept in WGS-84, as a GPS gives them; :meth:`Location.read`
converts to GCJ-02 (:func:`emulator.geo.wgs84_to_gcj02`). Addresses come from
the address given to :meth:`Location.set`, else from a small offline table of
places shipped with ddemu (:class:`Places`, ``emulator/data/places.toml``).

A page's continuous location (``device.geolocation.start``) is a
:class:`Scene`: a timer on the clock that calls the page back every
``callBackInterval`` of virtual time until ``stop``, or until the page goes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from bridge.errors import ConfigError, PermissionDenied, Unavailable

from .clock import Clock, Timer
from .events import PageSession
from .geo import wgs84_to_gcj02
from .tomlconfig import TomlDocument
from .tracks import WALKING_SPEED, Track, TrackPoint, distance_m
from .watches import Watch

__all__ = [
    "CONTINUOUS_METHOD",
    "DEFAULT_FIX",
    "DENIED_MESSAGE",
    "UNAVAILABLE_MESSAGE",
    "Address",
    "Fix",
    "Location",
    "Place",
    "Places",
    "Scene",
    "default_places",
]

#: The native method whose call a continuous location calls back.
CONTINUOUS_METHOD = "device.geolocation.start"

#: The errors a page gets when locating fails (``errorCode`` "7" and "9").
DENIED_MESSAGE = "location permission denied: DingTalk may not use the location (定位权限未开启)"
UNAVAILABLE_MESSAGE = "position unavailable: no GPS, Wi-Fi or cell fix (定位失败)"


@dataclass(frozen=True)
class Address:
    """A reverse-geocoded address, as ``withReGeocode`` returns it."""

    address: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    road: str = ""

    def as_result(self) -> dict[str, str]:
        return {
            "address": self.address,
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "road": self.road,
        }


@dataclass(frozen=True)
class Fix:
    """One position reading."""

    latitude: float
    longitude: float
    accuracy: float
    address: Address = field(default_factory=Address)


#: Where a new device stands: the West Lake in Hangzhou.
DEFAULT_FIX = Fix(
    30.259244,
    120.130383,
    15.0,
    Address("浙江省杭州市西湖区龙井路1号", "浙江省", "杭州市", "西湖区", "龙井路"),
)


@dataclass(frozen=True)
class Place:
    """One entry of the reverse-geocoding table: an address around a point."""

    name: str
    latitude: float
    longitude: float
    radius: float
    address: Address


class Places:
    """An offline reverse geocoder: the nearest place whose radius covers a position."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self._places = list(places)

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Any:
        return iter(self._places)

    def add(self, place: Place) -> None:
        """Add a place; it wins over farther ones where their radii overlap."""
        self._places.append(place)

    def nearest(self, latitude: float, longitude: float) -> Place | None:
        """The nearest place covering the WGS-84 position, or None."""
        best: tuple[float, Place] | None = None
        for place in self._places:
            d = distance_m(latitude, longitude, place.latitude, place.longitude)
            if d <= place.radius and (best is None or d < best[0]):
                best = (d, place)
        return best[1] if best else None

    def address(self, latitude: float, longitude: float) -> Address:
        """The address at a WGS-84 position; empty fields where no place covers it."""
        place = self.nearest(latitude, longitude)
        return place.address if place else Address()

    @classmethod
    def from_toml(cls, text: str, where: str) -> Places:
        """Read ``[[place]]`` tables (name, lat, lon, radius, address fields).

        Raises:
            ConfigError: Naming the line and field that is wrong.
        """
        doc = TomlDocument(text, where)
        doc.check_keys(doc.data, (), {"place"})
        entries = doc.get(doc.data, (), "place", list, [])
        places = []
        fields = ("name", "lat", "lon", "radius", "address", "province", "city", "district", "road")
        for i in range(len(entries)):
            path = ("place", i)
            table = doc.table(path, fields)
            text_of = {k: doc.get(table, path, k, str, "") for k in fields[4:]}
            places.append(
                Place(
                    doc.get(table, path, "name", str),
                    doc.get(table, path, "lat", float),
                    doc.get(table, path, "lon", float),
                    doc.get(table, path, "radius", float, 2000.0),
                    Address(**text_of),
                )
            )
        return cls(places)


def default_places() -> Places:
    """A fresh copy of the table shipped with ddemu (a few dozen places in China)."""
    text = resources.files("emulator").joinpath("data/places.toml").read_text("utf-8")
    return Places.from_toml(text, "emulator/data/places.toml")


@dataclass
class Scene:
    """A page's continuous location (``device.geolocation.start``).

    Attributes:
        scene_id: The page's ``sceneId``.
        interval: Virtual seconds between callbacks.
        watch: Where the callbacks go, or None (a direct call in a test).
        distance_filter: Metres the device must move between two callbacks (iOS).
        timer: The clock's timer driving the callbacks.
        delivered: The callbacks made so far, oldest first (the first answer not counted).
    """

    scene_id: str
    interval: float
    watch: Watch | None
    distance_filter: float = 0.0
    timer: Timer | None = None
    delivered: list[dict[str, Any]] = field(default_factory=list)
    last: Fix | None = None


class Location:
    """The device's position, kept in WGS-84 as a GPS gives it.

    Args:
        clock: The virtual clock tracks are replayed on (a private one if None).
        places: The reverse-geocoding table; ddemu's own by default.
    """

    def __init__(self, clock: Clock | None = None, places: Places | None = None) -> None:
        self._clock = clock or Clock()
        self._lock = threading.Lock()
        self._fix = DEFAULT_FIX
        self._explicit_address = True
        self._track: Track | None = None
        self._track_start = 0.0
        self._places = places
        self._scenes: dict[str, Scene] = {}
        #: Whether DingTalk may use the location; False fails calls with "7".
        self.permission = True
        #: Whether a position can be had; False fails calls with "9".
        self.available = True

    def __repr__(self) -> str:
        fix = self.fix
        how = f" on {self._track!r}" if self._track else ""
        return f"<Location {fix.latitude:.6f}, {fix.longitude:.6f}{how}>"

    @property
    def places(self) -> Places:
        """The reverse-geocoding table (loaded on first use)."""
        if self._places is None:
            self._places = default_places()
        return self._places

    def set(
        self,
        latitude: float,
        longitude: float,
        *,
        accuracy: float = 10.0,
        address: Address | str | None = None,
    ) -> None:
        """Put the device at a WGS-84 position, leaving any track.

        Args:
            latitude, longitude: Degrees, WGS-84.
            accuracy: Radius in metres.
            address: What reverse geocoding gives there; by default the
                nearest place of :attr:`places` (empty fields if none).

        Raises:
            ConfigError: For coordinates out of range or a negative accuracy.
        """
        if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
            raise ConfigError(f"no such position: latitude {latitude}, longitude {longitude}")
        if accuracy < 0:
            raise ConfigError(f"accuracy must be >= 0 metres, got {accuracy}")
        if isinstance(address, str):
            address = Address(address)
        with self._lock:
            self._track = None
            self._explicit_address = address is not None
            self._fix = Fix(
                float(latitude), float(longitude), float(accuracy), address or Address()
            )

    def follow(
        self,
        track: Track | str | Path | Sequence[Any],
        *,
        start: float | None = None,
        loop: bool = False,
        speed: float = WALKING_SPEED,
    ) -> Track:
        """Move along ``track`` from ``start`` (virtual time; now by default).

        Args:
            track: A :class:`~emulator.tracks.Track`, a ``.gpx``/``.csv`` path,
                or points for :meth:`Track.from_points`.
            start: When the track's time 0 is, in clock seconds.
            loop: Start over after the last point (ignored for a Track given).
            speed: Metres per second for points without times.

        Returns:
            The track followed. After its last point the device stays there.

        Raises:
            ConfigError: For a track that cannot be read.
        """
        if isinstance(track, str | Path):
            track = Track.load(track, speed=speed, loop=loop)
        elif not isinstance(track, Track):
            track = Track.from_points(track, speed=speed, loop=loop)
        with self._lock:
            self._track = track
            self._track_start = self._clock.now() if start is None else float(start)
        return track

    @property
    def track(self) -> Track | None:
        """The track being followed, or None at a fixed point."""
        return self._track

    def stay(self) -> None:
        """Stop following the track where the device is now."""
        fix = self.fix
        with self._lock:
            self._track = None
            self._explicit_address = False
            self._fix = Fix(fix.latitude, fix.longitude, fix.accuracy)

    def at(self, when: float) -> Fix:
        """The position at clock time ``when``, WGS-84, with its address."""
        with self._lock:
            track, start, base = self._track, self._track_start, self._fix
            explicit = self._explicit_address
        if track is None:
            if explicit:
                return base
            return Fix(
                base.latitude,
                base.longitude,
                base.accuracy,
                self.places.address(base.latitude, base.longitude),
            )
        point: TrackPoint = track.at(when - start)
        accuracy = base.accuracy if point.accuracy is None else point.accuracy
        address = self.places.address(point.latitude, point.longitude)
        return Fix(point.latitude, point.longitude, accuracy, address)

    @property
    def fix(self) -> Fix:
        """The current position, WGS-84."""
        return self.at(self._clock.now())

    def read(self, system: str = "wgs84") -> Fix:
        """The current position in ``"wgs84"`` or ``"gcj02"``."""
        fix = self.fix
        if system == "gcj02":
            lat, lon = wgs84_to_gcj02(fix.latitude, fix.longitude)
            return Fix(lat, lon, fix.accuracy, fix.address)
        return fix

    def check(self) -> None:
        """Raise what a page gets when locating fails now.

        Raises:
            PermissionDenied: ``"7"`` when :attr:`permission` is False.
            Unavailable: ``"9"`` when :attr:`available` is False.
        """
        if not self.permission:
            raise PermissionDenied(DENIED_MESSAGE)
        if not self.available:
            raise Unavailable(UNAVAILABLE_MESSAGE)

    # -- continuous location --------------------------------------------------

    def start_scene(
        self,
        scene_id: str,
        interval: float,
        result: Callable[[], dict[str, Any]],
        *,
        page: PageSession | None = None,
        call_id: int | str | None = None,
        distance_filter: float = 0.0,
    ) -> Scene:
        """Call ``page`` back with ``result()`` every ``interval`` virtual seconds from now on.

        A callback is skipped while locating fails (:meth:`check`), or while
        the device moved less than ``distance_filter`` metres since the last.

        Raises:
            ConfigError: If ``scene_id`` is already running.
        """
        watch = None
        if page is not None and call_id is not None:
            watch = Watch(page, call_id, CONTINUOUS_METHOD)
        here = self.fix
        with self._lock:
            if scene_id in self._scenes:
                raise ConfigError(f"scene {scene_id!r} is already locating; stop it first")
            scene = Scene(scene_id, interval, watch, distance_filter, last=here)
            self._scenes[scene_id] = scene

        def fire() -> None:
            if self._scenes.get(scene_id) is not scene:
                return
            if not self.permission or not self.available:
                return  # a phone without a fix calls nobody back
            here = self.fix
            last = scene.last
            if (
                scene.distance_filter
                and last is not None
                and distance_m(last.latitude, last.longitude, here.latitude, here.longitude)
                < scene.distance_filter
            ):
                return
            scene.last = here
            data = result()
            scene.delivered.append(data)
            if scene.watch is not None:
                scene.watch.deliver(data)

        scene.timer = self._clock.every(interval, fire)
        return scene

    def stop_scene(self, scene_id: str) -> bool:
        """Stop a continuous location; False if it was not running."""
        with self._lock:
            scene = self._scenes.pop(scene_id, None)
        if scene is None:
            return False
        if scene.timer is not None:
            scene.timer.cancel()
        return True

    def scene(self, scene_id: str) -> Scene | None:
        """The running scene ``scene_id``, or None."""
        return self._scenes.get(scene_id)

    @property
    def scenes(self) -> list[str]:
        """The ids of the continuous locations running, oldest first."""
        return list(self._scenes)

    def forget(self, page: PageSession) -> list[str]:
        """Stop the continuous locations of a page that went away; returns their ids."""
        gone = [
            s.scene_id
            for s in list(self._scenes.values())
            if s.watch is not None and s.watch.page.id == page.id
        ]
        for scene_id in gone:
            self.stop_scene(scene_id)
        return gone

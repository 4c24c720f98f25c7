"""Tests of emulator.tracks: timed points from Python, GPX and CSV, interpolated."""

from __future__ import annotations

from pathlib import Path

import pytest

from bridge.errors import ConfigError
from emulator.tracks import Track, TrackPoint, distance_m

GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>walk</name><trkseg>
    <trkpt lat="30.2800" lon="120.0200"><time>2026-11-27T01:00:00Z</time></trkpt>
    <trkpt lat="30.2810" lon="120.0200"><time>2026-11-27T01:01:40Z</time></trkpt>
    <trkpt lat="30.2810" lon="120.0220"><time>2026-11-27T09:03:40+08:00</time></trkpt>
  </trkseg></trk>
</gpx>
"""


def test_distance_of_one_degree_of_latitude() -> None:
    """One degree of latitude is about 111.2 km."""
    assert distance_m(30, 120, 31, 120) == pytest.approx(111_195, rel=1e-3)


def test_interpolates_between_points() -> None:
    """Half way in time is half way in space; before the start and after the end it stands."""
    track = Track.from_points([(0, 30.0, 120.0, 10), (100, 30.001, 120.002, 20)])
    mid = track.at(50)
    assert (mid.latitude, mid.longitude, mid.accuracy) == pytest.approx((30.0005, 120.001, 15))
    assert track.at(-5) == track.points[0]
    assert track.at(1000).latitude == 30.001
    assert track.duration == 100


def test_loop_starts_over() -> None:
    """A looping track is back at its start after its duration."""
    track = Track.from_points([(0, 30.0, 120.0), (10, 30.01, 120.0)], loop=True)
    assert track.at(15).latitude == pytest.approx(30.005)


def test_points_without_time_walk() -> None:
    """Points without t are timed at the walking speed from the point before."""
    track = Track.from_points(
        [{"lat": 30.0, "lon": 120.0}, {"lat": 30.001, "lon": 120.0}], speed=1.0
    )
    assert track.points[1].t == pytest.approx(111.2, abs=0.5)


def test_gpx_times_are_relative_and_time_zones_count() -> None:
    """GPX times become seconds after the first point, whatever their time zone."""
    track = Track.from_gpx(GPX)
    assert [p.t for p in track.points] == [0, 100, 220]
    assert track.points[2] == TrackPoint(220, 30.281, 120.022)


def test_csv_with_seconds_and_accuracy(tmp_path: Path) -> None:
    """A CSV track has t, lat, lon and an optional accuracy column."""
    path = tmp_path / "walk.csv"
    path.write_text("t,lat,lon,accuracy\n0,30.28,120.02,30\n60,30.281,120.02,\n", "utf-8")
    track = Track.load(path)
    assert track.points == (TrackPoint(0, 30.28, 120.02, 30), TrackPoint(60, 30.281, 120.02))


def test_load_gpx_file(tmp_path: Path) -> None:
    """Track.load reads a .gpx file."""
    path = tmp_path / "walk.gpx"
    path.write_text(GPX, "utf-8")
    assert len(Track.load(path).points) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("t,lat,lon\n0,30.28,abc\n", r"walk.csv, line 2: longitude must be a number"),
        ("t,lat\n0,30.28\n", "needs lat and lon columns"),
        ("t,lat,lon\n0,95,120\n", "line 2: latitude must be from -90 to 90"),
        ("t,lat,lon\n10,30,120\n5,30,120\n", "time 5.0 is before the previous 10.0"),
        ("time,lat,lon\n2026-11-27 09:00,30,120\n", "needs a time zone"),
    ],
)
def test_bad_csv_names_line(tmp_path: Path, text: str, message: str) -> None:
    """A bad CSV track names the file, the line and what is wrong."""
    path = tmp_path / "walk.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=message):
        Track.load(path)


def test_bad_sources() -> None:
    """Empty tracks, broken GPX, other suffixes and bad points are refused clearly."""
    with pytest.raises(ConfigError, match="at least one point"):
        Track.from_points([])
    with pytest.raises(ConfigError, match="not valid GPX"):
        Track.from_gpx("<gpx><trkpt", where="walk.gpx")
    with pytest.raises(ConfigError, match="no <trkpt>"):
        Track.from_gpx("<gpx/>")
    with pytest.raises(ConfigError, match=r"a track is a \.gpx or \.csv file"):
        Track.load("walk.kml")
    with pytest.raises(ConfigError, match="track point 1: unknown field 'altitude'"):
        Track.from_points([(0, 30, 120), {"lat": 30, "lon": 120, "altitude": 5}])
    with pytest.raises(ConfigError, match="cannot read the track"):
        Track.load("/nonexistent/walk.gpx")

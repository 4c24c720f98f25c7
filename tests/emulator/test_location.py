"""Tests of emulator.location: a point or a track on the clock, addresses, failures, scenes."""

from __future__ import annotations

import pytest

from bridge.errors import ConfigError, PermissionDenied, Unavailable
from emulator.clock import Clock
from emulator.location import Address, Location, Place, Places, default_places
from emulator.tracks import Track
from tests.fakes import FakePage

T0 = 1_800_000_000.0
#: A short walk north, 0.001 degree (about 111 m) in 100 s.
WALK = [(0, 30.2790, 120.0260, 20), (100, 30.2800, 120.0260, 5)]


@pytest.fixture
def clock_start() -> float:
    return T0


@pytest.fixture
def location(clock: Clock) -> Location:
    return Location(clock)


def test_table_ships_a_few_dozen_places() -> None:
    """The offline table covers the big cities, municipalities with an empty city."""
    places = default_places()
    assert len(places) >= 30
    cities = {p.address.city or p.address.province for p in places}
    assert {"杭州市", "上海市", "北京市", "深圳市", "广州市"} <= cities
    beijing = places.address(39.9087, 116.3975)
    assert (beijing.province, beijing.city, beijing.district) == ("北京市", "", "东城区")


def test_nearest_place_within_its_radius() -> None:
    """The nearest covering place gives the address; beyond every radius it is empty."""
    places = Places(
        [
            Place("a", 30.0, 120.0, 1000, Address("A")),
            Place("b", 30.005, 120.0, 1000, Address("B")),
        ]
    )
    assert places.address(30.001, 120.0).address == "A"
    assert places.address(30.004, 120.0).address == "B"
    assert places.address(31.0, 120.0) == Address()


def test_set_without_address_geocodes(location: Location) -> None:
    """A point set without an address gets the table's; an explicit one wins."""
    location.set(31.2304, 121.4737)
    assert location.fix.address.district == "黄浦区"
    location.set(31.2304, 121.4737, address="somewhere")
    assert location.fix.address == Address("somewhere")
    location.set(20.0, 130.0)  # the open sea
    assert location.fix.address == Address()


def test_follow_track_on_the_clock(location: Location, clock: Clock) -> None:
    """Following a track, the position moves with virtual time and stays at the end."""
    location.follow(WALK)
    assert location.fix.latitude == pytest.approx(30.2790)
    clock.advance(50)
    fix = location.fix
    assert (fix.latitude, fix.accuracy) == pytest.approx((30.2795, 12.5))
    assert fix.address.district == "余杭区"
    clock.advance(500)
    assert location.fix.latitude == pytest.approx(30.2800)
    location.stay()
    location.follow(WALK, start=T0 + 1000)  # not yet started: at its first point
    assert location.fix.latitude == pytest.approx(30.2790)


def test_follow_file_and_keep_accuracy(location: Location, tmp_path: object) -> None:
    """A track without accuracies keeps the device's own; a path is read as a file."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "w.csv"
    path.write_text("t,lat,lon\n0,30.279,120.026\n10,30.280,120.026\n", "utf-8")
    location.set(0, 0, accuracy=7)
    track = location.follow(path)
    assert isinstance(track, Track) and location.track is track
    assert location.fix.accuracy == 7
    location.set(30.0, 120.0)
    assert location.track is None


def test_read_gcj02_on_track(location: Location, clock: Clock) -> None:
    """read('gcj02') converts the position along the track."""
    location.follow([(0, 39.908692, 116.397477)])
    gcj = location.read("gcj02")
    assert (gcj.latitude, gcj.longitude) == pytest.approx((39.910095, 116.403721), abs=2e-6)


def test_failures(location: Location) -> None:
    """Permission denied is "7", no fix is "9", each with a message saying so."""
    location.check()
    location.available = False
    with pytest.raises(Unavailable, match="position unavailable") as unavailable:
        location.check()
    assert unavailable.value.code == "9"
    location.permission = False
    with pytest.raises(PermissionDenied, match="permission denied") as denied:
        location.check()
    assert denied.value.code == "7"


def test_scene_calls_back_on_the_clock(location: Location, clock: Clock) -> None:
    """A scene calls its page back once per interval of virtual time, until stopped."""
    page = FakePage()
    location.follow(WALK)
    scene = location.start_scene(
        "s", 10, lambda: {"lat": location.fix.latitude}, page=page, call_id=7
    )
    assert location.scenes == ["s"]
    clock.advance(30)
    assert [call_id for call_id, _ in page.progress] == [7, 7, 7]
    assert [d["lat"] for _, d in page.progress] == pytest.approx([30.2791, 30.2792, 30.2793])
    assert len(scene.delivered) == 3
    with pytest.raises(ConfigError, match="already locating"):
        location.start_scene("s", 10, dict)
    assert location.stop_scene("s") and not location.stop_scene("s")
    clock.advance(30)
    assert len(page.progress) == 3


def test_scene_skips_while_failing_and_filters_distance(location: Location, clock: Clock) -> None:
    """No callback while locating fails, nor while the device moved less than the filter."""
    page = FakePage()
    location.follow(WALK)
    location.start_scene("f", 10, dict, page=page, call_id=1, distance_filter=25)
    clock.advance(10)  # 11 m moved
    assert page.progress == []
    clock.advance(10)  # 22 m
    clock.advance(10)  # 33 m: past the filter
    assert len(page.progress) == 1
    location.available = False
    clock.advance(50)
    assert len(page.progress) == 1


def test_forget_page_stops_its_scenes(location: Location, clock: Clock) -> None:
    """When a page goes away its scenes stop; another page's go on."""
    gone, stays = FakePage("s1"), FakePage("s2")
    location.start_scene("a", 1, dict, page=gone, call_id=1)
    location.start_scene("b", 1, dict, page=stays, call_id=2)
    assert location.forget(gone) == ["a"]
    clock.advance(2)
    assert gone.progress == [] and len(stays.progress) == 2


def test_places_toml_errors_name_the_line() -> None:
    """A bad place in a table is reported with its line and field."""
    text = '[[place]]\nname = "x"\nlat = "north"\nlon = 1\n'
    with pytest.raises(ConfigError, match=r"places.toml, line 3: field place\[0\].lat must be"):
        Places.from_toml(text, "places.toml")


def test_docs_example_runs() -> None:
    """The example at the top of docs/reference/location.md runs and its asserts hold."""
    import re
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "reference" / "location.md").read_text("utf-8")
    example = re.findall(r"```python\n(.*?)```", doc, re.DOTALL)[0]
    exec(compile(example, "docs/reference/location.md", "exec"), {})

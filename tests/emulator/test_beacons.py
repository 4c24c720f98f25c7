"""Tests of emulator.beacons: the timeline of beacons in range, discovery and its events."""

from __future__ import annotations

from typing import Any

import pytest

from bridge.errors import ConfigError
from emulator.beacons import Beacon, Beacons, proximity_of
from emulator.clock import Clock

OFFICE = "FDA50693-A4E2-4FB1-AFCF-C6EB07647825"
OTHER = "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0"


@pytest.fixture
def fired() -> list[tuple[str, Any]]:
    return []


@pytest.fixture
def beacons(clock: Clock, fired: list[tuple[str, Any]]) -> Beacons:
    return Beacons(clock, lambda name, data: fired.append((name, data)))


def test_add_and_remove(beacons: Beacons) -> None:
    """add() brings a beacon into range, remove() takes it out; the uuid is upper-cased."""
    beacon = beacons.add(OFFICE.lower(), 10001, 7, rssi=-70)
    assert beacons.in_range == [beacon]
    assert beacon.uuid == OFFICE
    beacons.remove(OFFICE, 10001, 7)
    assert beacons.in_range == []


def test_add_again_changes_the_signal(beacons: Beacons) -> None:
    """A second add() of the same beacon replaces its rssi instead of adding one more."""
    beacons.add(OFFICE, 1, 2, rssi=-80)
    beacons.add(OFFICE, 1, 2, rssi=-50)
    assert [b.rssi for b in beacons.in_range] == [-50]


def test_remove_a_beacon_out_of_range(beacons: Beacons) -> None:
    """Removing a beacon that is not in range is a mistake worth hearing about."""
    with pytest.raises(ConfigError, match="not in range"):
        beacons.remove(OFFICE, 1, 2)


def test_schedule_over_virtual_time(beacons: Beacons, clock: Clock) -> None:
    """Scheduled steps take effect when the clock reaches them; rssi None leaves."""
    beacons.schedule(
        [
            {"at": 5, "uuid": OFFICE, "major": 1, "minor": 2, "rssi": -80},
            {"at": 10, "uuid": OFFICE, "major": 1, "minor": 2, "rssi": -50},
            {"at": 15, "uuid": OFFICE, "major": 1, "minor": 2, "rssi": None},
        ]
    )
    seen = []
    for _ in range(4):
        seen.append([b.rssi for b in beacons.in_range])
        clock.advance(5)
    assert seen == [[], [-80], [-50], []]
    clock.advance(-10)  # the timeline is folded at any time, back too
    assert [b.rssi for b in beacons.in_range] == [-50]


def test_strongest_first(beacons: Beacons) -> None:
    """Beacons in range come strongest first."""
    beacons.add(OFFICE, 1, 1, rssi=-90)
    beacons.add(OTHER, 1, 1, rssi=-40)
    assert [b.uuid for b in beacons.in_range] == [OTHER, OFFICE]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"at": 0, "uuid": "office", "major": 1, "minor": 2, "rssi": -60}, "uuid"),
        ({"at": 0, "uuid": OFFICE, "major": 70000, "minor": 2, "rssi": -60}, "major"),
        ({"at": 0, "uuid": OFFICE, "major": 1, "minor": -1, "rssi": -60}, "minor"),
        ({"at": 0, "uuid": OFFICE, "major": 1, "minor": 2, "rssi": 5}, "rssi"),
        ({"at": -1, "uuid": OFFICE, "major": 1, "minor": 2}, "at"),
        ({"uuid": OFFICE, "major": 1, "minor": 2}, "at is required"),
        ({"at": 0, "uuid": OFFICE, "major": 1, "minor": 2, "power": 1}, "unknown field 'power'"),
    ],
)
def test_bad_steps_name_the_field(beacons: Beacons, step: dict[str, Any], message: str) -> None:
    """A bad step raises ConfigError naming the step and the field; nothing is scheduled."""
    good = {"at": 0, "uuid": OFFICE, "major": 1, "minor": 1, "rssi": -60}
    with pytest.raises(ConfigError, match=f"beacon step 1: .*{message}"):
        beacons.schedule([good, step])
    assert beacons.timeline == []


def test_distance_and_proximity() -> None:
    """At tx_power a beacon is 1 m away (near); 20 dB weaker 10 m (far); stronger, immediate."""
    assert Beacon(OFFICE, 1, 1, rssi=-59).accuracy == 1.0
    assert Beacon(OFFICE, 1, 1, rssi=-79).accuracy == 10.0
    assert [proximity_of(d) for d in (0.2, 1.0, 10.0, -1)] == [1, 2, 3, 0]
    result = Beacon(OFFICE, 10001, 7, rssi=-45).as_result()
    assert result == {
        "uuid": OFFICE,
        "major": "10001",
        "minor": "7",
        "proximity": 1,
        "accuracy": 0.2,
        "rssi": -45,
    }


def test_discovery_filters_by_uuid_and_fires_events(
    beacons: Beacons, fired: list[tuple[str, Any]]
) -> None:
    """Discovery sends beaconServiceChange; updates carry only the uuids asked for."""
    beacons.add(OFFICE, 1, 1)
    beacons.add(OTHER, 2, 2)
    assert beacons.found() == []  # not discovering
    beacons.start_discovery([OTHER.lower()])
    assert [b["uuid"] for b in beacons.found()] == [OTHER]
    beacons.update()
    beacons.stop_discovery()
    assert beacons.update() is None
    assert [name for name, _ in fired] == [
        "beaconServiceChange",
        "beaconUpdate",
        "beaconServiceChange",
    ]
    assert fired[0][1] == {"available": True, "discovering": True}
    assert [b["uuid"] for b in fired[1][1]["beacons"]] == [OTHER]
    assert fired[2][1] == {"available": True, "discovering": False}


def test_all_uuids_when_none_asked(beacons: Beacons) -> None:
    """Discovery without uuids finds every beacon in range."""
    beacons.add(OFFICE, 1, 1)
    beacons.add(OTHER, 2, 2)
    beacons.start_discovery()
    assert len(beacons.found()) == 2


def test_bluetooth_off_stops_discovery(beacons: Beacons, fired: list[tuple[str, Any]]) -> None:
    """Turning Bluetooth off stops discovery and tells the pages."""
    beacons.start_discovery()
    beacons.bluetooth = False
    assert beacons.discovering is False
    assert fired[-1] == ("beaconServiceChange", {"available": False, "discovering": False})


def test_bad_uuid_to_discover(beacons: Beacons) -> None:
    """start_discovery names the malformed uuid by its index."""
    with pytest.raises(ConfigError, match=r"'uuids\[1\]'"):
        beacons.start_discovery([OFFICE, "nope"])
    assert beacons.discovering is False


def test_updates_every_interval_on_the_virtual_clock(
    beacons: Beacons, clock: Clock, fired: list[tuple[str, Any]]
) -> None:
    """While discovering, beaconUpdate fires every interval of the clock; not after stop."""
    beacons.interval = 2
    beacons.schedule([{"at": 3, "uuid": OFFICE, "major": 1, "minor": 1, "rssi": -60}])
    beacons.start_discovery()
    clock.advance(6)
    updates = [len(data["beacons"]) for name, data in fired if name == "beaconUpdate"]
    assert updates == [0, 1, 1]
    beacons.stop_discovery()
    clock.advance(10)
    assert len([name for name, _ in fired if name == "beaconUpdate"]) == 3


def test_bad_interval(beacons: Beacons) -> None:
    """The update interval must be a positive number of seconds."""
    with pytest.raises(ConfigError, match="interval"):
        beacons.interval = 0

"""Tests of emulator.scenario: one TOML file of timelines, played on a device's clock."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bridge.errors import ConfigError
from emulator.device import Device
from emulator.scenario import Scenario

OFFICE = "FDA50693-A4E2-4FB1-AFCF-C6EB07647825"
CHINA = timezone(timedelta(hours=8))
START = datetime(2026, 11, 27, 8, 55, tzinfo=CHINA)

FULL = f"""
[scenario]
name = "Walk into the office"
start = 2026-11-27T08:55:00+08:00

[location]
points = [[0, 30.2790, 120.0260, 20], [100, 30.2800, 120.0260, 5]]

[[location.change]]
at = 200
available = false

[beacons]
interval = 2.0

[[beacons.step]]
at = 90
uuid = "{OFFICE}"
major = 10001
minor = 7
rssi = -62

[steps]
history = {{ 2026-11-26 = 8000 }}
curve = [["08:00", 0], ["09:00", 4200]]

[[nfc.tap]]
at = 120
payload = "door-3"
hold = true

[scan]
queue = ["https://example.com/asset/1"]

[network]
type = "4g"

[[network.change]]
at = 150
type = "none"
"""


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def test_full_scenario_plays_on_the_clock(device: Device, tmp_path: Path) -> None:
    """Every section reaches the device, and later changes happen as the clock passes them."""
    scenario = device.load_scenario(write(tmp_path, FULL))
    clock = device.platform.clock
    assert scenario.name == "Walk into the office"
    assert clock.frozen and clock.now() == START.timestamp()
    assert device.network == "4g"
    assert device.location.fix.latitude == pytest.approx(30.2790)
    assert device.beacons.in_range == []
    assert device.scan.pending == ["https://example.com/asset/1"]
    assert device.pedometer.steps_on("2026-11-26") == 8000
    assert device.pedometer.steps_today() == 3850  # 08:55 on the 08:00-09:00 curve
    clock.advance(95)
    assert device.location.fix.latitude == pytest.approx(30.27995)
    assert [(b.major, b.minor, b.rssi) for b in device.beacons.in_range] == [(10001, 7, -62)]
    assert device.beacons.interval == 2.0
    clock.advance(30)  # 125 s: the tag is against the phone
    assert device.nfc.held is not None and device.nfc.held.content == "door-3"
    clock.advance(30)  # 155 s: the network is gone
    assert device.network == "none"
    assert device.location.available
    clock.advance(50)
    assert not device.location.available


def test_track_file_is_relative_to_the_scenario(device: Device, tmp_path: Path) -> None:
    """A track path is read from the scenario's folder; `at` delays its start."""
    (tmp_path / "walk.csv").write_text("t,lat,lon\n0,30.0,120.0\n10,30.001,120.0\n", "utf-8")
    path = write(tmp_path, '[scenario]\nfrozen = true\n[location]\ntrack = "walk.csv"\nat = 5\n')
    Scenario.load(path).apply(device)
    device.platform.clock.advance(10)
    assert device.location.fix.latitude == pytest.approx(30.0005)


def test_point_permission_and_real_time(device: Device, tmp_path: Path) -> None:
    """A fixed point with an address; without start or frozen the clock keeps running."""
    text = '[location]\nlat = 31.23\nlon = 121.47\naddress = "here"\npermission = false\n'
    device.load_scenario(write(tmp_path, text))
    assert not device.platform.clock.frozen
    fix = device.location.fix
    assert (fix.latitude, fix.longitude, fix.address.address) == (31.23, 121.47, "here")
    assert device.location.permission is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[weather]\nrain = true\n", r"line 1: unknown field weather \(known: beacons"),
        ("[location]\nlat = 30\nlon = 120\nheight = 3\n", "line 4: unknown field location.height"),
        ('[location]\nlat = "30"\nlon = 120\n', "line 2: field location.lat must be a number"),
        ("[location]\nlat = 30\n", "line 1: missing field location.lon"),
        ('[location]\ntrack = "nowhere.gpx"\n', "line 2: field location.track: no such file"),
        (
            "[location]\npoints = [[0, 30, 120], [10, 95, 120]]\n",
            "line 2: location.points: track point 1: latitude must be from -90 to 90",
        ),
        (
            '[[beacons.step]]\nat = 1\nuuid = "office"\nmajor = 1\nminor = 2\n',
            r"line 3: beacons.step\[0\].uuid: uuid must be a UUID",
        ),
        (
            f'\n[[beacons.step]]\nat = 1\nuuid = "{OFFICE}"\nmajor = 70000\nminor = 2\n',
            r"line 5: beacons.step\[0\].major: major must be from 0 to 65535",
        ),
        (
            f'[[beacons.step]]\nuuid = "{OFFICE}"\nmajor = 1\nminor = 2\n',
            r"line 1: missing field beacons.step\[0\].at",
        ),
        (
            "[[nfc.tap]]\nat = -3\npayload = 'x'\n",
            r"line 2: field nfc.tap\[0\].at must be >= 0 seconds",
        ),
        ('[steps]\ncurve = [["09:00", 10], ["10:00", 5]]\n', "line 2: steps.curve: .*go down"),
        ('[steps]\ncurve = [["25:00", 10]]\n', "line 2: steps.curve: .*no such time"),
        ("[steps]\nhistory = { yesterday = 5 }\n", "line 2: steps.history.yesterday"),
        ('[network]\ntype = "6g"\n', "line 2: field network.type must be one of wifi"),
        ("[[network.change]]\nat = 5\n", r"line 1: missing field network.change\[0\].type"),
        ("[scan]\nqueue = [1]\n", r"line 2: field scan.queue\[0\] must be a string"),
        ('[scenario]\nstart = "tomorrow"\n', "line 2: field scenario.start must be a date-time"),
        ("[location\nlat = 1\n", "line 1, column 10: not valid TOML"),
        ("[[location.change]]\nat = 3\n", r"location.change\[0\] changes nothing"),
    ],
)
def test_errors_name_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    """A bad scenario file is refused with the file, the line and the field."""
    path = write(tmp_path, text, "bad.toml")
    with pytest.raises(ConfigError, match=message) as info:
        Scenario.load(path)
    assert str(info.value).startswith(f"{path}")


def test_missing_file(tmp_path: Path) -> None:
    """A scenario that cannot be read says so."""
    with pytest.raises(ConfigError, match="cannot read the scenario"):
        Scenario.load(tmp_path / "none.toml")


def test_docs_examples_parse() -> None:
    """Every TOML example of docs/reference/scenarios.md is a valid scenario."""
    root = Path(__file__).parents[2]
    doc = (root / "docs" / "reference" / "scenarios.md").read_text("utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", doc, re.DOTALL)
    assert len(blocks) >= 2
    base = root / "sample_apps" / "checkin" / "scenarios"
    for block in blocks:
        Scenario.loads(block, where="scenarios.md", base=base)


def test_sample_scenarios_parse() -> None:
    """The check-in app's scenario files are valid."""
    folder = Path(__file__).parents[2] / "sample_apps" / "checkin" / "scenarios"
    names = sorted(p.name for p in folder.glob("*.toml"))
    assert names == ["office.toml", "outside.toml"]
    office = Scenario.load(folder / "office.toml")
    assert office.track is not None and office.track.duration == 300

"""iBeacon, NFC and the pedometer from a page using the real dingtalk-jsapi, in Chromium.

The page loads the library's IIFE bundle (``sample_apps/hello/dist/dd.js``) and
calls the flat exports apps use (``dd.startBeaconDiscovery``, ``dd.readNFC``,
``dd.getTodaysStepCount`` ...); Python moves the device's beacons, taps tags and
walks.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page

from emulator import Emulator
from emulator.pedometer import CHINA
from tests.e2e.pages import bundled_app, ready_page, settled

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("ddemu_persona", ["ios", "android"])]

OFFICE = "FDA50693-A4E2-4FB1-AFCF-C6EB07647825"
OTHER = "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0"
#: 10:00 in Hangzhou: a step curve of a few minutes stays within the day.
MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=CHINA).timestamp()

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>sensors</title>
<script src="/dd.js"></script>
<script>
  window.seen = { ready: false, updates: [], services: [] };
  dd.onBeaconUpdate({ onSuccess: function (data) { seen.updates.push(data); } });
  dd.onBeaconServiceChange({ onSuccess: function (data) { seen.services.push(data); } });
  dd.ready(function () { seen.ready = true; });
  // Settles with {ok: result} or {fail: error}, so a test can see either.
  window.settle = function (promise) {
    return promise.then(function (r) { return { ok: r }; }, function (e) { return { fail: e }; });
  };
  window.pending = {};
  window.start = function (name, promise) {
    pending[name] = null;
    settle(promise).then(function (r) { pending[name] = r; });
  };
</script>
</head>
<body><p>sensors</p></body>
</html>
"""


ddemu_app = bundled_app("sensors", PAGE)
#: The page, once dd.ready has fired (its listeners are then attached).
app = ready_page()


# -- iBeacon ----------------------------------------------------------------


def test_get_beacons_follows_the_schedule(ddemu: Emulator, app: Page) -> None:
    """getBeacons lists the beacons of the uuids asked for in range on the virtual clock."""
    ddemu.clock.freeze()
    beacons = ddemu.device.beacons
    beacons.add(OTHER, 1, 1, rssi=-40)
    beacons.schedule(
        [
            {"at": 10, "uuid": OFFICE, "major": 10001, "minor": 7, "rssi": -75},
            {"at": 20, "uuid": OFFICE, "major": 10001, "minor": 7, "rssi": -55},
            {"at": 30, "uuid": OFFICE, "major": 10001, "minor": 7},
        ]
    )
    assert app.evaluate(f"dd.startBeaconDiscovery({{uuids: [{OFFICE!r}]}})") == {}
    assert app.evaluate("dd.getBeacons({})") == {"beacons": []}
    ddemu.clock.advance(15)
    far = app.evaluate("dd.getBeacons({})")["beacons"]
    assert [(b["major"], b["minor"], b["rssi"], b["proximity"]) for b in far] == [
        ("10001", "7", -75, 3)
    ]
    ddemu.clock.advance(10)
    near = app.evaluate("dd.getBeacons({})")["beacons"]
    assert (near[0]["rssi"], near[0]["proximity"]) == (-55, 2)
    assert near[0]["accuracy"] < far[0]["accuracy"]
    ddemu.clock.advance(10)
    assert app.evaluate("dd.getBeacons({})") == {"beacons": []}


def test_beacon_update_and_service_change_reach_the_page(ddemu: Emulator, app: Page) -> None:
    """Discovery fires beaconServiceChange; updates bring the beacons in range; stop ends it."""
    ddemu.device.beacons.add(OFFICE, 10001, 7, rssi=-60)
    app.evaluate(f"dd.startBeaconDiscovery({{uuids: [{OFFICE!r}]}})")
    app.wait_for_function("seen.services.length === 1", timeout=5_000)
    assert app.evaluate("seen.services") == [{"available": True, "discovering": True}]
    ddemu.device.beacons.update()
    app.wait_for_function("seen.updates.length >= 1", timeout=5_000)
    update = app.evaluate("seen.updates[seen.updates.length - 1]")
    assert [(b["uuid"], b["major"], b["minor"]) for b in update["beacons"]] == [
        (OFFICE, "10001", "7")
    ]
    app.evaluate("dd.stopBeaconDiscovery({})")
    app.wait_for_function("seen.services.length === 2", timeout=5_000)
    assert app.evaluate("seen.services[1]") == {"available": True, "discovering": False}
    assert ddemu.device.beacons.update() is None


def test_updates_come_every_second_of_virtual_time(ddemu: Emulator, app: Page) -> None:
    """While discovering, the page gets beaconUpdate each second; a beacon appears on schedule."""
    ddemu.clock.freeze(MORNING)
    ddemu.device.beacons.schedule(
        [{"at": 2.5, "uuid": OFFICE, "major": 10001, "minor": 7, "rssi": -65}]
    )
    app.evaluate(f"dd.startBeaconDiscovery({{uuids: [{OFFICE!r}]}})")
    ddemu.clock.advance(4)
    app.wait_for_function("seen.updates.length === 4", timeout=5_000)
    counts = app.evaluate("seen.updates.map(function (u) { return u.beacons.length; })")
    assert counts == [0, 0, 1, 1]


def test_bluetooth_off_fails_discovery(ddemu: Emulator, app: Page) -> None:
    """With Bluetooth off, startBeaconDiscovery fails with "9"."""
    ddemu.device.beacons.bluetooth = False
    outcome = app.evaluate("settle(dd.startBeaconDiscovery({uuids: []}))")
    assert outcome["fail"]["errorCode"] == "9"
    assert "Bluetooth" in outcome["fail"]["errorMessage"]


def test_malformed_uuid_is_refused_naming_it(ddemu: Emulator, app: Page) -> None:
    """A uuid that is no UUID fails with "3" naming uuids[i]."""
    outcome = app.evaluate(f"settle(dd.startBeaconDiscovery({{uuids: [{OFFICE!r}, 'office']}}))")
    assert outcome["fail"]["errorCode"] == "3"
    assert "'uuids[1]'" in outcome["fail"]["errorMessage"]
    assert ddemu.device.beacons.discovering is False


# -- NFC --------------------------------------------------------------------


def test_read_nfc_waits_for_a_tap(ddemu: Emulator, app: Page) -> None:
    """readNFC answers the content of the tag tapped after it was called."""
    ddemu.device.nfc.wait = 10  # the sheet stays open for a tap
    app.evaluate("start('read', dd.readNFC({}))")
    assert ddemu.device.nfc.wait_pending(timeout=5) == ["read"]
    assert ddemu.device.nfc.tap("room-301") is True
    assert settled(app, "pending.read", 5_000) == {"ok": {"content": "room-301"}}


def test_write_nfc_records_the_tag(ddemu: Emulator, app: Page) -> None:
    """writeNFC writes to the next tag tapped; Python sees what was written."""
    ddemu.device.nfc.wait = 10  # the sheet stays open for a tap
    app.evaluate("start('write', dd.writeNFC({content: 'asset:42'}))")
    assert ddemu.device.nfc.wait_pending(timeout=5) == ["write"]
    ddemu.device.nfc.tap("blank", tag_id="04AABBCCDDEEFF")
    assert settled(app, "pending.write", 5_000) == {"ok": {}}
    written = ddemu.device.nfc.written
    assert [(w.content, w.tag_id) for w in written] == [("asset:42", "04AABBCCDDEEFF")]


def test_nfc_stop_cancels_the_read(ddemu: Emulator, app: Page) -> None:
    """nfcStop makes the waiting read fail with "-1"; a later tap reaches nobody."""
    ddemu.device.nfc.wait = 10  # the sheet stays open for a tap
    app.evaluate("start('read', dd.readNFC({}))")
    assert ddemu.device.nfc.wait_pending(timeout=5) == ["read"]
    app.evaluate("dd.device.nfc.nfcStop({})")
    assert settled(app, "pending.read", 5_000)["fail"]["errorCode"] == "-1"
    assert ddemu.device.nfc.tap("late") is False


def test_write_nfc_without_content_names_it(ddemu: Emulator, app: Page) -> None:
    """writeNFC without content fails with "3" naming content."""
    outcome = app.evaluate("settle(dd.device.nfc.nfcWrite({}))")
    assert outcome["fail"]["errorCode"] == "3"
    assert "'content'" in outcome["fail"]["errorMessage"]


# -- the pedometer ----------------------------------------------------------


def test_step_count_follows_the_curve(ddemu: Emulator, app: Page) -> None:
    """getTodaysStepCount walks along the step curve as the virtual clock moves."""
    ddemu.clock.freeze(MORNING)
    ddemu.device.pedometer.curve([(0, 1000), (600, 2200)])
    assert app.evaluate("dd.getTodaysStepCount({})") == {"stepCount": 1000}
    ddemu.clock.advance(300)
    assert app.evaluate("dd.getTodaysStepCount({})") == {"stepCount": 1600}
    ddemu.device.pedometer.set_steps(9000)
    assert app.evaluate("dd.getTodaysStepCount({})") == {"stepCount": 9000}


def test_health_data_gives_the_history(ddemu: Emulator, ddemu_persona: str, app: Page) -> None:
    """getHealthData answers one entry per day with that day's steps; Android has none."""
    if ddemu_persona != "ios":
        outcome = app.evaluate(
            "settle(dd.biz.sports.getHealthData({startTime: '2026-11-27', endTime: '2026-11-27'}))"
        )
        # The library itself refuses it on Android, as on a real phone.
        assert outcome["fail"]["errorCode"] == 4050
        assert ddemu.calls.methods().count("biz.sports.getHealthData") == 0
        return
    ddemu.clock.freeze(MORNING)
    ddemu.device.pedometer.add_history({"2026-11-25": 8000, "2026-11-26": 12345})
    ddemu.device.pedometer.set_steps(300)
    data = app.evaluate(
        "dd.biz.sports.getHealthData({type: 1, startTime: '2026-11-25', endTime: '2026-11-27'})"
    )
    assert [d["value"] for d in data["healthDataList"]] == [8000, 12345, 300]
    assert data["healthDataList"][-1]["lastTimestamp"] == str(int(MORNING * 1000))
    outcome = app.evaluate(
        "settle(dd.biz.sports.getHealthData({startTime: '2026-11-27', endTime: '2026-11-25'}))"
    )
    assert outcome["fail"]["errorCode"] == "3"
    assert "'endTime'" in outcome["fail"]["errorMessage"]


# -- motion: shakes, gyroscope and compass ----------------------------------


def test_a_jolt_is_a_shake_at_the_pages_frequency(
    ddemu: Emulator, ddemu_persona: str, app: Page
) -> None:
    """watchShake samples every `frequency` ms; a jolt beyond `sensitivity` calls back."""
    ddemu.clock.freeze(MORNING)
    app.evaluate(
        "window.shakes = []; dd.device.accelerometer.watchShake({sensitivity: 3, frequency: 200,"
        " callbackDelay: 1000, onSuccess: function (r) { shakes.push(r); }})"
    )
    before = 1 if ddemu_persona == "android" else 0  # Android's first answer calls onSuccess too
    motion = ddemu.device.motion
    motion.set_acceleration(0.5, 0.2, 9.8)  # a small tilt: no shake
    ddemu.clock.advance(0.4)
    motion.set_acceleration(12.0, -4.0, 9.8)  # a jolt
    ddemu.clock.advance(0.2)
    app.wait_for_function(f"shakes.length === {before + 1}", timeout=5_000)
    assert motion.shakes == [pytest.approx(MORNING + 0.6)]
    motion.set_acceleration(0.0, 0.0, 9.8)  # back within callbackDelay: ignored
    ddemu.clock.advance(0.2)
    app.evaluate("dd.device.accelerometer.clearShake({})")
    ddemu.clock.advance(1)
    assert motion.sampling is False
    assert app.evaluate("shakes.length") == before + 1


def test_out_of_range_shake_params_name_the_param(app: Page) -> None:
    """A frequency out of range fails watchShake with "3" naming it."""
    outcome = app.evaluate(
        "settle(dd.device.accelerometer.watchShake({frequency: 0, onSuccess: function () {}}))"
    )
    assert outcome["fail"]["errorCode"] == "3"
    assert "'frequency'" in outcome["fail"]["errorMessage"]


def test_compass_and_gyroscope_stream_to_window_listeners(
    ddemu: Emulator, ddemu_persona: str, app: Page
) -> None:
    """A page listening to deviceorientation and devicemotion gets a reading every interval."""
    ddemu.clock.freeze(MORNING)
    motion = ddemu.device.motion
    motion.set_heading(90)  # facing east
    motion.set_rotation_rate(0, 0, 45)
    app.evaluate(
        """window.readings = [];
        window.addEventListener('deviceorientation', function (e) {
          readings.push({type: e.type, alpha: e.alpha, beta: e.beta,
                         compass: e.webkitCompassHeading === undefined
                           ? null : e.webkitCompassHeading,
                         real: e instanceof DeviceOrientationEvent});
        });
        window.ondevicemotion = function (e) {
          readings.push({type: e.type, z: e.accelerationIncludingGravity.z,
                         gamma: e.rotationRate.gamma, interval: e.interval});
        };
        true;"""
    )
    ddemu_wait_listening(ddemu, ["devicemotion", "deviceorientation"])
    ddemu.clock.advance(0.25)  # two readings at the default 0.1 s
    app.wait_for_function("readings.length === 4", timeout=5_000)
    readings = app.evaluate("readings")
    orientation = [r for r in readings if r["type"] == "deviceorientation"]
    motion_events = [r for r in readings if r["type"] == "devicemotion"]
    assert len(orientation) == len(motion_events) == 2
    assert orientation[0]["alpha"] == 270 and orientation[0]["real"] is True
    assert orientation[0]["compass"] == (90 if ddemu_persona == "ios" else None)
    assert motion_events[0] == {"type": "devicemotion", "z": 9.80665, "gamma": 45, "interval": 100}
    app.evaluate("window.ondevicemotion = null")
    ddemu_wait_listening(ddemu, ["deviceorientation"])


def ddemu_wait_listening(ddemu: Emulator, events: list[str], timeout: float = 5.0) -> None:
    """Wait until the page's shim told the device it listens to exactly ``events``."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list(ddemu.device.motion.listeners.values()) == [events]:
            return
        time.sleep(0.02)
    raise AssertionError(f"listeners {ddemu.device.motion.listeners}, wanted {events}")

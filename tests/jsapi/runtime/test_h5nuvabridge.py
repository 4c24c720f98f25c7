"""Tests of jsapi.runtime.h5nuvabridge: the iBeacon actions of exec, and the BLE defaults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams, Unavailable, UnknownMethod
from emulator.device import Device

EXEC = "runtime.h5nuvabridge.exec"
OFFICE = "FDA50693-A4E2-4FB1-AFCF-C6EB07647825"


def test_discover_and_get_beacons(call_jsapi: Callable[..., Any], device: Device) -> None:
    """startBeaconDiscovery then getBeacons lists the device's beacons in range."""
    device.beacons.add(OFFICE, 10001, 7, rssi=-59)
    assert call_jsapi(EXEC, {"_action": "getBeacons"}) == {"beacons": []}
    assert call_jsapi(EXEC, {"_action": "startBeaconDiscovery", "uuids": [OFFICE]}) == {}
    assert device.beacons.discovering and device.beacons.uuids == (OFFICE,)
    [beacon] = call_jsapi(EXEC, {"_action": "getBeacons"})["beacons"]
    assert beacon == {
        "uuid": OFFICE,
        "major": "10001",
        "minor": "7",
        "proximity": 2,
        "accuracy": 1.0,
        "rssi": -59,
    }
    assert call_jsapi(EXEC, {"_action": "stopBeaconDiscovery"}) == {}
    assert device.beacons.discovering is False


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"uuids": "FDA50693"}, "'uuids'"),
        ({"uuids": [OFFICE, 7]}, "'uuids[1]'"),
        ({"uuids": ["FDA50693-A4E2"]}, "'uuids[0]'"),
    ],
)
def test_bad_uuids_name_the_param(
    call_jsapi: Callable[..., Any], params: dict[str, Any], named: str
) -> None:
    """uuids that are not an array of UUIDs fail with "3" naming the param."""
    with pytest.raises(InvalidParams, match=named.replace("[", r"\[").replace("]", r"\]")):
        call_jsapi(EXEC, {"_action": "startBeaconDiscovery", **params})


def test_bluetooth_off(call_jsapi: Callable[..., Any], device: Device) -> None:
    """With Bluetooth off discovery is unavailable and the adapter says so."""
    device.beacons.bluetooth = False
    with pytest.raises(Unavailable, match="Bluetooth is off"):
        call_jsapi(EXEC, {"_action": "startBeaconDiscovery", "uuids": []})
    state = call_jsapi(EXEC, {"_action": "getBluetoothAdapterState"})
    assert state == {"available": False, "discovering": False}


def test_ble_actions_answer_their_defaults(call_jsapi: Callable[..., Any]) -> None:
    """The BLE actions keep the catalog's answers; an unknown action is "1"."""
    assert call_jsapi(EXEC, {"_action": "getBluetoothDevices"}) == {"devices": []}
    assert call_jsapi(EXEC, {"_action": "openBluetoothAdapter"}) == {}
    with pytest.raises(UnknownMethod):
        call_jsapi(EXEC, {"_action": "teleport"})

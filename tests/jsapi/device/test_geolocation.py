"""Tests of jsapi.device.geolocation: the fake GPS as the page sees it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device

ADDRESS_FIELDS = {"address", "province", "city", "district", "road"}


@pytest.fixture
def at_tiananmen(device: Device) -> Device:
    device.location.set(39.908692, 116.397477, accuracy=25, address="北京市东城区天安门")
    return device


def test_wgs84(call_jsapi: Callable[..., Any], at_tiananmen: Device) -> None:
    """coordinate 0 gives the position exactly as set (WGS-84)."""
    fix = call_jsapi("device.geolocation.get", {"coordinate": 0})
    assert (fix["latitude"], fix["longitude"]) == (39.908692, 116.397477)
    assert fix["accuracy"] == 25


@pytest.mark.parametrize("params", [{"coordinate": 1}, {}])
def test_gcj02_by_default(
    call_jsapi: Callable[..., Any], at_tiananmen: Device, params: dict[str, Any]
) -> None:
    """coordinate 1, the default, gives the GCJ-02 position AMap would show."""
    fix = call_jsapi("device.geolocation.get", params)
    assert fix["latitude"] == pytest.approx(39.910095, abs=2e-6)
    assert fix["longitude"] == pytest.approx(116.403721, abs=2e-6)


def test_outside_china_same_in_both(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Outside China both coordinate systems give the same position."""
    device.location.set(48.8584, 2.2945)
    wgs = call_jsapi("device.geolocation.get", {"coordinate": 0})
    gcj = call_jsapi("device.geolocation.get", {"coordinate": 1})
    assert (
        (gcj["latitude"], gcj["longitude"])
        == (wgs["latitude"], wgs["longitude"])
        == (
            48.8584,
            2.2945,
        )
    )


def test_regeocode_adds_address(call_jsapi: Callable[..., Any], at_tiananmen: Device) -> None:
    """withReGeocode adds the address fields; without it there are none."""
    plain = call_jsapi("device.geolocation.get", {})
    assert not ADDRESS_FIELDS & plain.keys()
    full = call_jsapi("device.geolocation.get", {"withReGeocode": True})
    assert ADDRESS_FIELDS <= full.keys()
    assert full["address"] == "北京市东城区天安门"


def test_default_position_has_address(call_jsapi: Callable[..., Any]) -> None:
    """A new device stands in Hangzhou, with a reverse-geocoded address."""
    fix = call_jsapi("device.geolocation.get", {"coordinate": 0, "withReGeocode": True})
    assert fix["city"] == "杭州市"
    assert 30 < fix["latitude"] < 31 and 120 < fix["longitude"] < 121


def test_reports_network(call_jsapi: Callable[..., Any], device: Device) -> None:
    """The fix says which network the device is on."""
    device.network = "5g"
    fix = call_jsapi("device.geolocation.get", {})
    assert fix["netType"] == "5g"
    assert fix["isWifiEnabled"] is False


@pytest.mark.parametrize("coordinate", [2, -1, "1", True, 1.5])
def test_bad_coordinate(call_jsapi: Callable[..., Any], coordinate: Any) -> None:
    """A coordinate other than 0 or 1 fails with InvalidParams naming it."""
    with pytest.raises(InvalidParams, match="coordinate"):
        call_jsapi("device.geolocation.get", {"coordinate": coordinate})


def test_bad_accuracy_type(call_jsapi: Callable[..., Any]) -> None:
    """targetAccuracy must be a number."""
    with pytest.raises(InvalidParams, match="targetAccuracy"):
        call_jsapi("device.geolocation.get", {"targetAccuracy": "200"})
    assert "latitude" in call_jsapi("device.geolocation.get", {"targetAccuracy": 200})

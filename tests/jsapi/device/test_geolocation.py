"""Tests of jsapi.device.geolocation: the fake GPS as the page sees it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams, PermissionDenied, Unavailable
from bridge.protocol import Progress
from bridge.sessions import Session
from emulator.device import Device
from emulator.platform import Platform
from jsapi.builtin import default_registry
from jsapi.context import Context
from jsapi.device.geolocation import check_permission

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


def test_negative_accuracy(call_jsapi: Callable[..., Any]) -> None:
    """A negative targetAccuracy fails naming it."""
    with pytest.raises(InvalidParams, match="'targetAccuracy' must be >= 0"):
        call_jsapi("device.geolocation.get", {"targetAccuracy": -1})


def test_address_from_offline_table(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Without an address set, withReGeocode answers from the offline table."""
    device.location.set(22.5431, 114.0579)
    fix = call_jsapi("device.geolocation.get", {"withReGeocode": True})
    assert (fix["province"], fix["city"], fix["district"]) == ("广东省", "深圳市", "福田区")
    assert fix["road"] == "福中三路"


def test_denied_and_unavailable(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Injected failures answer "7" (permission denied) and "9" (no position)."""
    device.location.available = False
    with pytest.raises(Unavailable, match="position unavailable"):
        call_jsapi("device.geolocation.get", {})
    with pytest.raises(Unavailable):
        call_jsapi("device.geolocation.start", {"sceneId": "a"})
    device.location.permission = False
    with pytest.raises(PermissionDenied, match="permission denied"):
        call_jsapi("device.geolocation.get", {})
    # checkPermission is Android's; the handler reads the same switch.
    assert check_permission({}, Context(device, device.platform)) == {"hasPermission": False}
    assert device.location.scenes == []


class Page:
    """A page's bridge session that records the callbacks it is sent."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.session = Session(self.sent.append)

    @property
    def progress(self) -> list[tuple[Any, Any]]:
        return [(m.id, m.data) for m in self.sent if isinstance(m, Progress)]


@pytest.fixture
def page() -> Page:
    return Page()


@pytest.fixture
def page_call(device: Device, platform: Platform, page: Page) -> Callable[..., Any]:
    """Call a handler as page ``s1`` would, with call ids 1, 2, 3 ..."""
    registry = default_registry()
    ids = iter(range(1, 1000))

    def call(name: str, params: dict[str, Any]) -> Any:
        ctx = Context(device, platform, session=page.session, method=name, call_id=next(ids))
        return registry.call(name, params, ctx)

    return call


def test_start_answers_then_calls_back_along_track(
    page_call: Callable[..., Any], device: Device, platform: Platform, page: Page
) -> None:
    """start answers the position now, then the page's call gets one more per interval."""
    platform.clock.freeze(1_800_000_000.0)
    device.location.follow([(0, 30.2790, 120.0260), (100, 30.2800, 120.0260)])
    first = page_call(
        "device.geolocation.start",
        {"sceneId": "walk", "callBackInterval": 5000, "coordinate": 0},
    )
    assert first["latitude"] == pytest.approx(30.2790)
    platform.clock.advance(20)
    assert [call_id for call_id, _ in page.progress] == [1, 1, 1, 1]
    lats = [data["latitude"] for _, data in page.progress]
    assert lats == pytest.approx([30.27905, 30.2791, 30.27915, 30.2792])
    assert page_call("device.geolocation.status", {"sceneIds": ["walk", "other"]}) == [
        {"walk": 1},
        {"other": 0},
    ]
    assert page_call("device.geolocation.stop", {"sceneId": "walk"}) == {"sceneId": "walk"}
    assert page_call("device.geolocation.stop", {"sceneId": "walk"}) == {"sceneId": None}
    platform.clock.advance(20)
    assert len(page.progress) == 4


def test_start_gcj02_by_default_with_address(
    page_call: Callable[..., Any], device: Device, platform: Platform, page: Page
) -> None:
    """Continuous fixes are GCJ-02 by default and carry the address for withReGeocode."""
    platform.clock.freeze(1_800_000_000.0)
    device.location.set(39.908692, 116.397477)
    page_call("device.geolocation.start", {"sceneId": "a", "withReGeocode": True})
    platform.clock.advance(1)
    ((_, data),) = page.progress
    assert (data["latitude"], data["longitude"]) == pytest.approx((39.910095, 116.403721), abs=2e-6)
    assert data["district"] == "东城区"


def test_start_twice_and_interval_floor(
    page_call: Callable[..., Any], platform: Platform, page: Page
) -> None:
    """A running scene cannot start again ("3"); intervals under 1000 ms count as 1000."""
    platform.clock.freeze(1_800_000_000.0)
    page_call("device.geolocation.start", {"sceneId": "a", "callBackInterval": 10})
    with pytest.raises(InvalidParams, match="'sceneId'.*already locating"):
        page_call("device.geolocation.start", {"sceneId": "a"})
    platform.clock.advance(3)
    assert len(page.progress) == 3


def test_ios_distance_filter(
    page_call: Callable[..., Any], device: Device, platform: Platform, page: Page
) -> None:
    """On iOS a callback waits until the device moved iOSDistanceFilter metres."""
    assert device.persona == "ios"
    platform.clock.freeze(1_800_000_000.0)
    device.location.set(30.0, 120.0)
    page_call("device.geolocation.start", {"sceneId": "a", "iOSDistanceFilter": 50})
    platform.clock.advance(5)
    assert page.progress == []
    device.location.set(30.001, 120.0)
    platform.clock.advance(1)
    assert len(page.progress) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sceneId": 3}, "'sceneId' must be a string"),
        ({"sceneId": "a", "callBackInterval": -5}, "'callBackInterval' must be >= 0"),
        ({"sceneId": "a", "callBackInterval": "1s"}, "callBackInterval"),
    ],
)
def test_start_bad_params(
    call_jsapi: Callable[..., Any], params: dict[str, Any], message: str
) -> None:
    """Bad start params fail "3" naming the param."""
    with pytest.raises(InvalidParams, match=message):
        call_jsapi("device.geolocation.start", params)

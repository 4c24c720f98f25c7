"""Tests of emulator.device: the emulated phone tests and handlers change."""

from __future__ import annotations

import pytest

from bridge.errors import Cancelled, ConfigError
from emulator.device import Address, Device
from emulator.platform import Platform
from emulator.profiles import default_profile

OTHER_CORP = "ding2b9e7d4f1c6a8035"


def test_signed_in_as_default_user(device: Device, platform: Platform) -> None:
    """A new device is signed in as the org's default person."""
    assert device.corp_id == platform.org.default_corp_id
    assert device.user.userid == platform.org.default_userid == "zhangsan"
    assert device.persona == "ios"


def test_unknown_user(platform: Platform) -> None:
    """A device for a user not in the corp cannot be made."""
    with pytest.raises(ConfigError, match="nobody"):
        Device("x", default_profile("ios"), platform, userid="nobody")


# -- location ------------------------------------------------------------------


def test_location_set(device: Device) -> None:
    """location.set moves the device; a string address becomes its full address."""
    device.location.set(39.9, 116.4, accuracy=5, address="北京")
    fix = device.location.fix
    assert (fix.latitude, fix.longitude, fix.accuracy) == (39.9, 116.4, 5.0)
    assert fix.address == Address("北京")


def test_location_set_without_address(device: Device) -> None:
    """Moving without an address clears the old one."""
    device.location.set(31.23, 121.47)
    assert device.location.fix.address == Address()


@pytest.mark.parametrize(
    ("lat", "lon", "accuracy"),
    [(91, 0, 10), (-90.5, 0, 10), (0, 180.1, 10), (0, -181, 10), (0, 0, -1)],
)
def test_location_set_validation(device: Device, lat: float, lon: float, accuracy: float) -> None:
    """Out-of-range coordinates or a negative accuracy fail and leave the position alone."""
    before = device.location.fix
    with pytest.raises(ConfigError):
        device.location.set(lat, lon, accuracy=accuracy)
    assert device.location.fix == before


def test_location_read_systems(device: Device) -> None:
    """read() gives WGS-84 as set, and GCJ-02 shifted, with the same accuracy."""
    device.location.set(39.908692, 116.397477, accuracy=8)
    wgs = device.location.read("wgs84")
    gcj = device.location.read("gcj02")
    assert (wgs.latitude, wgs.longitude) == (39.908692, 116.397477)
    assert gcj.latitude == pytest.approx(39.910095, abs=2e-6)
    assert gcj.accuracy == 8


# -- network -----------------------------------------------------------------


def test_network(device: Device) -> None:
    """A device starts on wifi and can switch to another known network."""
    assert device.network == "wifi"
    device.network = "4g"
    assert device.network == "4g"


def test_network_validation(device: Device) -> None:
    """An unknown network fails, naming the allowed ones, and keeps the old one."""
    with pytest.raises(ConfigError, match="wifi") as info:
        device.network = "6g"
    assert "'6g'" in str(info.value)
    assert device.network == "wifi"


# -- sign in -------------------------------------------------------------------


def test_sign_in_other_corp(device: Device) -> None:
    """The same person can switch to their other corp, with their userid there."""
    assert set(device.corps()) == {device.corp_id, OTHER_CORP}
    device.sign_in("manager01", OTHER_CORP)
    assert device.corp_id == OTHER_CORP
    assert device.user.userid == "manager01"
    assert device.user.name == "张三"


def test_sign_in_other_user(device: Device) -> None:
    """Signing in as another user of the same corp keeps the corp."""
    corp = device.corp_id
    device.sign_in("lisi")
    assert (device.corp_id, device.user.userid) == (corp, "lisi")
    assert device.corps() == [corp]


def test_sign_in_unknown(device: Device) -> None:
    """Signing in as someone who is not in that corp fails and changes nothing."""
    with pytest.raises(ConfigError):
        device.sign_in("lisi", OTHER_CORP)
    assert device.user.userid == "zhangsan"
    assert device.corp_id != OTHER_CORP


# -- scan queue ----------------------------------------------------------------


def test_scan_queue_fifo(device: Device) -> None:
    """Queued scan texts come out first in, first out."""
    device.scan.queue("a", "b")
    device.scan.queue("c")
    assert device.scan.pending == ["a", "b", "c"]
    assert [device.scan.take() for _ in range(3)] == ["a", "b", "c"]
    assert device.scan.pending == []


def test_scan_queue_rejects_non_text(device: Device) -> None:
    """Only strings can be queued."""
    with pytest.raises(ConfigError, match="string"):
        device.scan.queue(123)  # type: ignore[arg-type]


def test_scan_clear_cancels_waiting(device: Device) -> None:
    """clear() empties the queue and cancels scans that are waiting."""
    device.scan.queue("left over")
    device.scan.clear()
    assert device.scan.pending == []
    device.scan.wait = 5
    waiting = device.scan.take()
    assert not isinstance(waiting, str)
    device.scan.clear()
    assert waiting.cancelled()


def test_scan_empty_cancelled(device: Device) -> None:
    """Taking from an empty queue with no default or wait is a cancel."""
    with pytest.raises(Cancelled):
        device.scan.take()


def test_toast_uses_platform_clock(device: Device, platform: Platform) -> None:
    """Toasts are stamped with the emulated clock."""
    platform.clock.freeze(1234.0)
    device.show_toast("hi")
    assert device.toasts[0].at == 1234.0

"""Tests of emulator.device: the emulated phone tests and handlers change."""

from __future__ import annotations

import pytest

from bridge.errors import Cancelled, ConfigError
from emulator.device import Address, Device
from emulator.platform import Platform
from emulator.profiles import default_profile
from tests.fakes import FakePage

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
    """Moving without an address drops the old one for the offline table's, if any."""
    device.location.set(31.23, 121.47)
    assert device.location.fix.address.district == "黄浦区"
    device.location.set(20.0, 130.0)  # the open sea: no place of the table
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


# -- pages and events ----------------------------------------------------------


def test_device_fires_to_its_pages(device: Device) -> None:
    """fire() sends to the pages attached to the device; detached ones are left out."""
    page = FakePage()
    device.attach(page)
    assert device.sessions == [page]
    device.fire("resume")
    device.fire("pause", {"why": "home"})
    device.detach(page)
    device.fire("resume")
    assert page.events == [("resume", None), ("pause", {"why": "home"})]
    assert device.sessions == []


def test_fire_names_the_valid_events(device: Device) -> None:
    """An event no page hears fails, listing the ones that exist."""
    with pytest.raises(ConfigError, match="no such event 'wake'.*resume, pause"):
        device.fire("wake")


def test_fire_biz_event(device: Device) -> None:
    """fire_biz_event sends bizEvent.<name> with its data, with or without the prefix."""
    page = FakePage()
    device.attach(page)
    beacons = {"beacons": [{"uuid": "FDA50693", "major": "1", "minor": "2", "rssi": -60}]}
    device.fire_biz_event("beaconUpdate", beacons)
    device.fire_biz_event("bizEvent.bluetoothDeviceFound", {"devices": []})
    assert page.events == [
        ("bizEvent.beaconUpdate", beacons),
        ("bizEvent.bluetoothDeviceFound", {"devices": []}),
    ]


def test_back_fires_a_backbutton_whose_prevention_comes_back(device: Device) -> None:
    """back() sends backbutton; the page's answer says whether it stayed."""
    page = FakePage()
    device.attach(page)
    delivery = device.back()
    assert page.events == [("backbutton", None)]
    device.events.acknowledge(page, "backbutton", True)
    assert delivery.prevented(timeout=0) is True


def test_go_offline_and_back_online(device: Device) -> None:
    """Going offline sets the network to none and fires offline; online restores the old one."""
    page = FakePage()
    device.attach(page)
    device.network = "4g"
    device.go_offline()
    assert device.network == "none"
    device.go_online()
    assert device.network == "4g"
    device.go_online("wifi")
    assert device.network == "wifi"
    assert [name for name, _ in page.events] == ["offline", "online", "online"]


def test_setting_network_to_none_and_back_fires_offline_and_online(device: Device) -> None:
    """device.network = "none" is go_offline(), and a network after it go_online()."""
    page = FakePage()
    device.attach(page)
    device.network = "4g"  # between two connected types: nothing fires
    device.network = "none"
    device.network = "none"  # already offline: nothing more
    device.network = "5g"
    assert device.network == "5g"
    assert [name for name, _ in page.events] == ["offline", "online"]


def test_go_online_to_no_network(device: Device) -> None:
    """go_online needs a network; an unknown or 'none' one fails."""
    with pytest.raises(ConfigError, match="'none'"):
        device.go_online("none")
    with pytest.raises(ConfigError, match="6g"):
        device.go_online("6g")


def test_shake_calls_the_watching_page_back(device: Device) -> None:
    """Each shake calls back the watchShake call; after clear_shake nobody hears it."""
    page = FakePage()
    assert device.shake() is False
    device.watch_shake({}, page=page, call_id=3)
    assert device.shake() is True
    assert device.shake() is True
    device.clear_shake()
    assert device.shake() is False
    assert page.progress == [(3, {}), (3, {})]


def test_shake_within_callback_delay_is_ignored(device: Device, platform: Platform) -> None:
    """A shake sooner than callbackDelay ms after the last one that called back is dropped."""
    page = FakePage()
    platform.clock.freeze(1000.0)
    device.watch_shake({"callbackDelay": 500}, page=page, call_id=3)
    assert device.shake() is True
    platform.clock.advance(0.4)
    assert device.shake() is False
    platform.clock.advance(0.1)
    assert device.shake() is True
    assert len(page.progress) == 2


def test_pull_to_refresh(device: Device) -> None:
    """A pull calls back once and shows the spinner until the page stops it."""
    page = FakePage()
    assert device.pull_to_refresh() is False
    device.enable_pull_to_refresh(page=page, call_id=6)
    assert device.pull_to_refresh() is True
    assert device.refreshing is True
    assert device.pull_to_refresh() is False  # still refreshing
    device.stop_refreshing()
    assert device.pull_to_refresh() is True
    device.disable_pull_to_refresh()
    assert device.refreshing is False
    assert device.pull_to_refresh() is False
    assert page.progress == [(6, {}), (6, {})]


def test_detach_forgets_the_pages_watches(device: Device) -> None:
    """A page that goes away loses its watch calls and the buttons they set; others stay."""
    gone, kept = FakePage("s1"), FakePage("s2")
    device.attach(gone)
    device.attach(kept)
    device.navigation.set_right({"control": True, "text": "Save"}, page=gone, call_id=1)
    device.enable_pull_to_refresh(page=gone, call_id=2)
    device.pull_to_refresh()
    device.watch_shake({}, page=kept, call_id=3)
    device.detach(gone)
    assert device.navigation.right is None
    assert device.refreshing is False
    assert device.pull_to_refresh() is False
    assert device.shake() is True
    assert kept.progress == [(3, {})]


def test_tap_left_goes_back_through_backbutton(device: Device) -> None:
    """The uncontrolled left button goes back the way back() does: a backbutton event."""
    page = FakePage()
    device.attach(page)
    assert device.navigation.tap_left() is False
    assert page.events == [("backbutton", None)]

"""The emulated phone: everything a JSAPI handler may read or change.

Handlers reach it through ``ctx.device``; tests and the CLI change it from
Python (``emu.device.location.set(30.27, 120.15)``, ``emu.device.fire("resume")``,
``emu.device.navigation.tap_right()``). It is safe to change from any thread
while pages call it.

The parts with a module of their own are re-exported here: the events it
pushes to its pages (:mod:`emulator.events`), its watch calls
(:mod:`emulator.watches`) and its navigation bar (:mod:`emulator.navigation`).
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bridge.errors import Cancelled, ConfigError

from .events import BIZ_EVENT_PREFIX, Delivery, Events, PageSession
from .geo import wgs84_to_gcj02
from .navigation import Menu, MenuItem, NavButton, NavIcon, Navigation
from .profiles import DeviceProfile
from .watches import Watch, Watches

if TYPE_CHECKING:
    from .inbox import Notification
    from .org import User
    from .platform import Platform

__all__ = [
    "Address",
    "Delivery",
    "Device",
    "Events",
    "Fix",
    "Location",
    "Menu",
    "MenuItem",
    "NavButton",
    "NavIcon",
    "Navigation",
    "PageSession",
    "ScanQueue",
    "Toast",
    "Watch",
    "Watches",
]

WATCH_SHAKE = "device.accelerometer.watchShake"
PULL_TO_REFRESH = "ui.pullToRefresh.enable"

NETWORK_TYPES = ("wifi", "2g", "3g", "4g", "5g", "unknown", "none")


@dataclass(frozen=True)
class Address:
    """A reverse-geocoded address, as ``withReGeocode`` returns it."""

    address: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    road: str = ""

    def as_result(self) -> dict[str, str]:
        return {
            "address": self.address,
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "road": self.road,
        }


@dataclass(frozen=True)
class Fix:
    """One position reading."""

    latitude: float
    longitude: float
    accuracy: float
    address: Address = field(default_factory=Address)


#: Where a new device stands: the West Lake in Hangzhou.
DEFAULT_FIX = Fix(
    30.259244,
    120.130383,
    15.0,
    Address("浙江省杭州市西湖区龙井路1号", "浙江省", "杭州市", "西湖区", "龙井路"),
)


class Location:
    """The device's position, kept in WGS-84 as a GPS gives it."""

    def __init__(self) -> None:
        self._fix = DEFAULT_FIX

    def set(
        self,
        latitude: float,
        longitude: float,
        *,
        accuracy: float = 10.0,
        address: Address | str | None = None,
    ) -> None:
        """Put the device at a WGS-84 position.

        Args:
            latitude, longitude: Degrees, WGS-84.
            accuracy: Radius in metres.
            address: What reverse geocoding gives there; none by default.

        Raises:
            ConfigError: For coordinates out of range or a negative accuracy.
        """
        if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
            raise ConfigError(f"no such position: latitude {latitude}, longitude {longitude}")
        if accuracy < 0:
            raise ConfigError(f"accuracy must be >= 0 metres, got {accuracy}")
        if isinstance(address, str):
            address = Address(address)
        self._fix = Fix(float(latitude), float(longitude), float(accuracy), address or Address())

    @property
    def fix(self) -> Fix:
        """The current position, WGS-84."""
        return self._fix

    def read(self, system: str = "wgs84") -> Fix:
        """The current position in ``"wgs84"`` or ``"gcj02"``."""
        fix = self._fix
        if system == "gcj02":
            lat, lon = wgs84_to_gcj02(fix.latitude, fix.longitude)
            return Fix(lat, lon, fix.accuracy, fix.address)
        return fix


class ScanQueue:
    """What the camera will see next: texts queued by a test or a person.

    When the queue is empty, a scan waits up to :attr:`wait` seconds for a
    text, then answers :attr:`default` if set, else is cancelled ("-1"), the
    way a user backs out of the scanner.
    """

    def __init__(self) -> None:
        self._texts: deque[str] = deque()
        self._waiters: deque[Future[str]] = deque()
        self._lock = threading.Lock()
        self.default: str | None = None
        self.wait: float = 0.0

    def queue(self, *texts: str) -> None:
        """Queue texts, first in first out; a waiting scan takes the first at once."""
        for text in texts:
            if not isinstance(text, str):
                raise ConfigError(f"a scan result is a string, got {type(text).__name__}")
            with self._lock:
                while self._waiters and self._waiters[0].done():
                    self._waiters.popleft()
                waiter = self._waiters.popleft() if self._waiters else None
                if waiter is None:
                    self._texts.append(text)
            if waiter is not None and not waiter.done():
                waiter.set_result(text)

    @property
    def pending(self) -> list[str]:
        """The texts still queued."""
        return list(self._texts)

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()
            waiters, self._waiters = self._waiters, deque()
        for waiter in waiters:
            waiter.cancel()

    def take(self, kind: str = "all") -> str | Future[str]:
        """Take the next text for a scan of ``kind`` (``qrCode``, ``barCode``, ``all``).

        Returns:
            The text, or a Future of it when the scan has to wait.

        Raises:
            Cancelled: If the queue is empty and there is nothing to wait for.
        """
        with self._lock:
            if self._texts:
                return self._texts.popleft()
            if self.wait <= 0:
                return self._fallback()
            waiter: Future[str] = Future()
            self._waiters.append(waiter)
        timer = threading.Timer(self.wait, self._give_up, args=(waiter,))
        timer.daemon = True
        timer.start()
        waiter.add_done_callback(lambda _: timer.cancel())
        return waiter

    def _fallback(self) -> str:
        if self.default is not None:
            return self.default
        raise Cancelled("scan cancelled: nothing was queued to scan")

    def _give_up(self, waiter: Future[str]) -> None:
        if waiter.done():
            return
        try:
            waiter.set_result(self._fallback())
        except Cancelled as exc:
            waiter.set_exception(exc)


@dataclass(frozen=True)
class Toast:
    text: str
    icon: str
    duration: float
    at: float


class Device:
    """One emulated phone signed in to the emulated platform.

    Args:
        name: How sessions and tests refer to it.
        profile: The hardware and client it emulates.
        platform: The open platform it is signed in to.
        corp_id, userid: Who is signed in; the org's default person if omitted.
    """

    def __init__(
        self,
        name: str,
        profile: DeviceProfile,
        platform: Platform,
        *,
        corp_id: str | None = None,
        userid: str | None = None,
    ) -> None:
        self.name = name
        self.profile = profile
        self.platform = platform
        self.uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ddemu:{name}:{profile.name}")).upper()
        self.location = Location()
        self.scan = ScanQueue()
        #: The pages open on the device, and the events sent to them.
        self.events = Events()
        #: The watch calls that taps, shakes and pulls call back.
        self.watches = Watches()
        #: The navigation bar as the page set it, with its buttons to tap.
        self.navigation = Navigation(self.watches, persona=profile.persona, go_back=self.back)
        #: Whether the pull-to-refresh spinner shows: after a pull, until the page stops it.
        self.refreshing = False
        self._last_shake: float | None = None
        self._online_network = "wifi"
        self.toasts: list[Toast] = []
        #: Every auth code issued to pages on this device, oldest first.
        self.auth_codes: list[str] = []
        #: The params of each ``dd.config`` the container verified, oldest first.
        self.configs: list[dict[str, Any]] = []
        #: Seconds the client takes to verify a ``dd.config`` with the platform.
        #: Meanwhile methods that need it answer "7" (the library re-sends them).
        self.config_delay = 0.05
        #: What ddemu noticed that DingTalk may refuse, e.g. a method that needs
        #: ``dd.config`` called without one; each is also logged.
        self.warnings: list[str] = []
        self._network = "wifi"
        org = platform.org
        self.corp_id = corp_id or org.default_corp_id
        self.user: User = org.user(self.corp_id, userid or org.default_userid)

    def __repr__(self) -> str:
        return f"<Device {self.name} {self.profile.name} {self.user.userid}@{self.corp_id}>"

    @property
    def persona(self) -> str:
        return self.profile.persona

    @property
    def network(self) -> str:
        """``wifi``, ``4g`` ... as ``getNetworkType`` reports it."""
        return self._network

    @network.setter
    def network(self, value: str) -> None:
        if value not in NETWORK_TYPES:
            raise ConfigError(f"network must be one of {', '.join(NETWORK_TYPES)}, got {value!r}")
        self._network = value

    def sign_in(self, userid: str, corp_id: str | None = None) -> None:
        """Switch to another person, or to another corp of the same person.

        Raises:
            ConfigError: If the user does not exist in that corp.
        """
        corp_id = corp_id or self.corp_id
        self.user = self.platform.org.user(corp_id, userid)
        self.corp_id = corp_id

    @property
    def notifications(self) -> list[Notification]:
        """The work notifications the signed-in person received in this corp, oldest first."""
        return self.platform.inbox.of(self.corp_id, self.user.userid)

    def corps(self) -> list[str]:
        """The corps the signed-in person belongs to."""
        return list(self.platform.org.memberships(self.user.unionid))

    def record_config(self, params: dict[str, Any]) -> None:
        """Record the params of a ``dd.config`` the container verified."""
        self.configs.append(dict(params))

    def show_toast(self, text: str, *, icon: str = "", duration: float = 2.0) -> None:
        self.toasts.append(Toast(text, icon, duration, self.platform.clock.now()))

    # -- pages and events ---------------------------------------------------

    @property
    def sessions(self) -> list[PageSession]:
        """The pages open on this device, oldest first."""
        return self.events.sessions

    def attach(self, session: PageSession) -> None:
        """Send this device's events and callbacks to a page; the emulator does it on connect."""
        self.events.attach(session)

    def detach(self, session: PageSession) -> None:
        """Forget a page that went away: its events, its watch calls and what they set."""
        self.events.detach(session)
        gone = self.watches.forget(session)
        self.navigation.forget(gone)
        if PULL_TO_REFRESH in gone:
            self.refreshing = False

    def fire(self, name: str, data: Any = None) -> Delivery:
        """Send an event to every page open on the device.

        Args:
            name: One of :data:`~emulator.events.NON_BRIDGE_EVENTS` (``resume``,
                ``pause``, ``navTitle`` ...), dispatched as a cancelable DOM event
                on ``document``; or ``bizEvent.<name>``, a ``dtBizBridgeEvent``.
            data: JSON-able: the DOM event's ``detail``, or the bizEvent's data.

        Returns:
            The delivery; ``delivery.prevented()`` says whether a page called
            ``preventDefault()``.

        Raises:
            ConfigError: For any other name, listing the valid ones.
        """
        return self.events.fire(name, data)

    def fire_biz_event(self, name: str, data: Any = None) -> Delivery:
        """Send ``bizEvent.<name>``, which ``dd.on("bizEvent.<name>")`` hears.

        ``fire_biz_event("beaconUpdate", {"beacons": [...]})`` reaches
        ``dd.onBeaconUpdate``. ``name`` may carry the ``bizEvent.`` prefix.
        """
        if name.startswith(BIZ_EVENT_PREFIX):
            name = name[len(BIZ_EVENT_PREFIX) :]
        return self.events.fire(BIZ_EVENT_PREFIX + name, data)

    def back(self) -> Delivery:
        """Press the back button: a cancelable ``backbutton`` event on every page.

        A page that does not call ``preventDefault()`` goes back in its history.

        Returns:
            The delivery; ``delivery.prevented()`` is True if the page stayed.
        """
        return self.events.fire("backbutton")

    def go_offline(self) -> Delivery:
        """Lose the network: :attr:`network` becomes ``"none"`` and pages get ``offline``."""
        if self._network != "none":
            self._online_network = self._network
        self._network = "none"
        return self.events.fire("offline")

    def go_online(self, network: str | None = None) -> Delivery:
        """Get the network back, the one before :meth:`go_offline` by default; pages get ``online``.

        Raises:
            ConfigError: For an unknown network type, or ``"none"``.
        """
        chosen = network or self._online_network
        if chosen == "none":
            raise ConfigError("go_online() needs a network other than 'none'; see go_offline()")
        self.network = chosen
        return self.events.fire("online")

    # -- the accelerometer and pull-to-refresh ------------------------------

    def watch_shake(
        self,
        params: dict[str, Any],
        *,
        page: PageSession | None = None,
        call_id: int | str | None = None,
    ) -> None:
        """Call back ``page``'s ``watchShake`` call ``call_id`` on each :meth:`shake`."""
        self._last_shake = None
        if page is None or call_id is None:
            self.watches.stop(WATCH_SHAKE)
        else:
            self.watches.start(Watch(page, call_id, WATCH_SHAKE, dict(params)))

    def clear_shake(self) -> None:
        """Stop calling the page back on shakes (``clearShake``)."""
        self.watches.stop(WATCH_SHAKE)

    def shake(self) -> bool:
        """Shake the phone; the page watching shakes is called back with ``{}``.

        As on the phone, a shake within the watch's ``callbackDelay``
        (milliseconds, on the virtual clock) after the last one that called
        back is ignored.

        Returns:
            True if a page was called back; False if none watches shakes, or
            the shake came too soon.
        """
        watch = self.watches.get(WATCH_SHAKE)
        if watch is None:
            return False
        now = self.platform.clock.now()
        delay = watch.params.get("callbackDelay")
        if (
            isinstance(delay, int | float)
            and self._last_shake is not None
            and now - self._last_shake < delay / 1000
        ):
            return False
        self._last_shake = now
        watch.deliver({})
        return True

    def enable_pull_to_refresh(
        self, *, page: PageSession | None = None, call_id: int | str | None = None
    ) -> None:
        """Call back ``page``'s ``pullToRefresh.enable`` call ``call_id`` on each pull."""
        self.refreshing = False
        if page is None or call_id is None:
            self.watches.stop(PULL_TO_REFRESH)
        else:
            self.watches.start(Watch(page, call_id, PULL_TO_REFRESH))

    def disable_pull_to_refresh(self) -> None:
        """Turn pull-to-refresh off (``pullToRefresh.disable``)."""
        self.watches.stop(PULL_TO_REFRESH)
        self.refreshing = False

    def stop_refreshing(self) -> None:
        """Hide the pull-to-refresh spinner (``pullToRefresh.stop``)."""
        self.refreshing = False

    def pull_to_refresh(self) -> bool:
        """Pull the page down; with pull-to-refresh on, the page is called back with ``{}``.

        The spinner then shows (:attr:`refreshing`) until the page stops it;
        pulling meanwhile does nothing.

        Returns:
            True if a page was called back.
        """
        if self.refreshing or not self.watches.deliver(PULL_TO_REFRESH, {}):
            return False
        self.refreshing = True
        return True

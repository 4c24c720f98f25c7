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

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bridge.errors import ConfigError

from .audio import Audio
from .beacons import Beacons
from .events import BIZ_EVENT_PREFIX, Delivery, Events, PageSession
from .location import Address, Fix, Location
from .media import Media
from .motion import Motion
from .navigation import Menu, MenuItem, NavButton, NavIcon, Navigation
from .nfc import Nfc
from .offline import DeviceOffline
from .pedometer import Pedometer
from .profiles import DeviceProfile
from .scan import ScanQueue
from .system import SystemServices
from .ui import UI
from .watches import Watch, Watches

if TYPE_CHECKING:
    from pathlib import Path

    from .inbox import Notification
    from .org import User
    from .phonelogin import LoginPrompt
    from .platform import Platform
    from .scenario import Scenario

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
class Toast:
    text: str
    icon: str
    duration: float
    at: float


class Device(SystemServices):
    """One emulated phone signed in to the emulated platform.

    Args:
        name: How sessions and tests refer to it.
        profile: The hardware and client it emulates.
        platform: The open platform it is signed in to.
        corp_id, userid: Who is signed in; the org's default person if omitted.
        data_dir: The device's folder for what it keeps between runs (its
            domain storage); None keeps everything in memory.
    """

    def __init__(
        self,
        name: str,
        profile: DeviceProfile,
        platform: Platform,
        *,
        corp_id: str | None = None,
        userid: str | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self.name = name
        self.profile = profile
        self.platform = platform
        self.uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ddemu:{name}:{profile.name}")).upper()
        # Battery, screen, Wi-Fi, launcher, clipboard, storage, language (emulator.system).
        self._init_system(data_dir)
        #: Where the device is: a point or a track, and what fails (emulator.location).
        self.location = Location(platform.clock)
        #: What the camera sees when a page scans: texts and images (docs/reference/media.md).
        self.scan = ScanQueue()
        #: The album and files the pickers choose from, and the previews.
        self.media = Media(platform.clock)
        #: The voice recorder and player.
        self.audio = Audio(platform.clock, platform.media, name)
        #: The iBeacons in range over virtual time (docs/reference/sensors.md).
        self.beacons = Beacons(platform.clock, self.fire_biz_event)
        #: The NFC reader: tags tapped or held, tags written.
        self.nfc = Nfc(platform.clock)
        #: Steps per day, history and a step curve.
        self.pedometer = Pedometer(platform.clock)
        #: Accelerometer, gyroscope and compass; samples shakes for watchShake.
        self.motion = Motion(platform.clock, self.shake)
        #: The pages open on the device, and the events sent to them.
        self.events = Events()
        #: The watch calls that taps, shakes and pulls call back.
        self.watches = Watches()
        #: The navigation bar as the page set it, with its buttons to tap.
        self.navigation = Navigation(self.watches, persona=profile.persona, go_back=self.back)
        #: Native UI requests (dialogs, pickers) and who answers them (docs/reference/shell.md).
        self.ui = UI(platform.clock)
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
        #: Offline packages: installed, opened by ``dd_mini_app_id``, served (emulator.offline).
        self.offline = DeviceOffline(self)

    def __repr__(self) -> str:
        return f"<Device {self.name} {self.profile.name} {self.user.userid}@{self.corp_id}>"

    @property
    def persona(self) -> str:
        return self.profile.persona

    @property
    def network(self) -> str:
        """``wifi``, ``4g`` ... as ``getNetworkType`` reports it.

        Setting ``"none"`` while connected is :meth:`go_offline`, and a network
        while on ``"none"`` is :meth:`go_online`: pages get ``offline`` and
        ``online``. A change between two connected types fires nothing.
        """
        return self._network

    @network.setter
    def network(self, value: str) -> None:
        if value not in NETWORK_TYPES:
            raise ConfigError(f"network must be one of {', '.join(NETWORK_TYPES)}, got {value!r}")
        if value == "none" and self._network != "none":
            self.go_offline()
        elif value != "none" and self._network == "none":
            self.go_online(value)
        else:
            self._network = value

    def sign_in(self, userid: str, corp_id: str | None = None) -> None:
        """Switch to another person, or to another corp of the same person.

        Raises:
            ConfigError: If the user does not exist in that corp.
        """
        corp_id = corp_id or self.corp_id
        self.user = self.platform.org.user(corp_id, userid)
        self.corp_id = corp_id

    def scan_login(self, text: str) -> LoginPrompt:
        """Scan a web site's login QR code from its text; the confirm screen comes up.

        Call ``.confirm()`` or ``.cancel()`` on the result (docs/reference/qr-login.md).

        Raises:
            QrLoginError: If the text is no waiting login of this platform.
        """
        from .phonelogin import scan_login

        return scan_login(self, text)

    def scan_login_image(self, image: bytes | str | Path) -> LoginPrompt:
        """Scan a login QR code from a picture of it (PNG or JPEG bytes, or a file).

        Raises:
            QrLoginError: If the picture holds no waiting login of this platform.
        """
        from .phonelogin import scan_login_image

        return scan_login_image(self, image)

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

    def load_scenario(self, path: str | Path) -> Scenario:
        """Play a scenario file (docs/reference/scenarios.md) on this device from now.

        Raises:
            ConfigError: Naming the file, line and field that is wrong.
        """
        from .scenario import Scenario

        scenario = Scenario.load(path)
        scenario.apply(self)
        return scenario

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
        if WATCH_SHAKE in gone:
            self.motion.stop_sampling()
        self.motion.forget(session)
        self.location.forget(session)
        if not self.events.sessions:
            # The last page is gone: nobody looks for beacons any more.
            self.beacons.stop_discovery()

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
        if chosen not in NETWORK_TYPES:
            raise ConfigError(f"network must be one of {', '.join(NETWORK_TYPES)}, got {chosen!r}")
        self._network = chosen
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
        if self.watches.watch(WATCH_SHAKE, page, call_id, params):
            # Sample the accelerometer every ``frequency`` ms for shakes.
            self.motion.start_sampling(params)
        else:
            self.motion.stop_sampling()

    def clear_shake(self) -> None:
        """Stop calling the page back on shakes (``clearShake``)."""
        self.watches.stop(WATCH_SHAKE)
        self.motion.stop_sampling()

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
        self.watches.watch(PULL_TO_REFRESH, page, call_id)

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

"""The phone's system services: battery, screen, Wi-Fi, launcher, clipboard, language.

Each is a small object on the device that handlers read and tests change::

    emu.device.battery.level = 20
    emu.device.battery.charging = True
    emu.device.wifi.ssid = "Office-5G"
    emu.device.installed_apps.add("weixin://")
    emu.device.language = "en_US"

What pages ask of the phone that has no state of its own (vibrate, phone
calls, links, shares) is recorded on the device in lists a test asserts on:
:attr:`~SystemServices.vibrations`, :attr:`~SystemServices.phone_calls`,
:attr:`~SystemServices.opened_links`, :attr:`~SystemServices.shares`.
docs/reference/device.md lists each JSAPI and the Python that changes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bridge.errors import ConfigError

from .profiles import DeviceProfile
from .storage import DomainStorage

if TYPE_CHECKING:
    from .platform import Platform

__all__ = [
    "Battery",
    "Clipboard",
    "Launcher",
    "OpenedLink",
    "PhoneCall",
    "Screen",
    "Share",
    "SystemServices",
    "Vibration",
    "Wifi",
    "default_installed_apps",
]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class Battery:
    """The battery, as ``device.base.getBatteryInfo`` reports it."""

    def __init__(self, level: int = 100, charging: bool = False) -> None:
        self.level = level
        self.charging = charging

    def __repr__(self) -> str:
        return f"<Battery {self.level}%{' charging' if self.charging else ''}>"

    @property
    def level(self) -> int:
        """Percent, 0 to 100."""
        return self._level

    @level.setter
    def level(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ConfigError(f"battery level must be an integer from 0 to 100, got {value!r}")
        self._level = value

    @property
    def charging(self) -> bool:
        """Whether it is plugged in."""
        return self._charging

    @charging.setter
    def charging(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise ConfigError(f"battery charging must be True or False, got {value!r}")
        self._charging = value

    def as_result(self) -> dict[str, Any]:
        return {"level": self.level, "isCharging": self.charging}


class Screen:
    """What pages may change of the screen, and the screen reader switch.

    The screen's size is the profile's (``getPhoneInfo``); this holds the rest.
    """

    def __init__(self) -> None:
        self._brightness = 0.5
        #: Kept on by ``setScreenKeepOn``; the client drops it when the page closes.
        self.keep_on = False
        #: Rotated by ``device.screen.rotateView`` (navigation bar hidden) until ``resetView``.
        self.rotated = False
        #: Whether a screen reader (VoiceOver, TalkBack) is on.
        self.screen_reader = False

    def __repr__(self) -> str:
        return f"<Screen brightness={self.brightness} keep_on={self.keep_on}>"

    @property
    def brightness(self) -> float:
        """From 0 (darkest) to 1 (brightest)."""
        return self._brightness

    @brightness.setter
    def brightness(self, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(f"screen brightness must be a number from 0 to 1, got {value!r}")
        self._brightness = float(value)


class Wifi:
    """The Wi-Fi switch and the access point the phone is on.

    ``device.base.getInterface`` answers :attr:`ssid` and :attr:`bssid` while
    the phone is on Wi-Fi (``device.network == "wifi"``), empty strings otherwise.
    """

    def __init__(self) -> None:
        #: The Wi-Fi switch (``getWifiStatus``).
        self.enabled = True
        #: The network's name.
        self.ssid = "DingTalk-Office"
        #: The access point's MAC address (``macIp`` in the client's answer).
        self.bssid = "a4:56:02:2c:19:9e"

    def __repr__(self) -> str:
        return f"<Wifi {'on' if self.enabled else 'off'} {self.ssid!r} {self.bssid}>"


def default_installed_apps(persona: str) -> set[str]:
    """What a new phone of ``persona`` has installed: DingTalk, WeChat and Alipay.

    iOS names apps by URL scheme, Android and Harmony by package name, as
    ``checkInstalledApps`` and ``launchApp`` take them.
    """
    if persona == "ios":
        return {"dingtalk://", "weixin://", "alipay://"}
    if persona in ("android", "harmony"):
        return {"com.alibaba.android.rimet", "com.tencent.mm", "com.eg.android.AlipayGphone"}
    return set()


class Launcher:
    """The other apps on the phone: which are installed, and which pages launched."""

    def __init__(self, installed: set[str] | None = None) -> None:
        #: Schemes (iOS) or package names (Android); change it freely.
        self.installed: set[str] = set(installed or ())
        #: Every ``launchApp`` of an installed app, oldest first.
        self.launched: list[str] = []

    def __repr__(self) -> str:
        return f"<Launcher {sorted(self.installed)}>"

    def check(self, apps: list[str]) -> list[str]:
        """Those of ``apps`` that are installed, in the order asked."""
        return [app for app in apps if app in self.installed]

    def launch(self, app: str) -> bool:
        """Launch ``app``; False if it is not installed (nothing is recorded then)."""
        if app not in self.installed:
            return False
        self.launched.append(app)
        return True


class Clipboard:
    """The system clipboard: what ``biz.clipboardData.setData`` copied."""

    def __init__(self) -> None:
        self.text = ""
        #: Every text copied, oldest first.
        self.history: list[str] = []

    def __repr__(self) -> str:
        return f"<Clipboard {self.text!r}>"

    def copy(self, text: str) -> None:
        self.text = text
        self.history.append(text)


@dataclass(frozen=True)
class Vibration:
    """One ``device.notification.vibrate``."""

    duration: float
    """Milliseconds, as the page asked (Android honours it; iOS vibrates its own length)."""
    at: float


@dataclass(frozen=True)
class PhoneCall:
    """A call a page started: ``biz.telephone.call`` or ``showCallMenu``.

    Attributes:
        method: ``"call"`` (to people of the corp) or ``"showCallMenu"`` (a number).
        users: The userids called (``call``).
        phone_number: The number offered (``showCallMenu``).
        params: Everything the page sent.
    """

    method: str
    users: tuple[str, ...]
    phone_number: str
    params: dict[str, Any]
    at: float


@dataclass(frozen=True)
class OpenedLink:
    """A ``biz.util.openLink``: the client opened ``url`` in a new page."""

    url: str
    enable_share: bool
    at: float


@dataclass(frozen=True)
class Share:
    """A ``biz.util.share``: what the page offered to share."""

    type: int
    url: str
    title: str
    content: str
    image: str
    params: dict[str, Any] = field(repr=False)
    at: float = 0.0


class SystemServices:
    """The system services part of :class:`~emulator.device.Device`.

    The device calls :meth:`_init_system` from its constructor.
    """

    profile: DeviceProfile
    platform: Platform

    def _init_system(self, data_dir: Path | None) -> None:
        #: The device's own folder under the emulator's data directory, or None
        #: (state in memory only). See :mod:`emulator.datadir`.
        self.data_dir = data_dir
        self.battery = Battery()
        self.screen = Screen()
        self.wifi = Wifi()
        self.launcher = Launcher(default_installed_apps(self.profile.persona))
        self.clipboard = Clipboard()
        #: ``util.domainStorage``, per domain, in ``data_dir/storage`` when there is one.
        self.storage = DomainStorage(data_dir / "storage" if data_dir is not None else None)
        #: Every ``vibrate``, oldest first.
        self.vibrations: list[Vibration] = []
        #: Every ``biz.telephone.call`` and ``showCallMenu``, oldest first.
        self.phone_calls: list[PhoneCall] = []
        #: Every ``biz.util.openLink``, oldest first.
        self.opened_links: list[OpenedLink] = []
        #: Every ``biz.util.share``, oldest first.
        self.shares: list[Share] = []
        #: Whether the corp has DingTalk office phone (``checkBizCall``).
        self.biz_call = True

    def vibrate(self, duration: float) -> Vibration:
        """Vibrate for ``duration`` ms; recorded in :attr:`vibrations`."""
        record = Vibration(float(duration), self.platform.clock.now())
        self.vibrations.append(record)
        return record

    def call_phone(self, method: str, params: dict[str, Any]) -> PhoneCall:
        """Record a ``biz.telephone`` ``"call"`` or ``"showCallMenu"`` in :attr:`phone_calls`."""
        users = params.get("users") or ()
        record = PhoneCall(
            method,
            tuple(str(u) for u in users),
            str(params.get("phoneNumber") or ""),
            dict(params),
            self.platform.clock.now(),
        )
        self.phone_calls.append(record)
        return record

    def open_link(self, url: str, *, enable_share: bool = False) -> OpenedLink:
        """Record a ``biz.util.openLink`` in :attr:`opened_links`."""
        record = OpenedLink(url, enable_share, self.platform.clock.now())
        self.opened_links.append(record)
        return record

    def share(self, params: dict[str, Any]) -> Share:
        """Record a ``biz.util.share`` in :attr:`shares`."""
        record = Share(
            int(params.get("type") or 0),
            str(params.get("url") or ""),
            str(params.get("title") or ""),
            str(params.get("content") or ""),
            str(params.get("image") or ""),
            dict(params),
            self.platform.clock.now(),
        )
        self.shares.append(record)
        return record

    @property
    def installed_apps(self) -> set[str]:
        """The apps installed (``launcher.installed``): URL schemes on iOS, packages on Android."""
        return self.launcher.installed

    @installed_apps.setter
    def installed_apps(self, apps: set[str] | list[str] | tuple[str, ...]) -> None:
        if isinstance(apps, str) or not all(isinstance(a, str) for a in apps):
            raise ConfigError(f"installed_apps is a set of app names, got {apps!r}")
        self.launcher.installed = set(apps)

    @property
    def language(self) -> str:
        """The client's language as ``dd.language`` names it, e.g. ``"zh_CN"``.

        Set it (``"en_US"`` or ``"en-US"``) to change the profile's language:
        pages opened afterwards get it in their user agent, ``navigator.language``
        (Playwright's locale), ``dd.language`` and the PC shell's ``window.name``.
        """
        return self.profile.language.replace("-", "_")

    @language.setter
    def language(self, value: str) -> None:
        if not isinstance(value, str) or not _LANGUAGE.match(value):
            raise ConfigError(f"language must look like 'zh_CN' or 'en-US', got {value!r}")
        self.profile = replace(self.profile, language=value.replace("_", "-"))

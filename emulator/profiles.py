"""Device profiles: the phones and desktops ddemu can be, per persona.

A profile fixes what the page can see of the hardware and the client: model,
OS, DingTalk version, screen and the user agent that makes ``dingtalk-jsapi``
pick the persona's transport. The library reads the persona from the user
agent (``lib/env.js``): iOS and Android need ``DingTalk`` beside their OS
names, Harmony needs ``OpenHarmony`` and ``ArkWeb/``. A desktop user agent is
not enough for PC: the library also needs the ``window.name`` that ddemu's PC
host shell gives the app's iframe (docs/reference/personas.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bridge.errors import ConfigError

__all__ = [
    "DEFAULT_DINGTALK_VERSION",
    "PERSONAS",
    "PROFILES",
    "DeviceProfile",
    "Persona",
    "default_profile",
    "get_profile",
]

Persona = Literal["ios", "android", "harmony", "pc"]
PERSONAS: tuple[Persona, ...] = ("ios", "android", "harmony", "pc")

#: At least the highest minimum version in dingtalk-jsapi 3.2.9, in plain x.y.z
#: form: the library compares versions part by part and "8.3.15-Release" fails.
DEFAULT_DINGTALK_VERSION = "8.3.15"

#: The browser engines inside each client, as their user agents name them.
_CHROME = "Chrome/120.0.6099.144"
_HARMONY_CHROME = "Chrome/114.0.0.0"
_ARKWEB = "ArkWeb/4.1.6.1"


@dataclass(frozen=True)
class DeviceProfile:
    """One model of phone (or desktop) running one version of the client.

    Attributes:
        name: The profile's key, e.g. ``"iphone-15-pro"``.
        persona: The client platform the page talks to.
        brand, model: As ``device.base.getPhoneInfo`` reports them.
        os_version: The OS version, e.g. ``"17.5"``.
        width, height: The viewport in CSS pixels.
        pixel_ratio: Device pixels per CSS pixel.
        dingtalk_version: The client's version, plain ``x.y.z``: the library
            gates ``dd.checkJsApi`` on it and ddemu answers "1" for a method
            newer than it.
        language: The client's language, e.g. ``"zh-CN"``.
        carrier: The mobile operator ``getPhoneInfo`` reports.
        android_build: The Android build id in the user agent (Android only).
        config_url: The page URL the client checks ``dd.config`` signatures
            against: ``"current"``, ``location.href`` at the call (iOS), or
            ``"entry"``, the URL the page was loaded at, before any
            ``history.pushState`` route change (Android). PC sends its ``url``.
    """

    name: str
    persona: Persona
    brand: str
    model: str
    os_version: str
    width: int
    height: int
    pixel_ratio: float
    dingtalk_version: str = DEFAULT_DINGTALK_VERSION
    language: str = "zh-CN"
    carrier: str = "中国移动"
    android_build: str = ""
    config_url: Literal["current", "entry"] = "current"

    @property
    def is_mobile(self) -> bool:
        """True for a phone, False for a desktop client (the ``pc`` persona)."""
        return self.persona != "pc"

    @property
    def screen_pixels(self) -> tuple[int, int]:
        """The screen in device pixels, as ``getPhoneInfo`` reports it."""
        return round(self.width * self.pixel_ratio), round(self.height * self.pixel_ratio)

    @property
    def user_agent(self) -> str:
        """The user agent of the client on this device."""
        v, lang = self.dingtalk_version, self.language
        if self.persona == "ios":
            os_v = self.os_version.replace(".", "_")
            lang = {"zh-CN": "zh-Hans-CN"}.get(lang, lang)
            return (
                f"Mozilla/5.0 (iPhone; CPU iPhone OS {os_v} like Mac OS X) AppleWebKit/605.1.15"
                f" (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/{v})"
                f" com.laiwang.DingTalk/1 Channel/201200 language/{lang}"
            )
        if self.persona == "android":
            return (
                f"Mozilla/5.0 (Linux; U; Android {self.os_version}; {lang};"
                f" {self.model} Build/{self.android_build}) AppleWebKit/537.36"
                f" (KHTML, like Gecko) Version/4.0 {_CHROME} Mobile Safari/537.36"
                f" AliApp(DingTalk/{v}) com.alibaba.android.rimet/1 Channel/700159"
                f" language/{lang}"
            )
        if self.persona == "harmony":
            # HarmonyOS NEXT's ArkWeb names neither Android nor the model.
            major_minor = ".".join(self.os_version.split(".")[:2])
            return (
                f"Mozilla/5.0 (Phone; OpenHarmony {major_minor}) AppleWebKit/537.36"
                f" (KHTML, like Gecko) {_HARMONY_CHROME} Safari/537.36 {_ARKWEB} Mobile"
                f" AliApp(DingTalk/{v}) Channel/201200 language/{lang}"
            )
        # The PC client: a Chromium shell whose UA carries DingTalk(x.y.z);
        # "Macintosh; Intel Mac OS" is what makes the library's platformSub "mac".
        if self.brand == "Apple":
            # Chromium freezes the macOS version in its UA at 10_15_7.
            system = "Macintosh; Intel Mac OS X 10_15_7"
            shell = "dingtalk-mac/1.0.0"
        else:
            system = "Windows NT 10.0; Win64; x64"  # Windows 11 too
            shell = "dingtalk-win/1.0.0 nw(0.14.7)"
        return (
            f"Mozilla/5.0 ({system}) AppleWebKit/537.36 (KHTML, like Gecko) {_CHROME}"
            f" Safari/537.36 {shell} DingTalk({v}) Mojo/1.0.0 Native AppType(release)"
            " Channel/201200"
        )

    @property
    def viewport(self) -> dict[str, int]:
        """The viewport in CSS pixels, as Playwright takes it."""
        return {"width": self.width, "height": self.height}


def _builtin() -> tuple[DeviceProfile, ...]:
    return (
        # iOS
        DeviceProfile("iphone-15-pro", "ios", "Apple", "iPhone 15 Pro", "17.5", 393, 852, 3.0),
        DeviceProfile(
            "iphone-se-3", "ios", "Apple", "iPhone SE (3rd generation)", "16.7", 375, 667, 2.0
        ),
        # Android
        DeviceProfile(
            "pixel-7",
            "android",
            "Google",
            "Pixel 7",
            "14",
            412,
            915,
            2.625,
            android_build="UQ1A.240205.002",
            config_url="entry",
        ),
        DeviceProfile(
            "xiaomi-14",
            "android",
            "Xiaomi",
            "23127PN0CC",
            "14",
            400,
            890,
            3.0,
            android_build="UKQ1.230804.001",
            config_url="entry",
            carrier="中国联通",
        ),
        # HarmonyOS 2-4 run Android apps: the Android client, detected as android.
        # An older client, to exercise version gating.
        DeviceProfile(
            "huawei-p40-pro",
            "android",
            "HUAWEI",
            "ELS-AN00",
            "10",
            360,
            792,
            3.3333,
            dingtalk_version="7.0.10",
            android_build="HUAWEIELS-AN00",
            config_url="entry",
            carrier="中国电信",
        ),
        # HarmonyOS NEXT: the native Harmony client in ArkWeb.
        DeviceProfile(
            "huawei-mate-60-pro", "harmony", "HUAWEI", "ALN-AL00", "5.0.0", 388, 837, 3.25
        ),
        # Desktop clients: the app runs in the PC host shell's iframe.
        DeviceProfile(
            "windows-11",
            "pc",
            "Lenovo",
            "ThinkPad X1 Carbon Gen 11",
            "10.0.22631",
            1280,
            800,
            1.0,
            carrier="",
        ),
        DeviceProfile("macos-14", "pc", "Apple", "MacBook Pro", "14.5", 1280, 800, 2.0, carrier=""),
    )


PROFILES: dict[str, DeviceProfile] = {p.name: p for p in _builtin()}

_DEFAULTS: dict[str, str] = {
    "ios": "iphone-15-pro",
    "android": "pixel-7",
    "harmony": "huawei-mate-60-pro",
    "pc": "windows-11",
}


def get_profile(name: str) -> DeviceProfile:
    """Return the built-in profile called ``name``.

    Raises:
        ConfigError: Naming the profiles that exist.
    """
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ConfigError(f"no device profile {name!r}; known profiles: {known}") from None


def default_profile(persona: str) -> DeviceProfile:
    """Return the usual profile of ``persona``.

    Raises:
        ConfigError: For an unknown persona.
    """
    if persona not in _DEFAULTS:
        raise ConfigError(f"unknown persona {persona!r}; choose one of {', '.join(PERSONAS)}")
    return PROFILES[_DEFAULTS[persona]]

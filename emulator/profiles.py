"""Device profiles: the phones ddemu can be, per persona.

A profile fixes what the page can see of the hardware and the client: model,
OS, DingTalk version, screen and the user agent that makes ``dingtalk-jsapi``
pick the persona's transport.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bridge.errors import ConfigError

__all__ = ["PERSONAS", "PROFILES", "DeviceProfile", "Persona", "default_profile", "get_profile"]

Persona = Literal["ios", "android"]
PERSONAS: tuple[Persona, ...] = ("ios", "android")

#: At least the highest minimum version in dingtalk-jsapi 3.2.9, in plain x.y.z
#: form: the library compares versions part by part and "8.3.15-Release" fails.
DEFAULT_DINGTALK_VERSION = "8.3.15"


@dataclass(frozen=True)
class DeviceProfile:
    """One model of phone running one version of the client.

    Attributes:
        name: The profile's key, e.g. ``"iphone-15-pro"``.
        persona: The client platform the page talks to.
        brand, model: As ``device.base.getPhoneInfo`` reports them.
        os_version: The OS version, e.g. ``"17.5"``.
        width, height: The viewport in CSS pixels.
        pixel_ratio: Device pixels per CSS pixel.
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

    @property
    def screen_pixels(self) -> tuple[int, int]:
        """The screen in device pixels, as ``getPhoneInfo`` reports it."""
        return round(self.width * self.pixel_ratio), round(self.height * self.pixel_ratio)

    @property
    def user_agent(self) -> str:
        """The user agent of the client on this device."""
        v = self.dingtalk_version
        if self.persona == "ios":
            os_v = self.os_version.replace(".", "_")
            lang = {"zh-CN": "zh-Hans-CN"}.get(self.language, self.language)
            return (
                f"Mozilla/5.0 (iPhone; CPU iPhone OS {os_v} like Mac OS X) AppleWebKit/605.1.15"
                f" (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/{v})"
                f" com.laiwang.DingTalk/1 Channel/201200 language/{lang}"
            )
        return (
            f"Mozilla/5.0 (Linux; U; Android {self.os_version}; {self.language};"
            f" {self.model} Build/{self.android_build}) AppleWebKit/537.36"
            " (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36"
            f" AliApp(DingTalk/{v}) com.alibaba.android.rimet/1 Channel/700159"
            f" language/{self.language}"
        )

    @property
    def viewport(self) -> dict[str, int]:
        return {"width": self.width, "height": self.height}


PROFILES: dict[str, DeviceProfile] = {
    p.name: p
    for p in (
        DeviceProfile("iphone-15-pro", "ios", "Apple", "iPhone 15 Pro", "17.5", 393, 852, 3.0),
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
        ),
    )
}

_DEFAULTS: dict[str, str] = {"ios": "iphone-15-pro", "android": "pixel-7"}


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

"""Tests of jsapi.device.launcher: installed apps and launching them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device


def test_check_installed_apps(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Only the installed ones come back, in the order asked; the set is changeable."""
    asked = {"apps": ["alipay://", "nope://", "weixin://"]}
    assert call_jsapi("device.launcher.checkInstalledApps", asked) == {
        "installed": ["alipay://", "weixin://"]
    }
    device.installed_apps.discard("weixin://")
    assert call_jsapi("device.launcher.checkInstalledApps", asked) == {"installed": ["alipay://"]}


def test_launch_app(call_jsapi: Callable[..., Any], device: Device) -> None:
    """An installed app launches and is recorded; a missing one answers result false."""
    assert call_jsapi("device.launcher.launchApp", {"app": "weixin://"}) == {"result": True}
    assert call_jsapi("device.launcher.launchApp", {"app": "nope://"}) == {"result": False}
    assert device.launcher.launched == ["weixin://"]


def test_bad_params(call_jsapi: Callable[..., Any]) -> None:
    """Missing or wrongly typed params fail with "3" naming the param."""
    with pytest.raises(InvalidParams, match="'apps' is required"):
        call_jsapi("device.launcher.checkInstalledApps", {})
    with pytest.raises(InvalidParams, match="'apps' must be an array of strings") as info:
        call_jsapi("device.launcher.checkInstalledApps", {"apps": ["ok", 3]})
    assert info.value.code == "3"
    with pytest.raises(InvalidParams, match="'app'"):
        call_jsapi("device.launcher.launchApp", {"app": 1})

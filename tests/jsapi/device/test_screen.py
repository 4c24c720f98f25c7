"""Tests of jsapi.device.screen: brightness, keep-on, rotation, screen reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device


def test_brightness_round_trip(call_jsapi: Callable[..., Any], device: Device) -> None:
    """setScreenBrightness changes what getScreenBrightness and Python see."""
    assert call_jsapi("device.screen.getScreenBrightness") == {"brightness": 0.5}
    call_jsapi("device.screen.setScreenBrightness", {"brightness": 0.9})
    assert device.screen.brightness == 0.9
    device.screen.brightness = 0.2
    assert call_jsapi("device.screen.getScreenBrightness") == {"brightness": 0.2}


@pytest.mark.parametrize("value", [-0.1, 1.5, 255])
def test_brightness_out_of_range(call_jsapi: Callable[..., Any], value: float) -> None:
    """A brightness outside 0-1 fails with "3" naming brightness."""
    with pytest.raises(InvalidParams, match="'brightness' must be from 0 to 1"):
        call_jsapi("device.screen.setScreenBrightness", {"brightness": value})


def test_keep_on_and_brightness(call_jsapi: Callable[..., Any], device: Device) -> None:
    """The biz.util switches set keep_on; the combined one needs 0.1-1."""
    call_jsapi("biz.util.setScreenKeepOn", {"isKeep": True})
    assert device.screen.keep_on is True
    call_jsapi("biz.util.setScreenBrightnessAndKeepOn", {"brightness": 0.3, "isKeep": False})
    assert (device.screen.brightness, device.screen.keep_on) == (0.3, False)
    with pytest.raises(InvalidParams, match="from 0.1 to 1"):
        call_jsapi("biz.util.setScreenBrightnessAndKeepOn", {"brightness": 0.05})


def test_rotation_and_screen_reader(call_jsapi: Callable[..., Any], device: Device) -> None:
    """rotateView/resetView flip rotated; isScreenReaderEnabled follows Python."""
    call_jsapi("device.screen.rotateView")
    assert device.screen.rotated is True
    call_jsapi("device.screen.resetView")
    assert device.screen.rotated is False
    device.screen.screen_reader = True
    assert call_jsapi("device.screen.isScreenReaderEnabled") == {"screenReaderEnabled": True}

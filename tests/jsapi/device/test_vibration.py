"""Tests of jsapi.device.vibration: vibrate, recorded on the device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device


def test_vibrate_is_recorded(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Each vibrate lands in device.vibrations with its duration (300 ms by default)."""
    assert call_jsapi("device.notification.vibrate", {"duration": 1000}) == {}
    call_jsapi("device.notification.vibrate")
    assert [v.duration for v in device.vibrations] == [1000.0, 300.0]


def test_negative_or_wrong_duration(call_jsapi: Callable[..., Any]) -> None:
    """A negative or non-number duration fails with "3" naming duration."""
    with pytest.raises(InvalidParams, match="'duration' must be >= 0"):
        call_jsapi("device.notification.vibrate", {"duration": -5})
    with pytest.raises(InvalidParams, match="'duration' must be a number"):
        call_jsapi("device.notification.vibrate", {"duration": "long"})

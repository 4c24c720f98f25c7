"""Tests of jsapi.device.notification: toasts are recorded on the device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device, Toast
from emulator.platform import Platform


def test_toast_recorded(call_jsapi: Callable[..., Any], device: Device, platform: Platform) -> None:
    """A toast is recorded with its text, icon, duration and the clock's time."""
    platform.clock.freeze(1_700_000_000.0)
    params = {"text": "保存成功", "icon": "success", "duration": 3}
    assert call_jsapi("device.notification.toast", params) == {}
    assert device.toasts == [Toast("保存成功", "success", 3.0, 1_700_000_000.0)]


def test_toast_defaults(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A bare toast has no text or icon and lasts 2 seconds."""
    call_jsapi("device.notification.toast", {})
    [toast] = device.toasts
    assert (toast.text, toast.icon, toast.duration) == ("", "", 2.0)


def test_toasts_in_order(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Toasts are recorded oldest first."""
    call_jsapi("device.notification.toast", {"text": "one"})
    call_jsapi("device.notification.toast", {"text": "two"})
    assert [t.text for t in device.toasts] == ["one", "two"]


@pytest.mark.parametrize("params", [{"text": 5}, {"duration": "3"}, {"icon": True}])
def test_toast_bad_params(
    call_jsapi: Callable[..., Any], device: Device, params: dict[str, Any]
) -> None:
    """A toast with a wrong param fails and records nothing."""
    with pytest.raises(InvalidParams):
        call_jsapi("device.notification.toast", params)
    assert device.toasts == []

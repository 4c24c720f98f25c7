"""Tests of jsapi.device.accelerometer: watchShake and clearShake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bridge.protocol import Message, Progress
from bridge.sessions import Session
from emulator.device import Device
from emulator.platform import Platform
from jsapi.builtin import default_registry
from jsapi.context import Context


def test_watch_shake_calls_back_until_cleared(device: Device, platform: Platform) -> None:
    """watchShake answers {}; each shake calls it back with {} until clearShake."""
    sent: list[Message] = []
    session = Session(sent.append)
    registry = default_registry()

    def call(name: str, params: dict[str, Any], call_id: int) -> Any:
        return registry.call(name, params, Context(device, platform, session, name, call_id))

    params = {"sensitivity": 3.2, "watch": True}
    assert call("device.accelerometer.watchShake", params, 11) == {}
    assert device.shake() is True
    assert call("device.accelerometer.clearShake", {}, 12) == {}
    assert device.shake() is False
    assert sent == [Progress(11, {})]


def test_clear_shake_without_a_watch(call_jsapi: Callable[..., Any]) -> None:
    """clearShake with nobody watching simply answers {}."""
    assert call_jsapi("device.accelerometer.clearShake") == {}

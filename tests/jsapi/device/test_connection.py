"""Tests of jsapi.device.connection: the network type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emulator.device import Device


def test_network_type_shape(call_jsapi: Callable[..., Any]) -> None:
    """getNetworkType answers {result: ...} as the client does; a new device is on wifi."""
    assert call_jsapi("device.connection.getNetworkType") == {"result": "wifi"}


def test_network_type_follows_device(call_jsapi: Callable[..., Any], device: Device) -> None:
    """The answer follows device.network as a test changes it."""
    device.network = "4g"
    assert call_jsapi("device.connection.getNetworkType") == {"result": "4g"}
    device.network = "none"
    assert call_jsapi("device.connection.getNetworkType") == {"result": "none"}

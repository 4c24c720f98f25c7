"""Tests of jsapi.ui.pull_to_refresh: enable, disable and stop."""

from __future__ import annotations

from typing import Any

from bridge.protocol import Message, Progress
from bridge.sessions import Session
from emulator.device import Device
from emulator.platform import Platform
from jsapi.builtin import default_registry
from jsapi.context import Context


def test_pull_to_refresh_cycle(device: Device, platform: Platform) -> None:
    """enable, a pull calls back, stop ends the spinner, disable ends the callbacks."""
    sent: list[Message] = []
    session = Session(sent.append)
    registry = default_registry()

    def call(name: str, call_id: int) -> Any:
        return registry.call(name, {}, Context(device, platform, session, name, call_id))

    assert call("ui.pullToRefresh.enable", 1) == {}
    assert device.pull_to_refresh() is True
    assert device.refreshing is True
    assert call("ui.pullToRefresh.stop", 2) == {}
    assert device.refreshing is False
    assert call("ui.pullToRefresh.disable", 3) == {}
    assert device.pull_to_refresh() is False
    assert sent == [Progress(1, {})]

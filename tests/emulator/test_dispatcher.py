"""Tests of emulator.dispatcher: calls reach the registry as the device's client makes them."""

from __future__ import annotations

import dataclasses
import json

import pytest
from websockets.sync.client import connect

from bridge.errors import UnknownMethod
from bridge.protocol import Invoke
from bridge.sessions import Session
from emulator.dispatcher import Dispatcher
from emulator.emulator import Emulator
from emulator.profiles import default_profile


def attached(emu: Emulator) -> tuple[Dispatcher, Session]:
    dispatcher = Dispatcher(emu)
    session = Session(lambda message: None)
    dispatcher.opened(session)
    return dispatcher, session


def test_method_of_another_platform_answers_no_such_method() -> None:
    """On an iPhone a PC-only method fails with "1", saying it is PC only."""
    dispatcher, session = attached(Emulator(persona="ios"))
    with pytest.raises(UnknownMethod, match="does not exist on ios: DingTalk has it on pc only"):
        dispatcher.dispatch(session, Invoke(1, "biz.util.openSlidePanel", {}))


def test_method_newer_than_the_profile_answers_no_such_method() -> None:
    """A profile with an older DingTalk lacks the methods added since."""
    old = dataclasses.replace(default_profile("android"), dingtalk_version="7.0.0")
    dispatcher, session = attached(Emulator(profile=old))
    with pytest.raises(UnknownMethod, match="needs 8.2.15 or later"):
        dispatcher.dispatch(session, Invoke(1, "biz.user.get", {}))
    assert dispatcher.dispatch(session, Invoke(2, "device.base.getUUID", {}))["uuid"]


def test_default_method_over_the_bridge() -> None:
    """Over the websocket a default method answers its default, a missing one errorCode "1"."""
    with Emulator() as emu, connect(emu.shim_config()["bridgeUrl"]) as ws:
        ws.send(json.dumps({"id": 1, "method": "device.base.getBatteryInfo", "params": {}}))
        assert json.loads(ws.recv(timeout=5)) == {
            "id": 1,
            "result": {"level": 100, "isCharging": False},
        }
        ws.send(json.dumps({"id": 2, "method": "biz.tabwindow.isTab", "params": {}}))
        error = json.loads(ws.recv(timeout=5))["error"]
        assert error["errorCode"] == "1"
        assert "does not exist on ios" in error["errorMessage"]
        ws.send(json.dumps({"id": 3, "method": "biz.util.openLink", "params": {}}))
        error = json.loads(ws.recv(timeout=5))["error"]
        assert error == {
            "errorCode": "3",
            "errorMessage": "param 'url' is required by biz.util.openLink",
        }

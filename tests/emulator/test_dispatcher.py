"""Tests of emulator.dispatcher: calls reach the registry as the device's client makes them."""

from __future__ import annotations

import dataclasses
import json

import pytest
from websockets.sync.client import connect

from bridge.errors import UnknownMethod
from bridge.protocol import Invoke, Message
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


def test_sessions_attach_to_their_device_until_closed() -> None:
    """A connecting page is one of its device's sessions until it closes."""
    emu = Emulator()
    dispatcher, session = attached(emu)
    assert emu.device.sessions == [session]
    dispatcher.closed(session)
    assert emu.device.sessions == []


def test_handler_gets_the_call_id() -> None:
    """A watch call is remembered with the id the page gave it, so taps reach that call."""
    sent: list[Message] = []
    emu = Emulator()
    dispatcher = Dispatcher(emu)
    session = Session(sent.append)
    dispatcher.opened(session)
    assert dispatcher.dispatch(session, Invoke("r7", "biz.navigation.setRight", {})) == {}
    watch = emu.device.watches.get("biz.navigation.setRight")
    assert watch is not None and (watch.page, watch.call_id) == (session, "r7")


def test_closed_session_loses_its_watches() -> None:
    """When the page goes away its right button and shake watch are forgotten."""
    emu = Emulator()
    dispatcher, session = attached(emu)
    dispatcher.dispatch(session, Invoke(1, "biz.navigation.setRight", {"control": True}))
    dispatcher.dispatch(session, Invoke(2, "device.accelerometer.watchShake", {}))
    dispatcher.closed(session)
    assert emu.device.navigation.right is None
    assert emu.device.shake() is False


def test_dispatched_control_call_reports_prevention() -> None:
    """_ddemu.dispatched from the shim settles whether the page prevented the event."""
    emu = Emulator()
    dispatcher, session = attached(emu)
    session.hello = {"features": ["dispatched"]}
    delivery = emu.device.back()
    answer = dispatcher.dispatch(
        session,
        Invoke(3, "_ddemu.dispatched", {"event": "backbutton", "defaultPrevented": True}),
    )
    assert answer == {}
    assert delivery.prevented(timeout=0) is True

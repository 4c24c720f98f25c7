"""Tests of emulator.watches: watch calls kept per method, called back, dropped with their page."""

from __future__ import annotations

import json
from typing import Any

from websockets.sync.client import connect

from emulator.emulator import Emulator
from emulator.watches import Watch, Watches
from jsapi.biz import navigation
from jsapi.builtin import BUILTIN_NAMESPACES
from jsapi.catalog import load_catalog
from jsapi.context import Context
from jsapi.registry import Namespace, Registry
from tests.fakes import FakePage

SET_RIGHT = "biz.navigation.setRight"


def test_deliver_calls_the_watching_page_back() -> None:
    """Each delivery is one more callback of the page's call, by its id."""
    watches, page = Watches(), FakePage()
    watches.start(Watch(page, 7, SET_RIGHT))
    assert watches.deliver(SET_RIGHT, {}) is True
    assert watches.deliver(SET_RIGHT, {}) is True
    assert page.progress == [(7, {}), (7, {})]


def test_deliver_without_a_watch() -> None:
    """Nobody watching: nothing is sent and deliver says so."""
    assert Watches().deliver(SET_RIGHT, {}) is False


def test_new_watch_replaces_the_old() -> None:
    """A second watch call of a method takes over; the first is not called back again."""
    watches, old, new = Watches(), FakePage("s1"), FakePage("s2")
    watches.start(Watch(old, 1, SET_RIGHT))
    watches.start(Watch(new, 9, SET_RIGHT))
    watches.deliver(SET_RIGHT, {})
    assert (old.progress, new.progress) == ([], [(9, {})])


def test_stop_ends_a_watch() -> None:
    """stop() forgets the watch and returns it."""
    watches, page = Watches(), FakePage()
    watch = Watch(page, 3, "device.accelerometer.watchShake")
    watches.start(watch)
    assert watches.stop(watch.method) == watch
    assert watch.method not in watches
    assert watches.stop(watch.method) is None


def test_forget_drops_the_closed_pages_watches() -> None:
    """A page that closed loses its watches; other pages keep theirs."""
    watches, gone, kept = Watches(), FakePage("s1"), FakePage("s2")
    watches.start(Watch(gone, 1, SET_RIGHT))
    watches.start(Watch(gone, 2, "biz.navigation.setMenu"))
    watches.start(Watch(kept, 3, "device.accelerometer.watchShake"))
    assert sorted(watches.forget(gone)) == ["biz.navigation.setMenu", SET_RIGHT]
    assert SET_RIGHT not in watches
    assert watches.get("device.accelerometer.watchShake") is not None


def _tapping_registry() -> Registry:
    """The built-in registry, whose setRight taps the button while its call is answered."""
    hurried = Namespace("biz.navigation")

    @hurried.method("setRight")
    def set_right(params: dict[str, Any], ctx: Context) -> Any:
        answer = navigation.set_right(params, ctx)
        ctx.device.navigation.tap_right()  # the worst case: a tap before the answer is out
        return answer

    return Registry((*BUILTIN_NAMESPACES, hurried), catalog=load_catalog())


def test_first_answer_reaches_the_page_before_any_tap() -> None:
    """A tap made while the watch call is answered reaches the page after the answer."""
    with Emulator(registry=_tapping_registry()) as emu:
        with connect(emu.shim_config()["bridgeUrl"]) as ws:
            params = {"control": True, "text": "Save", "watch": True}
            ws.send(json.dumps({"id": 1, "method": SET_RIGHT, "params": params}))
            frames = [json.loads(ws.recv(timeout=5)) for _ in range(2)]
            emu.device.navigation.tap_right()
            frames.append(json.loads(ws.recv(timeout=5)))
        assert frames == [
            {"id": 1, "result": {}},
            {"id": 1, "progress": {}},
            {"id": 1, "progress": {}},
        ]
        emu.check_errors()

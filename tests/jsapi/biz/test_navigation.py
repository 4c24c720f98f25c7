"""Tests of jsapi.biz.navigation: the navigation bar's title, buttons, menu and icon."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from bridge.protocol import Event, Message, Progress
from bridge.sessions import Session
from emulator.device import Device, NavButton
from emulator.platform import Platform
from jsapi.builtin import default_registry
from jsapi.context import Context


@pytest.fixture
def sent() -> list[Message]:
    """What the page's session was sent."""
    return []


@pytest.fixture
def call_from_page(
    device: Device, platform: Platform, sent: list[Message]
) -> Callable[[str, dict[str, Any], int], Any]:
    """Return ``call(name, params, call_id)``: a call from a page, whose session records frames."""
    registry = default_registry()
    session = Session(sent.append)
    device.attach(session)

    def call(name: str, params: dict[str, Any], call_id: int) -> Any:
        return registry.call(name, params, Context(device, platform, session, name, call_id))

    return call


def test_set_title_recorded(call_jsapi: Callable[..., Any], device: Device) -> None:
    """setTitle records the title and subtitle on the device."""
    assert call_jsapi("biz.navigation.setTitle", {"title": "审批", "subTitle": "待办"}) == {}
    assert (device.navigation.title, device.navigation.subtitle) == ("审批", "待办")


def test_set_title_replaces(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A later setTitle replaces the title and clears an omitted subtitle."""
    call_jsapi("biz.navigation.setTitle", {"title": "one", "subTitle": "sub"})
    call_jsapi("biz.navigation.setTitle", {"title": "two"})
    assert (device.navigation.title, device.navigation.subtitle) == ("two", "")


def test_set_title_bad_type(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A title that is not a string fails and leaves the bar unchanged."""
    call_jsapi("biz.navigation.setTitle", {"title": "kept"})
    with pytest.raises(InvalidParams, match="title"):
        call_jsapi("biz.navigation.setTitle", {"title": 42})
    assert device.navigation.title == "kept"


def test_set_right_is_answered_then_each_tap_calls_back(
    call_from_page: Callable[..., Any], device: Device, sent: list[Message]
) -> None:
    """setRight answers {} at once; each tap is a Progress of that call with {}."""
    params = {"control": True, "text": "Save", "watch": True}
    assert call_from_page("biz.navigation.setRight", params, 7) == {}
    assert device.navigation.right == NavButton("Save", control=True)
    device.navigation.tap_right()
    device.navigation.tap_right()
    assert sent == [Progress(7, {}), Progress(7, {})]


def test_set_right_direct_call_records_the_button(
    call_jsapi: Callable[..., Any], device: Device
) -> None:
    """Without a page (a direct call) the button is recorded and taps call nobody back."""
    assert call_jsapi("biz.navigation.setRight", {"control": True, "show": True}) == {}
    assert device.navigation.tap_right() is False


def test_set_right_bad_type(call_jsapi: Callable[..., Any]) -> None:
    """show must be a boolean, as the catalog's schema says."""
    with pytest.raises(InvalidParams, match="'show'"):
        call_jsapi("biz.navigation.setRight", {"show": "yes"})


def test_set_left_android_flag_is_checked(call_jsapi: Callable[..., Any]) -> None:
    """setLeft's android flag must be a boolean."""
    with pytest.raises(InvalidParams, match="'android'"):
        call_jsapi("biz.navigation.setLeft", {"control": True, "android": "true"})


def test_set_left_controlled_taps_call_back(
    call_from_page: Callable[..., Any], device: Device, sent: list[Message]
) -> None:
    """A controlled left button calls back on a tap instead of going back (iOS)."""
    call_from_page("biz.navigation.setLeft", {"control": True, "text": "Close"}, 3)
    assert device.navigation.tap_left() is True
    assert sent == [Progress(3, {})]


def test_set_menu_taps_give_the_item_id(
    call_from_page: Callable[..., Any], device: Device, sent: list[Message]
) -> None:
    """setMenu answers {}; a tap on an item calls back {id} of that item."""
    items = [{"id": "1", "text": "Share"}, {"id": "2", "text": "Help"}]
    assert call_from_page("biz.navigation.setMenu", {"items": items}, 9) == {}
    menu = device.navigation.menu
    assert menu is not None and [i.text for i in menu.items] == ["Share", "Help"]
    device.navigation.tap_menu("2")
    assert sent == [Progress(9, {"id": "2"})]


def test_set_menu_item_must_be_an_object(call_jsapi: Callable[..., Any], device: Device) -> None:
    """An item that is not an object fails with "3", naming it, and sets no menu."""
    with pytest.raises(InvalidParams, match=r"'items\[1\]' must be an object"):
        call_jsapi("biz.navigation.setMenu", {"items": [{"id": "1"}, "Help"]})
    assert device.navigation.menu is None


def test_set_icon_taps_call_back(
    call_from_page: Callable[..., Any], device: Device, sent: list[Message]
) -> None:
    """setIcon records the icon; a tap calls back {}."""
    call_from_page("biz.navigation.setIcon", {"showIcon": True, "iconIndex": 1}, 4)
    device.navigation.tap_icon()
    assert sent == [Progress(4, {})]


# -- moving the web view: goBack, replace, close, quit; hiding the bar ----------------


def test_go_back_tells_the_page(
    call_from_page: Callable[[str, dict[str, Any], int], Any],
    device: Device,
    sent: list[Message],
) -> None:
    """goBack answers {}, is recorded, and tells the page's shim to go back."""
    assert call_from_page("biz.navigation.goBack", {}, 1) == {}
    assert device.navigation.actions == [("back", "")]
    assert Event("_ddemu.navigate", {"action": "back", "url": ""}) in sent


def test_replace_tells_the_page_the_url(
    call_from_page: Callable[[str, dict[str, Any], int], Any],
    device: Device,
    sent: list[Message],
) -> None:
    """replace sends the page its new URL; an empty url is "3"."""
    call_from_page("biz.navigation.replace", {"url": "/detail.html?id=7"}, 1)
    assert device.navigation.actions == [("replace", "/detail.html?id=7")]
    assert Event("_ddemu.navigate", {"action": "replace", "url": "/detail.html?id=7"}) in sent
    with pytest.raises(InvalidParams, match="url"):
        call_from_page("biz.navigation.replace", {"url": " "}, 2)


def test_close_marks_the_page_closed(call_jsapi: Callable[..., Any], device: Device) -> None:
    """close (and PC's quit) record a close; the shell shows the page closed."""
    assert not device.navigation.closed
    call_jsapi("biz.navigation.close", {})
    assert device.navigation.closed
    assert device.navigation.actions == [("close", "")]


def test_hide_bar(call_jsapi: Callable[..., Any], device: Device) -> None:
    """hideBar hides the bar by default, shows it with hidden: false, and wants a boolean."""
    call_jsapi("biz.navigation.hideBar", {})
    assert device.navigation.hidden
    call_jsapi("biz.navigation.hideBar", {"hidden": False})
    assert not device.navigation.hidden
    with pytest.raises(InvalidParams, match="hidden"):
        call_jsapi("biz.navigation.hideBar", {"hidden": "yes"})

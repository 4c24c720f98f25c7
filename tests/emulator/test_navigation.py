"""Tests of emulator.navigation: the bar's state as pages set it, and taps on it."""

from __future__ import annotations

import pytest

from bridge.errors import ConfigError
from emulator.navigation import Menu, MenuItem, NavButton, NavIcon, Navigation
from emulator.watches import Watches
from tests.fakes import FakePage

ITEMS = [{"id": "1", "text": "Share", "iconId": "share"}, {"id": "2", "text": "Help"}]


def make(persona: str = "ios") -> tuple[Navigation, list[str]]:
    """A navigation bar whose uncontrolled back taps are recorded."""
    backs: list[str] = []
    return Navigation(Watches(), persona=persona, go_back=lambda: backs.append("back")), backs


def test_set_right_records_the_button_with_the_librarys_defaults() -> None:
    """setRight's params become the right button; missing ones take the library's defaults."""
    nav, _ = make()
    assert nav.right is None
    assert nav.set_right({"text": "Save"}) == NavButton(text="Save")
    assert nav.right == NavButton("Save", show=True, control=False, show_icon=True)


def test_tap_right_calls_the_page_back_each_time() -> None:
    """With control:true every tap is one more {} callback of the setRight call."""
    nav, page = make()[0], FakePage()
    nav.set_right({"control": True, "text": "Save"}, page=page, call_id=4)
    assert nav.tap_right() is True
    assert nav.tap_right() is True
    assert page.progress == [(4, {}), (4, {})]


def test_tap_right_without_control_calls_nobody_back() -> None:
    """control:false: the client handles the tap; the page hears nothing."""
    nav, page = make()[0], FakePage()
    nav.set_right({"text": "Save"}, page=page, call_id=4)
    assert nav.tap_right() is False
    assert page.progress == []


def test_hidden_right_button_cannot_be_tapped() -> None:
    """show:false hides the button: tapping it is a mistake the test hears about."""
    nav, page = make()[0], FakePage()
    nav.set_right({"show": False, "control": True}, page=page, call_id=4)
    with pytest.raises(ConfigError, match="the right button is hidden"):
        nav.tap_right()
    assert page.progress == []


def test_tap_right_before_any_set_right() -> None:
    """No page set a right button: tapping one fails, naming setRight."""
    with pytest.raises(ConfigError, match="setRight"):
        make()[0].tap_right()


def test_new_set_right_replaces_the_old_watch() -> None:
    """A second setRight takes over the taps from the first call."""
    nav, page = make()[0], FakePage()
    nav.set_right({"control": True, "text": "Save"}, page=page, call_id=1)
    nav.set_right({"control": True, "text": "Done"}, page=page, call_id=2)
    nav.tap_right()
    assert page.progress == [(2, {})]
    assert nav.right is not None and nav.right.text == "Done"


def test_direct_set_right_ends_the_old_watch() -> None:
    """setRight without a page (a direct call) leaves nobody to call back."""
    nav, page = make()[0], FakePage()
    nav.set_right({"control": True}, page=page, call_id=1)
    nav.set_right({"control": True})
    assert nav.tap_right() is False
    assert page.progress == []


def test_tap_left_under_control_calls_back() -> None:
    """A controlled left button calls the page back instead of going back."""
    nav, backs = make("ios")
    page = FakePage()
    nav.set_left({"control": True}, page=page, call_id=5)
    assert nav.tap_left() is True
    assert (page.progress, backs) == ([(5, {})], [])


def test_tap_left_on_android_needs_the_android_flag() -> None:
    """On Android control:true alone does not take the left button: it still goes back."""
    nav, backs = make("android")
    page = FakePage()
    nav.set_left({"control": True}, page=page, call_id=5)
    assert nav.tap_left() is False
    assert (page.progress, backs) == ([], ["back"])
    nav.set_left({"control": True, "android": True}, page=page, call_id=6)
    assert nav.tap_left() is True
    assert page.progress == [(6, {})]


def test_tap_left_uncontrolled_goes_back() -> None:
    """The client's own left button, or one without control, is the back arrow."""
    nav, backs = make()
    assert nav.tap_left() is False
    nav.set_left({"text": "Back"})
    assert nav.tap_left() is False
    assert backs == ["back", "back"]


def test_hidden_left_button_cannot_be_tapped() -> None:
    """show:false on the left button makes a tap fail, without going back."""
    nav, backs = make()
    nav.set_left({"show": False})
    with pytest.raises(ConfigError, match="left button is hidden"):
        nav.tap_left()
    assert backs == []


def test_set_menu_records_the_items() -> None:
    """setMenu's items, colours and item fields are recorded in page terms."""
    nav = make()[0]
    menu = nav.set_menu({"items": ITEMS, "backgroundColor": "#ADD8E6"})
    assert menu == Menu(
        (MenuItem("1", "Share", icon_id="share"), MenuItem("2", "Help")),
        background_color="#ADD8E6",
    )
    assert nav.menu == menu


def test_tap_menu_gives_the_items_id() -> None:
    """A tap on an item calls back {id} with the id as the page sent it."""
    nav, page = make()[0], FakePage()
    nav.set_menu({"items": [*ITEMS, {"id": 3, "text": "Numbered"}]}, page=page, call_id=8)
    assert nav.tap_menu("2") is True
    assert nav.tap_menu(3) is True
    assert nav.tap_menu("3") is True
    assert page.progress == [(8, {"id": "2"}), (8, {"id": 3}), (8, {"id": 3})]


def test_tap_menu_unknown_item() -> None:
    """An id the menu lacks fails, listing the ids it has."""
    nav = make()[0]
    nav.set_menu({"items": ITEMS}, page=FakePage(), call_id=8)
    with pytest.raises(ConfigError, match="no item 'x'; its items: '1', '2'"):
        nav.tap_menu("x")


def test_tap_menu_without_a_menu() -> None:
    """No setMenu yet: tapping the menu fails, naming setMenu."""
    with pytest.raises(ConfigError, match="setMenu"):
        make()[0].tap_menu("1")


def test_tap_icon() -> None:
    """The help icon calls back {} each tap; hidden or never set, a tap fails."""
    nav, page = make()[0], FakePage()
    with pytest.raises(ConfigError, match="setIcon"):
        nav.tap_icon()
    assert nav.set_icon({"showIcon": True, "iconIndex": 2}, page=page, call_id=2) == NavIcon(
        True, 2
    )
    assert nav.tap_icon() is True
    assert page.progress == [(2, {})]
    nav.set_icon({"showIcon": False}, page=page, call_id=3)
    with pytest.raises(ConfigError, match="hidden"):
        nav.tap_icon()


def test_forget_gives_the_buttons_back_to_the_client() -> None:
    """What a closed page's calls set goes back to the client's own; the title stays."""
    nav = make()[0]
    nav.title = "kept"
    nav.set_right({"text": "Save"})
    nav.set_left({"text": "Back"})
    nav.set_menu({"items": ITEMS})
    nav.set_icon({})
    nav.forget(
        [
            "biz.navigation.setRight",
            "biz.navigation.setLeft",
            "biz.navigation.setMenu",
            "biz.navigation.setIcon",
        ]
    )
    assert (nav.right, nav.left, nav.menu, nav.icon, nav.title) == (None, None, None, None, "kept")

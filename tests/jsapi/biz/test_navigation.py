"""Tests of jsapi.biz.navigation: the navigation bar's title."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device


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

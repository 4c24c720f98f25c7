"""Tests of jsapi.biz.custom_contact: picking from the page's own list of people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import ConfigError, InvalidParams
from emulator.device import Device


def test_single_default_is_the_first_not_disabled(call_jsapi: Callable[..., Any]) -> None:
    """choose takes the first person offered who is not greyed out."""
    assert call_jsapi(
        "biz.customContact.choose", {"users": ["lisi", "wangwu"], "disabledUsers": ["lisi"]}
    ) == [{"name": "王五", "avatar": "", "emplId": "wangwu"}]


def test_multiple_from_the_list_only(call_jsapi: Callable[..., Any], device: Device) -> None:
    """multipleChoose keeps selectedUsers by default; people not offered cannot be picked."""
    params = {"users": ["lisi", "wangwu", "zhaoliu"], "selectedUsers": ["zhaoliu"]}
    assert [p["emplId"] for p in call_jsapi("biz.customContact.multipleChoose", params)] == [
        "zhaoliu"
    ]
    device.ui.queue("biz.customContact.multipleChoose", {"users": ["liuyang"]})
    with pytest.raises(ConfigError, match="not among the 'users' offered"):
        call_jsapi("biz.customContact.multipleChoose", params)


def test_users_are_required(call_jsapi: Callable[..., Any]) -> None:
    """Without users to choose from the call answers "3"."""
    with pytest.raises(InvalidParams, match="'users'"):
        call_jsapi("biz.customContact.choose", {"users": []})
    with pytest.raises(InvalidParams, match=r"'selectedUsers\[0\]'"):
        call_jsapi(
            "biz.customContact.multipleChoose", {"users": ["lisi"], "selectedUsers": ["wangwu"]}
        )

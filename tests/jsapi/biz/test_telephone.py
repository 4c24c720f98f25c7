"""Tests of jsapi.biz.telephone: calls recorded on the device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device


def test_call_and_menu_are_recorded(call_jsapi: Callable[..., Any], device: Device) -> None:
    """call records the users, showCallMenu the number."""
    call_jsapi("biz.telephone.call", {"users": ["manager"], "corpId": device.corp_id})
    call_jsapi("biz.telephone.showCallMenu", {"phoneNumber": "13800000000", "code": "+86"})
    first, second = device.phone_calls
    assert (first.method, first.users) == ("call", ("manager",))
    assert (second.method, second.phone_number) == ("showCallMenu", "13800000000")
    assert second.params["code"] == "+86"


def test_check_biz_call(call_jsapi: Callable[..., Any], device: Device) -> None:
    """checkBizCall follows device.biz_call."""
    assert call_jsapi("biz.telephone.checkBizCall", {}) == {"isSupport": True}
    device.biz_call = False
    assert call_jsapi("biz.telephone.checkBizCall", {}) == {"isSupport": False}


def test_bad_params(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Missing users or number, or wrong ones, fail naming the param; nothing is recorded."""
    with pytest.raises(InvalidParams, match="'users' is required"):
        call_jsapi("biz.telephone.call", {})
    with pytest.raises(InvalidParams, match="'users' must be an array of userids"):
        call_jsapi("biz.telephone.call", {"users": [{"id": 1}]})
    with pytest.raises(InvalidParams, match="'phoneNumber' must not be empty"):
        call_jsapi("biz.telephone.showCallMenu", {"phoneNumber": " "})
    assert device.phone_calls == []

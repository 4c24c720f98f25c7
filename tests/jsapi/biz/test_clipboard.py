"""Tests of jsapi.biz.clipboard: copying to the device's clipboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device


def test_set_data(call_jsapi: Callable[..., Any], device: Device) -> None:
    """setData puts the text on the clipboard and in its history."""
    call_jsapi("biz.clipboardData.setData", {"text": "first"})
    call_jsapi("biz.clipboardData.setData", {"text": "二"})
    assert device.clipboard.text == "二"
    assert device.clipboard.history == ["first", "二"]


def test_set_data_needs_text(call_jsapi: Callable[..., Any]) -> None:
    """Without text, or with a non-string, it fails naming text."""
    with pytest.raises(InvalidParams, match="'text' is required"):
        call_jsapi("biz.clipboardData.setData", {})
    with pytest.raises(InvalidParams, match="'text' must be a string"):
        call_jsapi("biz.clipboardData.setData", {"text": 5})

"""Tests of jsapi.biz.calendar: the month calendar pickers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device
from jsapi.pickers.datefmt import to_millis


@pytest.fixture(autouse=True)
def morning(device: Device) -> None:
    """Freeze the device's clock at 2024-05-01 09:15 in Hangzhou."""
    device.platform.clock.freeze(to_millis(datetime(2024, 5, 1, 9, 15)) / 1000)


def test_defaults(call_jsapi: Callable[..., Any]) -> None:
    """By default: today at midnight, the morning, now to the minute, today to today."""
    midnight = to_millis(datetime(2024, 5, 1))
    assert call_jsapi("biz.calendar.chooseOneDay", {"corpId": "corpId"}) == {
        "chosen": midnight,
        "timezone": 8,
    }
    assert call_jsapi("biz.calendar.chooseHalfDay", {})["chosen"] == midnight
    assert call_jsapi("biz.calendar.chooseDateTime", {})["chosen"] == to_millis(
        datetime(2024, 5, 1, 9, 15)
    )
    assert call_jsapi("biz.calendar.chooseInterval", {}) == {
        "start": midnight,
        "end": midnight,
        "timezone": 8,
    }


def test_page_defaults_and_queued_answers(call_jsapi: Callable[..., Any], device: Device) -> None:
    """The page's default is kept; a queued range comes back as local midnights."""
    chosen = to_millis(datetime(2024, 6, 3, 14, 0))
    assert call_jsapi("biz.calendar.chooseHalfDay", {"default": chosen})["chosen"] == to_millis(
        datetime(2024, 6, 3, 12, 0)
    )
    device.ui.queue("biz.calendar.chooseInterval", {"start": date(2024, 5, 6), "end": "2024-05-08"})
    assert call_jsapi("biz.calendar.chooseInterval", {}) == {
        "start": to_millis(datetime(2024, 5, 6)),
        "end": to_millis(datetime(2024, 5, 8)),
        "timezone": 8,
    }


def test_bad_defaults(call_jsapi: Callable[..., Any]) -> None:
    """A default that is not milliseconds, or a range that ends first, answers "3"."""
    with pytest.raises(InvalidParams, match="'default'"):
        call_jsapi("biz.calendar.chooseOneDay", {"default": "2024-05-01"})
    with pytest.raises(InvalidParams, match="'defaultEnd'"):
        call_jsapi(
            "biz.calendar.chooseInterval",
            {"defaultStart": to_millis(datetime(2024, 5, 8)), "defaultEnd": 0},
        )

"""Tests of jsapi.biz.pickers: the biz.util pickers through the device's UI broker."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date, datetime
from typing import Any

import pytest

from bridge.errors import Cancelled, ConfigError, InvalidParams
from emulator.device import Device
from jsapi.pickers.datefmt import to_millis

LEAVE = [{"key": "年假", "value": "annual"}, {"key": "事假", "value": "personal"}]


@pytest.fixture(autouse=True)
def noon_on_may_day(device: Device) -> None:
    """Freeze the device's clock at 2024-05-01 12:30 in Hangzhou."""
    device.platform.clock.freeze(to_millis(datetime(2024, 5, 1, 12, 30)) / 1000)


def test_default_policy_is_today(call_jsapi: Callable[..., Any]) -> None:
    """With nothing queued and nobody looking, the date picker answers today."""
    assert call_jsapi("biz.util.datepicker", {"format": "yyyy-MM-dd"}) == {"value": "2024-05-01"}
    assert call_jsapi("biz.util.timepicker", {}) == {"value": "12:30"}
    assert call_jsapi("biz.util.datetimepicker", {"value": "2024-06-01 08:00"}) == {
        "value": "2024-06-01 08:00",
        "date": "2024-06-01 08:00",
    }


def test_queued_answers_in_natural_values(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A queued date, key or region name comes back in the shape the page expects."""
    device.ui.queue("biz.util.datepicker", {"value": date(2024, 5, 20)})
    device.ui.queue("biz.util.chosen", {"key": "事假"})
    device.ui.queue("biz.util.multiSelect", {"selected": ["C", "A"]})
    device.ui.queue("biz.util.chooseRegion", {"name": "西湖区"})
    assert call_jsapi("biz.util.datepicker", {"format": "yyyy/MM/dd"}) == {"value": "2024/05/20"}
    assert call_jsapi("biz.util.chosen", {"source": LEAVE}) == {
        "key": "事假",
        "value": "personal",
    }
    assert call_jsapi("biz.util.multiSelect", {"options": ["A", "B", "C"]}) == [0, 2]
    assert call_jsapi("biz.util.chooseRegion", {}) == {
        "regionCode": "330106",
        "regionName": "西湖区",
        "regionFullName": "浙江省杭州市西湖区",
    }
    assert [r.source for r in device.ui.history] == ["script"] * 4


def test_queued_for_a_kind(call_jsapi: Callable[..., Any], device: Device) -> None:
    """An answer queued for the kind serves every method drawing that sheet."""
    device.ui.queue("picker.datetime", {"value": datetime(2024, 5, 2, 18, 0)})
    assert call_jsapi("biz.util.datetimepicker", {})["value"] == "2024-05-02 18:00"


def test_cancel_policy(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Under the cancel policy the picker fails with "-1", as when the user backs out."""
    device.ui.set_policy("cancel", "picker.chosen")
    with pytest.raises(Cancelled) as info:
        call_jsapi("biz.util.chosen", {"source": LEAVE})
    assert info.value.to_wire()["errorCode"] == "-1"
    assert call_jsapi("biz.util.datepicker", {}) == {"value": "2024-05-01"}


def test_waiting_request_is_answered_from_python(
    call_jsapi: Callable[..., Any], device: Device
) -> None:
    """Under the wait policy the call is a Future; answering the request settles it."""
    device.ui.set_policy("wait")
    future = call_jsapi("biz.util.chosen", {"source": LEAVE, "title": "类型"})
    assert isinstance(future, Future) and not future.done()
    request = device.ui.wait_for("picker.chosen")
    assert request.params["options"] == LEAVE
    assert request.params["title"] == "类型"
    device.ui.answer("picker.chosen", {"index": 1})
    assert future.result(timeout=2) == {"key": "事假", "value": "personal"}


def test_bad_params_name_the_param(call_jsapi: Callable[..., Any]) -> None:
    """Bad params answer "3" naming the param, before any sheet opens."""
    with pytest.raises(InvalidParams, match="'source'"):
        call_jsapi("biz.util.chosen", {})
    with pytest.raises(InvalidParams, match="'value'"):
        call_jsapi("biz.util.datepicker", {"format": "yyyy-MM-dd", "value": "May 1"})
    with pytest.raises(InvalidParams, match="'format'"):
        call_jsapi("biz.util.timepicker", {"format": "HH:mm:SSS"})
    with pytest.raises(InvalidParams, match="'selectedCode'"):
        call_jsapi("biz.util.chooseRegion", {"selectedCode": "000001"})


def test_a_wrong_scripted_answer_is_a_config_error(
    call_jsapi: Callable[..., Any], device: Device
) -> None:
    """A queued answer that fits no option raises ConfigError naming the method."""
    device.ui.queue("biz.util.chosen", {"key": "病假"})
    with pytest.raises(ConfigError, match="biz.util.chosen.*'病假'"):
        call_jsapi("biz.util.chosen", {"source": LEAVE})

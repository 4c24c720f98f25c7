"""Tests of jsapi.pickers.basic: each picker's sheet, default answer and result shape."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bridge.errors import ConfigError, InvalidParams
from jsapi.pickers.basic import (
    calendar_picker,
    chosen_picker,
    date_picker,
    multi_picker,
    region_picker,
)
from jsapi.pickers.datefmt import to_millis
from jsapi.pickers.regions import builtin_regions

#: 2024-05-01 10:20:30 in Hangzhou.
NOW = to_millis(datetime(2024, 5, 1, 10, 20, 30)) / 1000


def test_date_picker_defaults_to_today_in_the_page_format() -> None:
    """Without a value the sheet opens on today, and the default answer is today."""
    request = date_picker("biz.util.datepicker", {"format": "yyyy年MM月dd日"}, NOW, "date")
    assert request.kind == "picker.date"
    assert request.sheet["value"] == "2024年05月01日"
    assert request.shape(request.default) == {"value": "2024年05月01日"}


def test_date_picker_answers_natural_values_in_the_page_format() -> None:
    """A string or a date object comes back in the page's format."""
    request = date_picker("biz.util.datepicker", {"value": "2024-06-01"}, NOW, "date")
    assert request.sheet["value"] == "2024-06-01"
    assert request.shape({"value": date(2024, 7, 8)}) == {"value": "2024-07-08"}
    assert request.shape({"value": "2024-07-09"}) == {"value": "2024-07-09"}
    with pytest.raises(ConfigError, match="biz.util.datepicker.*format 'yyyy-MM-dd'"):
        request.shape({"value": "07/09/2024"})


def test_time_and_datetime_pickers() -> None:
    """timepicker answers HH:mm; datetimepicker gives value and date (flat dd.datePicker)."""
    time_request = date_picker("biz.util.timepicker", {}, NOW, "time")
    assert time_request.kind == "picker.time"
    assert time_request.shape(time_request.default) == {"value": "10:20"}
    request = date_picker(
        "biz.util.datetimepicker",
        {"format": "yyyy-MM-dd HH:mm", "currentDate": "2024-05-02 08:00"},
        NOW,
        "datetime",
    )
    assert request.sheet["value"] == "2024-05-02 08:00"
    assert request.shape({"value": datetime(2024, 5, 3, 9, 15)}) == {
        "value": "2024-05-03 09:15",
        "date": "2024-05-03 09:15",
    }


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"format": "yyyy-QQ"}, "'format'"),
        ({"format": 3}, "'format'"),
        ({"value": "2024/05/01"}, "'value'"),
        ({"value": "2024-13-01"}, "'value'"),
    ],
)
def test_date_picker_params_are_checked(params: dict[str, object], named: str) -> None:
    """A bad format or a value not in it is InvalidParams naming the param."""
    with pytest.raises(InvalidParams, match=named):
        date_picker("biz.util.datepicker", params, NOW, "date")


def test_calendar_day_half_day_and_range() -> None:
    """Calendar answers are local midnights (noon for afternoons) in ms, with timezone 8."""
    day = calendar_picker("biz.calendar.chooseOneDay", {}, NOW, "day")
    assert day.shape(day.default) == {
        "chosen": to_millis(datetime(2024, 5, 1)),
        "timezone": 8,
    }
    half = calendar_picker("biz.calendar.chooseHalfDay", {}, NOW, "halfday")
    assert half.shape({"value": "2024-05-02", "half": "pm"})["chosen"] == to_millis(
        datetime(2024, 5, 2, 12)
    )
    moment = calendar_picker("biz.calendar.chooseDateTime", {}, NOW, "datetime")
    assert moment.shape(moment.default)["chosen"] == to_millis(datetime(2024, 5, 1, 10, 20))
    span = calendar_picker(
        "biz.calendar.chooseInterval",
        {"defaultStart": to_millis(datetime(2024, 5, 6)), "corpId": "corpId"},
        NOW,
        "interval",
    )
    assert span.sheet == {"mode": "interval", "start": "2024-05-06", "end": "2024-05-06"}
    assert span.shape({"start": date(2024, 5, 6), "end": "2024-05-08"}) == {
        "start": to_millis(datetime(2024, 5, 6)),
        "end": to_millis(datetime(2024, 5, 8)),
        "timezone": 8,
    }
    with pytest.raises(ConfigError, match="before start"):
        span.shape({"start": "2024-05-08", "end": "2024-05-06"})
    with pytest.raises(InvalidParams, match="'default'"):
        calendar_picker("biz.calendar.chooseOneDay", {"default": "today"}, NOW, "day")


def test_chosen_by_key_value_or_index() -> None:
    """One option by its key, its value or its index; the default is selectedKey's."""
    source = [{"key": "年假", "value": "annual"}, {"key": "事假", "value": "personal"}]
    request = chosen_picker("biz.util.chosen", {"source": source, "selectedKey": "事假"})
    assert request.shape(request.default) == {"key": "事假", "value": "personal"}
    assert request.shape({"key": "年假"}) == {"key": "年假", "value": "annual"}
    assert request.shape({"value": "personal"}) == {"key": "事假", "value": "personal"}
    assert request.shape({"index": 0}) == {"key": "年假", "value": "annual"}
    with pytest.raises(ConfigError, match="no option with key '病假'"):
        request.shape({"key": "病假"})
    first = chosen_picker("biz.util.chosen", {"source": source})
    assert first.shape(first.default) == {"key": "年假", "value": "annual"}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "'source'"),
        ({"source": []}, "'source'"),
        ({"source": [{"value": "x"}]}, r"'source\[0\]'"),
        ({"source": [{"key": "a", "value": "x"}], "selectedKey": "b"}, "'selectedKey'"),
    ],
)
def test_chosen_params_are_checked(params: dict[str, object], named: str) -> None:
    """A missing or malformed source, or an unknown selectedKey, names the param."""
    with pytest.raises(InvalidParams, match=named):
        chosen_picker("biz.util.chosen", params)


def test_multi_select_answers_indexes() -> None:
    """Ticked options come back as their indexes in option order."""
    options = ["周一", "周二", "周三"]
    request = multi_picker("biz.util.multiSelect", {"options": options, "selectOption": ["周三"]})
    assert request.shape(request.default) == [2]
    assert request.shape({"selected": ["周三", "周一"]}) == [0, 2]
    assert request.shape({"indexes": [1]}) == [1]
    assert request.shape({"selected": []}) == []
    with pytest.raises(ConfigError, match="'周日' is not one of"):
        request.shape({"selected": ["周日"]})
    with pytest.raises(InvalidParams, match=r"'selectOption\[0\]'"):
        multi_picker("biz.util.multiSelect", {"options": options, "selectOption": ["周日"]})
    plain = multi_picker("biz.util.multiSelect", {"options": options})
    assert plain.shape(plain.default) == [0]


def test_region_picker() -> None:
    """A region by code or name; the default is selectedCode, else the first district."""
    regions = builtin_regions()
    request = region_picker("biz.util.chooseRegion", {"selectedCode": "330106"}, regions)
    assert request.sheet["selected"] == ["330000", "330100", "330106"]
    assert request.shape(request.default)["regionFullName"] == "浙江省杭州市西湖区"
    assert request.shape({"name": "南山区"}) == {
        "regionCode": "440305",
        "regionName": "南山区",
        "regionFullName": "广东省深圳市南山区",
    }
    first = region_picker("biz.util.chooseRegion", {}, regions)
    assert first.shape(first.default)["regionFullName"] == "北京市东城区"
    with pytest.raises(InvalidParams, match="'selectedCode'"):
        region_picker("biz.util.chooseRegion", {"selectedCode": "999999"}, regions)
    with pytest.raises(ConfigError, match="火星"):
        request.shape({"name": "火星"})

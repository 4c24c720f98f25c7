"""Tests of jsapi.ranges: range checks name the param."""

from __future__ import annotations

import pytest

from bridge.errors import InvalidParams
from jsapi.ranges import number_in, whole_in


def test_whole_in() -> None:
    """Whole numbers, numeric strings and integral floats pass; absent gives the default."""
    assert whole_in({}, "count", 1, 9, 1) == 1
    assert whole_in({"count": 3}, "count", 1, 9, 1) == 3
    assert whole_in({"count": "4"}, "count", 1, 9, 1) == 4
    assert whole_in({"count": 5.0}, "count", 1, 9, 1) == 5
    for bad in (0, 10, 2.5, "x", True, [1]):
        with pytest.raises(InvalidParams, match="'count'"):
            whole_in({"count": bad}, "count", 1, 9, 1)


def test_number_in() -> None:
    """Numbers within bounds pass; NaN, text and values out of range name the param."""
    assert number_in({"d": 2.5}, "d", 1, 60, 60) == 2.5
    assert number_in({}, "d", 1, 60, 60) == 60
    for bad in (0.5, 61, "x", float("nan"), False):
        with pytest.raises(InvalidParams, match="'d'"):
            number_in({"d": bad}, "d", 1, 60, 60)

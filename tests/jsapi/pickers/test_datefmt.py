"""Tests of jsapi.pickers.datefmt: the pickers' Java-style date patterns."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from jsapi.pickers.datefmt import CHINA, DatePattern, local_now, to_millis


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("yyyy-MM-dd", "2024-05-01", datetime(2024, 5, 1)),
        ("yyyy-MM-dd HH:mm", "2024-05-01 09:30", datetime(2024, 5, 1, 9, 30)),
        ("yyyy年M月d日", "2024年5月1日", datetime(2024, 5, 1)),
        ("yy/MM/dd HH:mm:ss", "24/12/31 23:59:58", datetime(2024, 12, 31, 23, 59, 58)),
        ("hh:mm a", "01:05 PM", datetime(1970, 1, 1, 13, 5)),
        ("h:mm a", "12:00 AM", datetime(1970, 1, 1, 0, 0)),
        ("yyyy-MM-dd'T'HH:mm", "2024-05-01T08:00", datetime(2024, 5, 1, 8, 0)),
    ],
)
def test_parse_and_format_round_trip(pattern: str, text: str, expected: datetime) -> None:
    """A value in the pattern reads as the moment it names and writes back unchanged."""
    compiled = DatePattern(pattern)
    assert compiled.parse(text) == expected
    assert compiled.format(expected) == text


def test_a_time_pattern_falls_on_the_base_day() -> None:
    """A pattern without a date takes the day from ``base``."""
    assert DatePattern("HH:mm").parse("18:45", base=date(2024, 2, 29)) == datetime(
        2024, 2, 29, 18, 45
    )


def test_formats_dates_and_times() -> None:
    """Dates, datetimes and times all format."""
    assert DatePattern("yyyy-MM-dd HH:mm").format(date(2024, 1, 2)) == "2024-01-02 00:00"
    assert DatePattern("HH:mm").format(time(7, 5)) == "07:05"


def test_knows_what_it_shows() -> None:
    """has_date and has_time tell a date picker's pattern from a time picker's."""
    assert (DatePattern("yyyy-MM-dd").has_date, DatePattern("yyyy-MM-dd").has_time) == (
        True,
        False,
    )
    assert (DatePattern("HH:mm").has_date, DatePattern("HH:mm").has_time) == (False, True)


@pytest.mark.parametrize("pattern", ["yyyy-QQ", "yyy-MM", "yyyy-MM-dd 'unclosed"])
def test_unknown_fields_are_refused(pattern: str) -> None:
    """A letter run the pickers do not know, or an open quote, is a ValueError."""
    with pytest.raises(ValueError, match="format"):
        DatePattern(pattern)


@pytest.mark.parametrize("text", ["2024-5-1", "2024-02-30", "2024-05-01 ", "tomorrow"])
def test_values_not_in_the_pattern_are_refused(text: str) -> None:
    """Text in another layout, or a date that does not exist, is a ValueError."""
    with pytest.raises(ValueError, match="2024|tomorrow"):
        DatePattern("yyyy-MM-dd").parse(text)


def test_local_time_is_china_standard_time() -> None:
    """The phone's local time is UTC+8, and milliseconds convert both ways."""
    moment = datetime(2024, 5, 1, 0, 0, tzinfo=CHINA)
    assert local_now(moment.timestamp()) == datetime(2024, 5, 1)
    assert to_millis(datetime(2024, 5, 1)) == 1714492800000

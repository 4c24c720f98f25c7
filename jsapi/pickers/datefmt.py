"""Dates as DingTalk's pickers write them: Java-style patterns like ``yyyy-MM-dd HH:mm``.

The date and time pickers take a ``format`` in Android's ``SimpleDateFormat``
notation ("format只支持android系统规范") and answer the chosen value in it.
:class:`DatePattern` parses and formats such patterns; the device's clock
runs in China Standard Time (:data:`CHINA`), as the pickers of a DingTalk
client in China do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

__all__ = ["CHINA", "DATE", "DATETIME", "TIME", "DatePattern", "local_now", "to_millis"]

#: The time zone of the emulated phone: UTC+8, as ``timezone: 8`` in calendar answers.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")

#: The patterns each picker uses when the page gives no ``format``.
DATE = "yyyy-MM-dd"
TIME = "HH:mm"
DATETIME = "yyyy-MM-dd HH:mm"

# Each field letter run the pickers understand, with the regex that reads it.
_FIELDS: dict[str, str] = {
    "yyyy": r"\d{4}",
    "yy": r"\d{2}",
    "MM": r"\d{2}",
    "M": r"\d{1,2}",
    "dd": r"\d{2}",
    "d": r"\d{1,2}",
    "HH": r"\d{2}",
    "H": r"\d{1,2}",
    "hh": r"\d{2}",
    "h": r"\d{1,2}",
    "mm": r"\d{2}",
    "m": r"\d{1,2}",
    "ss": r"\d{2}",
    "s": r"\d{1,2}",
    "a": r"AM|PM|am|pm|上午|下午",
}
_DATE_FIELDS = frozenset("yMd")


@dataclass(frozen=True)
class _Part:
    text: str
    field: bool


class DatePattern:
    """A compiled ``SimpleDateFormat`` pattern such as ``yyyy年MM月dd日``.

    Args:
        pattern: Letters ``y M d H h m s a`` in runs, other characters and
            ``'quoted'`` text taken literally.

    Raises:
        ValueError: For a letter or a run the pickers do not know (``Q``,
            ``yyy``), or an unclosed quote.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.parts = _compile(pattern)
        fields = {p.text[0] for p in self.parts if p.field}
        #: Whether the pattern shows a date, a time of day, or both.
        self.has_date = bool(fields & _DATE_FIELDS)
        self.has_time = bool(fields & {"H", "h", "m", "s"})
        regex = "".join(
            f"({_FIELDS[p.text]})" if p.field else re.escape(p.text) for p in self.parts
        )
        self._regex = re.compile(regex + r"\Z")

    def __repr__(self) -> str:
        return f"DatePattern({self.pattern!r})"

    def format(self, moment: datetime | date | time) -> str:
        """Write ``moment`` in this pattern."""
        if isinstance(moment, datetime):
            value = moment
        elif isinstance(moment, date):
            value = datetime.combine(moment, time())
        else:
            value = datetime.combine(date(1970, 1, 1), moment)
        out = []
        for part in self.parts:
            out.append(_format_field(part.text, value) if part.field else part.text)
        return "".join(out)

    def parse(self, text: str, *, base: date | None = None) -> datetime:
        """Read ``text`` written in this pattern.

        Args:
            text: The value, e.g. ``"2024-05-01"``.
            base: The day a pattern without a date falls on (1970-01-01 by default).

        Returns:
            A naive datetime; fields the pattern lacks come from ``base`` and midnight.

        Raises:
            ValueError: If ``text`` does not follow the pattern or names no real date.
        """
        match = self._regex.match(text)
        if match is None:
            raise ValueError(f"{text!r} does not follow the format {self.pattern!r}")
        day = base or date(1970, 1, 1)
        fields = {"y": day.year, "M": day.month, "d": day.day, "H": 0, "m": 0, "s": 0}
        pm: bool | None = None
        hour12: int | None = None
        for part, value in zip((p for p in self.parts if p.field), match.groups(), strict=True):
            letter = part.text[0]
            if letter == "a":
                pm = value in {"PM", "pm", "下午"}
            elif letter == "h":
                hour12 = int(value)
            elif part.text == "yy":
                fields["y"] = 2000 + int(value)
            else:
                fields[letter] = int(value)
        if hour12 is not None:
            if not 1 <= hour12 <= 12:
                raise ValueError(f"{text!r}: hour {hour12} is not 1-12")
            fields["H"] = hour12 % 12 + (12 if pm else 0)
        elif pm and fields["H"] < 12:
            fields["H"] += 12
        try:
            return datetime(
                fields["y"], fields["M"], fields["d"], fields["H"], fields["m"], fields["s"]
            )
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date or time: {exc}") from None


def _compile(pattern: str) -> list[_Part]:
    parts: list[_Part] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            end = pattern.find("'", i + 1)
            if end < 0:
                raise ValueError(f"unclosed quote in format {pattern!r}")
            parts.append(_Part(pattern[i + 1 : end] or "'", False))
            i = end + 1
        elif char.isascii() and char.isalpha():
            run = char
            while i + len(run) < len(pattern) and pattern[i + len(run)] == char:
                run += char
            if run not in _FIELDS:
                raise ValueError(f"format {pattern!r}: {run!r} is not a date or time field")
            parts.append(_Part(run, True))
            i += len(run)
        else:
            parts.append(_Part(char, False))
            i += 1
    return parts


def _format_field(token: str, value: datetime) -> str:
    letter = token[0]
    if letter == "a":
        return "PM" if value.hour >= 12 else "AM"
    number = {
        "y": value.year,
        "M": value.month,
        "d": value.day,
        "H": value.hour,
        "h": value.hour % 12 or 12,
        "m": value.minute,
        "s": value.second,
    }[letter]
    if token == "yy":
        return f"{number % 100:02d}"
    return f"{number:0{len(token)}d}"


def local_now(seconds: float) -> datetime:
    """The naive local (UTC+8) time at ``seconds`` since the epoch."""
    return datetime.fromtimestamp(seconds, CHINA).replace(tzinfo=None)


def to_millis(local: datetime) -> int:
    """Milliseconds since the epoch of a naive local (UTC+8) time."""
    return int(local.replace(tzinfo=CHINA).timestamp() * 1000)

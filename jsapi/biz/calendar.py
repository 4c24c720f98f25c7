"""``biz.calendar``: the month calendar: a day, a half day, a date and time, a range.

Params and results are milliseconds since the epoch, with ``timezone: 8``.
The library sends ``corpId: "corpId"`` with these calls on iOS and Android
(``addDefaultCorpIdParamsDeal``), so ``corpId`` is not checked here.
"""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..pickers.basic import calendar_picker
from ..registry import Namespace
from .pickers import ask_dated

__all__ = ["ns"]

ns = Namespace("biz.calendar")


@ns.method("chooseOneDay")
def choose_one_day(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a day: ``{chosen, timezone}``, its local midnight; default ``default`` or today."""
    return ask_dated(ctx, calendar_picker, "biz.calendar.chooseOneDay", params, "day")


@ns.method("chooseHalfDay")
def choose_half_day(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a morning or afternoon: ``chosen`` is the day's midnight or noon."""
    return ask_dated(ctx, calendar_picker, "biz.calendar.chooseHalfDay", params, "halfday")


@ns.method("chooseDateTime")
def choose_date_time(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a date and time to the minute: ``{chosen, timezone}``; default now."""
    return ask_dated(ctx, calendar_picker, "biz.calendar.chooseDateTime", params, "datetime")


@ns.method("chooseInterval")
def choose_interval(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a range of days: ``{start, end, timezone}``; default the ``defaultStart`` range."""
    return ask_dated(ctx, calendar_picker, "biz.calendar.chooseInterval", params, "interval")

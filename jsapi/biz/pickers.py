"""``biz.util`` pickers: date, time, date and time, single and multiple select, region.

Each handler checks the page's params, then asks the device's UI broker
(``ctx.device.ui``): an answer a script queued for the method, else a person
at the shell, else the device's default policy. The answer is shaped by
:mod:`jsapi.pickers.basic` into the result the page receives. ``biz.util.scan``
and the rest of ``biz.util`` live in :mod:`jsapi.biz.util`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..context import Context
from ..pickers.basic import (
    PickerRequest,
    chosen_picker,
    date_picker,
    multi_picker,
    region_picker,
)
from ..pickers.regions import builtin_regions
from ..registry import Namespace, then

__all__ = ["ask", "ask_dated", "ns"]

ns = Namespace("biz.util")


def ask(ctx: Context, request: PickerRequest) -> Any:
    """Put ``request`` to the device's UI broker; the result, or a Future of it."""
    answer = ctx.device.ui.request(
        request.method, request.sheet, kind=request.kind, default=lambda: dict(request.default)
    )
    return then(answer, request.shape)


#: A picker built from its method, the page's params, the time now and a mode
#: (:func:`~jsapi.pickers.basic.date_picker`, ``calendar_picker``).
DatedPicker = Callable[[str, Mapping[str, Any], float, str], PickerRequest]


def ask_dated(
    ctx: Context, build: DatedPicker, method: str, params: Mapping[str, Any], mode: str
) -> Any:
    """Build a picker that starts from the platform's time now, and :func:`ask` it."""
    return ask(ctx, build(method, params, ctx.platform.clock.now(), mode))


@ns.method("datepicker")
def datepicker(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a date; ``{value}`` in the page's ``format`` (``yyyy-MM-dd``); default today."""
    return ask_dated(ctx, date_picker, "biz.util.datepicker", params, "date")


@ns.method("timepicker")
def timepicker(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a time of day; ``{value}`` in ``format`` (``HH:mm``); default now."""
    return ask_dated(ctx, date_picker, "biz.util.timepicker", params, "time")


@ns.method("datetimepicker")
def datetimepicker(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a date and time; ``{value, date}`` in ``format`` (``yyyy-MM-dd HH:mm``)."""
    return ask_dated(ctx, date_picker, "biz.util.datetimepicker", params, "datetime")


@ns.method("chosen")
def chosen(params: dict[str, Any], ctx: Context) -> Any:
    """Pick one ``{key, value}`` of ``source``; default ``selectedKey``'s, else the first."""
    return ask(ctx, chosen_picker("biz.util.chosen", params))


@ns.method("multiSelect")
def multi_select(params: dict[str, Any], ctx: Context) -> Any:
    """Tick several ``options``; answers their indexes; default ``selectOption``."""
    return ask(ctx, multi_picker("biz.util.multiSelect", params))


@ns.method("chooseRegion")
def choose_region(params: dict[str, Any], ctx: Context) -> Any:
    """Pick a region of the built-in table; ``{regionCode, regionName, regionFullName}``."""
    return ask(ctx, region_picker("biz.util.chooseRegion", params, builtin_regions()))

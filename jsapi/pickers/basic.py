"""The pickers of the device: what each one shows, how it is answered, what the page gets.

Every picker call becomes a :class:`PickerRequest`: the ``kind`` of sheet the
shell draws (``picker.date``, ``picker.chosen`` ...), the ``sheet`` it draws
from (the page's params, checked, plus what the sheet needs, such as the org
tree), the ``default`` answer of the device's default policy, and ``shape``,
which turns an answer into the result the page receives.

An answer, from a script, a person at the shell or the default policy, is
a dict of natural values, the same for all three:

======================  ============================================================
kind                    answer
======================  ============================================================
``picker.date``         ``value``: ``"2024-05-01"`` in the page's format, or a
``picker.time``         :class:`~datetime.date` / :class:`~datetime.datetime` /
``picker.datetime``     :class:`~datetime.time`; ISO 8601 text is taken too
``picker.calendar``     ``value`` (a day, a datetime, ``"2024-05-01 14:30"`` or
                        milliseconds), ``half`` (``"am"``/``"pm"``) for half days;
                        ``start`` and ``end`` for a range
``picker.chosen``       ``key``, ``value`` or ``index`` of one option
``picker.multi``        ``selected`` (option texts) or ``indexes``
``picker.region``       ``code`` (``"330106"``) or ``name`` (``"西湖区"``,
                        ``"浙江省杭州市西湖区"``)
``picker.contact``      ``users`` (userids) and ``departments`` (ids), see
                        :mod:`jsapi.pickers.contacts`
======================  ============================================================

A wrong answer from a script raises :class:`~bridge.errors.ConfigError`
naming the picker and the field; the page then gets an error, and the test
sees it in ``emu.check_errors()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bridge.errors import ConfigError, InvalidParams

from .datefmt import DATE, DATETIME, TIME, DatePattern, local_now, to_millis
from .regions import Regions

__all__ = [
    "PickerRequest",
    "calendar_picker",
    "chosen_picker",
    "date_picker",
    "multi_picker",
    "region_picker",
]

#: ``timezone`` in the calendar pickers' answers: the phone's UTC offset in hours.
TIMEZONE = 8


@dataclass
class PickerRequest:
    """One picker call, ready for the device's UI broker.

    Attributes:
        method: The native method asking (``biz.util.datepicker`` ...).
        kind: The sheet the shell draws (``picker.date`` ...).
        sheet: What the sheet shows: JSON-able.
        default: The answer of the default policy ("first option", "today").
        shape: Turns an answer into the page's result; raises
            :class:`~bridge.errors.ConfigError` for a wrong answer.
    """

    method: str
    kind: str
    sheet: dict[str, Any]
    default: dict[str, Any]
    shape: Callable[[Mapping[str, Any]], Any] = field(repr=False)


def _answer_field(answer: Mapping[str, Any], method: str, *names: str) -> tuple[str, Any]:
    for name in names:
        if name in answer:
            return name, answer[name]
    wanted = " or ".join(repr(n) for n in names)
    raise ConfigError(f"an answer to {method} needs {wanted}; got {dict(answer)!r}")


# -- date, time, datetime ------------------------------------------------------

_DATE_KINDS = {"date": ("picker.date", DATE), "time": ("picker.time", TIME)}


def date_picker(method: str, params: Mapping[str, Any], now: float, mode: str) -> PickerRequest:
    """``biz.util.datepicker`` (mode ``date``), ``timepicker`` (``time``), ``datetimepicker``.

    Params ``format`` (Android ``SimpleDateFormat``, e.g. ``yyyy-MM-dd``) and
    ``value``; the flat ``dd.datePicker`` sends ``currentDate`` for ``value``.
    The result is ``{value}``; ``datetimepicker`` also gives ``date``, which
    the flat export reads.

    Raises:
        InvalidParams: For a format with unknown fields, or a value not in it.
    """
    kind, fallback = _DATE_KINDS.get(mode, ("picker.datetime", DATETIME))
    fmt = params.get("format") or fallback
    if not isinstance(fmt, str):
        raise InvalidParams(f"param 'format' must be a string, got {fmt!r}")
    try:
        pattern = DatePattern(fmt)
    except ValueError as exc:
        raise InvalidParams(f"param 'format': {exc}") from None
    today = local_now(now)
    name = "currentDate" if params.get("currentDate") and not params.get("value") else "value"
    given = params.get(name)
    if given:
        if not isinstance(given, str):
            raise InvalidParams(f"param {name!r} must be a string, got {given!r}")
        try:
            start = pattern.parse(given, base=today.date())
        except ValueError as exc:
            raise InvalidParams(f"param {name!r}: {exc}") from None
    else:
        start = today.replace(second=0, microsecond=0)
    sheet = {
        "format": fmt,
        "value": pattern.format(start),
        "hasDate": pattern.has_date,
        "hasTime": pattern.has_time,
        "iso": start.isoformat(timespec="minutes"),
    }

    def shape(answer: Mapping[str, Any]) -> dict[str, Any]:
        _, value = _answer_field(answer, method, "value", "date", "iso")
        if isinstance(value, str):
            value = _read_date(value, pattern, today.date(), method)
        if not isinstance(value, datetime | date | time):
            raise ConfigError(f"an answer to {method}: value must be a string or a date")
        text = pattern.format(value)
        result = {"value": text}
        if mode == "datetime":
            result["date"] = text
        return result

    return PickerRequest(method, kind, sheet, {"value": sheet["value"]}, shape)


def _read_date(text: str, pattern: DatePattern, base: date, method: str) -> datetime | time:
    """A value in the page's format, or ISO 8601 (``2024-05-01``, ``09:30``, the shell's)."""
    try:
        return pattern.parse(text, base=base)
    except ValueError as exc:
        problem = exc
    for reader in (datetime.fromisoformat, time.fromisoformat):
        try:
            return reader(text)
        except ValueError:
            pass
    raise ConfigError(f"an answer to {method}: {problem}, nor is it ISO 8601") from None


# -- the month calendar (biz.calendar.*) ---------------------------------------


def _moment(value: Any, method: str, where: str) -> datetime:
    """A local naive datetime from milliseconds, a date, a datetime or ISO text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else local_now(value.timestamp())
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return local_now(value / 1000)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(
        f"{method}: {where} must be a date, a datetime, 'YYYY-MM-DD[ HH:MM]' "
        f"or milliseconds, got {value!r}"
    )


def _ms_param(params: Mapping[str, Any], name: str) -> datetime | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidParams(f"param {name!r} must be milliseconds since the epoch, got {value!r}")
    return local_now(value / 1000)


def calendar_picker(method: str, params: Mapping[str, Any], now: float, mode: str) -> PickerRequest:
    """``biz.calendar.chooseOneDay`` (mode ``day``), ``chooseHalfDay`` (``halfday``),
    ``chooseDateTime`` (``datetime``) and ``chooseInterval`` (``interval``).

    Params are milliseconds: ``default``, or ``defaultStart`` and ``defaultEnd``.
    Results: ``{chosen, timezone}``, or ``{start, end, timezone}`` for a range;
    a day is its local midnight, a half day its midnight or noon.

    Raises:
        InvalidParams: For a default that is not milliseconds, or a range that ends
            before it starts.
    """
    today = local_now(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if mode == "interval":
        start = _ms_param(params, "defaultStart") or today
        end = _ms_param(params, "defaultEnd") or start
        if end < start:
            raise InvalidParams("param 'defaultEnd' is before 'defaultStart'")
        sheet = {"mode": mode, "start": start.date().isoformat(), "end": end.date().isoformat()}
        default: dict[str, Any] = {"start": sheet["start"], "end": sheet["end"]}
    else:
        chosen = _ms_param(params, "default") or (
            local_now(now).replace(second=0, microsecond=0) if mode == "datetime" else today
        )
        sheet = {"mode": mode, "value": chosen.isoformat(timespec="minutes")}
        default = {"value": sheet["value"]}
        if mode == "halfday":
            default["half"] = sheet["half"] = "pm" if chosen.hour >= 12 else "am"

    def day_of(value: Any, where: str) -> datetime:
        return _moment(value, method, where).replace(hour=0, minute=0, second=0, microsecond=0)

    def shape(answer: Mapping[str, Any]) -> dict[str, Any]:
        if mode == "interval":
            first = day_of(_answer_field(answer, method, "start")[1], "start")
            last = day_of(_answer_field(answer, method, "end")[1], "end")
            if last < first:
                raise ConfigError(f"an answer to {method}: end {last:%Y-%m-%d} is before start")
            return {"start": to_millis(first), "end": to_millis(last), "timezone": TIMEZONE}
        moment = _moment(_answer_field(answer, method, "value")[1], method, "value")
        if mode == "datetime":
            moment = moment.replace(second=0, microsecond=0)
        else:
            half = answer.get("half")
            if mode == "halfday" and half is None:
                half = "pm" if moment.hour >= 12 else "am"
            if half not in (None, "am", "pm"):
                raise ConfigError(f"an answer to {method}: half must be 'am' or 'pm'")
            moment = moment.replace(hour=12 if half == "pm" else 0, minute=0, second=0)
            moment = moment.replace(microsecond=0)
        return {"chosen": to_millis(moment), "timezone": TIMEZONE}

    return PickerRequest(method, "picker.calendar", sheet, default, shape)


# -- single and multiple select -------------------------------------------------


def chosen_picker(method: str, params: Mapping[str, Any]) -> PickerRequest:
    """``biz.util.chosen``: one of ``source`` (``[{key, value}]``); answers ``{key, value}``.

    ``key`` is the text shown, ``value`` what it stands for. The default
    policy takes ``selectedKey``'s option, else the first.

    Raises:
        InvalidParams: For an empty source, an option without a text key, or a
            ``selectedKey`` that is not one of the keys.
    """
    source = params.get("source")
    if not isinstance(source, list) or not source:
        raise InvalidParams("param 'source' must be a non-empty array of {key, value}")
    options: list[dict[str, Any]] = []
    for index, item in enumerate(source):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise InvalidParams(f"param 'source[{index}]' must be {{key, value}} with a string key")
        value = item.get("value", "")
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise InvalidParams(f"param 'source[{index}].value' must be a string, got {value!r}")
        options.append({"key": item["key"], "value": value})
    keys = [o["key"] for o in options]
    selected = params.get("selectedKey")
    if selected not in (None, "") and selected not in keys:
        raise InvalidParams(f"param 'selectedKey' {selected!r} is not a key of 'source'")
    first = keys.index(selected) if selected in keys else 0
    sheet = {"options": options, "selected": first, "title": params.get("title", "")}

    def shape(answer: Mapping[str, Any]) -> dict[str, Any]:
        name, given = _answer_field(answer, method, "index", "key", "value")
        if name == "index":
            if isinstance(given, bool) or not isinstance(given, int):
                raise ConfigError(f"an answer to {method}: index must be a number")
            if not 0 <= given < len(options):
                raise ConfigError(f"an answer to {method}: no option at index {given}")
            return dict(options[given])
        for option in options:
            if option[name] == given:
                return dict(option)
        raise ConfigError(f"an answer to {method}: no option with {name} {given!r}; keys: {keys}")

    return PickerRequest(method, "picker.chosen", sheet, {"index": first}, shape)


def multi_picker(method: str, params: Mapping[str, Any]) -> PickerRequest:
    """``biz.util.multiSelect``: several of ``options`` (texts), ``selectOption`` ticked.

    Answers the indexes of the ticked options, from 0 in option order ("返回用户
    选中的index数组，从0开始", as the library's typings say). The default policy
    keeps what ``selectOption`` ticked, else ticks the first option.

    Raises:
        InvalidParams: For options that are not texts, or a ``selectOption`` that
            is not one of them.
    """
    options = params.get("options")
    if not isinstance(options, list) or not options:
        raise InvalidParams("param 'options' must be a non-empty array of strings")
    for index, option in enumerate(options):
        if not isinstance(option, str):
            raise InvalidParams(f"param 'options[{index}]' must be a string, got {option!r}")
    ticked = params.get("selectOption") or []
    if not isinstance(ticked, list):
        raise InvalidParams("param 'selectOption' must be an array of strings")
    for index, option in enumerate(ticked):
        if option not in options:
            raise InvalidParams(f"param 'selectOption[{index}]' {option!r} is not in 'options'")
    preset = [i for i, o in enumerate(options) if o in ticked]
    sheet = {"options": list(options), "selected": preset, "title": params.get("title", "")}

    def shape(answer: Mapping[str, Any]) -> list[int]:
        name, given = _answer_field(answer, method, "indexes", "selected")
        if not isinstance(given, list | tuple):
            raise ConfigError(f"an answer to {method}: {name} must be a list")
        chosen: set[int] = set()
        for item in given:
            if name == "indexes":
                if isinstance(item, bool) or not isinstance(item, int):
                    raise ConfigError(f"an answer to {method}: index {item!r} is not a number")
                if not 0 <= item < len(options):
                    raise ConfigError(f"an answer to {method}: no option at index {item}")
                chosen.add(item)
            elif item in options:
                chosen.add(options.index(item))
            else:
                raise ConfigError(f"an answer to {method}: {item!r} is not one of {options}")
        return sorted(chosen)

    return PickerRequest(method, "picker.multi", sheet, {"indexes": preset or [0]}, shape)


# -- regions ----------------------------------------------------------------------


def region_picker(method: str, params: Mapping[str, Any], regions: Regions) -> PickerRequest:
    """``biz.util.chooseRegion``: a district (or a city, a province) of the region table.

    Answers ``{regionCode, regionName, regionFullName}``. The default policy
    takes ``selectedCode``, else the first district of the first city.

    Raises:
        InvalidParams: For a ``selectedCode`` the table does not have.
    """
    selected = params.get("selectedCode")
    if selected not in (None, ""):
        if not isinstance(selected, str) or selected not in regions:
            raise InvalidParams(f"param 'selectedCode': no region {selected!r}")
        start = regions.get(selected)
    else:
        start = regions.children(None)[0]
        while regions.children(start.code):
            start = regions.children(start.code)[0]
    sheet = {
        "regions": regions.tree(),
        "selected": [r.code for r in regions.lineage(start)],
    }

    def shape(answer: Mapping[str, Any]) -> dict[str, str]:
        _, given = _answer_field(answer, method, "code", "name")
        try:
            return regions.result(regions.find(str(given)))
        except KeyError as exc:
            raise ConfigError(f"an answer to {method}: {exc.args[0]}") from None

    return PickerRequest(method, "picker.region", sheet, {"code": start.code}, shape)

"""Range checks on params that the catalog's types cannot express (counts, durations).

Each raises :class:`~bridge.errors.InvalidParams` (``"3"``) naming the param,
as the container answers a value out of range.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bridge.errors import InvalidParams

__all__ = ["number_in", "whole_in"]


def whole_in(params: Mapping[str, Any], name: str, low: int, high: int, default: int) -> int:
    """``params[name]`` as a whole number in ``low..high``; ``default`` when absent.

    A numeric string (``"3"``) and an integral float (``3.0``) are accepted, as the client
    accepts them.
    """
    value = params.get(name)
    if value is None:
        return default
    number = _as_float(value)
    if number is None or not number.is_integer():
        raise InvalidParams(f"param {name!r} must be a whole number, got {value!r}")
    if not low <= number <= high:
        raise InvalidParams(f"param {name!r} must be {low} to {high}, got {value!r}")
    return int(number)


def number_in(
    params: Mapping[str, Any], name: str, low: float, high: float, default: float
) -> float:
    """``params[name]`` as a number in ``low..high``; ``default`` when absent."""
    value = params.get(name)
    if value is None:
        return default
    number = _as_float(value)
    if number is None or number != number:  # NaN
        raise InvalidParams(f"param {name!r} must be a number, got {value!r}")
    if not low <= number <= high:
        raise InvalidParams(f"param {name!r} must be {low:g} to {high:g}, got {value!r}")
    return number


def _as_float(value: object) -> float | None:
    """A number or numeric string as a float; None for anything else (``True`` too)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None

"""Checks shared by scripted sensor steps (NFC taps, beacon steps, motion steps).

A script gives each step as a table with an ``at`` in seconds from its start
(``device.beacons.script([{"at": 2, "uuid": ...}])``). :func:`step_at` checks
the table's fields and returns its ``at``; the caller checks the rest.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from bridge.errors import ConfigError

__all__ = ["step_at"]


def step_at(step: Any, shape: str, fields: Collection[str], required: Iterable[str] = ()) -> float:
    """The ``at`` of a scripted step, after checking its fields.

    Args:
        step: The step as the script gave it; it must be a mapping.
        shape: What a step is, for the error (``"a tap is a table of at, payload"``).
        fields: Every field a step may have, ``at`` included.
        required: Fields a step must have, in the order they are reported.

    Returns:
        Seconds from the script's start, a finite number >= 0.

    Raises:
        ConfigError: For a step that is not a table, an unknown or missing
            field, or an ``at`` that is not a number of seconds >= 0.
    """
    if not isinstance(step, Mapping):
        raise ConfigError(f"{shape}; got {step!r}")
    unknown = set(step) - set(fields)
    if unknown:
        raise ConfigError(f"unknown field {sorted(unknown)[0]!r}")
    for field in required:
        if field not in step:
            raise ConfigError(f"{field} is required")
    at = step.get("at")
    if isinstance(at, bool) or not isinstance(at, int | float) or not math.isfinite(at):
        raise ConfigError(f"at must be a number of seconds, got {at!r}")
    if at < 0:
        raise ConfigError(f"at must be >= 0 seconds, got {at!r}")
    return at

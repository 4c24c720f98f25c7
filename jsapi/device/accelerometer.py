"""``device.accelerometer``: shakes, a watch call the device calls back on each shake.

A shake is ``device.shake()``, or a jump of the acceleration set with
``device.motion.set_acceleration`` that the device samples at the page's ``frequency``.
"""

from __future__ import annotations

from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.accelerometer")


#: The accepted range of each numeric param: (low, high, unit); low excluded for sensitivity.
RANGES: dict[str, tuple[float, float, str]] = {
    "frequency": (10, 10_000, "ms"),
    "sensitivity": (0, 100, "m/s²"),
    "callbackDelay": (0, 60_000, "ms"),
}


def _check(params: dict[str, Any]) -> None:
    for name, (low, high, unit) in RANGES.items():
        value = params.get(name)
        if value is None:
            continue
        too_low = value <= low if name == "sensitivity" else value < low
        if too_low or value > high:
            above = "above" if name == "sensitivity" else "from"
            raise InvalidParams(
                f"param {name!r} must be {above} {low} to {high} {unit}, got {value!r}"
            )


@ns.method("watchShake")
def watch_shake(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Listen for shakes; each ``device.shake()`` calls the page back with ``{}``.

    A later ``watchShake`` replaces the earlier one. ``callbackDelay`` (ms) is
    honoured: a shake that soon after the last one is ignored. The device also
    samples its accelerometer every ``frequency`` ms; a change of more than
    ``sensitivity`` m/s² between samples (``device.motion.set_acceleration``)
    is a shake too.
    """
    _check(params)
    ctx.device.watch_shake(params, page=ctx.session, call_id=ctx.call_id)
    return {}


@ns.method("clearShake")
def clear_shake(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Stop listening for shakes: later ``device.shake()`` calls nobody back."""
    ctx.device.clear_shake()
    return {}

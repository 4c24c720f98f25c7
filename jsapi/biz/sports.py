"""``biz.sports``: the pedometer and health data, from ``ctx.device.pedometer``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bridge.errors import InvalidParams, PermissionDenied

from ..context import Context
from ..registry import Namespace

__all__ = ["MAX_DAYS", "ns"]

ns = Namespace("biz.sports")

#: The longest span ``getHealthData`` answers, in days.
MAX_DAYS = 366


@ns.method("getTodaysStepCount")
def get_todays_step_count(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Today's steps so far on the device's pedometer: ``{stepCount}``."""
    return {"stepCount": ctx.device.pedometer.steps_today()}


def _day(params: dict[str, Any], name: str, ctx: Context) -> date:
    """A day from a millisecond timestamp (number or digits) or ``YYYY-MM-DD[ HH:mm:ss]``."""
    value = params.get(name)
    if value is None:
        raise InvalidParams(f"param {name!r} is required by biz.sports.getHealthData")
    tz = ctx.device.pedometer.tz
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 <= value < 10**14:
            raise InvalidParams(f"param {name!r} is no millisecond timestamp: {value!r}")
        return datetime.fromtimestamp(value / 1000, tz).date()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise InvalidParams(
        f"param {name!r} must be milliseconds since the epoch or a date like 2026-11-27, "
        f"got {value!r}"
    )


@ns.method("getHealthData")
def get_health_data(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Steps per day from ``startTime`` to ``endTime``: ``{healthDataList: [...]}``."""
    pedometer = ctx.device.pedometer
    first, last = _day(params, "startTime", ctx), _day(params, "endTime", ctx)
    if last < first:
        raise InvalidParams(f"param 'endTime' ({last}) is before 'startTime' ({first})")
    if (last - first).days >= MAX_DAYS:
        raise InvalidParams(f"param 'endTime': at most {MAX_DAYS} days from 'startTime'")
    if not pedometer.authorized:
        raise PermissionDenied("biz.sports.getHealthData: the user did not allow health data")
    zone = str(pedometer.tz)
    return {
        "healthDataList": [
            {
                "value": steps,
                "timeZone": zone,
                "lastTimestamp": str(int(pedometer.last_timestamp(day) * 1000)),
            }
            for day, steps in pedometer.history(first, last)
        ]
    }


@ns.method("getHealthDeviceData")
def get_health_device_data(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Where the health data comes from: ``{channel, deviceId}``."""
    return {"channel": ctx.device.pedometer.channel, "deviceId": ctx.device.uuid}


@ns.method("getHealthAuthorizationStatus")
def get_health_authorization_status(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """``{status}``: 1 when health data may be read, 0 when not."""
    return {"status": 1 if ctx.device.pedometer.authorized else 0}


@ns.method("requestHealthAuthorization")
def request_health_authorization(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Ask the user; granted unless ``pedometer.grant_on_request`` is False: ``{success}``."""
    pedometer = ctx.device.pedometer
    if pedometer.grant_on_request:
        pedometer.authorized = True
    return {"success": pedometer.authorized}

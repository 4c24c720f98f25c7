"""Tests of jsapi.biz.sports: step counts and health data from the device's pedometer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from bridge.errors import InvalidParams, PermissionDenied
from emulator.device import Device
from emulator.pedometer import CHINA

MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=CHINA).timestamp()


@pytest.fixture(autouse=True)
def morning(device: Device) -> None:
    device.platform.clock.freeze(MORNING)


def test_todays_step_count(call_jsapi: Callable[..., Any], device: Device) -> None:
    """getTodaysStepCount answers today's steps."""
    assert call_jsapi("biz.sports.getTodaysStepCount") == {"stepCount": 0}
    device.pedometer.set_steps(7777)
    assert call_jsapi("biz.sports.getTodaysStepCount") == {"stepCount": 7777}


def test_health_data_per_day(call_jsapi: Callable[..., Any], device: Device) -> None:
    """getHealthData answers each day of the span; times may be dates or ms timestamps."""
    device.pedometer.add_history({"2026-11-26": 9000})
    device.pedometer.set_steps(100)
    start = int(datetime(2026, 11, 26, 0, 0, tzinfo=CHINA).timestamp() * 1000)
    data = call_jsapi(
        "biz.sports.getHealthData", {"type": 1, "startTime": str(start), "endTime": "2026-11-27"}
    )
    assert data == {
        "healthDataList": [
            {
                "value": 9000,
                "timeZone": "Asia/Shanghai",
                "lastTimestamp": str(
                    int(datetime(2026, 11, 27, tzinfo=CHINA).timestamp() * 1000) - 1
                ),
            },
            {"value": 100, "timeZone": "Asia/Shanghai", "lastTimestamp": str(int(MORNING * 1000))},
        ]
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"endTime": "2026-11-27"}, "'startTime' is required"),
        ({"startTime": "yesterday", "endTime": "2026-11-27"}, "'startTime' must be"),
        ({"startTime": "2026-11-27", "endTime": "2026-11-20"}, "'endTime' .* before"),
        ({"startTime": "2024-01-01", "endTime": "2026-11-27"}, "'endTime': at most 366"),
        ({"startTime": -5, "endTime": "2026-11-27"}, "'startTime' is no millisecond"),
    ],
)
def test_bad_spans(call_jsapi: Callable[..., Any], params: dict[str, Any], message: str) -> None:
    """A missing, malformed, reversed or too long span fails with "3" naming the param."""
    with pytest.raises(InvalidParams, match=message):
        call_jsapi("biz.sports.getHealthData", params)


def test_authorization(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Without permission getHealthData is "7"; requesting grants it unless refused."""
    device.pedometer.authorized = False
    device.pedometer.grant_on_request = False
    assert call_jsapi("biz.sports.getHealthAuthorizationStatus", {"type": 1}) == {"status": 0}
    span = {"startTime": "2026-11-27", "endTime": "2026-11-27"}
    with pytest.raises(PermissionDenied):
        call_jsapi("biz.sports.getHealthData", span)
    assert call_jsapi("biz.sports.requestHealthAuthorization", {"types": "steps"}) == {
        "success": False
    }
    device.pedometer.grant_on_request = True
    assert call_jsapi("biz.sports.requestHealthAuthorization", {"types": "steps"}) == {
        "success": True
    }
    assert call_jsapi("biz.sports.getHealthData", span)["healthDataList"][0]["value"] == 0


def test_health_device(call_jsapi: Callable[..., Any], device: Device) -> None:
    """getHealthDeviceData names the channel and the device's UUID."""
    assert call_jsapi("biz.sports.getHealthDeviceData") == {
        "channel": "HealthKit",
        "deviceId": device.uuid,
    }

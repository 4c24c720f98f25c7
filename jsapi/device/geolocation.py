"""``device.geolocation``: where the phone is."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.geolocation")


@ns.method("get")
def get(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The device's position; ``coordinate`` 1 is GCJ-02 (AMap), 0 is WGS-84."""
    system = "gcj02" if params.get("coordinate", 1) == 1 else "wgs84"
    fix = ctx.device.location.read(system)
    result: dict[str, Any] = {
        "longitude": fix.longitude,
        "latitude": fix.latitude,
        "accuracy": fix.accuracy,
        "netType": ctx.device.network,
        "operatorType": ctx.device.profile.carrier,
        "isWifiEnabled": ctx.device.network == "wifi",
        "isGpsEnabled": True,
        "isFromMock": False,
        "provider": "gps",
        "locationType": 1,
    }
    if params.get("withReGeocode"):
        result.update(fix.address.as_result())
    return result

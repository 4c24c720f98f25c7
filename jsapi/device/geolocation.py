"""``device.geolocation``: where the phone is, once or continuously.

Everything is read from ``ctx.device.location``
(:class:`emulator.location.Location`): a fixed point or a track replayed on
the virtual clock, an address from the offline table, and the failures a test
injects (``permission = False`` answers "7", ``available = False`` answers "9").

``start`` answers at once with the current position, then calls the page back
every ``callBackInterval`` ms of virtual time with the next one (on Android and
Harmony one more ``success``, on iOS one more answer of the same call), until
``stop`` with the same ``sceneId`` or until the page goes away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bridge.errors import ConfigError, InvalidParams

from ..context import Context
from ..registry import Namespace

if TYPE_CHECKING:
    from emulator.location import Fix

__all__ = ["CONTINUOUS_METHODS", "DEFAULT_INTERVAL_MS", "MIN_INTERVAL_MS", "ns"]

ns = Namespace("device.geolocation")

START = "device.geolocation.start"
#: Calls the client answers again and again without the library's watch:true.
CONTINUOUS_METHODS = (START,)
#: Milliseconds between continuous callbacks when the page gives no callBackInterval.
DEFAULT_INTERVAL_MS = 1000
#: The shortest interval honoured; shorter ones count as this (AMap's own minimum).
MIN_INTERVAL_MS = 1000


def _system(params: dict[str, Any]) -> str:
    return "wgs84" if params.get("coordinate", 1) == 0 else "gcj02"


def _check_accuracy(params: dict[str, Any]) -> None:
    target = params.get("targetAccuracy")
    if target is not None and target < 0:
        raise InvalidParams(f"param 'targetAccuracy' must be >= 0 metres, got {target}")


def _result(params: dict[str, Any], ctx: Context, fix: Fix) -> dict[str, Any]:
    """A position as the client reports it, with the device's network."""
    device = ctx.device
    result: dict[str, Any] = {
        "longitude": fix.longitude,
        "latitude": fix.latitude,
        "accuracy": fix.accuracy,
        "netType": device.network,
        "operatorType": device.profile.carrier,
        "isWifiEnabled": device.network == "wifi",
        "isGpsEnabled": True,
        "isFromMock": False,
        "isMobileEnabled": device.network != "none",
        "provider": "gps",
        "locationType": 1,
    }
    # DingTalk's typings say standard (WGS-84) coordinates may come without the
    # address; ddemu gives it for both, so no app is refused wrongly (docs/howto.md).
    if params.get("withReGeocode"):
        result.update(fix.address.as_result())
    return result


@ns.method("get")
def get(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The device's position; ``coordinate`` 1 (default) is GCJ-02 (AMap), 0 is WGS-84.

    ``withReGeocode`` adds the address. Fails "7" when the
    location permission is denied and "9" when no position can be had.
    """
    _check_accuracy(params)
    location = ctx.device.location
    location.check()
    return _result(params, ctx, location.read(_system(params)))


@ns.method("start")
def start(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Start continuous location: the position now, then one callback per ``callBackInterval``.

    The scene is ``sceneId`` (the empty string without one); starting a
    running scene again fails "3". On iOS a callback is skipped while the
    device moved less than ``iOSDistanceFilter`` metres since the last one.
    """
    _check_accuracy(params)
    scene_id = params.get("sceneId", "")
    if not isinstance(scene_id, str):
        raise InvalidParams(f"param 'sceneId' must be a string, got {scene_id!r}")
    interval_ms = params.get("callBackInterval", DEFAULT_INTERVAL_MS)
    if isinstance(interval_ms, bool) or not isinstance(interval_ms, int | float):
        raise InvalidParams(f"param 'callBackInterval' must be a number, got {interval_ms!r}")
    if interval_ms < 0:
        raise InvalidParams(f"param 'callBackInterval' must be >= 0 ms, got {interval_ms}")
    distance_filter = params.get("iOSDistanceFilter") or 0
    if isinstance(distance_filter, bool) or not isinstance(distance_filter, int | float):
        raise InvalidParams(f"param 'iOSDistanceFilter' must be a number, got {distance_filter!r}")
    if ctx.device.persona != "ios":
        distance_filter = 0
    location = ctx.device.location
    location.check()
    system = _system(params)
    first = location.read(system)
    try:
        location.start_scene(
            scene_id,
            max(interval_ms, MIN_INTERVAL_MS) / 1000,
            lambda: _result(params, ctx, location.read(system)),
            page=ctx.session,
            call_id=ctx.call_id,
            distance_filter=float(distance_filter),
        )
    except ConfigError as exc:
        raise InvalidParams(f"param 'sceneId': {exc}") from None
    return _result(params, ctx, first)


@ns.method("stop")
def stop(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Stop the scene ``sceneId``: ``{sceneId}``, or ``{sceneId: null}`` if it was not running."""
    scene_id = params.get("sceneId", "")
    stopped = ctx.device.location.stop_scene(scene_id) if isinstance(scene_id, str) else False
    return {"sceneId": scene_id if stopped else None}


@ns.method("status")
def status(params: dict[str, Any], ctx: Context) -> list[dict[str, int]]:
    """For each of ``sceneIds``, ``{<sceneId>: 1}`` while it runs, else ``{<sceneId>: 0}``."""
    ids = params.get("sceneIds") or []
    if not all(isinstance(i, str) for i in ids):
        raise InvalidParams(f"param 'sceneIds' must be an array of strings, got {ids!r}")
    running = set(ctx.device.location.scenes)
    return [{scene_id: int(scene_id in running)} for scene_id in ids]


@ns.method("checkPermission")
def check_permission(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """``{hasPermission}``: whether DingTalk may use the location (``location.permission``)."""
    return {"hasPermission": bool(ctx.device.location.permission)}

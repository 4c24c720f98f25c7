"""``runtime.h5nuvabridge.exec``: iBeacon and Bluetooth, one native method chosen by ``_action``.

The iBeacon actions answer from ``ctx.device.beacons``
(:class:`emulator.beacons.Beacons`); the Bluetooth (BLE) actions answer the
catalog's documented defaults, except that the adapter's availability follows
the device's Bluetooth switch.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from bridge.errors import ConfigError, InvalidParams, Unavailable

from ..catalog import load_catalog
from ..context import Context
from ..registry import ACTION_PARAM, Namespace

__all__ = ["ACTIONS", "ns"]

ns = Namespace("runtime.h5nuvabridge")

EXEC = "runtime.h5nuvabridge.exec"


def _start_beacon_discovery(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    beacons = ctx.device.beacons
    uuids = params.get("uuids") or []
    try:
        beacons.check_uuids(uuids)
    except ConfigError as exc:
        raise InvalidParams(f"param {exc}") from None
    if not beacons.bluetooth:
        raise Unavailable("startBeaconDiscovery: Bluetooth is off on this device")
    beacons.start_discovery(uuids)
    return {}


def _stop_beacon_discovery(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    ctx.device.beacons.stop_discovery()
    return {}


def _get_beacons(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {"beacons": ctx.device.beacons.found()}


def _get_bluetooth_adapter_state(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    state: dict[str, Any] = dict(_default(params))
    state["available"] = ctx.device.beacons.bluetooth
    return state


#: The actions answered from the device; every other one answers its default.
ACTIONS: dict[str, Callable[[dict[str, Any], Context], dict[str, Any]]] = {
    "startBeaconDiscovery": _start_beacon_discovery,
    "stopBeaconDiscovery": _stop_beacon_discovery,
    "getBeacons": _get_beacons,
    "getBluetoothAdapterState": _get_bluetooth_adapter_state,
}


def _default(params: dict[str, Any]) -> Any:
    action = load_catalog()[EXEC].actions[params[ACTION_PARAM]]
    return copy.deepcopy(action.default)


@ns.method("exec")
def exec_(params: dict[str, Any], ctx: Context) -> Any:
    """iBeacon discovery from ``device.beacons``; the BLE actions answer their defaults."""
    handler = ACTIONS.get(params[ACTION_PARAM])
    if handler is None:
        return _default(params)
    return handler(params, ctx)

"""``device.launcher``: the other apps on the phone."""

from __future__ import annotations

import json
from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.launcher")


@ns.method("checkInstalledApps")
def check_installed_apps(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Which of ``apps`` are installed (iOS: URL schemes, Android: package names)."""
    apps = params["apps"]
    if not all(isinstance(app, str) for app in apps):
        got = json.dumps(apps, ensure_ascii=False)
        raise InvalidParams(f"param 'apps' must be an array of strings, got {got}")
    return {"installed": ctx.device.launcher.check(apps)}


@ns.method("launchApp")
def launch_app(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Launch ``app``: ``{"result": true}`` if it is installed (and it is recorded)."""
    return {"result": ctx.device.launcher.launch(params["app"])}

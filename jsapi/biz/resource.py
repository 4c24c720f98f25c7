"""``biz.resource``: the offline package's status, as the container reports it.

``getInfo`` answers ``{status}`` with ``prepare`` (a package exists but is not
usable yet), ``enable`` (in effect; then also ``detail: {version, id,
expireTimestamp, bizData}``) or ``disable`` (no valid ``dd_mini_app_id``,
expired, closed, or it failed to install).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from offline_packages.install import PackageStatus

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("biz.resource")


@ns.method("getInfo")
def get_info(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The status of the package of the page's ``dd_mini_app_id`` (else the last opened app)."""
    offline = ctx.device.offline
    url = str(ctx.session.hello.get("url", "")) if ctx.session is not None else ""
    given = parse_qs(urlsplit(url).query).get("dd_mini_app_id", [""])[0]
    app_id = given or next(iter(offline.apps), None)
    if app_id is None:
        return {"status": PackageStatus.DISABLE.value}
    state = offline.status(app_id)
    if state.status is PackageStatus.ENABLE and state.installed is not None:
        return {"status": state.status.value, "detail": state.installed.detail()}
    return {"status": state.status.value}

"""A JSON view of the emulator: devices, sessions and the call log.

Used by tools, tests that drive ``ddemu`` in another process, and the inspector.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import asdict
from typing import Any

from flask import Blueprint, abort, current_app, request

from .assets import PREFIX

__all__ = ["bp", "only_local_or_token"]

bp = Blueprint("control", __name__, url_prefix=f"{PREFIX}/api")


@bp.before_request
def only_local_or_token() -> None:
    """Callers beyond this machine must give the emulator's token as ``?token=``.

    Raises:
        werkzeug.exceptions.Forbidden: For a remote caller without the token.
    """
    emulator = current_app.config["DDEMU_EMULATOR"]
    try:
        local = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        local = False
    if not local and not secrets.compare_digest(request.args.get("token", ""), emulator.token):
        abort(403)


@bp.get("/status")
def status() -> dict[str, Any]:
    """The devices, the open sessions and the number of calls so far."""
    emulator = current_app.config["DDEMU_EMULATOR"]
    return {
        "app": str(emulator.app),
        "url": emulator.url,
        "devices": [
            {
                "name": d.name,
                "persona": d.persona,
                "profile": d.profile.name,
                "userAgent": d.profile.user_agent,
                "corpId": d.corp_id,
                "userid": d.user.userid,
                # A device shell with a person at it: UI requests wait for clicks.
                "peopleWatching": d.ui.people_watching,
            }
            for d in emulator.devices.values()
        ],
        "sessions": [
            {"id": s.id, "device": getattr(s.attached, "name", None), "hello": s.hello}
            for s in emulator.sessions
        ],
        "calls": len(emulator.calls),
    }


@bp.get("/calls")
def calls() -> dict[str, Any]:
    """Every call so far, oldest first."""
    emulator = current_app.config["DDEMU_EMULATOR"]
    return {"calls": [asdict(c) for c in emulator.calls]}

"""ddemu's own ``dd`` for pages that load ``dingtalk.open.js`` from the CDN.

Such pages expect the library at ``g.alicdn.com``; ddemu serves instead, at
``/__ddemu__/dingtalk.open.js``, a ``dd`` built at runtime from a table generated
from the catalog (``jsapi/js/dd.js``): each export calls ``window.__ddemu.call``
directly, so the page works offline. The shim must already be in the page.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from .catalog import Catalog, load_catalog
from .device.geolocation import CONTINUOUS_METHODS

__all__ = ["cdn_source", "export_table"]


def export_table(catalog: Catalog) -> dict[str, Any]:
    """Return the JSON-able table dd.js builds ``dd`` from.

    ``exports`` maps an export path (``"device.base.getPhoneInfo"``) to
    ``{"method": wire, "watch": bool}`` plus ``"action"`` for the
    ``runtime.h5nuvabridge.exec`` exports; ``events`` maps an event name to
    its ``on``/``off`` export names.
    """
    exports: dict[str, dict[str, Any]] = {}
    for name, method in catalog.items():
        for export in method.exports:
            # Continuous calls (geolocation.start) call back again like watch calls.
            repeats = method.watch or name in CONTINUOUS_METHODS
            exports.setdefault(export, {"method": name, "watch": repeats})
        for action in method.actions.values():
            for export in action.exports:
                exports.setdefault(export, {"method": name, "watch": False, "action": action.name})
    events = {name: {"on": list(e.on), "off": list(e.off)} for name, e in catalog.events.items()}
    return {"exports": exports, "events": events, "library": catalog.library}


@cache
def cdn_source() -> str:
    """Return the served ``dingtalk.open.js``: the table, then dd.js."""
    table = json.dumps(export_table(load_catalog()), ensure_ascii=False).replace("</", "<\\/")
    script = (files("jsapi") / "js" / "dd.js").read_text("utf-8")
    return f"window.__DDEMU_DD_TABLE__ = {table};\n{script}"

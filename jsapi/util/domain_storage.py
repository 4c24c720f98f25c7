"""``util.domainStorage``: the page's domain storage on the phone, kept on disk.

The domain is the page's host name (:func:`emulator.storage.domain_of`); values
live in ``device.storage`` (:class:`~emulator.storage.DomainStorage`), which
writes them to the device's folder, so they are still there in the next run.
"""

from __future__ import annotations

import json
import math
from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns", "page_domain"]

ns = Namespace("util.domainStorage")


def page_domain(ctx: Context) -> str:
    """The storage domain of the page that called: its host name."""
    url = ctx.session.hello.get("url", "") if ctx.session is not None else ""
    return ctx.device.storage.domain_of(url if isinstance(url, str) else "")


@ns.method("setItem")
def set_item(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Store ``value`` under ``name`` for the page's domain (1 MB at most)."""
    storage = ctx.device.storage
    value = params["value"]
    size = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    if size > storage.max_value_bytes:
        raise InvalidParams(
            f"param 'value' is {size} bytes; one item may hold {storage.max_value_bytes} at most"
        )
    domain = page_domain(ctx)
    used = storage.size(domain=domain) + size
    if used > storage.limit_kb * 1024:
        raise InvalidParams(
            f"param 'value' does not fit: {domain} may store {storage.limit_kb} KB at most"
        )
    storage.set(params["name"], value, domain=domain)
    return {}


@ns.method("getItem")
def get_item(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The value stored under ``name``; ``{"value": ""}`` when there is none."""
    value = ctx.device.storage.get(params["name"], domain=page_domain(ctx))
    return {"value": "" if value is None else value}


@ns.method("removeItem")
def remove_item(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Forget ``name`` for the page's domain; nothing happens if it is not there."""
    ctx.device.storage.remove(params["name"], domain=page_domain(ctx))
    return {}


@ns.method("getStorageInfo")
def get_storage_info(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The names the page's domain stores, its size and its limit, in KB."""
    storage = ctx.device.storage
    domain = page_domain(ctx)
    return {
        "keys": storage.keys(domain=domain),
        "currentSize": math.ceil(storage.size(domain=domain) / 1024),
        "limitSize": storage.limit_kb,
    }

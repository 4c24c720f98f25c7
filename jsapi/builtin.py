"""The native methods ddemu answers out of the box."""

from __future__ import annotations

from .biz import navigation, util
from .device import base, connection, geolocation, notification
from .registry import Namespace, Registry
from .runtime import permission

__all__ = ["BUILTIN_NAMESPACES", "default_registry"]

BUILTIN_NAMESPACES: tuple[Namespace, ...] = (
    permission.ns,
    base.ns,
    connection.ns,
    geolocation.ns,
    notification.ns,
    navigation.ns,
    util.ns,
)


def default_registry() -> Registry:
    """Return a new registry holding every built-in handler."""
    return Registry(BUILTIN_NAMESPACES)

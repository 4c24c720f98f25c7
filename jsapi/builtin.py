"""The native methods ddemu answers out of the box."""

from __future__ import annotations

from .biz import navigation, util
from .catalog import load_catalog
from .device import accelerometer, base, connection, geolocation, notification
from .registry import Namespace, Registry
from .runtime import permission
from .ui import pull_to_refresh

__all__ = ["BUILTIN_NAMESPACES", "default_registry"]

#: The deep handlers; every other method of the catalog answers its default.
BUILTIN_NAMESPACES: tuple[Namespace, ...] = (
    permission.ns,
    permission.pc,
    accelerometer.ns,
    base.ns,
    connection.ns,
    geolocation.ns,
    notification.ns,
    navigation.ns,
    util.ns,
    pull_to_refresh.ns,
)


def default_registry() -> Registry:
    """Return a new registry answering every method of the catalog.

    The built-in handlers answer their methods from the device ("deep"); the
    rest answer the catalog's documented default.
    """
    return Registry(BUILTIN_NAMESPACES, catalog=load_catalog())

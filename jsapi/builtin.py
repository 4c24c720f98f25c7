"""The native methods ddemu answers out of the box."""

from __future__ import annotations

from .biz import (
    calendar,
    clipboard,
    contact,
    cspace,
    custom_contact,
    file,
    images,
    navigation,
    pickers,
    resource,
    share,
    sports,
    telephone,
    upload_file,
    util,
)
from .catalog import load_catalog
from .device import (
    accelerometer,
    audio,
    base,
    connection,
    geolocation,
    launcher,
    nfc,
    notification,
    screen,
    vibration,
)
from .registry import Namespace, Registry
from .runtime import h5nuvabridge, permission
from .ui import pull_to_refresh
from .util import domain_storage

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
    resource.ns,
    launcher.ns,
    screen.ns,
    screen.biz_util,
    vibration.ns,
    clipboard.ns,
    telephone.ns,
    share.ns,
    domain_storage.ns,
    h5nuvabridge.ns,
    nfc.ns,
    sports.ns,
    pickers.ns,
    calendar.ns,
    contact.ns,
    custom_contact.ns,
    images.ns,
    upload_file.ns,
    cspace.ns,
    cspace.cspace,
    file.ns,
    audio.ns,
)


def default_registry() -> Registry:
    """Return a new registry answering every method of the catalog.

    The built-in handlers answer their methods from the device ("deep"); the
    rest answer the catalog's documented default.
    """
    return Registry(BUILTIN_NAMESPACES, catalog=load_catalog())

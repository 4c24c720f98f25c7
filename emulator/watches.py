"""Watch calls: a page's call that the device calls back again on each tap or shake.

``biz.navigation.setRight/setLeft/setMenu/setIcon``, ``device.accelerometer.watchShake``
and ``ui.pullToRefresh.enable`` are answered once, like any call; the device
then remembers the page and the call's id, and delivers each later tap, menu
choice, shake or pull as one more callback of that call
(:meth:`PageSession.send_progress <emulator.events.PageSession.send_progress>`).
The shim hands it to the library as the client would: on iOS to the handler
the library registered under the method's name (``registerHandler``), on
Android and Harmony as one more ``success`` (keepCallback).

The first answer always reaches the page before any of these callbacks: a
watch is only recorded while its call is being answered, and the bridge
writes an immediate answer before it sends anything queued meanwhile
(tests/emulator/test_watches.py checks it).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .events import PageSession

__all__ = ["Watch", "Watches"]


@dataclass(frozen=True)
class Watch:
    """One page's watch call.

    Attributes:
        page: The page that made it.
        call_id: The call's id on that page's bridge session.
        method: Its native name, e.g. ``"biz.navigation.setRight"``.
        params: What the page asked for (``callbackDelay`` ...).
    """

    page: PageSession
    call_id: int | str
    method: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def deliver(self, data: Any) -> None:
        """Call the page back once more with ``data``."""
        self.page.send_progress(self.call_id, data)


class Watches:
    """The live watch calls of a device, one per native method.

    A new watch call of a method replaces the old one, as a page's second
    ``setRight`` replaces its first button.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watches: dict[str, Watch] = {}

    def __repr__(self) -> str:
        return f"<Watches {sorted(self._watches)}>"

    def __contains__(self, method: object) -> bool:
        return method in self._watches

    def start(self, watch: Watch) -> None:
        """Record ``watch``, replacing the one of the same method."""
        with self._lock:
            self._watches[watch.method] = watch

    def watch(
        self,
        method: str,
        page: PageSession | None,
        call_id: int | str | None,
        params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Call ``page`` back on its call ``call_id`` of ``method`` from now on.

        Without a page or a call id (a direct call, from a test: nobody to call
        back) the watch of ``method`` stops instead.

        Returns:
            True if a page now watches ``method``.
        """
        if page is None or call_id is None:
            self.stop(method)
            return False
        self.start(Watch(page, call_id, method, MappingProxyType(dict(params or {}))))
        return True

    def stop(self, method: str) -> Watch | None:
        """Forget the watch of ``method``; returns it, or None if there was none."""
        with self._lock:
            return self._watches.pop(method, None)

    def get(self, method: str) -> Watch | None:
        """The live watch of ``method``, or None."""
        return self._watches.get(method)

    def deliver(self, method: str, data: Any) -> bool:
        """Call the page watching ``method`` back with ``data``.

        Returns:
            True if a page was called back, False if none watches ``method``.
        """
        watch = self._watches.get(method)
        if watch is None:
            return False
        watch.deliver(data)
        return True

    def forget(self, page: PageSession) -> list[str]:
        """Drop every watch of ``page`` (it closed); returns their methods."""
        with self._lock:
            gone = [m for m, w in self._watches.items() if w.page.id == page.id]
            for method in gone:
                del self._watches[method]
        return gone

    def clear(self) -> None:
        with self._lock:
            self._watches.clear()

"""``util.domainStorage``: what pages store on the phone, per domain, kept on disk.

The client keeps one store per domain (the page's host name, without port) on
each phone. ddemu keeps it in the device's folder
(:attr:`Device.data_dir <emulator.device.Device.data_dir>`), one JSON file per
domain, ``<data_dir>/storage/<domain>.json``, rewritten atomically on every
change; so a value set in one run is there in the next. A device without a
folder keeps its store in memory.

Every app ddemu serves is on ``127.0.0.1`` (:data:`DEFAULT_DOMAIN`), so they
share one store, as two apps on one domain do in DingTalk. From Python::

    emu.device.storage.set("token", "abc")           # as a page on 127.0.0.1 would
    emu.device.storage.get("token")                   # "abc"
    emu.device.storage.keys(domain="example.com")
    emu.device.storage.clear()                        # every domain
"""

from __future__ import annotations

import builtins
import json
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .datadir import write_atomic
from .server.pchost import PC_HOST_PATH

__all__ = ["DEFAULT_DOMAIN", "LIMIT_KB", "MAX_VALUE_BYTES", "DomainStorage", "domain_of"]

logger = logging.getLogger("ddemu.emulator")

#: The domain of a call from no page (a unit test), and of every app ddemu serves.
DEFAULT_DOMAIN = "127.0.0.1"
#: The most one ``setItem`` may store ("每次存储数据不能超过1M").
MAX_VALUE_BYTES = 1024 * 1024
#: The most one domain may store, in KB ("单域名不能超过50M"), as ``getStorageInfo`` reports it.
LIMIT_KB = 50 * 1024


def domain_of(url: str) -> str:
    """Return the storage domain of a page at ``url``: its host name, lower case.

    On the PC persona the calls come through ddemu's host shell, so the domain
    is that of the app page in the shell's ``url`` parameter. An empty or
    host-less URL gives :data:`DEFAULT_DOMAIN`.
    """
    parts = urlsplit(url)
    if parts.path == PC_HOST_PATH:  # the app is the page in the shell's ``url``
        inner = parse_qs(parts.query).get("url")
        return domain_of(inner[0]) if inner else DEFAULT_DOMAIN
    return (parts.hostname or DEFAULT_DOMAIN).lower()


def _size_of(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


class DomainStorage:
    """One phone's domain storage.

    Args:
        folder: Where to keep one JSON file per domain; None keeps it in memory.

    Safe to use from any thread.
    """

    #: The most one value may take, in bytes (:data:`MAX_VALUE_BYTES`).
    max_value_bytes = MAX_VALUE_BYTES
    #: The most one domain may take, in KB (:data:`LIMIT_KB`).
    limit_kb = LIMIT_KB

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._domains: dict[str, dict[str, Any]] = {}
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"<DomainStorage {self.folder or 'in memory'}>"

    @staticmethod
    def domain_of(url: str) -> str:
        """The storage domain of a page at ``url`` (:func:`domain_of`)."""
        return domain_of(url)

    # -- reading --------------------------------------------------------------

    def get(self, name: str, *, domain: str = DEFAULT_DOMAIN) -> Any | None:
        """The value stored under ``name`` for ``domain``, or None."""
        with self._lock:
            return self._load(domain).get(name)

    def keys(self, *, domain: str = DEFAULT_DOMAIN) -> list[str]:
        """The names stored for ``domain``, in the order they were first set."""
        with self._lock:
            return list(self._load(domain))

    def items(self, *, domain: str = DEFAULT_DOMAIN) -> dict[str, Any]:
        """A copy of everything stored for ``domain``."""
        with self._lock:
            return dict(self._load(domain))

    def size(self, *, domain: str = DEFAULT_DOMAIN) -> int:
        """How many bytes ``domain`` stores (names and values, as UTF-8 JSON)."""
        with self._lock:
            return sum(_size_of(k) + _size_of(v) for k, v in self._load(domain).items())

    def domains(self) -> list[str]:
        """The domains that store something, sorted."""
        with self._lock:
            return sorted(d for d in self._known() if self._load(d))

    # -- writing --------------------------------------------------------------

    def set(self, name: str, value: Any, *, domain: str = DEFAULT_DOMAIN) -> None:
        """Store ``value`` (JSON-able, a string as pages store it) under ``name``."""
        with self._lock:
            data = self._load(domain)
            data[name] = value
            self._save(domain)

    def remove(self, name: str, *, domain: str = DEFAULT_DOMAIN) -> bool:
        """Forget ``name``; returns whether it was there."""
        with self._lock:
            data = self._load(domain)
            if name not in data:
                return False
            del data[name]
            self._save(domain)
            return True

    def clear(self, *, domain: str | None = None) -> None:
        """Forget everything stored for ``domain``, or for every domain; the files go too."""
        with self._lock:
            for chosen in [domain] if domain is not None else self._known():
                self._domains[chosen] = {}
                path = self._path(chosen)
                if path is not None:
                    path.unlink(missing_ok=True)

    # -- files ----------------------------------------------------------------

    def _known(self) -> builtins.set[str]:
        # builtins: inside this class, ``set`` is the method above.
        known = builtins.set(self._domains)
        if self.folder is not None and self.folder.is_dir():
            known |= {unquote(p.name[: -len(".json")]) for p in self.folder.glob("*.json")}
        return known

    def _path(self, domain: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"{quote(domain, safe='')}.json"

    def _load(self, domain: str) -> dict[str, Any]:
        data = self._domains.get(domain)
        if data is not None:
            return data
        data = {}
        path = self._path(domain)
        if path is not None and path.is_file():
            try:
                loaded = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                logger.warning("ignoring unreadable storage file %s: %s", path, exc)
            else:
                if isinstance(loaded, dict):
                    data = loaded
                else:
                    logger.warning("ignoring storage file %s: not a JSON object", path)
        self._domains[domain] = data
        return data

    def _save(self, domain: str) -> None:
        path = self._path(domain)
        if path is not None:
            text = json.dumps(self._domains[domain], ensure_ascii=False, indent=1)
            write_atomic(path, text + "\n")

"""Offline packages on the device: opened by ``dd_mini_app_id``, served, and why each request was.

A page whose URL carries ``dd_mini_app_id=<miniAppId>`` makes its device check
the platform for the version its user and corp get (:meth:`DeviceOffline.open`):
the released one, or a gray release that targets them. A version not held is
downloaded, verified and installed (:mod:`offline_packages.install`); then every
request whose https URL is an entry of an open package is answered from it, and
any other goes online. Each answer is recorded with where it came from::

    emu.offline.source("https://n.dingtalk.com/app/index.html")
    # 'package app 0.0.3 (5000000002761167)'  or  'online: signature mismatch'

In Playwright, :meth:`Offline.route` installs the interception on a browser
context. Faults to test the fall-backs are queued with :meth:`Offline.inject`
(docs/reference/offline-packages.md).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

from bridge.errors import ConfigError
from offline_packages.install import (
    Installed,
    PackageCache,
    PackageStatus,
    UpdateResult,
    content_type,
)
from offline_packages.sign import PackageSignature, sign_package
from offline_packages.store import PackageStore, Release

from .datadir import folder_or_temp

if TYPE_CHECKING:
    from .device import Device
    from .emulator import Emulator

__all__ = [
    "APP_ID_PARAM",
    "CORS_HEADERS",
    "FAULTS",
    "OFFLINE_PREFIX",
    "AppState",
    "DeviceOffline",
    "Offline",
    "Served",
    "app_id_of",
]

logger = logging.getLogger("ddemu.offline")

#: The URL parameter that opens an app from its offline package.
APP_ID_PARAM = "dd_mini_app_id"

#: Where the app server answers requests from a device's packages (the desktop window).
OFFLINE_PREFIX = "/__ddemu__/offline"

#: Faults :meth:`DeviceOffline.inject` takes, each ending with the previous version or online.
FAULTS = (
    "corrupt-zip",  # the downloaded package is not a valid archive (though signed)
    "bad-signature",  # the signature does not match the download
    "truncated",  # the download stops half way
    "storage-gone",  # the storage stops answering in the middle of the download
    "expired",  # the held package has expired and the update check cannot reach the platform
    "stale-cache",  # a cached file of the held version no longer matches it
)

#: Headers of every answer from a package: cross-origin scripts (``crossorigin``) load too.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "*",
}


def app_id_of(url: str) -> str | None:
    """The ``dd_mini_app_id`` of a page URL, if it has one."""
    values = parse_qs(urlsplit(url).query).get(APP_ID_PARAM)
    return values[0] if values and values[0] else None


@dataclass(frozen=True)
class Served:
    """Where one request was answered from.

    Attributes:
        url: The request's URL.
        device: The device's name.
        app_id: The package it came from, or the app whose package failed.
        version: The package's version, or None when online.
        reason: Why it went online (``"signature mismatch"``), or ``""``.
        detail: The full reason, when there is more to say.
    """

    url: str
    device: str
    app_id: str | None = None
    version: str | None = None
    reason: str = ""
    detail: str = ""

    @property
    def from_package(self) -> bool:
        return self.version is not None

    def __str__(self) -> str:
        if self.version is not None:
            return f"package app {self.version} ({self.app_id})"
        return f"online: {self.reason}"


@dataclass
class AppState:
    """What a device knows of one app's package.

    Attributes:
        status: ``prepare``, ``enable`` or ``disable`` (``biz.resource.getInfo``).
        installed: The version in effect, if any.
        reason: Why the last open ended as it did.
        last_update: The last update check's result.
    """

    status: PackageStatus = PackageStatus.DISABLE
    installed: Installed | None = None
    reason: str = ""
    last_update: UpdateResult | None = None


def _short(reason: str) -> str:
    """The gist of a reason: up to its first colon, semicolon or parenthesis."""
    for mark in (":", ";", " ("):
        reason = reason.split(mark, 1)[0]
    return reason.strip()


@dataclass
class _Fault:
    kind: str
    app_id: str | None
    times: int


class _FaultyFetcher:
    """The platform's store as a device downloads from it, with the queued faults applied."""

    def __init__(self, store: PackageStore, device: Device, faults: list[_Fault]) -> None:
        self.store = store
        self.device = device
        self.faults = faults
        self.downloaded = 0

    def release(self, app_id: str, *, corp_id: str, userid: str) -> Release:
        job = getattr(self.device.user, "job_number", "")
        return self.store.release_for(
            app_id, corp_id=corp_id, userid=userid, staff_ids=(job,) if job else ()
        )

    def download(self, release: Release, what: str) -> bytes:
        data = release.read(what)
        main = what in ("package", "index") or what.startswith("entry:")
        for fault in self.faults:
            if fault.kind == "storage-gone" and main:
                raise ConnectionError(
                    f"storage unreachable after {len(data) // 2} of {len(data)} bytes"
                )
            if fault.kind == "truncated" and main:
                data = data[: len(data) // 2]
            if fault.kind == "corrupt-zip" and what in ("package", "index"):
                data = _corrupt(data)
            if fault.kind == "corrupt-zip" and what in ("package.sig", "index.sig"):
                # The publisher signed a broken archive: the signature holds.
                body = _corrupt(release.read(what.removesuffix(".sig")))
                signed = sign_package(
                    body,
                    app_id=release.app_id,
                    version=release.version,
                    private_key=self.store.private_key,
                )
                data = signed.to_json().encode()
            if fault.kind == "bad-signature" and what.endswith(".sig"):
                signature = PackageSignature.from_json(data)
                flipped = bytes([signature.signature[0] ^ 0xFF]) + signature.signature[1:]
                data = (
                    PackageSignature(
                        signature.app_id,
                        signature.version,
                        signature.sha256,
                        signature.key_id,
                        flipped,
                    )
                    .to_json()
                    .encode()
                )
        self.downloaded += len(data)
        return data


def _corrupt(data: bytes) -> bytes:
    """The bytes with their end (a ZIP's central directory) overwritten."""
    cut = max(0, len(data) - 64)
    return data[:cut] + b"\0" * (len(data) - cut)


class DeviceOffline:
    """One device's offline packages: its cache, the apps it opened, what it served.

    Args:
        device: The device.
        root: Its cache folder; ``device.data_dir / "packages"`` by default, or
            a temporary folder for a device without one.
    """

    def __init__(self, device: Device, root: Path | None = None) -> None:
        self.device = device
        if root is None:
            data_dir = getattr(device, "data_dir", None)
            root = folder_or_temp(
                None if data_dir is None else Path(data_dir) / "packages",
                self,
                "ddemu-device-packages-",
            )
        store = device.platform.packages
        self.cache = PackageCache(root, store.public_key, clock=device.platform.clock.now)
        #: The apps opened on this device, most recent first.
        self.apps: dict[str, AppState] = {}
        #: Every request answered while a package was open, oldest first.
        self.requests: list[Served] = []
        self._faults: list[_Fault] = []
        self._lock = threading.RLock()

    @property
    def store(self) -> PackageStore:
        store: PackageStore = self.device.platform.packages
        return store

    def inject(self, kind: str, *, app_id: str | None = None, times: int = 1) -> None:
        """Make the next ``times`` opens (of ``app_id``, or any app) meet a fault.

        Raises:
            ConfigError: For a kind not in :data:`FAULTS`.
        """
        if kind not in FAULTS:
            raise ConfigError(f"no fault {kind!r}; faults: {', '.join(FAULTS)}")
        if times < 1:
            raise ConfigError(f"times must be at least 1, got {times}")
        with self._lock:
            self._faults.append(_Fault(kind, app_id, times))

    def _take_faults(self, app_id: str) -> list[_Fault]:
        with self._lock:
            taken = [f for f in self._faults if f.app_id in (None, app_id)]
            for fault in taken:
                fault.times -= 1
            self._faults = [f for f in self._faults if f.times > 0]
            return taken

    def open(self, app_id: str) -> AppState:
        """What happens when a page opens with ``dd_mini_app_id=app_id``: check, install, enable.

        Returns:
            The app's state afterwards; ``enable`` with the version in effect,
            or ``disable`` with the reason the app runs online.
        """
        with self._lock:
            state = self.apps.pop(app_id, AppState())
            self.apps = {app_id: state, **self.apps}
            state.status = PackageStatus.PREPARE
            faults = self._take_faults(app_id)
            kinds = {f.kind for f in faults}
            notes: list[str] = []
            if "stale-cache" in kinds:
                self._make_stale(app_id)
            held = self.cache.current(app_id)
            if held is not None:
                broken = self.cache.check(held)
                if broken is not None:
                    notes.append(f"stale cache: {broken}")
                    self.cache.fall_back(app_id)
            if "expired" in kinds and self.cache.current(app_id) is not None:
                self.cache.set_expiry(app_id, self.device.platform.clock.now() - 1)
            fetcher = _FaultyFetcher(self.store, self.device, faults)
            if "expired" in kinds:
                result = UpdateResult(
                    self.cache.current(app_id),
                    "update check failed: platform unreachable",
                    ok=False,
                )
            else:
                result = self.cache.update(
                    app_id, fetcher, corp_id=self.device.corp_id, userid=self.device.user.userid
                )
            installed = result.installed
            reason = "; ".join([*notes, result.reason])
            if installed is not None and self.cache.expired(installed):
                reason = f"package expired ({reason})"
                installed = None
            state.installed = installed
            state.reason = reason
            state.last_update = result
            state.status = PackageStatus.ENABLE if installed else PackageStatus.DISABLE
            return state

    def _make_stale(self, app_id: str) -> None:
        held = self.cache.current(app_id)
        if held is None or not held.entries:
            return
        name = sorted(held.entries)[0]
        path = held.files.joinpath(*name.split("/"))
        path.unlink(missing_ok=True)
        path.write_bytes(b"/* left over from another version */")

    def close(self, app_id: str) -> None:
        """Stop using ``app_id``'s package on this device (its files stay)."""
        with self._lock:
            self.apps.pop(app_id, None)

    def status(self, app_id: str) -> AppState:
        """The state of ``app_id`` on this device (``disable`` if never opened).

        It does not wait for an open in progress: meanwhile it is ``prepare``.
        """
        state = self.apps.get(app_id)  # open() replaces the dict whole: a safe read
        if state is None:
            return AppState(reason=f"{app_id} was not opened with {APP_ID_PARAM}")
        installed = state.installed
        if installed is not None and self.cache.expired(installed):
            return AppState(PackageStatus.DISABLE, None, "package expired", state.last_update)
        return state

    def resolve(self, url: str) -> tuple[Path | None, Served]:
        """Answer ``url`` from an open package, or say why it goes online.

        Returns:
            The file to serve (None: go online) and the record of the decision,
            also appended to :attr:`requests`.
        """
        with self._lock:
            served: Served | None = None
            path: Path | None = None
            for app_id, state in self.apps.items():
                installed = state.installed
                if installed is None:
                    served = served or Served(
                        url,
                        self.device.name,
                        app_id,
                        reason=_short(state.reason),
                        detail=state.reason,
                    )
                    continue
                if self.cache.expired(installed):
                    served = served or Served(
                        url, self.device.name, app_id, reason="package expired"
                    )
                    continue
                path = self.cache.lookup(installed, url)
                if path is not None:
                    served = Served(url, self.device.name, app_id, installed.version)
                    break
                served = served or Served(url, self.device.name, app_id, reason="not in package")
            if served is None:
                served = Served(url, self.device.name, reason="no offline package open")
            self.requests.append(served)
            return path, served

    def answers(self, url: str) -> bool:
        """Whether an open package answers ``url`` (nothing is recorded)."""
        with self._lock:
            for state in self.apps.values():
                installed = state.installed
                if installed is not None and not self.cache.expired(installed):
                    if self.cache.lookup(installed, url) is not None:
                        return True
            return False

    def loopback_path(self, url: str) -> str | None:
        """The app server's path that answers the https ``url`` for this device, if any.

        ``/__ddemu__/offline/<device>/<host[@port]>/<path>?<query>``: where the
        desktop window sends a request an open package answers, or a page
        opened with ``dd_mini_app_id`` (the server opens the app first).
        """
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            return None
        host = parts.hostname + (f"@{parts.port}" if parts.port not in (None, 443) else "")
        path = f"{OFFLINE_PREFIX}/{quote(self.device.name, safe='')}/{host}{parts.path or '/'}"
        return path + (f"?{parts.query}" if parts.query else "")

    def clear(self) -> None:
        """Forget opened apps, records, faults and every installed package."""
        with self._lock:
            for app_id in list(self.apps):
                self.cache.drop(app_id)
            if self.cache.root.exists():
                for child in self.cache.root.iterdir():
                    self.cache.drop(child.name)
            self.apps.clear()
            self.requests.clear()
            self._faults.clear()


class Offline:
    """The emulator's offline packages: ``emu.offline``; one :class:`DeviceOffline` per device."""

    def __init__(self, emulator: Emulator) -> None:
        self._emulator = emulator

    def device(self, name: str | None = None) -> DeviceOffline:
        """The offline packages of device ``name`` (the default device).

        Raises:
            ConfigError: For an unknown device.
        """
        if name is None:
            return self._emulator.device.offline
        found = self._emulator.devices.get(name)
        if found is None:
            raise ConfigError(f"no device named {name!r}")
        return found.offline

    @property
    def requests(self) -> list[Served]:
        """Every request answered on any device, device by device."""
        return [s for d in self._emulator.devices.values() for s in d.offline.requests]

    def source(self, url: str, device: str | None = None) -> str:
        """Where the last request for ``url`` came from.

        ``"package app 0.0.3 (<miniAppId>)"``, or ``"online: <reason>"``.

        Raises:
            LookupError: If no such request was made.
        """
        for served in reversed(self.device(device).requests):
            if served.url == url:
                return str(served)
        raise LookupError(f"no request for {url} was made on the device")

    def open(self, app_id: str, device: str | None = None) -> AppState:
        """Open ``app_id`` on a device as a page with ``dd_mini_app_id`` does."""
        return self.device(device).open(app_id)

    def status(self, app_id: str, device: str | None = None) -> AppState:
        return self.device(device).status(app_id)

    def inject(
        self, kind: str, *, app_id: str | None = None, device: str | None = None, times: int = 1
    ) -> None:
        """Queue a fault (:data:`FAULTS`) for the next opens on a device."""
        self.device(device).inject(kind, app_id=app_id, times=times)

    def window_redirect(self, device: str | None = None) -> Callable[[str, bool], str | None]:
        """A request redirector for :func:`emulator.window.open_window`'s ``redirect``.

        It sends to the app server (:mod:`emulator.server.offline`) a page
        opened with ``dd_mini_app_id`` and every https request an open package
        of the device answers; it leaves the others alone (online). Pages
        redirected so run on the loopback origin; the window keeps their https
        origin with :class:`emulator.packageproxy.PackageProxy` instead.
        """
        offline = self.device(device)
        root = self._emulator.url.rstrip("/")

        def redirect(url: str, document: bool) -> str | None:
            if not url.startswith("https://"):
                return None
            if (document and app_id_of(url)) or offline.answers(url):
                path = offline.loopback_path(url)
                return root + path if path else None
            return None

        return redirect

    def answer(
        self, url: str, *, document: bool, method: str = "GET", device: str | None = None
    ) -> tuple[bytes, str] | None:
        """The body and content type a device's open packages answer ``url`` with, or None.

        What the container does with each https request (:meth:`route` in
        Playwright, :mod:`emulator.packageproxy` in the desktop window): a
        ``document`` with ``dd_mini_app_id`` opens that app first, and its
        origin may then open the bridge; an entry of an open package answers a
        GET or HEAD; None means the request goes online. The decision is
        recorded in the device's :attr:`DeviceOffline.requests` while an app is open.
        """
        offline = self.device(device)
        app_id = app_id_of(url) if document else None
        if app_id is not None:
            state = offline.open(app_id)
            if state.installed is not None:
                self._emulator.allow_origin(_origin(url))
        if not offline.apps:
            return None
        path, _ = offline.resolve(url)
        body = _read(path) if method in ("GET", "HEAD") else None
        if path is None or body is None:
            return None
        return body, content_type(path.name)

    def reset(self) -> None:
        """Forget every device's packages, records and faults."""
        for device in self._emulator.devices.values():
            device.offline.clear()

    def route(self, context: Any, device: str | None = None) -> None:
        """Serve a Playwright browser context's https requests as the device's container does.

        A document request with ``dd_mini_app_id`` opens that app's package
        first. A request an open package answers is fulfilled from it, with
        its content type and CORS headers; any other falls back to the
        context's earlier routes, or the network.
        """
        self.device(device)  # an unknown device fails here, not on each request

        def handle(route: Any) -> None:
            request = route.request
            found = self.answer(
                request.url,
                document=request.resource_type == "document",
                method=request.method,
                device=device,
            )
            if found is None:
                route.fallback()
                return
            body, kind = found
            route.fulfill(status=200, headers={**CORS_HEADERS, "Content-Type": kind}, body=body)

        # The page's https origin opens the bridge on loopback: Chromium asks
        # for the local-network-access permission first.
        try:
            context.grant_permissions(["local-network-access"])
        except Exception:  # an older Playwright or browser without it
            logger.debug("local-network-access cannot be granted", exc_info=True)
        context.route("https://**/*", handle)


def _read(path: Path | None) -> bytes | None:
    """The file's bytes, or None if there is none (gone from a stale cache)."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        logger.warning("offline package file %s is gone: going online", path)
        return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"

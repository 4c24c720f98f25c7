"""The device's side: fetch a released package, verify it, install it atomically, look URLs up.

A :class:`PackageCache` is one device's folder of installed packages::

    ROOT/<miniAppId>/state.json         {"current": DIR, "previous": DIR, "expiresAt": ms, ...}
    ROOT/<miniAppId>/<DIR>/meta.json    version, sha256, each entry's sha256, manifest
    ROOT/<miniAppId>/<DIR>/files/<host[@port]>/<path>

:meth:`PackageCache.update` asks a :class:`ReleaseFetcher` which version the device's
user gets, and installs it when it is not the one held: into a temporary
folder, verified, then renamed, and only then named in ``state.json`` (one
atomic replace). Whatever fails on the way, the folder and the state are as
they were: the previous version, or nothing. The version before the current
one is kept, so the device can fall back to it.

With a version already held, only the entries whose sha256 changed are
downloaded, against the release's signed index (ddemu's addition); without
one, the whole package, checked against its signature before it is unpacked.
"""

from __future__ import annotations

import enum
import hashlib
import json
import mimetypes
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bridge.errors import OfflinePackageError

from .extract import extract_package
from .manifest import MANIFEST_NAME, Manifest, url_to_entry
from .sign import PackageSignature, verify_signature
from .store import Release, StoreError

__all__ = [
    "DEFAULT_LIFETIME",
    "ReleaseFetcher",
    "Installed",
    "PackageCache",
    "PackageStatus",
    "UpdateResult",
    "content_type",
]

#: Seconds a package stays usable after it was installed or last confirmed.
DEFAULT_LIFETIME = 7 * 24 * 3600.0


class PackageStatus(enum.Enum):
    """What ``biz.resource.getInfo`` answers."""

    PREPARE = "prepare"  # a package exists but is not usable yet (downloading)
    ENABLE = "enable"  # in effect
    DISABLE = "disable"  # no package: invalid id, expired, closed, failed


class ReleaseFetcher(Protocol):
    """Where a device gets packages: the platform's store, or a test's stand-in."""

    def release(self, app_id: str, *, corp_id: str, userid: str) -> Release:
        """The version this user gets; raises :class:`~offline_packages.store.StoreError`."""
        ...

    def download(self, release: Release, what: str) -> bytes:
        """Bytes of ``package``, ``package.sig``, ``index``, ``index.sig`` or ``entry:<name>``."""
        ...


@dataclass(frozen=True)
class Installed:
    """A version installed on the device.

    Attributes:
        app_id: The ``miniAppId``.
        version: ``"0.0.3"``.
        folder: The version's folder; its files are under ``folder / "files"``.
        entries: Each entry's sha256, by name.
        manifest: Its ``localresource.json``.
        expires_at: Seconds since the epoch after which it is not used.
        gray: Whether it came through a gray release.
        stats: Each file's size and mtime (ns) as installed, for a quick check.
    """

    app_id: str
    version: str
    folder: Path
    entries: dict[str, str]
    manifest: Manifest
    expires_at: float
    gray: bool = False
    stats: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def files(self) -> Path:
        return self.folder / "files"

    def detail(self) -> dict[str, Any]:
        """``biz.resource.getInfo``'s ``detail``: version, id, expiry (ms), and ``bizData``."""
        return {
            "version": self.version,
            "id": self.app_id,
            "expireTimestamp": int(self.expires_at * 1000),
            "bizData": dict(self.manifest.biz_data),
        }


@dataclass
class UpdateResult:
    """What an update check did.

    Attributes:
        installed: The version in effect afterwards, or None (online).
        reason: Why, in words: ``"installed 0.0.3"``, ``"signature mismatch: ..."``.
        ok: Whether the check reached the wanted state (False when it fell back).
        downloaded: Bytes downloaded.
        changed: Bytes of the entries that differ from the version held before.
    """

    installed: Installed | None
    reason: str
    ok: bool = True
    downloaded: int = 0
    changed: int = 0


def content_type(name: str) -> str:
    """The MIME type to serve an entry with, from its extension."""
    guessed, _ = mimetypes.guess_type(name.rpartition("/")[2] or name)
    kind = guessed or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind


class _Failure(Exception):
    """An install failed; its text is the reason the device reports."""


class PackageCache:
    """One device's installed packages, in ``root``.

    Args:
        root: The folder (created when first written).
        public_key: The publisher's key; packages that do not verify with it
            are refused.
        clock: Seconds since the epoch (the emulator's virtual clock).
        lifetime: Seconds a package stays usable after install or confirmation.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        public_key: Ed25519PublicKey,
        *,
        clock: Callable[[], float] = time.time,
        lifetime: float = DEFAULT_LIFETIME,
    ) -> None:
        self.root = Path(root)
        self.public_key = public_key
        self.clock = clock
        self.lifetime = lifetime
        self._lock = threading.RLock()

    # -- state ----------------------------------------------------------------

    def _app_folder(self, app_id: str) -> Path:
        if not app_id or "/" in app_id or "\\" in app_id or app_id in (".", ".."):
            raise OfflinePackageError(f"invalid miniAppId {app_id!r}")
        return self.root / app_id

    def _state(self, app_id: str) -> dict[str, Any]:
        path = self._app_folder(app_id) / "state.json"
        try:
            state: dict[str, Any] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return state

    def _save(self, app_id: str, state: dict[str, Any]) -> None:
        folder = self._app_folder(app_id)
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".state.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(state, out)
            os.replace(temp, folder / "state.json")
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def _load(self, app_id: str, name: str | None, expires_at: float) -> Installed | None:
        if not name:
            return None
        folder = self._app_folder(app_id) / name
        try:
            meta = json.loads((folder / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return Installed(
            app_id,
            meta["version"],
            folder,
            {k: v["sha256"] for k, v in meta["entries"].items()},
            Manifest.from_json(meta["manifest"]),
            expires_at,
            bool(meta.get("gray")),
            {k: (v[0], v[1]) for k, v in meta.get("stats", {}).items()},
        )

    def current(self, app_id: str) -> Installed | None:
        """The version in effect (expired or not), or None."""
        with self._lock:
            state = self._state(app_id)
            return self._load(app_id, state.get("current"), state.get("expiresAt", 0) / 1000)

    def previous(self, app_id: str) -> Installed | None:
        """The version held before the current one, or None."""
        with self._lock:
            state = self._state(app_id)
            return self._load(app_id, state.get("previous"), state.get("expiresAt", 0) / 1000)

    def expired(self, installed: Installed) -> bool:
        return self.clock() >= installed.expires_at

    def set_expiry(self, app_id: str, expires_at: float) -> None:
        """Move the current version's expiry (e.g. into the past, to test expiry)."""
        with self._lock:
            state = self._state(app_id)
            state["expiresAt"] = int(expires_at * 1000)
            self._save(app_id, state)

    def drop(self, app_id: str) -> None:
        """Forget every version of ``app_id`` (its folder is removed)."""
        with self._lock:
            shutil.rmtree(self._app_folder(app_id), ignore_errors=True)

    def fall_back(self, app_id: str) -> Installed | None:
        """Make the previous version current (the current one is dropped); returns it."""
        with self._lock:
            state = self._state(app_id)
            if not state.get("previous"):
                self.drop(app_id)
                return None
            broken = state.get("current")
            state["current"], state["previous"] = state["previous"], None
            self._save(app_id, state)
            if broken:
                shutil.rmtree(self._app_folder(app_id) / broken, ignore_errors=True)
            return self.current(app_id)

    def check(self, installed: Installed, *, deep: bool = False) -> str | None:
        """Compare the installed files with what was installed; the first difference, if any.

        By default each file's size and mtime are compared with those recorded
        at install (cheap, done on every open); ``deep`` hashes every file
        against its sha256.
        """
        for name, digest in installed.entries.items():
            path = installed.files.joinpath(*name.split("/"))
            recorded = installed.stats.get(name)
            try:
                if recorded is not None and not deep:
                    stat = path.stat()
                    same = (stat.st_size, stat.st_mtime_ns) == recorded
                else:
                    same = hashlib.sha256(path.read_bytes()).hexdigest() == digest
            except OSError:
                return f"{name} is missing from the cache"
            if not same:
                return f"{name} in the cache differs from version {installed.version}"
        return None

    # -- update ---------------------------------------------------------------

    def update(
        self, app_id: str, fetcher: ReleaseFetcher, *, corp_id: str, userid: str
    ) -> UpdateResult:
        """Check for the version this user gets and install it if it is not held.

        Never raises for a failed download or a bad package: the result says
        what happened, and the cache keeps what it held (the previous version).
        A closed or unpublished app is dropped: the device goes online.
        """
        with self._lock:
            held = self.current(app_id)
            try:
                release = fetcher.release(app_id, corp_id=corp_id, userid=userid)
            except StoreError as exc:
                if exc.status == 404:
                    self.drop(app_id)
                    return UpdateResult(None, exc.message, ok=True)
                return self._keep(held, f"update check failed: {exc.message}")
            except (OSError, OfflinePackageError) as exc:
                return self._keep(held, f"update check failed: {exc}")
            if held is not None and held.version == release.version:
                state = self._state(app_id)
                if state.get("sha256") == release.sha256:
                    renewed = int((self.clock() + self.lifetime) * 1000)
                    # Confirmed: renew the expiry, but write only when it moves
                    # noticeably (an open a second does not rewrite the state).
                    if renewed - state.get("expiresAt", 0) > min(3600, self.lifetime / 100) * 1000:
                        state["expiresAt"] = renewed
                        self._save(app_id, state)
                        held = self.current(app_id) or held
                    return UpdateResult(held, f"{held.version} is up to date")
            try:
                return self._install(release, fetcher, held)
            except _Failure as exc:
                return self._keep(held, str(exc))

    def _keep(self, held: Installed | None, reason: str) -> UpdateResult:
        if held is None:
            return UpdateResult(None, reason, ok=False)
        return UpdateResult(held, f"{reason}; kept {held.version}", ok=False)

    def _download(self, fetcher: ReleaseFetcher, release: Release, what: str) -> bytes:
        try:
            return fetcher.download(release, what)
        except (OSError, ConnectionError) as exc:
            raise _Failure(f"download failed: {exc}") from None
        except OfflinePackageError as exc:
            raise _Failure(f"download failed: {exc}") from None

    def _signature(self, fetcher: ReleaseFetcher, release: Release, what: str, data: bytes) -> None:
        try:
            signature = PackageSignature.from_json(self._download(fetcher, release, what))
            verify_signature(
                data, signature, self.public_key, app_id=release.app_id, version=release.version
            )
        except OfflinePackageError as exc:
            raise _Failure(f"signature mismatch: {exc}") from None

    def _install(
        self, release: Release, fetcher: ReleaseFetcher, held: Installed | None
    ) -> UpdateResult:
        folder = self._app_folder(release.app_id)
        folder.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=".installing-", dir=folder))
        try:
            if held is not None:
                downloaded, changed, meta = self._install_delta(release, fetcher, held, temp)
            else:
                downloaded, changed, meta = self._install_full(release, fetcher, temp)
            meta.update(version=release.version, sha256=release.sha256, gray=release.gray)
            stats = {}
            for entry in meta["entries"]:
                stat = (temp / "files").joinpath(*entry.split("/")).stat()
                stats[entry] = [stat.st_size, stat.st_mtime_ns]
            meta["stats"] = stats
            (temp / "meta.json").write_text(json.dumps(meta), "utf-8")
            name = f"{release.version}-{secrets.token_hex(3)}"
            os.replace(temp, folder / name)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        state = self._state(release.app_id)
        keep = {name, state.get("current")}
        new_state = {
            "current": name,
            "previous": state.get("current"),
            "sha256": release.sha256,
            "expiresAt": int((self.clock() + self.lifetime) * 1000),
            "installedAt": int(self.clock() * 1000),
        }
        self._save(release.app_id, new_state)
        for child in folder.iterdir():  # versions before the previous one, and leftovers
            if child.is_dir() and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)
        installed = self.current(release.app_id)
        how = "the changed entries" if held is not None else "the package"
        return UpdateResult(
            installed,
            f"installed {release.version} ({how}: {downloaded} bytes)",
            downloaded=downloaded,
            changed=changed,
        )

    def _install_full(
        self, release: Release, fetcher: ReleaseFetcher, temp: Path
    ) -> tuple[int, int, dict[str, Any]]:
        data = self._download(fetcher, release, "package")
        if len(data) < release.size:
            raise _Failure(f"download truncated: {len(data)} of {release.size} bytes")
        self._signature(fetcher, release, "package.sig", data)
        archive = temp / "package.zip"
        archive.write_bytes(data)
        try:
            extract_package(archive, temp / "files")
        except OfflinePackageError as exc:
            raise _Failure(f"corrupt package: {exc}") from None
        finally:
            archive.unlink(missing_ok=True)
        manifest_path = temp / "files" / MANIFEST_NAME
        manifest = manifest_path.read_text("utf-8") if manifest_path.exists() else "{}"
        manifest_path.unlink(missing_ok=True)
        entries: dict[str, dict[str, Any]] = {}
        total = 0
        for path in sorted((temp / "files").rglob("*")):
            if path.is_file():
                body = path.read_bytes()
                total += len(body)
                name = path.relative_to(temp / "files").as_posix()
                entries[name] = {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
        return len(data), total, {"entries": entries, "manifest": manifest}

    def _install_delta(
        self, release: Release, fetcher: ReleaseFetcher, held: Installed, temp: Path
    ) -> tuple[int, int, dict[str, Any]]:
        raw = self._download(fetcher, release, "index")
        self._signature(fetcher, release, "index.sig", raw)
        downloaded = len(raw)
        try:
            index = json.loads(raw)
            wanted: dict[str, dict[str, Any]] = index["entries"]
            Manifest.from_json(index["manifest"])
        except (ValueError, KeyError, TypeError, OfflinePackageError) as exc:
            raise _Failure(f"corrupt package index: {exc}") from None
        changed = 0
        for name, info in wanted.items():
            target = temp / "files" / name
            if not _inside(temp / "files", target) or name == MANIFEST_NAME:
                raise _Failure(f"corrupt package index: unsafe entry {name!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            if held.entries.get(name) == info["sha256"]:
                source = held.files / name
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
                continue
            body = self._download(fetcher, release, f"entry:{name}")
            downloaded += len(body)
            changed += len(body)
            if hashlib.sha256(body).hexdigest() != info["sha256"]:
                raise _Failure(f"signature mismatch: {name} differs from the signed index")
            target.write_bytes(body)
        return downloaded, changed, {"entries": wanted, "manifest": index["manifest"]}

    # -- serving --------------------------------------------------------------

    def lookup(self, installed: Installed, url: str) -> Path | None:
        """The file that answers ``url`` (query ignored) in ``installed``, if any.

        The file may have gone since (a stale cache): reading it then fails,
        and :meth:`check` says so.

        A ``globMappingRules`` pair whose pattern is the URL (without query)
        rewrites it to its target first.
        """
        bare = url.split("#", 1)[0].split("?", 1)[0]
        for pattern, target in installed.manifest.glob_mapping_rules:
            if bare == pattern:
                url = target
                break
        try:
            name = url_to_entry(url)
        except OfflinePackageError:
            return None
        if name not in installed.entries:
            return None
        # Names were checked when the version was installed (extract_package,
        # or the index's names against the folder): no resolving per request.
        return installed.files.joinpath(*name.split("/"))


def _inside(root: Path, path: Path) -> bool:
    return os.path.commonpath([root.resolve(), path.resolve()]) == str(root.resolve())

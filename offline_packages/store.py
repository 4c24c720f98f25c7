"""The publisher's side: every app's uploaded packages, built versions and release state, on disk.

The mock open platform keeps one :class:`PackageStore`. What the publish API
(``/v1.0/package/...``) does maps onto its methods: an upload is stored as an
object (:meth:`PackageStore.put_object`), ``asyncUpload`` builds it into the
next version (:meth:`PackageStore.build`), ``publish`` releases a version to
everyone, a gray release targets a percentage of users, corps or users, and
``close`` switches packages off for the app.

Each built version gets ddemu's integrity layer beside the zip (never inside
it): the package's sha256 and Ed25519 signature (:mod:`.sign`), and a signed
index of its entries' sha256, so a device holding the previous version can
fetch only the entries that changed. Layout::

    ROOT/objects/<object key>                  uploads, as the storage holds them
    ROOT/apps/<miniAppId>/state.json           owner, versions, tasks, release state
    ROOT/apps/<miniAppId>/<version>/package.zip
    ROOT/apps/<miniAppId>/<version>/package.zip.sig
    ROOT/apps/<miniAppId>/<version>/index.json (+ index.json.sig)

Every file is written to a temporary name and renamed into place, so a crash
never leaves a half-written version or state.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bridge.errors import OfflinePackageError

from .manifest import MANIFEST_NAME, load_package
from .sign import generate_private_key, sign_package
from .verify import verify_package

__all__ = [
    "BuildStatus",
    "PackageStore",
    "Release",
    "StoreError",
    "UploadCredentials",
    "gray_bucket",
    "index_of",
]

_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class BuildStatus:
    """Status codes of a build task, as the official CLI (``OpenSDK``) reads them."""

    PACKING = "0"
    SUCCESS = "1"
    FAILED = "2"
    TIMEOUT = "5"


class StoreError(OfflinePackageError):
    """A publish request the store refuses; ``code`` is the API's error code.

    Attributes:
        status: The HTTP status the new host answers with.
        code: The error code (``invalidParameter.version`` ...).
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Release:
    """One built version as a device fetches it.

    Attributes:
        app_id: The ``miniAppId``.
        version: ``"0.0.3"``.
        sha256: Of the package file.
        size: Bytes of the package file.
        folder: Where the version's files are.
        gray: Whether the device gets it through a gray release.
    """

    app_id: str
    version: str
    sha256: str
    size: int
    folder: Path
    gray: bool = False

    @property
    def package(self) -> Path:
        return self.folder / "package.zip"

    @property
    def signature(self) -> Path:
        return self.folder / "package.zip.sig"

    @property
    def index(self) -> Path:
        return self.folder / "index.json"

    @property
    def index_signature(self) -> Path:
        return self.folder / "index.json.sig"

    def read(self, what: str) -> bytes:
        """Bytes of ``package``, ``package.sig``, ``index``, ``index.sig`` or ``entry:<name>``."""
        files = {
            "package": self.package,
            "package.sig": self.signature,
            "index": self.index,
            "index.sig": self.index_signature,
        }
        if what in files:
            return files[what].read_bytes()
        if what.startswith("entry:"):
            with load_package(self.package) as package:
                name = what[len("entry:") :]
                if name == MANIFEST_NAME:
                    manifest: str = json.loads(self.index.read_text("utf-8"))["manifest"]
                    return manifest.encode()
                try:
                    return package.read(name)
                except KeyError:
                    raise OfflinePackageError(f"{self.version} has no entry {name!r}") from None
        raise ValueError(f"nothing called {what!r} in a release")


@dataclass(frozen=True)
class UploadCredentials:
    """Temporary storage credentials for one upload (an STS token, as OSS issues them).

    Attributes:
        access_key_id: ``STS.…``.
        secret: The key the upload's request is signed with.
        sts_token: Sent back as ``x-oss-security-token``.
        key: The one object key they allow writing.
        expires_at: Seconds since the epoch.
    """

    access_key_id: str
    secret: str
    sts_token: str
    key: str
    expires_at: float


def gray_bucket(app_id: str, corp_id: str, userid: str) -> float:
    """Where a user falls in ``[0, 100)`` for a percentage gray release, stable per app."""
    digest = hashlib.sha256(f"{app_id}\n{corp_id}\n{userid}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10000 / 100


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class PackageStore:
    """Every app's packages and release state, kept in ``root``.

    Args:
        root: A folder (created if missing); what it holds is read back, so a
            store survives restarts.
        private_key: The key versions are signed with (default: a new one);
            devices verify with :attr:`public_key`.
        clock: Seconds since the epoch (the platform's virtual clock).
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        private_key: Ed25519PrivateKey | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.private_key = private_key or generate_private_key()
        self.clock = clock
        self._lock = threading.RLock()
        self._credentials: dict[str, UploadCredentials] = {}
        self._polls: dict[str, int] = {}
        #: How many ``uploadStatus`` polls of a build answer "0" (packing) before
        #: its result, as the real server's asynchronous build does; the
        #: official CLI waits 10 s after each.
        self.build_polls = 0

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The key devices check signatures with."""
        return self.private_key.public_key()

    # -- state --------------------------------------------------------------

    def _folder(self, app_id: str) -> Path:
        if not _SAFE_ID.match(app_id):
            raise StoreError(400, "invalidParameter.miniAppId", f"不合法的miniAppId: {app_id!r}")
        return self.root / "apps" / app_id

    def _state(self, app_id: str) -> dict[str, Any]:
        path = self._folder(app_id) / "state.json"
        if not path.exists():
            raise StoreError(404, "invalidParameter.miniAppId", f"离线包不存在: {app_id}")
        state: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return state

    def _save(self, app_id: str, state: dict[str, Any]) -> None:
        text = json.dumps(state, ensure_ascii=False, indent=1)
        _atomic_write(self._folder(app_id) / "state.json", text.encode())

    def apps(self) -> list[str]:
        """The ``miniAppId`` of every app the store knows."""
        folder = self.root / "apps"
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []

    def state(self, app_id: str) -> dict[str, Any]:
        """A copy of an app's state (owner, versions, tasks, release).

        Raises:
            StoreError: 404 for an unknown app.
        """
        with self._lock:
            return self._state(app_id)

    def register(self, app_id: str, owner: str, *, agent_id: int | None = None) -> None:
        """Make ``app_id`` an offline package of the app ``owner`` (an ``appKey``).

        Idempotent for the same owner.

        Raises:
            StoreError: 403 if another app owns it.
        """
        with self._lock:
            try:
                state = self._state(app_id)
            except StoreError as exc:
                if exc.status != 404:
                    raise
                state = {
                    "miniAppId": app_id,
                    "owner": owner,
                    "agentId": agent_id,
                    "nextVersion": 1,
                    "versions": [],
                    "tasks": {},
                    "published": None,
                    "closed": False,
                    "gray": None,
                }
                self._save(app_id, state)
                return
            if state["owner"] != owner:
                raise StoreError(403, "Forbidden.AccessDenied", f"无权操作离线包 {app_id}")

    def check_owner(self, app_id: str, owner: str) -> None:
        """Raise unless ``owner`` owns ``app_id``.

        Raises:
            StoreError: 404 for an unknown app, 403 for another owner's.
        """
        with self._lock:
            if self._state(app_id)["owner"] != owner:
                raise StoreError(403, "Forbidden.AccessDenied", f"无权操作离线包 {app_id}")

    def app_for_agent(self, agent_id: int) -> str | None:
        """The ``miniAppId`` opened for an agent, if any."""
        for app_id in self.apps():
            if self.state(app_id).get("agentId") == agent_id:
                return app_id
        return None

    # -- uploads and builds -------------------------------------------------

    def new_object_key(self, app_id: str) -> str:
        """A fresh storage key for an upload, ``<miniAppId>/<milliseconds>``."""
        return f"{app_id}/{int(self.clock() * 1000)}{secrets.randbelow(1000):03d}"

    def _object_path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") or "\\" in p for p in parts):
            raise StoreError(400, "InvalidObjectName", f"invalid object key {key!r}")
        return self.root.joinpath("objects", *parts)

    def issue_upload(self, app_id: str, lifetime: float) -> UploadCredentials:
        """Credentials to upload one package of ``app_id``, valid for ``lifetime`` seconds."""
        creds = UploadCredentials(
            "STS." + secrets.token_urlsafe(18),
            secrets.token_urlsafe(24),
            secrets.token_urlsafe(48),
            self.new_object_key(app_id),
            self.clock() + lifetime,
        )
        with self._lock:
            self._credentials[creds.access_key_id] = creds
        return creds

    def upload_credentials(self, access_key_id: str) -> UploadCredentials | None:
        """The credentials issued under ``access_key_id``, expired or not."""
        with self._lock:
            return self._credentials.get(access_key_id)

    def set_agent(self, app_id: str, agent_id: int) -> None:
        """Record the agent (internal app) ``app_id`` was opened for."""

        def change(state: dict[str, Any]) -> None:
            state["agentId"] = agent_id

        self._update(app_id, change)

    def clear(self) -> None:
        """Forget every app, upload and credential."""
        with self._lock:
            self._credentials.clear()
            self._polls.clear()
            for name in ("apps", "objects"):
                shutil.rmtree(self.root / name, ignore_errors=True)

    def put_object(self, key: str, data: bytes) -> str:
        """Store an upload under ``key``, atomically; returns its ETag (the MD5, quoted)."""
        _atomic_write(self._object_path(key), data)
        return '"' + hashlib.md5(data, usedforsecurity=False).hexdigest().upper() + '"'

    def has_object(self, key: str) -> bool:
        return self._object_path(key).is_file()

    def build(self, app_id: str, object_key: str, *, creator: str = "") -> str:
        """Build an uploaded package into the app's next version; returns the task id.

        The package is verified (structure, hostile content); a package with
        errors ends as a failed task and gets no version. A good one becomes
        ``0.0.N`` (N counts the app's good builds), signed.

        Raises:
            StoreError: 404 for an unknown app, 400 for an unknown object.
        """
        with self._lock:
            state = self._state(app_id)
            source = self._object_path(object_key)
            if not source.is_file():
                raise StoreError(400, "invalidParameter.ossObjectKey", f"对象不存在: {object_key}")
            task_id = f"{int(self.clock() * 1000)}{secrets.token_urlsafe(3)}"
            started = time.perf_counter()
            task: dict[str, Any] = {"taskId": task_id, "finished": True, "creator": creator}
            size = source.stat().st_size
            try:
                report = verify_package(source)
                error = None if report.ok else str(report.errors[0])
            except OfflinePackageError as exc:
                error = str(exc)
            if error is not None:
                task.update(status=BuildStatus.FAILED, error=error)
            else:
                version = f"0.0.{state['nextVersion']}"
                state["nextVersion"] += 1
                self._write_version(app_id, version, source)
                task.update(status=BuildStatus.SUCCESS, version=version)
                state["versions"].append(
                    {
                        "version": version,
                        "taskId": task_id,
                        "status": BuildStatus.SUCCESS,
                        "finished": True,
                        "operationTime": int(self.clock() * 1000),
                        "creator": creator,
                        "packageSize": size,
                    }
                )
            task.update(buildTime=round((time.perf_counter() - started) * 1000), packageSize=size)
            state["tasks"][task_id] = task
            self._save(app_id, state)
            return task_id

    def _write_version(self, app_id: str, version: str, source: Path) -> None:
        folder = self._folder(app_id) / version
        temp = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=self._folder(app_id)))
        try:
            data = source.read_bytes()
            (temp / "package.zip").write_bytes(data)
            sign_package(data, app_id=app_id, version=version, private_key=self.private_key).write(
                temp / "package.zip.sig"
            )
            index = json.dumps(
                index_of(temp / "package.zip", app_id, version), separators=(",", ":")
            ).encode()
            (temp / "index.json").write_bytes(index)
            sign_package(index, app_id=app_id, version=version, private_key=self.private_key).write(
                temp / "index.json.sig"
            )
            os.replace(temp, folder)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise

    def deploy(
        self, app_id: str, package: str | os.PathLike[str], *, owner: str, publish: bool = True
    ) -> str:
        """Upload, build and (unless ``publish`` is false) release a package file at once.

        What ``h5package packAndDeploy`` does through the API, for tests and demos.

        Returns:
            The version assigned.

        Raises:
            StoreError: 403 for another owner's id; 400 if the package fails to build.
        """
        self.register(app_id, owner)
        key = self.new_object_key(app_id)
        self.put_object(key, Path(package).read_bytes())
        task = self.task(app_id, self.build(app_id, key, creator=owner))
        if task["status"] != BuildStatus.SUCCESS:
            raise StoreError(400, "package.buildFailed", f"构建失败: {task.get('error', '')}")
        version: str = task["version"]
        if publish:
            self.publish(app_id, version)
        return version

    def poll(self, app_id: str, task_id: str) -> dict[str, Any]:
        """A build task as ``uploadStatus`` reports it: "packing" for the first
        :attr:`build_polls` polls of each task, then :meth:`task`.

        Raises:
            StoreError: 404 for an unknown app or task.
        """
        task = self.task(app_id, task_id)
        with self._lock:
            seen = self._polls.get(task_id, 0)
            self._polls[task_id] = seen + 1
        if seen < self.build_polls:
            return {"status": BuildStatus.PACKING, "taskId": task_id, "finished": False}
        return task

    def task(self, app_id: str, task_id: str) -> dict[str, Any]:
        """A build task: ``{taskId, status, finished, version?, buildTime, packageSize}``.

        Raises:
            StoreError: 404 for an unknown app or task.
        """
        with self._lock:
            task = self._state(app_id)["tasks"].get(task_id)
        if task is None:
            raise StoreError(404, "invalidParameter.taskId", f"任务不存在: {task_id}")
        return dict(task)

    # -- release ------------------------------------------------------------

    def _version(self, state: dict[str, Any], version: str) -> dict[str, Any]:
        for entry in state["versions"]:
            if entry["version"] == version:
                return dict(entry)
        raise StoreError(400, "invalidParameter.version", f"版本不存在: {version}")

    def versions(self, app_id: str) -> list[dict[str, Any]]:
        """Every built version, newest first, with ``avaliable`` (sic) 1 for the released one."""
        with self._lock:
            state = self._state(app_id)
        released = state["published"]
        return [
            {**entry, "avaliable": int(entry["version"] == released and not state["closed"])}
            for entry in reversed(state["versions"])
        ]

    def _update(self, app_id: str, change: Callable[[dict[str, Any]], None]) -> None:
        with self._lock:
            state = self._state(app_id)
            change(state)
            self._save(app_id, state)

    def publish(self, app_id: str, version: str) -> None:
        """Release ``version`` to every user; ends a gray release of it; reopens a closed app."""

        def change(state: dict[str, Any]) -> None:
            self._version(state, version)
            state["published"] = version
            state["closed"] = False
            if state["gray"] and state["gray"]["version"] == version:
                state["gray"] = None

        self._update(app_id, change)

    def gray_deploy(self, app_id: str, version: str) -> None:
        """Start a gray release of ``version`` (reaching nobody until targets are set)."""

        def change(state: dict[str, Any]) -> None:
            self._version(state, version)
            state["gray"] = {"version": version, "percent": 0.0, "orgs": [], "users": []}

        self._update(app_id, change)

    def gray_exit(self, app_id: str, version: str) -> None:
        """End the gray release of ``version``."""

        def change(state: dict[str, Any]) -> None:
            self._gray(state, version)
            state["gray"] = None

        self._update(app_id, change)

    def _gray(self, state: dict[str, Any], version: str) -> dict[str, Any]:
        self._version(state, version)
        gray = state["gray"]
        if gray is None or gray["version"] != version:
            raise StoreError(400, "invalidParameter.version", f"版本 {version} 不在灰度中")
        return dict(gray)

    def gray(self, app_id: str, version: str) -> dict[str, Any]:
        """The gray targets of ``version``: ``{version, percent, orgs, users}``.

        Raises:
            StoreError: 400 if that version is not in a gray release.
        """
        with self._lock:
            return self._gray(self._state(app_id), version)

    def set_gray(self, app_id: str, version: str, field: str, value: Any) -> None:
        """Set the gray release's ``percent`` (0.01 to 100), ``orgs`` (corp ids) or ``users``.

        Raises:
            StoreError: 400 for a version not in gray or a value out of range.
        """
        if field == "percent":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise StoreError(400, "invalidParameter.value", "value 必须是数字")
            if not 0 <= value <= 100:
                raise StoreError(400, "invalidParameter.value", "value 范围为 0.01~100")
            value = float(value)
        elif field in ("orgs", "users"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise StoreError(400, "invalidParameter.value", "value 必须是字符串列表")
        else:
            raise ValueError(f"no gray target {field!r}")

        def change(state: dict[str, Any]) -> None:
            self._gray(state, version)
            state["gray"][field] = value

        self._update(app_id, change)

    def close(self, app_id: str) -> None:
        """Switch the app's packages off: devices go online until a publish."""

        def change(state: dict[str, Any]) -> None:
            state["closed"] = True

        self._update(app_id, change)

    def release_for(
        self, app_id: str, *, corp_id: str, userid: str, staff_ids: tuple[str, ...] = ()
    ) -> Release:
        """The version a user of a corp gets: the gray one if targeted, else the published one.

        Args:
            app_id: The ``miniAppId``.
            corp_id: The user's corp.
            userid: The user.
            staff_ids: Other ids the gray user list may name them by (job number).

        Raises:
            StoreError: 404 when there is nothing to fetch, saying why: no such
                app, closed, or nothing released.
        """
        with self._lock:
            state = self._state(app_id)
        if state["closed"]:
            raise StoreError(404, "package.closed", f"离线包 {app_id} 已关闭")
        gray = state["gray"]
        if gray is not None and (
            corp_id in gray["orgs"]
            or any(i in gray["users"] for i in (userid, *staff_ids) if i)
            or gray_bucket(app_id, corp_id, userid) < gray["percent"]
        ):
            return self._release(state, gray["version"], gray=True)
        if state["published"] is None:
            raise StoreError(404, "package.unpublished", f"离线包 {app_id} 没有已发布的版本")
        return self._release(state, state["published"])

    def _release(self, state: dict[str, Any], version: str, *, gray: bool = False) -> Release:
        app_id = state["miniAppId"]
        entry = self._version(state, version)
        folder = self._folder(app_id) / version
        sha = json.loads((folder / "package.zip.sig").read_text("utf-8"))["sha256"]
        return Release(app_id, version, sha, entry["packageSize"], folder, gray)


def index_of(package: Path, app_id: str, version: str) -> dict[str, Any]:
    """The index of a package: each entry's sha256 and size, and the manifest's text."""
    entries: dict[str, dict[str, Any]] = {}
    with load_package(package) as loaded:
        for name, entry in sorted(loaded.entries.items()):
            data = entry.read()
            entries[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        manifest = loaded.manifest.to_json()
    return {"appId": app_id, "version": version, "manifest": manifest, "entries": entries}

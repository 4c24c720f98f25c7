"""The DingTalk offline package ("H5离线包") format: entries named after URLs, and a manifest.

A package is a ZIP of file entries named ``host[@port]/path`` (the URL without
``https://``), with one ``localresource.json`` at its root::

    n.dingtalk.com/app/index.html            <- https://n.dingtalk.com/app/index.html
    g.alicdn.com/code/lib/react.min.js       <- https://g.alicdn.com/code/lib/react.min.js
    www.example.com@8443/app/favicon.ico     <- https://www.example.com:8443/app/favicon.ico
    localresource.json                       {"bundleMode":2,"includeUrls":[...],
                                              "globMappingRules":[],"bizData":{}}

:func:`load_package` reads one (ZIP, or the tar.gz written by the official
packer up to 2.0.8) into an :class:`OfflinePackage`; :func:`write_package`
writes one as the official packer does. :func:`url_to_entry` and
:func:`entry_to_url` are the packer's ``urlToPath`` and ``pathToUrl``.

Loading is parsing only: nothing is extracted or served here (STYLE rule 19).
See docs/reference/offline-packages.md.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bridge.errors import OfflinePackageError

from .archive import DEFAULT_LIMITS, Archive, Limits, MemberKind, open_archive, unsafe_name
from .urls import parse_url

__all__ = [
    "BUNDLE_MODE",
    "MANIFEST_NAME",
    "MAX_PATH_LENGTH",
    "Entry",
    "Manifest",
    "OfflinePackage",
    "entry_to_url",
    "load_package",
    "url_to_entry",
    "write_package",
]

#: The name of the manifest at the root of every package.
MANIFEST_NAME = "localresource.json"
#: The ``bundleMode`` every version of the official packer writes (meaning undocumented).
BUNDLE_MODE = 2
#: Longest entry name the official packer writes for a local file: DingTalk's
#: build adds ``web_assets/`` and its paths stop at 100 characters.
MAX_PATH_LENGTH = 88


def url_to_entry(url: str) -> str:
    """Name the entry of ``url``, as the official packer's ``urlToPath`` does.

    ``host`` (lower case, punycode), ``@port`` when the port is not 443, then
    the percent-encoded path without its trailing slash; query and fragment
    are dropped::

        https://www.dingtalk.com/abc/                 -> www.dingtalk.com/abc
        https://www.dingtalk.com:8484/abc/index.html  -> www.dingtalk.com@8484/abc/index.html

    Raises:
        OfflinePackageError: If ``url`` is not a valid https URL.
    """
    try:
        parsed = parse_url(url)
    except ValueError as exc:
        raise OfflinePackageError(f"invalid URL {url!r}: {exc}") from None
    if parsed.scheme != "https":
        raise OfflinePackageError(f"invalid URL {url!r}: offline packages take https URLs only")
    host = parsed.host if parsed.port is None else f"{parsed.host}@{parsed.port}"
    name = host + parsed.path
    return name[:-1] if name.endswith("/") else name


def entry_to_url(name: str) -> str:
    """The URL an entry stands for, as the official packer's ``pathToUrl`` spells it.

    The first segment is the host, with ``@`` turned back into ``:``::

        www.dingtalk.com@8484/abc/index.html  -> https://www.dingtalk.com:8484/abc/index.html
    """
    host, _, path = name.partition("/")
    url = f"https://{host.replace('@', ':', 1)}/{path}"
    return url[:-1] if url.endswith("/") else url


@dataclass(frozen=True)
class Manifest:
    """The package's ``localresource.json``.

    Attributes:
        include_urls: URLs of the local files the packer added, in its order
            (external assets are in the package but not listed here).
        glob_mapping_rules: ``(pattern, target)`` URL rewrites (packer 2.0.11).
        biz_data: Free data for the app, returned by ``biz.resource.getInfo``.
        bundle_mode: Always 2 in every known version.
    """

    include_urls: tuple[str, ...] = ()
    glob_mapping_rules: tuple[tuple[str, str], ...] = ()
    biz_data: Mapping[str, Any] = field(default_factory=dict)
    bundle_mode: int = BUNDLE_MODE

    def to_json(self) -> str:
        """Serialize as the packer's ``JSON.stringify`` does: compact, keys in its order."""
        return json.dumps(
            {
                "bundleMode": self.bundle_mode,
                "includeUrls": list(self.include_urls),
                "globMappingRules": [list(rule) for rule in self.glob_mapping_rules],
                "bizData": dict(self.biz_data),
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Manifest:
        """Parse a manifest; ``globMappingRules`` and ``bizData`` may be missing (packer < 2.0.10).

        Raises:
            OfflinePackageError: If it is not JSON or a field has the wrong type.
        """
        try:
            data = json.loads(text.decode("utf-8-sig") if isinstance(text, bytes) else text)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise OfflinePackageError(f"{MANIFEST_NAME} is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise OfflinePackageError(f"{MANIFEST_NAME} must hold an object")
        mode = data.get("bundleMode", BUNDLE_MODE)
        urls = data.get("includeUrls")
        rules = data.get("globMappingRules", [])
        biz = data.get("bizData", {})
        if not isinstance(mode, int) or isinstance(mode, bool):
            raise OfflinePackageError(f"{MANIFEST_NAME}: bundleMode must be a number")
        if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
            raise OfflinePackageError(f"{MANIFEST_NAME}: includeUrls must be a list of URLs")
        if not isinstance(rules, list) or not all(
            isinstance(rule, list) and len(rule) == 2 and all(isinstance(p, str) for p in rule)
            for rule in rules
        ):
            raise OfflinePackageError(
                f"{MANIFEST_NAME}: globMappingRules must be a list of [pattern, target] pairs"
            )
        if not isinstance(biz, dict):
            raise OfflinePackageError(f"{MANIFEST_NAME}: bizData must be an object")
        return cls(tuple(urls), tuple((p, t) for p, t in rules), biz, mode)


@dataclass(frozen=True)
class Entry:
    """One file of a package.

    Attributes:
        name: ``host[@port]/path``.
        size: Its size in bytes.
    """

    name: str
    size: int
    _read: Callable[[], bytes] = field(repr=False, compare=False)

    @property
    def url(self) -> str:
        """The https URL this entry answers."""
        return entry_to_url(self.name)

    def read(self) -> bytes:
        """Return its bytes (read from the archive on demand for a ZIP).

        Raises:
            OfflinePackageError: If the archive is corrupt there.
        """
        return self._read()


@dataclass
class OfflinePackage:
    """A package as loaded by :func:`load_package`; close it when done.

    Attributes:
        entries: Every file but the manifest, by name (``host[@port]/path``).
        manifest: The parsed ``localresource.json``.
        path: The package file, if loaded from one.
        format: ``"zip"``, or ``"tar.gz"`` for the legacy layout.
    """

    entries: dict[str, Entry]
    manifest: Manifest = field(default_factory=Manifest)
    path: Path | None = None
    format: str = "zip"
    _archive: Archive | None = field(default=None, repr=False, compare=False)

    @property
    def bundle_mode(self) -> int:
        return self.manifest.bundle_mode

    @property
    def include_urls(self) -> tuple[str, ...]:
        return self.manifest.include_urls

    @property
    def glob_mapping_rules(self) -> tuple[tuple[str, str], ...]:
        return self.manifest.glob_mapping_rules

    @property
    def biz_data(self) -> Mapping[str, Any]:
        return self.manifest.biz_data

    @property
    def hosts(self) -> list[str]:
        """The first segments of the entries (``host[@port]``), sorted."""
        return sorted({name.partition("/")[0] for name in self.entries})

    def entry_for_url(self, url: str) -> Entry | None:
        """The entry that answers ``url`` (query and fragment ignored), if any.

        Returns ``None`` for a URL that is not https or not in the package.
        """
        try:
            return self.entries.get(url_to_entry(url))
        except OfflinePackageError:
            return None

    def read(self, name: str) -> bytes:
        """Return the bytes of the entry ``name``.

        Raises:
            KeyError: If there is no such entry.
            OfflinePackageError: If the archive is corrupt there.
        """
        return self.entries[name].read()

    def close(self) -> None:
        """Release the archive file; lazy entries cannot be read afterwards."""
        if self._archive is not None:
            self._archive.close()

    def __enter__(self) -> OfflinePackage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def load_package(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> OfflinePackage:
    """Load a package file, ZIP or legacy tar.gz, without extracting anything.

    Entries of a ZIP are read on demand; the package keeps the file open until
    you call :meth:`OfflinePackage.close` (or leave its ``with`` block). Folder
    entries are skipped; when a name occurs twice, the last one wins, as when the
    archive is extracted. Use :func:`offline_packages.verify.verify_package` for
    a full report instead of the first fatal problem.

    Raises:
        OfflinePackageError: If the file is not a package archive, has no valid
            ``localresource.json``, holds a link or special file or an unsafe
            name, or goes beyond ``limits``.
    """
    archive = open_archive(path, limits)
    try:
        entries: dict[str, Entry] = {}
        manifest_member = None
        count = total = 0
        for member in archive.members:
            if member.kind is MemberKind.DIRECTORY:
                continue
            where = f"{archive.path.name}: {member.name!r}"
            if member.kind is not MemberKind.FILE:
                raise OfflinePackageError(
                    f"{where} is a {member.kind.value}: packages hold files only"
                )
            unsafe = unsafe_name(member.name)
            if unsafe is not None:
                raise OfflinePackageError(f"{where} {unsafe[1]}")
            excess = limits.excess(member)
            count += 1
            total += member.size
            if excess is None and total > limits.max_total_size:
                excess = "total-too-large", f"entries total over {limits.max_total_size} bytes"
            if excess is None and count > limits.max_entries:
                excess = "too-many-entries", f"more than {limits.max_entries} entries"
            if excess is not None:
                raise OfflinePackageError(f"{where} {excess[1]}")
            if member.name == MANIFEST_NAME:
                manifest_member = member
                continue
            read = functools.partial(archive.read, member, limits.max_entry_size)
            entries[member.name] = Entry(member.name, member.size, read)
        if manifest_member is None:
            raise OfflinePackageError(
                f"{archive.path.name} has no {MANIFEST_NAME} at its root: "
                "not a DingTalk offline package"
            )
        manifest = Manifest.from_json(archive.read(manifest_member, limits.max_manifest_size))
    except BaseException:
        archive.close()
        raise
    return OfflinePackage(entries, manifest, archive.path, archive.format, archive)


#: What :func:`write_package` takes for each entry: its bytes, or a file to copy.
EntrySource = bytes | Path


def write_package(
    path: str | os.PathLike[str],
    entries: Iterable[tuple[str, EntrySource]],
    manifest: Manifest,
    *,
    written: Callable[[str], None] | None = None,
) -> Path:
    """Write a package as the official packer does, atomically.

    Deflate at level 9, file entries only (no folders, no comment), each file
    with its own mtime and permissions (bytes get "now" and 0644), the manifest
    last. The file appears at ``path`` only once complete.

    Args:
        path: Where to write the ``.zip``.
        entries: ``(name, source)`` pairs in the order to write them; a source
            is the bytes, or a file (links are followed).
        manifest: Written as ``localresource.json``.
        written: Called with each entry's name once it is written.

    Returns:
        ``path``.

    Raises:
        OfflinePackageError: On a duplicate or unsafe name, or a name equal to
            the manifest's.
        OSError: If a file cannot be read or the package written.
    """
    path = Path(path)
    # A dot file: the packer's folder walk skips it, should it be in an assets folder.
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    out = temp.open("xb")
    seen: set[str] = set()
    try:
        with (
            out,
            zipfile.ZipFile(
                out, "w", zipfile.ZIP_DEFLATED, compresslevel=9, strict_timestamps=False
            ) as archive,
        ):
            for name, source in entries:
                unsafe = unsafe_name(name)
                if unsafe is not None or name == MANIFEST_NAME or name in seen:
                    reason = unsafe[1] if unsafe else "is written twice, or is the manifest's name"
                    raise OfflinePackageError(f"cannot write entry {name!r}: it {reason}")
                seen.add(name)
                if isinstance(source, Path):
                    archive.write(source, arcname=name)
                else:
                    archive.writestr(_info(name), source, zipfile.ZIP_DEFLATED, 9)
                if written is not None:
                    written(name)
            archive.writestr(
                _info(MANIFEST_NAME), manifest.to_json().encode(), zipfile.ZIP_DEFLATED, 9
            )
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.create_system = 3  # Unix, as archiver writes it
    info.external_attr = (0o100644 << 16) | 0x20  # a regular file, 0644, "archive"
    return info

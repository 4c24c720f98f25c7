"""Packing a project as the official ``h5package pack`` does: ``ddemu pack``.

The rules are those of ``dingtalk-h5package-opensdk`` (``PackagePacker``), which
the tests run side by side with this module:

- each ``assets`` key, in the config's order: a folder is walked as
  ``glob.sync('**/*', {nodir: true})`` walks it (sorted as ``localeCompare``
  sorts, dot files and dot folders skipped, only the files right inside a
  linked folder), each
  file named ``new URL(path.join(prefix.pathname, file), prefix.origin)``;
  a file is named after the key itself, kept verbatim in ``includeUrls``;
- https only, ``@port`` in names, entry names over 88 characters skipped with a
  warning;
- ``externalAssets`` are downloaded into the package but not listed in
  ``includeUrls``, and get no length check;
- the manifest ``localresource.json`` last; the output is ``<miniAppId>.zip``.

Where ddemu differs, on purpose: a linked file is packed as the file it points
to (the official packer stores the link itself); two mappings onto one entry
name give one entry, the last, with a warning (the official packer writes the
name twice); ``globMappingRules`` of the config are written as packer 2.0.11
does (2.0.10, the one on npm, always writes ``[]``); a package being written is
never packed into itself; nothing is left behind when packing fails.
"""

from __future__ import annotations

import os
import stat
import unicodedata
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from ssl import SSLContext
from typing import Any, Protocol

from bridge.errors import ConfigError, OfflinePackageError

from .archive import unsafe_name
from .manifest import MAX_PATH_LENGTH, Manifest, url_to_entry, write_package
from .project import PROJECT_CONFIG_NAME, load_project_config
from .urls import node_path_join, parse_url

__all__ = [
    "Fetcher",
    "MirrorFetcher",
    "PackResult",
    "PackedEntry",
    "Progress",
    "UrlFetcher",
    "glob_order",
    "pack",
]


class Progress(Protocol):
    """Told of each step of :func:`pack`: each download, then each entry written.

    Called first with ``done=0``; ``name`` is the URL downloaded or the entry written.
    """

    def __call__(self, done: int, total: int, name: str) -> None: ...


class Fetcher(Protocol):
    """Returns the bytes of an external asset's URL (an HTTP GET, or a local copy)."""

    def __call__(self, url: str) -> bytes: ...


class UrlFetcher:
    """Download with ``urllib``, redirects followed, as the official packer does.

    Args:
        context: TLS settings, e.g. to trust a test CA (default: the system's).
        timeout: Seconds to wait for each response.
    """

    def __init__(self, *, context: SSLContext | None = None, timeout: float = 30.0) -> None:
        self.context = context
        self.timeout = timeout

    def __call__(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": "ddemu-pack"})
        with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as answer:
            data: bytes = answer.read()
            return data


class MirrorFetcher:
    """Read external assets from a local folder laid out like a package, offline.

    ``https://g.alicdn.com/lib/react.js`` is read from
    ``<directory>/g.alicdn.com/lib/react.js`` (an unzipped earlier package will do).
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def __call__(self, url: str) -> bytes:
        name = url_to_entry(url)
        if unsafe_name(name) is not None:
            raise OfflinePackageError(f"{url} names no file in a folder")
        try:
            return (self.directory / name).read_bytes()
        except OSError as exc:
            raise OfflinePackageError(f"not in {self.directory}: {exc.strerror}") from None


@dataclass(frozen=True)
class PackedEntry:
    """One entry written by :func:`pack`.

    Attributes:
        name: ``host[@port]/path``.
        source: The local file, or the URL it was downloaded from.
        url: The URL listed in ``includeUrls``; ``None`` for external assets.
        mapping: The ``assets`` key or ``externalAssets`` URL it came from.
    """

    name: str
    source: Path | str
    url: str | None
    mapping: str


@dataclass(frozen=True)
class PackResult:
    """What :func:`pack` wrote.

    Attributes:
        path: The package, ``<out_dir>/<miniAppId>.zip``.
        app_id: The ``miniAppId``.
        entries: The entries in the order written (the manifest last, not listed).
        manifest: The manifest written.
        warnings: Files skipped or replaced, and why, for the user to read.
        size: Bytes of the package file.
    """

    path: Path
    app_id: str
    entries: tuple[PackedEntry, ...]
    manifest: Manifest
    warnings: tuple[str, ...]
    size: int


def pack(
    project_dir: str | os.PathLike[str] = ".",
    localresource_json: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    *,
    progress: Progress | None = None,
    fetch: Fetcher | None = None,
    biz_data: Mapping[str, Any] | None = None,
) -> PackResult:
    """Pack a project into ``<miniAppId>.zip``, as ``h5package pack`` does.

    Args:
        project_dir: The folder the official CLI would run in: local paths of
            ``assets`` are relative to it.
        localresource_json: The project config (default:
            ``<project_dir>/localresource.json``).
        out_dir: Where to write the package (default: ``project_dir``).
        progress: Told of each download and each entry written.
        fetch: Gets the external assets (default: :class:`UrlFetcher`);
            a :class:`MirrorFetcher` packs offline.
        biz_data: The manifest's ``bizData`` (the official code mode's
            ``appendBizData``; the official CLI always writes ``{}``).

    Returns:
        What was written, with the warnings to show.

    Raises:
        ConfigError: If the config is wrong, or names a path that does not exist.
        OfflinePackageError: If an external asset cannot be fetched.
        OSError: If a file cannot be read or the package written.
    """
    project = Path(project_dir)
    config_path = Path(localresource_json or project / PROJECT_CONFIG_NAME)
    config = load_project_config(config_path)
    out = Path(out_dir) if out_dir is not None else project
    output = out / f"{config.mini_app_id}.zip"
    planner = _Planner(project, config_path, output)
    for key, value in config.assets.items():
        planner.add_asset(key, value)
    for url in config.external_assets:
        planner.add_external(url)

    plan = planner.plan
    downloads = [entry for entry in plan.values() if isinstance(entry.source, str)]
    total = len(downloads) + len(plan)
    done = 0
    if progress is not None:
        progress(0, total, "")
    fetch = fetch or UrlFetcher()
    fetched: dict[str, bytes] = {}
    for entry in downloads:
        url = entry.mapping
        try:
            fetched[entry.name] = fetch(url)
        except Exception as exc:  # any failure of a user's fetcher aborts the pack
            raise OfflinePackageError(f"cannot download external asset {url}: {exc}") from exc
        done += 1
        if progress is not None:
            progress(done, total, url)

    def written(name: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, name)

    manifest = Manifest(
        include_urls=tuple(planner.include_urls),
        glob_mapping_rules=tuple(config.glob_mapping_rules.items()),
        biz_data=dict(biz_data or {}),
    )
    sources = [
        (entry.name, fetched[entry.name] if isinstance(entry.source, str) else entry.source)
        for entry in plan.values()
    ]
    out.mkdir(parents=True, exist_ok=True)
    write_package(output, sources, manifest, written=written)
    return PackResult(
        output,
        config.mini_app_id,
        tuple(plan.values()),
        manifest,
        tuple(planner.warnings),
        output.stat().st_size,
    )


class _Planner:
    """Decides the entries and ``includeUrls`` of a pack, before anything is written."""

    def __init__(self, project: Path, config_path: Path, output: Path) -> None:
        self.project = project
        self.config_path = config_path
        self.output = output.resolve()
        self.plan: dict[str, PackedEntry] = {}
        self.include_urls: dict[str, None] = {}  # an ordered set, like the packer's Set
        self.warnings: list[str] = []

    def add_asset(self, key: str, value: str) -> None:
        local = self.project / value
        try:
            mode = local.stat().st_mode
        except OSError as exc:
            raise ConfigError(
                f"{self.config_path}: assets[{key!r}]: {value!r}: {exc.strerror}"
            ) from None
        if stat.S_ISDIR(mode):
            try:
                prefix = parse_url(key)
                base = parse_url(prefix.origin)
            except ValueError as exc:
                raise ConfigError(f"{self.config_path}: assets key {key!r}: {exc}") from None
            for rel in self._walk(local):
                url = parse_url(node_path_join(prefix.path, rel), base).href
                self._add(url, local / rel, key)
        elif stat.S_ISREG(mode):
            if local.is_symlink():
                self._warn_linked_file(local)
            self._add(key, local, key)
        else:
            raise ConfigError(f"{self.config_path}: assets[{key!r}]: not a file or folder")

    def add_external(self, url: str) -> None:
        name = self._entry_name(url)
        self._put(PackedEntry(name, url, None, url))

    def _add(self, url: str, file: Path, mapping: str) -> None:
        name = self._entry_name(url)
        if len(name) > MAX_PATH_LENGTH:
            self.warnings.append(
                f"skipped {self._show(file)}: its entry name has {len(name)} characters, "
                f"over the limit of {MAX_PATH_LENGTH}"
            )
            return
        if file.resolve() == self.output:
            self.warnings.append(f"skipped {self._show(file)}: it is the package being written")
            return
        self._put(PackedEntry(name, file, url, mapping))
        self.include_urls[url] = None

    def _put(self, entry: PackedEntry) -> None:
        previous = self.plan.get(entry.name)
        if previous is not None:
            self.warnings.append(
                f"entry {entry.name}: {self._show(entry.source)} replaces "
                f"{self._show(previous.source)}, mapped to the same name"
            )
        self.plan[entry.name] = entry

    def _entry_name(self, url: str) -> str:
        try:
            return url_to_entry(url)
        except OfflinePackageError as exc:
            raise ConfigError(f"{self.config_path}: {exc}") from None

    def _show(self, source: Path | str) -> str:
        if isinstance(source, str):
            return source
        try:
            return source.relative_to(self.project).as_posix()
        except ValueError:
            return str(source)

    def _walk(self, folder: Path) -> list[str]:
        """List a folder as ``glob.sync('**/*', {cwd, nodir: true})`` (glob 8) does."""
        found: list[str] = []

        def visit(directory: Path, prefix: str) -> None:
            with os.scandir(directory) as scan:
                children = list(scan)
            for child in children:
                rel = prefix + child.name
                if child.name.startswith("."):
                    continue  # glob skips dot files and dot folders unless told otherwise
                try:
                    rel.encode("utf-8")
                except UnicodeEncodeError:
                    self.warnings.append(f"skipped {self._show(folder / rel)}: not a UTF-8 name")
                    continue
                if child.is_symlink():
                    self._linked(folder / rel, rel, found)
                elif child.is_dir(follow_symlinks=False):
                    visit(Path(child.path), rel + "/")
                elif child.is_file(follow_symlinks=False):
                    found.append(rel)
                else:
                    self.warnings.append(f"skipped {self._show(folder / rel)}: not a regular file")

        visit(folder, "")
        found.sort(key=glob_order)
        return found

    def _warn_linked_file(self, path: Path) -> None:
        self.warnings.append(
            f"{self._show(path)} is a symbolic link: packed as the file it points to "
            "(the official packer would store the link itself)"
        )

    def _linked(self, path: Path, rel: str, found: list[str]) -> None:
        """A link in the walk: glob takes a linked file, and the files right in a linked folder."""
        try:
            mode = path.stat().st_mode
        except OSError:
            self.warnings.append(f"skipped {self._show(path)}: a broken symbolic link")
            return
        if stat.S_ISREG(mode):
            self._warn_linked_file(path)
            found.append(rel)
        elif stat.S_ISDIR(mode):
            # `**` matches the link itself but does not crawl into it, so `*` then
            # matches the files right inside it, and nothing deeper.
            self.warnings.append(
                f"{self._show(path)} is a linked folder: packed the files right inside it, "
                "not its subfolders, as glob does"
            )
            with os.scandir(path) as scan:
                children = sorted(child.name for child in scan if not child.name.startswith("."))
            for name in children:
                if (path / name).is_file():
                    found.append(f"{rel}/{name}")
        else:
            self.warnings.append(f"skipped {self._show(path)}: not a regular file")


# Sorting as ``a.localeCompare(b, 'en')`` does in Node (ICU's root collation) ----------

#: ASCII in the root collation's order, as Node sorts it; letters are ignoring case.
_ASCII_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz"
_MAJOR = {char: 10 * index for index, char in enumerate(_ASCII_ORDER)}
_MAJOR.update({char.upper(): weight for char, weight in _MAJOR.items() if char.isalpha()})
_LETTERS = 10_000  # other scripts, in code point order
_HAN = 20_000  # after every other letter
#: Latin letters that sort as others with an accent, or as two letters.
_LATIN = {"ø": "o\u0338", "ł": "l\u0337", "đ": "d\u0335", "ħ": "h\u0335", "æ": "ae", "œ": "oe"}
_LATIN.update({char.upper(): sorts_as.upper() for char, sorts_as in _LATIN.items()})
_LATIN["ß"] = "ss"
#: Where other dashes, currencies and symbols sort: after which ASCII character.
_KIN = {"Pd": "-", "Sc": "$", "Sk": "^", "So": "^", "Sm": "~"}


def glob_order(name: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A sort key that orders paths as glob 8 does (``localeCompare(b, 'en')``).

    Exact for ASCII names, close for Latin letters with accents; other scripts
    follow their code points, with Han last, as in ICU's root collation.
    """
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for char in name:
        decomposed = _LATIN.get(char) or unicodedata.normalize("NFKD", char)
        variant = ord(char) > 0x7F and (
            len(decomposed) > 1 or decomposed != unicodedata.normalize("NFD", char)
        )
        for part in decomposed:
            category = unicodedata.category(part)
            if category.startswith("M"):  # an accent: only the second level sees it
                secondary.append(ord(part))
            elif category not in ("Cc", "Cf"):  # those are ignored
                primary.append(_primary(part, category))
                secondary.append(0)
                tertiary.append((2 if part.isupper() else 0) + (1 if variant else 0))
    return tuple(primary), tuple(secondary), tuple(tertiary)


def _primary(char: str, category: str) -> int:
    """The first-level weight: a group (the ASCII order has room between) and a rank in it."""
    major = _MAJOR.get(char)
    if major is not None:
        return major << 22
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return _MAJOR[str(digit)] << 22
    kin = _KIN.get(category)
    if kin is not None:  # dashes, currency and symbols sit after their ASCII kin
        return (_MAJOR[kin] + 5) << 22 | ord(char)
    if category.startswith("Z"):
        return _MAJOR[" "] << 22
    if category.startswith("P"):
        return (_MAJOR["%"] + 5) << 22 | ord(char)
    if unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH"):
        return _HAN << 22 | ord(char)
    return _LETTERS << 22 | ord(char.lower())

"""Reading package archives member by member, within limits: ZIP and the legacy tar.gz.

DingTalk's packer writes a ZIP since version 2.0.9 and wrote a gzipped tar up
to 2.0.8; :func:`open_archive` tells them apart by their first bytes. Nothing
here trusts the archive: sizes in headers are checked against :class:`Limits`
before anything is read, reads stop at the limit whatever the headers said, and
a gzip stream that inflates past the total limit is abandoned. Links and special
files are listed, so that callers can refuse them, but never followed.

The names of members are returned as written; :func:`unsafe_name` says whether
a name could reach outside a folder it were extracted into.
"""

from __future__ import annotations

import enum
import gzip
import io
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bridge.errors import OfflinePackageError

__all__ = [
    "DEFAULT_LIMITS",
    "Archive",
    "Limits",
    "Member",
    "MemberKind",
    "open_archive",
    "unsafe_name",
]

_MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How large a package may be before ddemu refuses it (zip bombs, tar bombs).

    Attributes:
        max_entries: Members in the archive, folders included.
        max_entry_size: Bytes of one entry once inflated.
        max_total_size: Bytes of all entries once inflated.
        max_ratio: Inflated size over compressed size of one entry (of the
            whole archive for tar.gz), checked for entries of at least
            ``ratio_min_size`` bytes: a small file may compress very well.
        ratio_min_size: See ``max_ratio``.
        max_manifest_size: Bytes of ``localresource.json``.
    """

    max_entries: int = 20_000
    max_entry_size: int = 100 * _MiB
    max_total_size: int = 512 * _MiB
    max_ratio: float = 100.0
    ratio_min_size: int = 1 * _MiB
    max_manifest_size: int = 8 * _MiB

    def excess(self, member: Member) -> tuple[str, str] | None:
        """Tell how one member goes beyond these limits, by its headers, if it does.

        Returns:
            ``(code, reason)`` with code ``entry-too-large`` or
            ``compression-ratio``; ``None`` when within the limits.
        """
        if member.size > self.max_entry_size:
            return (
                "entry-too-large",
                f"inflates to {member.size} bytes, over the limit of {self.max_entry_size}",
            )
        packed = member.compressed_size
        if packed is not None and member.size >= self.ratio_min_size:
            if packed == 0 or member.size / packed > self.max_ratio:
                ratio = "an infinite ratio" if packed == 0 else f"{member.size / packed:.0f} times"
                return (
                    "compression-ratio",
                    f"inflates {ratio} ({packed} to {member.size} bytes), over the limit "
                    f"of {self.max_ratio:g}: a zip bomb?",
                )
        return None


#: The limits ddemu applies unless told otherwise.
DEFAULT_LIMITS = Limits()


class MemberKind(enum.Enum):
    """What a member of an archive is."""

    FILE = "file"
    DIRECTORY = "directory"
    SYMLINK = "symbolic link"
    HARDLINK = "hard link"
    SPECIAL = "special file"  # device, FIFO, socket
    ENCRYPTED = "encrypted file"


@dataclass(frozen=True)
class Member:
    """One member of an archive, as its headers describe it.

    Attributes:
        name: The name as written in the archive.
        kind: File, folder, link ...
        size: Inflated size declared by the headers.
        compressed_size: Compressed size (ZIP), or ``None`` (tar.gz).
        index: Position in the archive, from 0.
        link_target: Where a link points, for links.
    """

    name: str
    kind: MemberKind
    size: int
    compressed_size: int | None
    index: int
    link_target: str | None = None


class Archive:
    """An open package archive; use it as a context manager, or call :meth:`close`.

    Members are listed by :attr:`members`; read a file member with :meth:`read`
    (ZIP reads are lazy; a tar.gz is read once, when opened, since gzip cannot
    seek). Reading one ZIP member from several threads at once is safe.
    """

    def __init__(
        self,
        path: Path,
        format: Literal["zip", "tar.gz"],
        members: list[Member],
        reader: Callable[[Member, int], bytes],
        closer: Callable[[], None],
    ) -> None:
        self.path = path
        self.format = format
        self.members = members
        self._reader = reader
        self._closer = closer

    def read(self, member: Member, limit: int) -> bytes:
        """Return the bytes of a file member.

        Args:
            member: One of :attr:`members`, of kind :attr:`MemberKind.FILE`.
            limit: Refuse to inflate more than this many bytes.

        Raises:
            OfflinePackageError: If it is larger than ``limit`` or corrupt
                (a bad CRC, a truncated stream, an unknown compression).
        """
        if member.kind is not MemberKind.FILE:
            raise OfflinePackageError(f"{member.name}: a {member.kind.value}, not a file")
        if member.size > limit:
            raise OfflinePackageError(
                f"{member.name}: {member.size} bytes, over the limit of {limit}"
            )
        return self._reader(member, limit)

    def close(self) -> None:
        """Close the underlying file."""
        self._closer()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_archive(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Archive:
    """Open a package archive, ZIP or tar.gz, and list its members.

    Args:
        path: The package file.
        limits: For a tar.gz, reading stops when the stream inflates past
            ``max_total_size`` (plus room for the headers).

    Returns:
        The open archive. You must close it.

    Raises:
        OfflinePackageError: If the file cannot be read, is neither a ZIP nor
            a tar.gz, or its directory is corrupt, or a tar.gz inflates too far.
    """
    path = Path(path)
    try:
        with path.open("rb") as probe:
            magic = probe.read(4)
    except OSError as exc:
        raise OfflinePackageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if magic[:2] == b"PK":
        return _open_zip(path)
    if magic[:2] == b"\x1f\x8b":
        return _open_tar_gz(path, limits)
    raise OfflinePackageError(f"{path.name} is not a package: neither a ZIP nor a tar.gz")


def unsafe_name(name: str) -> tuple[str, str] | None:
    """Tell why an entry name could not be extracted safely into a folder, if so.

    Returns:
        ``(code, reason)`` with code ``absolute-path``, ``path-traversal``,
        ``backslash`` or ``bad-name``; ``None`` for a safe name.
    """
    if "\\" in name:
        return "backslash", "contains a backslash, a folder separator on Windows"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":" and name[0].isalpha()):
        return "absolute-path", "is an absolute path"
    segments = name.split("/")
    if ".." in segments:
        return "path-traversal", "has a '..' segment that climbs out of the package"
    if not name:
        return "bad-name", "is empty"
    if any(ord(c) < 0x20 or c == "\x7f" for c in name):
        return "bad-name", "contains a control character"
    if any(segment in ("", ".") for segment in segments):
        return "bad-name", "has an empty or '.' segment"
    return None


# ZIP --------------------------------------------------------------------------


def _zip_kind(info: zipfile.ZipInfo) -> MemberKind:
    if info.flag_bits & 0x1:
        return MemberKind.ENCRYPTED
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_IFMT(mode):  # Unix, with the file type in the mode
        if stat.S_ISLNK(mode):
            return MemberKind.SYMLINK
        if stat.S_ISDIR(mode):
            return MemberKind.DIRECTORY
        if not stat.S_ISREG(mode):
            return MemberKind.SPECIAL
    return MemberKind.DIRECTORY if info.filename.endswith("/") else MemberKind.FILE


def _zip_link_target(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """A ZIP stores a link's target as its data; read it when it is short, for messages."""
    if info.file_size > 4096:
        return None
    try:
        return archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError):
        return None


def _open_zip(path: Path) -> Archive:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise OfflinePackageError(f"{path.name} is not a readable ZIP: {exc}") from None
    infos = archive.infolist()
    members = []
    for index, info in enumerate(infos):
        kind = _zip_kind(info)
        target = _zip_link_target(archive, info) if kind is MemberKind.SYMLINK else None
        members.append(
            Member(info.filename, kind, info.file_size, info.compress_size, index, target)
        )

    def read(member: Member, limit: int) -> bytes:
        info = infos[member.index]
        try:
            with archive.open(info) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError) as exc:
            raise OfflinePackageError(f"{member.name}: corrupt: {exc}") from None
        except RuntimeError as exc:  # encrypted
            raise OfflinePackageError(f"{member.name}: cannot be read: {exc}") from None
        if len(data) > limit:  # pragma: no cover - zipfile stops at the declared size
            raise OfflinePackageError(f"{member.name}: inflates past the limit of {limit} bytes")
        return data

    return Archive(path, "zip", members, read, archive.close)


# tar.gz -----------------------------------------------------------------------


class _CappedStream(io.RawIOBase):
    """A read-only stream that fails once more than ``cap`` bytes went through."""

    def __init__(self, inner: gzip.GzipFile, cap: int) -> None:
        self._inner = inner
        self._left = cap

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(min(len(buffer), self._left + 1))
        self._left -= len(data)
        if self._left < 0:
            raise _TooLarge
        buffer[: len(data)] = data
        return len(data)


class _TooLarge(Exception):
    pass


@dataclass
class _TarContents:
    members: list[Member] = field(default_factory=list)
    data: dict[int, bytes] = field(default_factory=dict)


def _tar_kind(info: tarfile.TarInfo) -> MemberKind:
    if info.issym():
        return MemberKind.SYMLINK
    if info.islnk():
        return MemberKind.HARDLINK
    if info.isdir():
        return MemberKind.DIRECTORY
    if info.isfile():
        return MemberKind.FILE
    return MemberKind.SPECIAL


def _iter_tar(stream: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while True:
        info = stream.next()
        if info is None:
            return
        yield info


def _open_tar_gz(path: Path, limits: Limits) -> Archive:
    # Header blocks and padding take up to 1.5 KiB a member, beyond the data.
    cap = limits.max_total_size + 2048 * (limits.max_entries + 1)
    contents = _TarContents()
    try:
        with path.open("rb") as raw, gzip.GzipFile(fileobj=raw) as inflated:
            capped = io.BufferedReader(_CappedStream(inflated, cap))
            with tarfile.open(fileobj=capped, mode="r|") as stream:
                for index, info in enumerate(_iter_tar(stream)):
                    name = info.name
                    if name.startswith("./"):  # as `tar -C dir .` writes them
                        name = name[2:]
                    if name in ("", "."):
                        continue
                    kind = _tar_kind(info)
                    target = (
                        info.linkname if kind in (MemberKind.SYMLINK, MemberKind.HARDLINK) else None
                    )
                    member = Member(name, kind, info.size, None, index, target)
                    contents.members.append(member)
                    if len(contents.members) > limits.max_entries:
                        break  # verify reports it; no need to read further
                    if kind is MemberKind.FILE and info.size <= limits.max_entry_size:
                        extracted = stream.extractfile(info)
                        if extracted is not None:
                            contents.data[index] = extracted.read()
    except _TooLarge:
        raise OfflinePackageError(
            f"{path.name} inflates past {cap} bytes: a tar bomb, or a package over the limits"
        ) from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise OfflinePackageError(f"{path.name} is not a readable tar.gz: {exc}") from None

    def read(member: Member, limit: int) -> bytes:
        data = contents.data.get(member.index)
        if data is None or len(data) > limit:
            raise OfflinePackageError(
                f"{member.name}: not read (over {limit} bytes, or the archive is closed)"
            )
        return data

    return Archive(path, "tar.gz", contents.members, read, contents.data.clear)

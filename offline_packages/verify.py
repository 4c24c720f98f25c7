"""Checking a package before trusting it: structure, hostile content, manifest.

:func:`verify_package` reads a whole package within :class:`~offline_packages.archive.Limits`
and returns a :class:`VerifyReport` that lists every problem it found, each with
a code from :data:`PROBLEM_CODES`. Errors make a package unusable (a path that
climbs out of the install folder, a link, a zip bomb, two different files under
one name, a missing manifest); warnings are worth knowing (a folder entry, an
entry no https URL can reach). Only an archive that cannot be read at all raises
:class:`~bridge.errors.OfflinePackageError`.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bridge.errors import OfflinePackageError

from .archive import DEFAULT_LIMITS, Archive, Limits, Member, MemberKind, open_archive, unsafe_name
from .manifest import MANIFEST_NAME, MAX_PATH_LENGTH, Manifest, entry_to_url, url_to_entry

__all__ = ["PROBLEM_CODES", "Problem", "Severity", "VerifyReport", "verify_package"]

#: Every problem :func:`verify_package` reports, by code, with what it means.
PROBLEM_CODES: dict[str, str] = {
    "absolute-path": "a name starts with / or a drive letter",
    "path-traversal": "a name has a .. segment",
    "backslash": "a name has a backslash (a separator on Windows)",
    "bad-name": "a name is empty, has an empty or . segment, or a control character",
    "link": "a symbolic or hard link; packages hold files only",
    "special-file": "a device, FIFO or socket",
    "encrypted": "an encrypted entry",
    "too-many-entries": "more entries than the limit",
    "entry-too-large": "an entry inflates past the size limit",
    "total-too-large": "the entries together inflate past the total limit",
    "compression-ratio": "an entry inflates too many times its compressed size (a zip bomb)",
    "corrupt-entry": "an entry cannot be read: bad CRC, truncated, unknown compression",
    "duplicate": "a name written twice (an error when the contents differ)",
    "case-conflict": "names that differ only in case (or Unicode form) collide on disk",
    "path-conflict": "a name is a file and also the folder of another entry",
    "manifest-missing": "no localresource.json at the root",
    "manifest-malformed": "localresource.json is not valid",
    "manifest-outdated": "localresource.json lacks globMappingRules or bizData (packer < 2.0.10)",
    "bundle-mode": "bundleMode is not 2",
    "include-url-invalid": "an includeUrls item is not an https URL",
    "include-url-missing": "an includeUrls item has no entry",
    "directory-entry": "folder entries, which DingTalk's packer never writes (ignored)",
    "unreachable-entry": "no https URL maps to this name (upper case, non-ASCII, ':' for '@')",
    "long-path": "a name over 88 characters, which the official packer skips",
}

_WARNINGS = frozenset(
    {"manifest-outdated", "bundle-mode", "directory-entry", "unreachable-entry", "long-path"}
)


class Severity(enum.Enum):
    """How bad a problem is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem found in a package.

    Attributes:
        code: One of :data:`PROBLEM_CODES`.
        message: What is wrong, for people.
        entry: The entry concerned, if one is.
        severity: Errors make the package unusable; warnings do not.
    """

    code: str
    message: str
    entry: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.entry}: " if self.entry is not None else ""
        return f"{self.severity.value}: {where}{self.message} [{self.code}]"


@dataclass
class VerifyReport:
    """What :func:`verify_package` found.

    Attributes:
        path: The package file.
        format: ``"zip"`` or ``"tar.gz"``.
        sha256: Hex digest of the package file.
        file_size: Bytes of the package file.
        entries: Number of file entries, the manifest included.
        inflated_size: Bytes of all entries, inflated, as declared.
        hosts: Entries per host (``host[@port]``).
        manifest: The manifest, when it could be parsed.
        problems: Every problem, in the order found.
    """

    path: Path
    format: str
    sha256: str
    file_size: int
    entries: int = 0
    inflated_size: int = 0
    hosts: dict[str, int] = field(default_factory=dict)
    manifest: Manifest | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    def raise_for_problems(self) -> None:
        """Raise unless :attr:`ok`.

        Raises:
            OfflinePackageError: Naming every error.
        """
        errors = self.errors
        if errors:
            listed = "; ".join(str(problem) for problem in errors)
            raise OfflinePackageError(f"{self.path.name} is refused: {listed}")

    def add(
        self, code: str, message: str, entry: str | None = None, severity: Severity | None = None
    ) -> None:
        """Record a problem; its severity follows from its code unless given."""
        if severity is None:
            severity = Severity.WARNING if code in _WARNINGS else Severity.ERROR
        self.problems.append(Problem(code, message, entry, severity))

    def format_text(self) -> str:
        """The report as ``ddemu verify`` prints it."""
        hosts = ", ".join(f"{host} ({count})" for host, count in self.hosts.items())
        lines = [
            f"package:  {self.path} ({self.format}, {self.file_size} bytes)",
            f"sha256:   {self.sha256}",
            f"entries:  {self.entries} files, {self.inflated_size} bytes inflated",
            f"hosts:    {hosts or '-'}",
        ]
        if self.manifest is not None:
            manifest = self.manifest
            lines.append(
                f"manifest: bundleMode {manifest.bundle_mode}, "
                f"{len(manifest.include_urls)} includeUrls, "
                f"{len(manifest.glob_mapping_rules)} globMappingRules, "
                f"bizData {json.dumps(dict(manifest.biz_data), ensure_ascii=False)}"
            )
        lines.extend(str(problem) for problem in self.problems)
        return "\n".join(lines)


def verify_package(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> VerifyReport:
    """Check a package (ZIP or legacy tar.gz) entry by entry, reading every byte.

    Args:
        path: The package file.
        limits: Sizes and ratios beyond which entries are refused; nothing
            larger is ever inflated.

    Returns:
        The report; look at :attr:`VerifyReport.ok`, or call
        :meth:`VerifyReport.raise_for_problems`.

    Raises:
        OfflinePackageError: If the file cannot be read as an archive at all.
    """
    path = Path(path)
    with open_archive(path, limits) as archive:
        report = VerifyReport(path, archive.format, _sha256(path), path.stat().st_size)
        files = _check_members(report, archive.members, limits)
        contents = _read_files(report, archive, files, limits)
    _check_names(report, files, contents)
    _check_manifest(report, files, contents)
    return report


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_members(report: VerifyReport, members: list[Member], limits: Limits) -> list[Member]:
    """Check kinds, names and declared sizes; return the file members."""
    files: list[Member] = []
    folders = 0
    for member in members:
        name = member.name.rstrip("/") if member.kind is MemberKind.DIRECTORY else member.name
        unsafe = unsafe_name(name)
        if unsafe is not None:
            report.add(unsafe[0], unsafe[1], member.name)
        if member.kind is MemberKind.DIRECTORY:
            folders += 1
        elif member.kind in (MemberKind.SYMLINK, MemberKind.HARDLINK):
            report.add("link", f"a {member.kind.value} to {member.link_target!r}", member.name)
        elif member.kind is MemberKind.SPECIAL:
            report.add("special-file", "a device, FIFO or socket", member.name)
        elif member.kind is MemberKind.ENCRYPTED:
            report.add("encrypted", "encrypted, so it cannot be read", member.name)
        else:
            files.append(member)
            excess = limits.excess(member)
            if excess is not None:
                report.add(*excess, member.name)
    if folders:
        report.add("directory-entry", f"{folders} folder entries, ignored")
    if len(members) > limits.max_entries:
        report.add(
            "too-many-entries", f"{len(members)} entries, over the limit of {limits.max_entries}"
        )
    report.entries = len(files)
    report.inflated_size = sum(member.size for member in files)
    if report.inflated_size > limits.max_total_size:
        report.add(
            "total-too-large",
            f"entries inflate to {report.inflated_size} bytes, "
            f"over the limit of {limits.max_total_size}",
        )
    ratio_limit = limits.max_ratio * max(report.file_size, 1)
    if report.format == "tar.gz" and report.inflated_size >= limits.ratio_min_size:
        if report.inflated_size > ratio_limit:
            report.add(
                "compression-ratio",
                f"the archive inflates {report.inflated_size / max(report.file_size, 1):.0f} "
                f"times, over the limit of {limits.max_ratio:g}: a tar bomb?",
            )
    return files


def _read_files(
    report: VerifyReport, archive: Archive, files: list[Member], limits: Limits
) -> dict[int, bytes]:
    """Read each file within limits; keep the manifest's bytes and every file's digest."""
    contents: dict[int, bytes] = {}
    if any(p.code in ("total-too-large", "too-many-entries") for p in report.problems):
        return contents  # refused anyway: do not inflate gigabytes to say more
    for member in files:
        if limits.excess(member) is not None:
            continue
        limit = limits.max_manifest_size if member.name == MANIFEST_NAME else limits.max_entry_size
        try:
            data = archive.read(member, limit)
        except OfflinePackageError as exc:
            report.add("corrupt-entry", str(exc).removeprefix(f"{member.name}: "), member.name)
            continue
        contents[member.index] = data if member.name == MANIFEST_NAME else _digest(data)
    return contents


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _check_names(report: VerifyReport, files: list[Member], contents: dict[int, bytes]) -> None:
    by_name: defaultdict[str, list[Member]] = defaultdict(list)
    for member in files:
        by_name[member.name].append(member)
    for name, same in by_name.items():
        if len(same) > 1:
            digests = {contents.get(member.index) for member in same}
            if len(digests) == 1 and None not in digests:
                message, severity = f"written {len(same)} times, same content", Severity.WARNING
            else:
                message, severity = f"written {len(same)} times, different contents", Severity.ERROR
            report.add("duplicate", message, name, severity)
    folded: defaultdict[str, list[str]] = defaultdict(list)
    for name in by_name:
        folded[_fold(name)].append(name)
    for names in folded.values():
        if len(names) > 1:
            report.add("case-conflict", f"differ only in case: {', '.join(names)}", names[0])
    keys = set(folded)
    for name in by_name:
        parts = _fold(name).split("/")
        for end in range(1, len(parts)):
            if "/".join(parts[:end]) in keys:
                folder = "/".join(name.split("/")[:end])
                report.add("path-conflict", f"{folder} is a file and also a folder here", name)
                break
    hosts: Counter[str] = Counter()
    for name in by_name:
        if name == MANIFEST_NAME:
            continue
        if unsafe_name(name) is not None:
            continue
        hosts[name.partition("/")[0]] += 1
        try:
            reachable = url_to_entry(entry_to_url(name)) == name
        except OfflinePackageError:
            reachable = False
        if not reachable:
            report.add("unreachable-entry", "no https URL names this entry", name)
        if len(name) > MAX_PATH_LENGTH:
            report.add("long-path", f"{len(name)} characters, over {MAX_PATH_LENGTH}", name)
    report.hosts = dict(sorted(hosts.items()))


def _check_manifest(report: VerifyReport, files: list[Member], contents: dict[int, bytes]) -> None:
    manifests = [member for member in files if member.name == MANIFEST_NAME]
    if not manifests:
        report.add("manifest-missing", f"no {MANIFEST_NAME} at the root: not a DingTalk package")
        return
    raw = contents.get(manifests[-1].index)
    if raw is None:
        return  # unreadable: reported already
    try:
        manifest = Manifest.from_json(raw)
    except OfflinePackageError as exc:
        report.add("manifest-malformed", str(exc), MANIFEST_NAME)
        return
    report.manifest = manifest
    data = json.loads(raw.decode("utf-8-sig"))
    missing = [key for key in ("globMappingRules", "bizData") if key not in data]
    if missing:
        report.add("manifest-outdated", f"no {' and no '.join(missing)}", MANIFEST_NAME)
    if manifest.bundle_mode != 2:
        report.add("bundle-mode", f"bundleMode is {manifest.bundle_mode}, not 2", MANIFEST_NAME)
    names = {member.name for member in files}
    for url in manifest.include_urls:
        try:
            name = url_to_entry(url)
        except OfflinePackageError as exc:
            report.add("include-url-invalid", str(exc), MANIFEST_NAME)
            continue
        if name not in names:
            report.add("include-url-missing", f"includeUrls has {url}, but no entry {name}")

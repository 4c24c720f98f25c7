"""offline_packages.verify and .extract: hostile packages are refused and write nothing."""

from __future__ import annotations

import gzip
import io
import re
import struct
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bridge.errors import OfflinePackageError
from offline_packages import extract as extract_module
from offline_packages.archive import Limits
from offline_packages.extract import extract_package
from offline_packages.manifest import MANIFEST_NAME, Manifest
from offline_packages.verify import PROBLEM_CODES, Severity, verify_package

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Manifest().to_json().encode()
MiB = 1024 * 1024

Entry = tuple[str | zipfile.ZipInfo, bytes]


def make_zip(path: Path, entries: list[Entry], manifest: bytes | None = MANIFEST) -> Path:
    """A zip of ``entries`` (names or ZipInfos), then the manifest unless ``None``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
        if manifest is not None:
            archive.writestr(MANIFEST_NAME, manifest)
    return path


def make_zip_with_duplicates(
    path: Path, entries: list[Entry], manifest: bytes | None = MANIFEST
) -> Path:
    """As make_zip, without zipfile's warning about the duplicate names we mean to write."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        return make_zip(path, entries, manifest)


def unix_info(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def make_tar_gz(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    """A tar.gz of ``members``, then the manifest."""
    buffer = io.BytesIO()
    manifest = tarfile.TarInfo(MANIFEST_NAME)
    manifest.size = len(MANIFEST)
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for info, data in [*members, (manifest, MANIFEST)]:
            archive.addfile(info, io.BytesIO(data) if info.isfile() else None)
    path.write_bytes(gzip.compress(buffer.getvalue()))
    return path


def tar_member(
    name: str, kind: bytes, data: bytes = b"", link: str = ""
) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    info.linkname = link
    return info, data


def patch_central_directory(path: Path, name: str, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of ``name``'s central directory header (a lie in the headers)."""
    data = bytearray(path.read_bytes())
    start = 0
    while True:
        start = data.index(b"PK\x01\x02", start)
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + length] == name.encode():
            struct.pack_into(fmt, data, start + offset, value)
            path.write_bytes(bytes(data))
            return
        start += 4


def lying_size(path: Path) -> Path:
    make_zip(path, [("h.com/a", bytes(100_000))])
    patch_central_directory(path, "h.com/a", 24, "<I", 10)  # uncompressed size: 10
    return path


def encrypted(path: Path) -> Path:
    make_zip(path, [("h.com/a", b"secret")])
    patch_central_directory(path, "h.com/a", 8, "<H", 0x1)  # general purpose flag: encrypted
    return path


def manifest_listing(url: str) -> bytes:
    return Manifest((url,)).to_json().encode()


#: Hostile or broken packages: a builder, the limits to verify with, the code expected.
HOSTILE: dict[str, tuple[Callable[[Path], Path], Limits, str]] = {
    "traversal": (
        lambda p: make_zip(p, [("h.com/../../evil.txt", b"x")]),
        Limits(),
        "path-traversal",
    ),
    "traversal at the top": (
        lambda p: make_zip(p, [("../evil.txt", b"x")]),
        Limits(),
        "path-traversal",
    ),
    "absolute path": (lambda p: make_zip(p, [("/tmp/evil.txt", b"x")]), Limits(), "absolute-path"),
    "drive letter": (lambda p: make_zip(p, [("C:/evil.txt", b"x")]), Limits(), "absolute-path"),
    "backslash": (
        lambda p: make_zip(p, [("h.com\\..\\..\\evil.txt", b"x")]),
        Limits(),
        "backslash",
    ),
    "empty segment": (lambda p: make_zip(p, [("h.com//a", b"x")]), Limits(), "bad-name"),
    "zip symlink": (
        lambda p: make_zip(p, [(unix_info("h.com/a", 0o120777), b"/etc/passwd")]),
        Limits(),
        "link",
    ),
    "zip device": (
        lambda p: make_zip(p, [(unix_info("h.com/a", 0o020644), b"")]),
        Limits(),
        "special-file",
    ),
    "tar symlink": (
        lambda p: make_tar_gz(p, [tar_member("h.com/a", tarfile.SYMTYPE, link="/etc/passwd")]),
        Limits(),
        "link",
    ),
    "tar hard link": (
        lambda p: make_tar_gz(p, [tar_member("h.com/a", tarfile.LNKTYPE, link="/etc/passwd")]),
        Limits(),
        "link",
    ),
    "tar fifo": (
        lambda p: make_tar_gz(p, [tar_member("h.com/a", tarfile.FIFOTYPE)]),
        Limits(),
        "special-file",
    ),
    "tar traversal": (
        lambda p: make_tar_gz(p, [tar_member("../../evil.txt", tarfile.REGTYPE, b"x")]),
        Limits(),
        "path-traversal",
    ),
    "zip bomb": (
        lambda p: make_zip(p, [("h.com/a", bytes(20 * MiB))]),
        Limits(),
        "compression-ratio",
    ),
    "tar bomb": (
        lambda p: make_tar_gz(p, [tar_member("h.com/a", tarfile.REGTYPE, bytes(4 * MiB))]),
        Limits(),
        "compression-ratio",
    ),
    "entry too large": (
        lambda p: make_zip(p, [("h.com/a", b"x" * 2000)]),
        Limits(max_entry_size=1000),
        "entry-too-large",
    ),
    "total too large": (
        lambda p: make_zip(p, [(f"h.com/{i}", b"x" * 600) for i in range(3)]),
        Limits(max_total_size=1000),
        "total-too-large",
    ),
    "too many entries": (
        lambda p: make_zip(p, [(f"h.com/{i}", b"") for i in range(10)]),
        Limits(max_entries=5),
        "too-many-entries",
    ),
    "lying size header": (lying_size, Limits(), "corrupt-entry"),
    "encrypted": (encrypted, Limits(), "encrypted"),
    "conflicting duplicate": (
        lambda p: make_zip_with_duplicates(p, [("h.com/a", b"one"), ("h.com/a", b"two")]),
        Limits(),
        "duplicate",
    ),
    "case-only duplicate": (
        lambda p: make_zip(p, [("h.com/A.js", b"one"), ("h.com/a.js", b"two")]),
        Limits(),
        "case-conflict",
    ),
    "file and folder": (
        lambda p: make_zip(p, [("h.com/docs", b"one"), ("h.com/docs/a.html", b"two")]),
        Limits(),
        "path-conflict",
    ),
    "no manifest": (lambda p: make_zip(p, [("h.com/a", b"x")], None), Limits(), "manifest-missing"),
    "bad manifest": (lambda p: make_zip(p, [], b"{not json"), Limits(), "manifest-malformed"),
    "includeUrls without entry": (
        lambda p: make_zip(p, [("h.com/a", b"x")], manifest_listing("https://h.com/b")),
        Limits(),
        "include-url-missing",
    ),
    "includeUrls not https": (
        lambda p: make_zip(p, [("h.com/a", b"x")], manifest_listing("http://h.com/a")),
        Limits(),
        "include-url-invalid",
    ),
}


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_package_is_refused_with_its_reason(case: str, tmp_path: Path) -> None:
    """Each hostile or broken package is reported with the right error code."""
    build, limits, code = HOSTILE[case]
    path = build(tmp_path / "hostile.zip")
    report = verify_package(path, limits=limits)
    assert not report.ok
    assert code in {problem.code for problem in report.errors}, report.format_text()
    with pytest.raises(OfflinePackageError, match=re.escape(f"[{code}]")):
        report.raise_for_problems()


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_package_extracts_nothing(case: str, tmp_path: Path) -> None:
    """Extracting a hostile package fails before writing anything, inside or outside the target."""
    build, limits, _ = HOSTILE[case]
    package_dir = tmp_path / "in" / "deep"
    package_dir.mkdir(parents=True)
    path = build(package_dir / "hostile.zip")
    before = files_under(tmp_path)
    target = tmp_path / "in" / "deep" / "target"
    with pytest.raises(OfflinePackageError):
        extract_package(path, target, limits=limits)
    assert files_under(tmp_path) == before
    assert not target.exists()


def test_extraction_checks_paths_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even with verification fooled, an entry that climbs out is not written, nor kept."""
    path = make_zip(tmp_path / "p.zip", [("h.com/ok.txt", b"ok"), ("../evil.txt", b"x")])
    clean = verify_package(make_zip(tmp_path / "clean.zip", []))
    monkeypatch.setattr(extract_module, "verify_package", lambda *args, **kwargs: clean)
    target = tmp_path / "target"
    with pytest.raises(OfflinePackageError, match="lands outside"):
        extract_package(path, target)
    assert not (tmp_path / "evil.txt").exists()
    assert not target.exists()  # what was written is removed


def test_tar_that_inflates_past_the_limits_is_abandoned(tmp_path: Path) -> None:
    """A gzip stream is not inflated past the total limit: the package is refused outright."""
    path = make_tar_gz(
        tmp_path / "bomb.tgz", [tar_member("h.com/a", tarfile.REGTYPE, bytes(8 * MiB))]
    )
    with pytest.raises(OfflinePackageError, match="inflates past"):
        verify_package(path, limits=Limits(max_total_size=MiB, max_entries=10))


def test_unreadable_archives_raise(tmp_path: Path) -> None:
    """A file that is no archive, or a truncated zip, raises: there is nothing to report on."""
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 and then nothing")
    with pytest.raises(OfflinePackageError, match="not a readable ZIP"):
        verify_package(junk)
    truncated = tmp_path / "t.tgz"
    truncated.write_bytes(gzip.compress(b"x" * 100)[:20])
    with pytest.raises(OfflinePackageError, match="not a readable tar.gz"):
        verify_package(truncated)


def test_warnings_do_not_refuse(tmp_path: Path) -> None:
    """Folder entries, unreachable or long names, an old manifest, a same duplicate: warnings."""
    long_name = "h.com/" + "x" * 90
    path = make_zip_with_duplicates(
        tmp_path / "p.zip",
        [
            ("h.com/", b""),
            ("H.com/upper", b"1"),
            ("h.com:8443/colon", b"2"),
            ("h.com/深.js", b"3"),
            (long_name, b"4"),
            ("h.com/same", b"5"),
            ("h.com/same", b"5"),
        ],
        b'{"bundleMode":3,"includeUrls":[]}',
    )
    report = verify_package(path)
    assert report.ok and report.errors == []
    codes = [(p.code, p.entry) for p in report.warnings]
    assert ("directory-entry", None) in codes
    assert ("unreachable-entry", "H.com/upper") in codes
    assert ("unreachable-entry", "h.com:8443/colon") in codes
    assert ("unreachable-entry", "h.com/深.js") in codes
    assert ("long-path", long_name) in codes
    assert ("duplicate", "h.com/same") in codes
    assert ("manifest-outdated", MANIFEST_NAME) in codes
    assert ("bundle-mode", MANIFEST_NAME) in codes
    assert all(p.severity is Severity.WARNING for p in report.warnings)


def test_report_of_a_good_package(tmp_path: Path) -> None:
    """A clean package: no problem, its hosts counted, its manifest and hash shown."""
    path = make_zip(
        tmp_path / "p.zip",
        [("h.com/a", b"a"), ("h.com/b", b"b"), ("cdn.com@8443/c", b"c")],
        manifest_listing("https://h.com/a"),
    )
    report = verify_package(path)
    assert report.problems == [] and report.ok
    assert report.hosts == {"cdn.com@8443": 1, "h.com": 2}
    assert report.entries == 4 and report.format == "zip"
    text = report.format_text()
    assert f"sha256:   {report.sha256}" in text
    assert "manifest: bundleMode 2, 1 includeUrls, 0 globMappingRules, bizData {}" in text
    report.raise_for_problems()


def test_extract_writes_every_entry_below_the_target(tmp_path: Path) -> None:
    """A good package lands as host/path files under the target, the manifest at its root."""
    path = make_zip(
        tmp_path / "p.zip", [("h.com/app/index.html", b"page"), ("cdn.com@8443/c.js", b"c")]
    )
    target = tmp_path / "target"
    report = extract_package(path, target)
    assert report.ok
    assert (target / "h.com" / "app" / "index.html").read_bytes() == b"page"
    assert (target / "cdn.com@8443" / "c.js").read_bytes() == b"c"
    assert (target / MANIFEST_NAME).read_bytes() == MANIFEST
    with pytest.raises(OfflinePackageError, match="not empty"):
        extract_package(path, target)


def test_extract_failing_half_way_leaves_the_target_as_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When writing fails after some entries, they are removed; an existing target stays, empty."""
    path = make_zip(tmp_path / "p.zip", [("h.com/a", b"a"), ("h.com/b", b"b")])
    target = tmp_path / "target"
    target.mkdir()
    calls = []
    real_write = extract_module._write

    def failing_write(root: Path, name: str, data: bytes) -> None:
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(root, name, data)

    monkeypatch.setattr(extract_module, "_write", failing_write)
    with pytest.raises(OSError, match="disk full"):
        extract_package(path, target)
    assert target.is_dir() and list(target.iterdir()) == []


def test_every_problem_code_is_tested_and_documented() -> None:
    """The cases here raise every code, and docs/reference/offline-packages.md lists each."""
    tested = {code for _, _, code in HOSTILE.values()} | {
        "directory-entry",
        "unreachable-entry",
        "long-path",
        "manifest-outdated",
        "bundle-mode",
    }
    assert tested == set(PROBLEM_CODES)
    doc = (ROOT / "docs" / "reference" / "offline-packages.md").read_text("utf-8")
    assert set(re.findall(r"^\| `([a-z-]+)` \| (?:error|warning)", doc, re.M)) == set(PROBLEM_CODES)

"""offline_packages.manifest and .urls: entry names, the manifest, loading and writing packages."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from bridge.errors import OfflinePackageError
from offline_packages.archive import Limits
from offline_packages.manifest import (
    MANIFEST_NAME,
    Manifest,
    entry_to_url,
    load_package,
    url_to_entry,
    write_package,
)
from offline_packages.urls import node_path_join, parse_url

from .support import NODE, PACKER_PROJECT, needs_official_packer

# The packer's own pinned cases, __tests__/PackagePacker.spec.ts.
URL_TO_PATH = {
    "https://www.dingtalk.com": "www.dingtalk.com",
    "https://www.dingtalk.com/": "www.dingtalk.com",
    "https://www.dingtalk.com/abc": "www.dingtalk.com/abc",
    "https://www.dingtalk.com/abc/": "www.dingtalk.com/abc",
    "https://www.dingtalk.com/abc/index.html": "www.dingtalk.com/abc/index.html",
    "https://www.dingtalk.com:8484/abc/index.html": "www.dingtalk.com@8484/abc/index.html",
}
PATH_TO_URL = {
    "www.dingtalk.com": "https://www.dingtalk.com",
    "www.dingtalk.com/abc": "https://www.dingtalk.com/abc",
    "www.dingtalk.com/abc/index.html": "https://www.dingtalk.com/abc/index.html",
    "www.dingtalk.com@8484/abc/index.html": "https://www.dingtalk.com:8484/abc/index.html",
}


@pytest.mark.parametrize(("url", "name"), URL_TO_PATH.items())
def test_url_to_entry_pinned_cases(url: str, name: str) -> None:
    """url_to_entry answers the official packer's own test cases."""
    assert url_to_entry(url) == name


@pytest.mark.parametrize(("name", "url"), PATH_TO_URL.items())
def test_entry_to_url_pinned_cases(name: str, url: str) -> None:
    """entry_to_url answers the official packer's own test cases."""
    assert entry_to_url(name) == url


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://H.Example.COM:443/a/?q=1#f", "h.example.com/a"),  # default port, query, fragment
        ("https://h.com/a b/深.js", "h.com/a%20b/%E6%B7%B1.js"),
        ("https://h.com/a/../b/./c", "h.com/b/c"),
        ("https://[::1]:8443/x", "[::1]@8443/x"),
        ("https://例子.测试/", "xn--fsqu00a.xn--0zwm56d"),
        ("HTTPS:\\\\h.com\\x", "h.com/x"),
    ],
)
def test_url_to_entry_normalizes_as_node(url: str, name: str) -> None:
    """Hosts are lowered and punycoded, paths percent-encoded and resolved, the rest dropped."""
    assert url_to_entry(url) == name


@pytest.mark.parametrize("url", ["http://h.com/a", "file:///etc/passwd", "h.com/a", "https://"])
def test_url_to_entry_takes_https_only(url: str) -> None:
    """Anything but a valid https URL is refused, as the packer refuses it."""
    with pytest.raises(OfflinePackageError, match="invalid URL"):
        url_to_entry(url)


def test_entry_round_trip() -> None:
    """A name from url_to_entry maps back to a URL that maps to it again."""
    for url in ["https://a.com:8443/x/y.js", "https://a.com/%E6%B7%B1", "https://a.com"]:
        name = url_to_entry(url)
        assert url_to_entry(entry_to_url(name)) == name


#: URLs whose parsing is compared with Node's `new URL` (absolute, then relative to a base).
NODE_URLS = [
    "https://H.Example.COM:443/a/../b/./c/%2e%2E/d?x#y",
    "https://0x7f.1/",
    "https://[::FFFF:127.0.0.1]:8443/x",
    "https://[2001:db8:0:0:1:0:0:1]/",
    "https://例子.测试/深",
    "https://faß.de/",
    "https://a.b.c./x",
    "HTTPS:\\\\a.com\\b\\c",
    "https:a.com/x",
    "https:///x",
    " https://a.com/x\t\n ",
    "https://a.com/%zz%41",
    "https://user:pw@a.com:0443/x",
    "https://1.2.3.4.5/",
    "https://ab.12/",
    "https://a.com/\u0001\u007f",
    "https://a.com/a b/\"<>`{}|^~'",
    "https://a.com/?q=a b\"<>'`{}",
    'https://a.com/#f a"<>`{}',
    "https://a.com?x",
    "https://a.com#x",
    "https://a.com:/x",
    "https://a.com:65536/",
    "https://a.com:8a/",
    "https://a%41.com/",
    "https://a%2F.com/",
    "https://0300.0250.0.1/",
    "https://4294967295/",
    "https://4294967296/",
    "http://a.com:80/x",
    "wss://a.com:443/",
    "https://a.com/../../x",
    "https://a.com/a/..",
    "https://a.com/a/%2E",
    "https://a.com//x//y",
    "https://ＥＸＡＭＰＬＥ．com/",
    "https://a .com/",
    "https://a<b.com/",
    "https://[::1",
    "https://münchen.de/ü?ü#ü",
    "https://a.com/a?b?c#d#e",
    "https://0x/",
    "https://1.2.3/",
    "https://a@b@c.com/",
]
NODE_RELATIVE = [
    ("/\\evil.com/x", "https://h.com:8443"),
    ("/a\\b", "https://h.com:8443"),
    ("/a?b#c", "https://h.com"),
    ("/%2e%2e/x", "https://h.com"),
    ("/a b/深", "https://h.com:8443"),
    ("x/y", "https://h.com/a/b"),
    ("?q", "https://h.com/a/b?z"),
    ("#f", "https://h.com/a?z"),
    ("//other.com/p", "https://h.com"),
    ("https:rel", "https://h.com/a/b"),
]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_parse_url_is_node_new_url() -> None:
    """parse_url gives what Node's `new URL` gives: host, port, path, query, fragment, origin."""
    items = [[url, None] for url in NODE_URLS] + [list(pair) for pair in NODE_RELATIVE]
    script = (
        "const items = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(items.map(([u, b]) => { try {"
        " const x = b === null ? new URL(u) : new URL(u, b);"
        " return [x.protocol, x.hostname, x.port, x.pathname, x.search, x.hash, x.origin];"
        " } catch (e) { return null; } })));"
    )
    assert NODE is not None
    done = subprocess.run(
        [NODE, "-e", script], input=json.dumps(items), capture_output=True, text=True, check=True
    )
    for (url, base), expected in zip(items, json.loads(done.stdout), strict=True):
        try:
            parsed = parse_url(url, None if base is None else parse_url(base))
        except ValueError:
            got = None
        else:
            got = [
                f"{parsed.scheme}:",
                parsed.host,
                "" if parsed.port is None else str(parsed.port),
                parsed.path,
                f"?{parsed.query}" if parsed.query else "",
                f"#{parsed.fragment}" if parsed.fragment else "",
                parsed.origin,
            ]
        assert got == expected, (url, base)


def test_node_path_join() -> None:
    """node_path_join normalizes as Node's path.join: one leading slash, no dot segments."""
    assert node_path_join("/app/", "sub/x.js") == "/app/sub/x.js"
    assert node_path_join("//a", "b") == "/a/b"
    assert node_path_join("/", "../x") == "/x"
    assert node_path_join("/a", "b/../c") == "/a/c"


def test_manifest_json_is_compact_in_the_packer_order() -> None:
    """to_json writes JSON.stringify's compact form, keys in the packer's order."""
    manifest = Manifest(("https://h.com/深",), (("https://h.com/", "https://h.com/i.html"),))
    assert manifest.to_json() == (
        '{"bundleMode":2,"includeUrls":["https://h.com/深"],'
        '"globMappingRules":[["https://h.com/","https://h.com/i.html"]],"bizData":{}}'
    )
    assert Manifest.from_json(manifest.to_json()) == manifest


def test_manifest_of_older_packers_loads() -> None:
    """globMappingRules and bizData may be missing (packer 2.0.8 and 2.0.9)."""
    manifest = Manifest.from_json(b'{"bundleMode":2,"includeUrls":["https://h.com/a"]}')
    assert manifest.glob_mapping_rules == () and manifest.biz_data == {}


@pytest.mark.parametrize(
    "text",
    [
        b"not json",
        b"[]",
        b'{"includeUrls": "https://h.com"}',
        b'{"includeUrls": [], "globMappingRules": [["only one"]]}',
        b'{"includeUrls": [], "bizData": []}',
        b'{"includeUrls": [], "bundleMode": "2"}',
    ],
)
def test_malformed_manifest_is_refused(text: bytes) -> None:
    """A manifest of the wrong shape raises OfflinePackageError."""
    with pytest.raises(OfflinePackageError, match=MANIFEST_NAME):
        Manifest.from_json(text)


def make_zip(path: Path, entries: list[tuple[str, bytes]], manifest: bytes | None = None) -> Path:
    """A zip with these entries, then a manifest (a valid empty one by default)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
        archive.writestr(MANIFEST_NAME, manifest or Manifest().to_json().encode())
    return path


def test_load_package_reads_lazily_and_looks_up_urls(tmp_path: Path) -> None:
    """Entries are read on demand; a URL finds its entry, query and fragment ignored."""
    path = tmp_path / "p.zip"
    (tmp_path / "r.js").write_bytes(b"react")
    write_package(
        path,
        [("h.com@8443/app/index.html", b"page"), ("g.alicdn.com/react.js", tmp_path / "r.js")],
        Manifest(("https://h.com:8443/app/index.html",), biz_data={"v": 1}),
    )
    with load_package(path) as package:
        assert package.format == "zip"
        assert set(package.entries) == {"h.com@8443/app/index.html", "g.alicdn.com/react.js"}
        assert package.hosts == ["g.alicdn.com", "h.com@8443"]
        entry = package.entry_for_url("https://H.com:8443/app/index.html?x=1#top")
        assert entry is not None and entry.read() == b"page" and entry.size == 4
        assert entry.url == "https://h.com:8443/app/index.html"
        assert package.read("g.alicdn.com/react.js") == b"react"
        assert package.entry_for_url("http://h.com:8443/app/index.html") is None
        assert package.entry_for_url("https://h.com/app/index.html") is None
        assert package.include_urls == ("https://h.com:8443/app/index.html",)
        assert package.biz_data == {"v": 1} and package.bundle_mode == 2


def test_folder_entries_are_skipped_and_the_last_duplicate_wins(tmp_path: Path) -> None:
    """Folders are ignored; a name written twice reads as its last copy, as when extracted."""
    path = tmp_path / "p.zip"
    with pytest.warns(UserWarning, match="Duplicate name"):
        make_zip(path, [("h.com/", b""), ("h.com/a", b"first"), ("h.com/a", b"second")])
    with load_package(path) as package:
        assert list(package.entries) == ["h.com/a"]
        assert package.read("h.com/a") == b"second"


@pytest.mark.parametrize(
    ("entries", "manifest", "message"),
    [
        ([("h.com/a", b"a")], b"-", "not valid JSON"),
        ([("../evil", b"x")], None, "climbs out"),
        ([("/etc/passwd", b"x")], None, "absolute path"),
    ],
)
def test_load_package_refuses_bad_packages(
    tmp_path: Path, entries: list[tuple[str, bytes]], manifest: bytes | None, message: str
) -> None:
    """A malformed manifest or an unsafe name is refused when loading."""
    path = make_zip(tmp_path / "p.zip", entries, manifest)
    with pytest.raises(OfflinePackageError, match=message):
        load_package(path)


def test_load_package_needs_a_manifest(tmp_path: Path) -> None:
    """A zip without localresource.json at its root is not a package."""
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sub/localresource.json", "{}")
    with pytest.raises(OfflinePackageError, match="no localresource.json at its root"):
        load_package(path)


def test_load_package_refuses_links_and_big_entries(tmp_path: Path) -> None:
    """A symbolic link, or an entry over the limits, is refused before anything is read."""
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("h.com/a")
        info.create_system = 3
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
        archive.writestr(MANIFEST_NAME, Manifest().to_json())
    with pytest.raises(OfflinePackageError, match="symbolic link"):
        load_package(path)
    big = make_zip(tmp_path / "big.zip", [("h.com/a", b"x" * 100)])
    with pytest.raises(OfflinePackageError, match="over the limit of 10"):
        load_package(big, limits=Limits(max_entry_size=10))


def test_not_a_package(tmp_path: Path) -> None:
    """A file that is neither a zip nor a tar.gz says so."""
    path = tmp_path / "x.zip"
    path.write_bytes(b"hello")
    with pytest.raises(OfflinePackageError, match="neither a ZIP nor a tar.gz"):
        load_package(path)
    with pytest.raises(OfflinePackageError, match="cannot read"):
        load_package(tmp_path / "missing.zip")


def test_legacy_tar_gz_loads(tmp_path: Path) -> None:
    """The tar.gz of packer 2.0.8 and before (./ prefixes tolerated) loads like a zip."""
    path = tmp_path / "legacy.tgz"
    manifest = (
        b'{"bundleMode":2,"includeUrls":["https://h.com/app/index.html"],"globMappingRules":[]}'
    )
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in [("./h.com/app/index.html", b"page"), (MANIFEST_NAME, manifest)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    path.write_bytes(gzip.compress(buffer.getvalue()))
    with load_package(path) as package:
        assert package.format == "tar.gz"
        assert package.read("h.com/app/index.html") == b"page"
        assert package.include_urls == ("https://h.com/app/index.html",)
        assert package.biz_data == {}


@needs_official_packer
def test_legacy_tar_gz_made_by_archiver_loads(tmp_path: Path) -> None:
    """A tar.gz written as packer 2.0.8 wrote it (archiver 'tar', gzip) loads, entries and all."""
    (tmp_path / "index.html").write_bytes(b"<p>legacy</p>")
    script = """
const archiver = require('archiver'); const fs = require('fs');
const arch = archiver('tar', { gzip: true });
const out = fs.createWriteStream(process.argv[1]);
arch.pipe(out);
arch.file(process.argv[2], { name: 'n.dingtalk.com/app/index.html' });
arch.append(Buffer.from('x'.repeat(5000)), { name: 'g.alicdn.com/lib/react.js' });
arch.append(JSON.stringify({ bundleMode: 2,
  includeUrls: ['https://n.dingtalk.com/app/index.html'], globMappingRules: [] }),
  { name: 'localresource.json' });
arch.finalize();
"""
    path = tmp_path / "5000000002761167.tgz"
    assert NODE is not None
    subprocess.run(
        [NODE, "-e", script, str(path), str(tmp_path / "index.html")],
        cwd=PACKER_PROJECT,
        check=True,
        timeout=60,
    )
    with load_package(path) as package:
        assert package.format == "tar.gz"
        assert package.read("n.dingtalk.com/app/index.html") == b"<p>legacy</p>"
        entry = package.entry_for_url("https://g.alicdn.com/lib/react.js")
        assert entry is not None and entry.read() == b"x" * 5000


def test_write_package_refuses_bad_names_and_leaves_nothing(tmp_path: Path) -> None:
    """An unsafe, duplicate or reserved name fails the write; no file, no temporary file."""
    for entries in (
        [("../x", b"")],
        [("h.com/a", b""), ("h.com/a", b"")],
        [(MANIFEST_NAME, b"")],
    ):
        with pytest.raises(OfflinePackageError, match="cannot write entry"):
            write_package(tmp_path / "p.zip", entries, Manifest())
        assert list(tmp_path.iterdir()) == []


def test_write_package_calls_back_per_entry(tmp_path: Path) -> None:
    """written() hears each entry's name in order; the manifest is written last."""
    heard: list[str] = []
    path = write_package(
        tmp_path / "p.zip", [("h.com/b", b"b"), ("h.com/a", b"a")], Manifest(), written=heard.append
    )
    assert heard == ["h.com/b", "h.com/a"]
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["h.com/b", "h.com/a", MANIFEST_NAME]

"""offline_packages.install: the device's cache with a stand-in fetcher, no emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offline_packages.install import PackageCache, content_type
from offline_packages.manifest import Manifest, write_package
from offline_packages.sign import sign_package
from offline_packages.store import PackageStore, Release

APP = "5000000002761167"


class StoreFetcher:
    """Downloads straight from a store; ``index`` replaces the index when set (re-signed)."""

    def __init__(self, store: PackageStore) -> None:
        self.store = store
        self.index: bytes | None = None
        self.fetched: list[str] = []

    def release(self, app_id: str, *, corp_id: str, userid: str) -> Release:
        return self.store.release_for(app_id, corp_id=corp_id, userid=userid)

    def download(self, release: Release, what: str) -> bytes:
        self.fetched.append(what)
        if self.index is not None and what.startswith("index"):
            if what == "index":
                return self.index
            signed = sign_package(
                self.index, app_id=APP, version=release.version, private_key=self.store.private_key
            )
            return signed.to_json().encode()
        return release.read(what)


@pytest.fixture
def store(tmp_path: Path) -> PackageStore:
    return PackageStore(tmp_path / "store")


def publish(
    store: PackageStore, tmp_path: Path, files: dict[str, bytes], **manifest: object
) -> str:
    path = tmp_path / "p.zip"
    write_package(path, sorted(files.items()), Manifest(**manifest))  # type: ignore[arg-type]
    return store.deploy(APP, path, owner="owner")


def test_full_then_delta_install(store: PackageStore, tmp_path: Path) -> None:
    """The first install takes the package; the next only the changed entry."""
    cache = PackageCache(tmp_path / "cache", store.public_key)
    fetcher = StoreFetcher(store)
    publish(store, tmp_path, {"a.com/x.js": b"1", "a.com/y.js": b"same"})
    first = cache.update(APP, fetcher, corp_id="c", userid="u")
    assert first.ok and "package" in fetcher.fetched
    publish(store, tmp_path, {"a.com/x.js": b"22", "a.com/y.js": b"same"})
    fetcher.fetched.clear()
    second = cache.update(APP, fetcher, corp_id="c", userid="u")
    assert fetcher.fetched == ["index", "index.sig", "entry:a.com/x.js"]
    assert (second.changed, second.installed and second.installed.version) == (2, "0.0.2")


def test_a_signed_index_cannot_write_outside_the_cache(store: PackageStore, tmp_path: Path) -> None:
    """An index naming ../ is refused, the held version kept, nothing written outside."""
    cache = PackageCache(tmp_path / "cache", store.public_key)
    fetcher = StoreFetcher(store)
    publish(store, tmp_path, {"a.com/x.js": b"1"})
    cache.update(APP, fetcher, corp_id="c", userid="u")
    publish(store, tmp_path, {"a.com/x.js": b"2"})
    index = {"appId": APP, "version": "0.0.2", "manifest": Manifest().to_json(),
             "entries": {"../../evil.js": {"sha256": "0" * 64, "size": 1}}}  # fmt: skip
    fetcher.index = json.dumps(index).encode()
    result = cache.update(APP, fetcher, corp_id="c", userid="u")
    assert not result.ok and result.reason.startswith("corrupt package index: unsafe entry")
    assert result.installed is not None and result.installed.version == "0.0.1"
    assert not list(tmp_path.rglob("evil.js"))


def test_glob_mapping_rules_rewrite_exact_urls(store: PackageStore, tmp_path: Path) -> None:
    """A [pattern, target] pair answers the directory URL with its index.html."""
    cache = PackageCache(tmp_path / "cache", store.public_key)
    publish(
        store, tmp_path, {"a.com/app/index.html": b"<p>"},
        include_urls=("https://a.com/app/index.html",),
        glob_mapping_rules=(("https://a.com/app/", "https://a.com/app/index.html"),),
    )  # fmt: skip
    installed = cache.update(APP, StoreFetcher(store), corp_id="c", userid="u").installed
    assert installed is not None
    found = cache.lookup(installed, "https://a.com/app/?from=x")
    assert found is not None and found.read_bytes() == b"<p>"
    assert cache.lookup(installed, "https://a.com/other") is None
    assert cache.lookup(installed, "http://a.com/app/index.html") is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("data.json", "application/json; charset=utf-8"),
        ("logo.png", "image/png"),
        ("blob", "application/octet-stream"),
    ],
)
def test_content_type(name: str, kind: str) -> None:
    assert content_type(name) == kind

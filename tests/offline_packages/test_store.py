"""offline_packages.store: versions the server assigns, signatures, release and gray targeting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offline_packages.manifest import Manifest, write_package
from offline_packages.sign import PackageSignature, verify_signature
from offline_packages.store import BuildStatus, PackageStore, StoreError, gray_bucket

APP = "5000000002761167"
OWNER = "dingappowner"


def make_zip(path: Path, files: dict[str, bytes]) -> bytes:
    write_package(path, sorted(files.items()), Manifest(tuple(f"https://{n}" for n in files)))
    return path.read_bytes()


def upload(store: PackageStore, tmp_path: Path, files: dict[str, bytes]) -> str:
    """Upload and build a package; returns the task id."""
    data = make_zip(tmp_path / "up.zip", files)
    creds = store.issue_upload(APP, 60)
    store.put_object(creds.key, data)
    return store.build(APP, creds.key, creator=OWNER)


@pytest.fixture
def store(tmp_path: Path) -> PackageStore:
    found = PackageStore(tmp_path / "store")
    found.register(APP, OWNER)
    return found


def test_versions_are_assigned_in_order_and_signed(store: PackageStore, tmp_path: Path) -> None:
    """Each good build becomes 0.0.N with a signature over the zip kept beside it."""
    first = store.task(APP, upload(store, tmp_path, {"a.com/x.js": b"1"}))
    second = store.task(APP, upload(store, tmp_path, {"a.com/x.js": b"2"}))
    assert (first["status"], first["version"]) == (BuildStatus.SUCCESS, "0.0.1")
    assert second["version"] == "0.0.2"
    store.publish(APP, "0.0.2")
    release = store.release_for(APP, corp_id="c", userid="u")
    signature = PackageSignature.read(release.signature)
    verify_signature(release.package, signature, store.public_key, app_id=APP, version="0.0.2")
    index = json.loads(release.read("index"))
    assert index["entries"]["a.com/x.js"]["size"] == 1
    assert [v["version"] for v in store.versions(APP)] == ["0.0.2", "0.0.1"]
    assert [v["avaliable"] for v in store.versions(APP)] == [1, 0]


def test_a_hostile_upload_fails_without_a_version(store: PackageStore, tmp_path: Path) -> None:
    """A package with a traversal name ends as a failed task; the next good one is 0.0.1."""
    import zipfile

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("../evil", b"x")
        archive.writestr("localresource.json", Manifest().to_json())
    creds = store.issue_upload(APP, 60)
    store.put_object(creds.key, bad.read_bytes())
    task = store.task(APP, store.build(APP, creds.key))
    assert task["status"] == BuildStatus.FAILED and "version" not in task
    assert store.task(APP, upload(store, tmp_path, {"a.com/x": b"1"}))["version"] == "0.0.1"


def test_release_state_survives_a_new_store(store: PackageStore, tmp_path: Path) -> None:
    """A second store on the same folder sees the versions and what is published."""
    upload(store, tmp_path, {"a.com/x": b"1"})
    store.publish(APP, "0.0.1")
    again = PackageStore(store.root, private_key=store.private_key)
    assert again.release_for(APP, corp_id="c", userid="u").version == "0.0.1"
    assert not list(store.root.rglob("*.tmp")), "no temporary file is left behind"


def test_gray_reaches_only_its_targets(store: PackageStore, tmp_path: Path) -> None:
    """Gray by corp, by user and by percent; everybody else keeps the published version."""
    upload(store, tmp_path, {"a.com/x": b"1"})
    upload(store, tmp_path, {"a.com/x": b"2"})
    store.publish(APP, "0.0.1")
    store.gray_deploy(APP, "0.0.2")

    def version(corp: str, user: str) -> str:
        return store.release_for(APP, corp_id=corp, userid=user).version

    assert version("corpA", "u1") == "0.0.1", "a gray release reaches nobody until targeted"
    store.set_gray(APP, "0.0.2", "orgs", ["corpA"])
    store.set_gray(APP, "0.0.2", "users", ["lisi"])
    assert (version("corpA", "u1"), version("corpB", "lisi"), version("corpB", "u1")) == (
        "0.0.2",
        "0.0.2",
        "0.0.1",
    )
    users = [f"user{i}" for i in range(400)]
    store.set_gray(APP, "0.0.2", "percent", 25.0)
    share = sum(version("corpC", u) == "0.0.2" for u in users) / len(users)
    assert 0.18 < share < 0.32
    assert all(
        (version("corpC", u) == "0.0.2") == (gray_bucket(APP, "corpC", u) < 25) for u in users
    )
    store.gray_exit(APP, "0.0.2")
    assert version("corpA", "u1") == "0.0.1"


def test_gray_values_are_checked(store: PackageStore, tmp_path: Path) -> None:
    """Percent out of range, a version not in gray, an unknown version: 400s."""
    upload(store, tmp_path, {"a.com/x": b"1"})
    with pytest.raises(StoreError, match="不在灰度"):
        store.set_gray(APP, "0.0.1", "percent", 5)
    store.gray_deploy(APP, "0.0.1")
    with pytest.raises(StoreError, match="0.01~100"):
        store.set_gray(APP, "0.0.1", "percent", 101)
    with pytest.raises(StoreError, match="版本不存在"):
        store.publish(APP, "0.0.9")


def test_close_and_publish_again(store: PackageStore, tmp_path: Path) -> None:
    """A closed app has nothing to fetch until a version is published again."""
    upload(store, tmp_path, {"a.com/x": b"1"})
    with pytest.raises(StoreError, match="没有已发布"):
        store.release_for(APP, corp_id="c", userid="u")
    store.publish(APP, "0.0.1")
    store.close(APP)
    with pytest.raises(StoreError, match="已关闭"):
        store.release_for(APP, corp_id="c", userid="u")
    assert store.versions(APP)[0]["avaliable"] == 0
    store.publish(APP, "0.0.1")
    assert store.release_for(APP, corp_id="c", userid="u").version == "0.0.1"


def test_owner_and_ids_are_checked(store: PackageStore) -> None:
    """Another app may not take an id; ids and object keys cannot leave the store."""
    with pytest.raises(StoreError) as caught:
        store.register(APP, "someone-else")
    assert caught.value.status == 403
    with pytest.raises(StoreError):
        store.register("../x", OWNER)
    with pytest.raises(StoreError):
        store.put_object("a/../../x", b"")

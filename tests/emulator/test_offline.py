"""emulator.offline: open, install, expiry, close; faults end with the old version or online."""

from __future__ import annotations

from pathlib import Path

import pytest

from bridge.errors import ConfigError
from emulator import Emulator
from emulator.offline import FAULTS, app_id_of
from jsapi.biz.resource import get_info
from jsapi.context import Context
from offline_packages.install import PackageStatus
from offline_packages.manifest import Manifest, write_package

APP = "5000000002761167"
OWNER = "dingapp8k2m4n6p8r0t2v4x"
PAGE = "https://n.dingtalk.com/app/index.html"


@pytest.fixture
def emu(tmp_path: Path) -> Emulator:
    return Emulator(app=tmp_path, data_dir=tmp_path / "data")


def release(emu: Emulator, tmp_path: Path, text: str, *, name: str = "p.zip") -> str:
    """Publish a package whose index.html holds ``text`` (and a fixed app.js)."""
    path = tmp_path / name
    files = [("n.dingtalk.com/app/index.html", text.encode()), ("n.dingtalk.com/app/app.js", b"1")]
    write_package(path, files, Manifest((PAGE,), biz_data={"v": text}))
    return emu.platform.packages.deploy(APP, path, owner=OWNER)


def served(emu: Emulator, url: str = PAGE) -> str:
    emu.device.offline.resolve(url)
    return emu.offline.source(url)


def leftovers(emu: Emulator) -> list[Path]:
    """Temporary install folders left in the device's cache."""
    root = emu.device.offline.cache.root
    return [p for p in root.rglob(".installing-*")] if root.exists() else []


def test_open_installs_and_serves(emu: Emulator, tmp_path: Path) -> None:
    """The released version is installed in the device's data folder and answers its URLs."""
    release(emu, tmp_path, "one")
    state = emu.offline.open(APP)
    assert state.status is PackageStatus.ENABLE and state.installed is not None
    assert state.installed.folder.is_relative_to(tmp_path / "data")
    assert served(emu) == f"package app 0.0.1 ({APP})"
    assert served(emu, "https://n.dingtalk.com/app/other.js") == "online: not in package"
    path, _ = emu.device.offline.resolve(PAGE + "?q=1#x")
    assert path is not None and path.read_text() == "one"


def test_get_info_answers_from_the_device(emu: Emulator, tmp_path: Path) -> None:
    """getInfo: enable with version, id, expiry and bizData; disable without a package."""
    ctx = Context(emu.device, emu.platform)
    assert get_info({}, ctx) == {"status": "disable"}
    release(emu, tmp_path, "one")
    emu.offline.open(APP)
    answer = get_info({}, ctx)
    assert answer["status"] == "enable"
    detail = answer["detail"]
    assert (detail["version"], detail["id"], detail["bizData"]) == ("0.0.1", APP, {"v": "one"})
    assert detail["expireTimestamp"] > emu.clock.now() * 1000


def test_a_package_expires(emu: Emulator, tmp_path: Path) -> None:
    """Past its expiry the package is not used; the next open with the platform renews it."""
    release(emu, tmp_path, "one")
    emu.offline.open(APP)
    emu.clock.advance(emu.device.offline.cache.lifetime + 1)
    assert emu.offline.status(APP).status is PackageStatus.DISABLE
    assert served(emu) == "online: package expired"
    assert emu.offline.open(APP).status is PackageStatus.ENABLE


def test_close_turns_the_app_online_and_publish_back(emu: Emulator, tmp_path: Path) -> None:
    """A closed app is dropped from the device; a publish brings the package back."""
    version = release(emu, tmp_path, "one")
    emu.offline.open(APP)
    emu.platform.packages.close(APP)
    assert emu.offline.open(APP).status is PackageStatus.DISABLE
    assert served(emu).startswith("online: 离线包")
    emu.platform.packages.publish(APP, version)
    assert emu.offline.open(APP).status is PackageStatus.ENABLE


def test_an_update_downloads_only_changed_entries(emu: Emulator, tmp_path: Path) -> None:
    """Holding 0.0.1, the device fetches only the changed index.html of 0.0.2."""
    release(emu, tmp_path, "one")
    first = emu.offline.open(APP).last_update
    release(emu, tmp_path, "two-two")
    second = emu.offline.open(APP).last_update
    assert first is not None and second is not None
    assert second.changed == len(b"two-two")
    assert second.downloaded < first.downloaded
    path, _ = emu.device.offline.resolve(PAGE)
    assert path is not None and path.read_text() == "two-two"
    previous = emu.device.offline.cache.previous(APP)
    assert previous is not None and previous.version == "0.0.1"


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("corrupt-zip", "corrupt package"),
        ("bad-signature", "signature mismatch"),
        ("truncated", "download truncated"),
        ("storage-gone", "download failed"),
    ],
)
def test_a_first_install_that_fails_goes_online(
    emu: Emulator, tmp_path: Path, fault: str, reason: str
) -> None:
    """Without a version held, each download fault ends online, with nothing installed."""
    release(emu, tmp_path, "one")
    emu.offline.inject(fault)
    state = emu.offline.open(APP)
    assert state.status is PackageStatus.DISABLE and state.installed is None
    assert served(emu) == f"online: {reason}"
    assert emu.device.offline.cache.current(APP) is None and not leftovers(emu)
    assert emu.offline.open(APP).status is PackageStatus.ENABLE, "a fault is used once"


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("corrupt-zip", "corrupt package index"),
        ("bad-signature", "signature mismatch"),
        ("truncated", "signature mismatch"),
        ("storage-gone", "download failed"),
    ],
)
def test_an_update_that_fails_keeps_the_previous_version(
    emu: Emulator, tmp_path: Path, fault: str, reason: str
) -> None:
    """Holding 0.0.1, each fault while updating to 0.0.2 leaves 0.0.1 in effect, whole."""
    release(emu, tmp_path, "one")
    emu.offline.open(APP)
    release(emu, tmp_path, "two")
    emu.offline.inject(fault, app_id=APP)
    state = emu.offline.open(APP)
    assert state.installed is not None and state.installed.version == "0.0.1"
    assert state.reason.startswith(reason) and state.reason.endswith("kept 0.0.1")
    assert served(emu) == f"package app 0.0.1 ({APP})"
    assert emu.device.offline.cache.check(state.installed, deep=True) is None
    assert not leftovers(emu)


def test_expired_fault_goes_online(emu: Emulator, tmp_path: Path) -> None:
    """An expired package whose update check cannot reach the platform is not used."""
    release(emu, tmp_path, "one")
    emu.offline.open(APP)
    emu.offline.inject("expired")
    state = emu.offline.open(APP)
    assert state.status is PackageStatus.DISABLE
    assert state.reason.startswith("package expired")
    assert served(emu) == "online: package expired"


def test_stale_cache_falls_back_then_reinstalls(emu: Emulator, tmp_path: Path) -> None:
    """A cached file that no longer matches is caught; the good version is installed again."""
    release(emu, tmp_path, "one")
    emu.offline.open(APP)
    release(emu, tmp_path, "two")
    emu.offline.open(APP)
    emu.offline.inject("stale-cache")
    state = emu.offline.open(APP)
    assert state.reason.startswith("stale cache: n.dingtalk.com/app/app.js")
    assert state.installed is not None and state.installed.version == "0.0.2"
    assert emu.device.offline.cache.check(state.installed, deep=True) is None
    path, _ = emu.device.offline.resolve(PAGE)
    assert path is not None and path.read_text() == "two"


def test_stale_cache_and_no_platform_ends_with_the_previous_version(
    emu: Emulator, tmp_path: Path
) -> None:
    """A broken current version with the storage gone: the previous version is served."""
    release(emu, tmp_path, "one")
    emu.offline.open(APP)
    release(emu, tmp_path, "two")
    emu.offline.open(APP)
    emu.offline.inject("stale-cache")
    emu.offline.inject("storage-gone")
    state = emu.offline.open(APP)
    assert state.installed is not None and state.installed.version == "0.0.1"
    assert served(emu) == f"package app 0.0.1 ({APP})"


def test_faults_are_checked_and_reset(emu: Emulator, tmp_path: Path) -> None:
    """An unknown fault is refused; reset forgets installs and records."""
    with pytest.raises(ConfigError, match="no fault 'flaky'"):
        emu.offline.inject("flaky")
    assert set(FAULTS) == {
        "corrupt-zip", "bad-signature", "truncated", "storage-gone", "expired", "stale-cache"
    }  # fmt: skip
    release(emu, tmp_path, "one")
    emu.offline.open(APP)
    emu.reset()
    assert emu.device.offline.cache.current(APP) is None and emu.offline.requests == []


def test_app_id_of_reads_the_page_url() -> None:
    """dd_mini_app_id is read from the query, wherever it is."""
    assert app_id_of(f"https://a.com/x?b=1&dd_mini_app_id={APP}") == APP
    assert app_id_of("https://a.com/x") is None


def test_get_info_says_prepare_while_installing(emu: Emulator, tmp_path: Path) -> None:
    """A getInfo answered while the package downloads says prepare, then enable."""
    release(emu, tmp_path, "one")
    store = emu.platform.packages
    ctx = Context(emu.device, emu.platform)
    seen: list[dict[str, object]] = []
    real = store.release_for

    def release_for(*args: object, **kwargs: object) -> object:
        seen.append(get_info({}, ctx))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    store.release_for = release_for  # type: ignore[method-assign]
    emu.offline.open(APP)
    assert seen == [{"status": "prepare"}]
    assert get_info({}, ctx)["status"] == "enable"

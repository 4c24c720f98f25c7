"""The offline sample app, packed, published and opened from its package in headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from emulator import Emulator
from offline_packages.build import MirrorFetcher, pack

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "sample_apps" / "offline"
APP_ID = "5000000002761167"
OWNER = "dingapp8k2m4n6p8r0t2v4x"
ORIGIN = "https://n.dingtalk.com/ddemu/offline-sample"
HOME = f"{ORIGIN}/index.html?dd_mini_app_id={APP_ID}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the built sample app, to change between versions."""
    if not (SAMPLE / "dist" / "app.js").exists():
        pytest.skip("sample_apps/offline is not built: `make setup` (npm ci && npm run build)")
    copy = tmp_path / "offline"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("node_modules"))
    return copy


def publish(emu: Emulator, project: Path, out: Path, **biz: Any) -> str:
    """Pack the project as `ddemu pack --external-dir cdn` does, then deploy it."""
    out.mkdir(exist_ok=True)
    result = pack(project, out_dir=out, fetch=MirrorFetcher(project / "cdn"), biz_data=biz)
    return emu.platform.packages.deploy(APP_ID, result.path, owner=OWNER)


def open_published(emu: Emulator, page: Page, project: Path, out: Path, **biz: Any) -> None:
    """Publish the project, open the app and wait until it says it runs from its package."""
    publish(emu, project, out, **biz)
    page.goto(HOME)
    expect(page.locator("#status")).to_have_text("enable")


@pytest.fixture
def origin_cut(ddemu_context: BrowserContext) -> Iterator[list[str]]:
    """Cut the network to every https origin (before ddemu's own route); lists what tried it."""
    reached: list[str] = []

    def cut(route: Route) -> None:
        reached.append(route.request.url)
        route.abort("internetdisconnected")

    # Routes added later run first: ddemu's route (in the fixture) must come after.
    ddemu_context.unroute("https://**/*")
    ddemu_context.route("https://**/*", cut)
    yield reached


@pytest.fixture
def page(ddemu: Emulator, ddemu_context: BrowserContext, origin_cut: list[str]) -> Page:
    ddemu.offline.route(ddemu_context)
    return ddemu_context.new_page()


def test_opens_offline_from_the_package(
    ddemu: Emulator, page: Page, project: Path, tmp_path: Path, origin_cut: list[str]
) -> None:
    """With the origin and the CDN cut, the app renders from its package and says so."""
    open_published(ddemu, page, project, tmp_path / "out", assetVersion="1.0.0")
    expect(page.locator("#version")).to_have_text("0.0.1")
    expect(page.locator("#biz-data")).to_have_text('{"assetVersion":"1.0.0"}')
    expect(page.locator("#banner")).to_have_text("banner from the CDN entry")
    expect(page.locator("#hello")).to_have_text("served from the offline package")
    expect(page.locator("#network")).to_have_text("wifi")
    assert origin_cut == [], "nothing went to the network"
    assert ddemu.offline.source(HOME) == f"package app 0.0.1 ({APP_ID})"
    cdn = "https://g.alicdn.com/ddemu/offline-sample/1.0.0/banner.js"
    assert ddemu.offline.source(cdn) == f"package app 0.0.1 ({APP_ID})"
    state = ddemu.offline.status(APP_ID)
    assert state.installed is not None
    assert page.locator("#expires").text_content() != "-"


def test_a_miss_goes_online_and_says_why(
    ddemu: Emulator, page: Page, project: Path, tmp_path: Path, origin_cut: list[str]
) -> None:
    """A URL the package lacks goes to the network; its record says it was not in the package."""
    open_published(ddemu, page, project, tmp_path / "out")
    missing = f"{ORIGIN}/missing.json"
    page.evaluate("url => fetch(url).catch(() => null)", missing)
    assert missing in origin_cut
    assert ddemu.offline.source(missing) == "online: not in package"


def test_cors_and_content_types_of_entries(
    ddemu: Emulator, page: Page, project: Path, tmp_path: Path
) -> None:
    """A cross-origin entry answers with CORS headers and a content type from its extension."""
    open_published(ddemu, page, project, tmp_path / "out")
    cdn = "https://g.alicdn.com/ddemu/offline-sample/1.0.0/banner.js"
    with page.expect_response(cdn) as answer:
        # A cross-origin fetch in cors mode rejects unless the answer allows it.
        kind = page.evaluate(
            "async url => (await fetch(url, {mode: 'cors'})).headers.get('content-type')", cdn
        )
    assert kind.startswith(("text/javascript", "application/javascript"))
    assert answer.value.headers["access-control-allow-origin"] == "*"


def test_update_downloads_changed_entries_on_the_next_open(
    ddemu: Emulator, page: Page, project: Path, tmp_path: Path
) -> None:
    """A new version is installed when the app opens again, by its changed entries only."""
    publish(ddemu, project, tmp_path / "out")
    page.goto(HOME)
    expect(page.locator("#version")).to_have_text("0.0.1")
    (project / "dist" / "hello.txt").write_text("version two\n")
    publish(ddemu, project, tmp_path / "out2")
    page.goto(HOME)
    expect(page.locator("#version")).to_have_text("0.0.2")
    expect(page.locator("#hello")).to_have_text("version two")
    update = ddemu.offline.status(APP_ID).last_update
    assert update is not None and update.changed == len(b"version two\n")
    assert ddemu.device.offline.cache.previous(APP_ID) is not None, "the previous version is kept"


def test_gray_release_reaches_only_the_chosen_user(
    ddemu: Emulator, page: Page, project: Path, tmp_path: Path
) -> None:
    """A gray version goes to the listed user; another user of the same corp keeps the release."""
    publish(ddemu, project, tmp_path / "out")
    (project / "dist" / "hello.txt").write_text("gray\n")
    store = ddemu.platform.packages
    gray = store.deploy(APP_ID, pack(
        project, out_dir=tmp_path, fetch=MirrorFetcher(project / "cdn")
    ).path, owner=OWNER, publish=False)  # fmt: skip
    store.gray_deploy(APP_ID, gray)
    store.set_gray(APP_ID, gray, "users", ["lisi"])
    page.goto(HOME)
    expect(page.locator("#version")).to_have_text("0.0.1")
    ddemu.device.sign_in("lisi")
    page.goto(HOME)
    expect(page.locator("#version")).to_have_text("0.0.2")
    expect(page.locator("#hello")).to_have_text("gray")


def test_close_turns_the_app_back_online(
    ddemu: Emulator, page: Page, project: Path, tmp_path: Path, origin_cut: list[str]
) -> None:
    """After close, the next open finds no package: the page goes to the (cut) network."""
    open_published(ddemu, page, project, tmp_path / "out")
    ddemu.platform.packages.close(APP_ID)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(HOME)
    assert ddemu.offline.source(HOME) == "online: 离线包 5000000002761167 已关闭"
    assert ddemu.offline.status(APP_ID).status.value == "disable"

"""``ddemu run --package``: the offline sample app from its package in the real desktop window.

The window's https requests go through the package proxy (emulator/packageproxy.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from offline_packages.build import MirrorFetcher, pack

from .test_window import DdemuRun, desktop_stack, run_window  # noqa: F401 (fixtures)

pytestmark = pytest.mark.gui

SAMPLE = Path(__file__).resolve().parents[2] / "sample_apps" / "offline"
APP_ID = "5000000002761167"
HOME = "https://n.dingtalk.com/ddemu/offline-sample/index.html"


def get_info(ddemu: DdemuRun) -> Any:
    """The page's first ``biz.resource.getInfo`` call, once it made one."""

    def first() -> dict[str, Any] | None:
        calls = ddemu.api("calls")["calls"]
        return next((c for c in calls if c["method"] == "biz.resource.getInfo"), None)

    return ddemu.wait_until("the page calls biz.resource.getInfo", first)


def test_window_opens_the_app_from_its_package(
    run_window: Callable[..., DdemuRun],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The window's requests are answered from the package, CDN entry too; getInfo says enable."""
    if not (SAMPLE / "dist" / "app.js").exists():
        pytest.skip("sample_apps/offline is not built (make setup)")
    package = pack(SAMPLE, out_dir=tmp_path, fetch=MirrorFetcher(SAMPLE / "cdn")).path
    ddemu = run_window("--package", str(package))

    call = get_info(ddemu)
    assert call["result"]["status"] == "enable"
    assert (call["result"]["detail"]["version"], call["result"]["detail"]["id"]) == (
        "0.0.1",
        APP_ID,
    )
    log = ddemu.api("offline")["devices"]["phone"]
    assert log["apps"][APP_ID]["status"] == "enable"
    sources = {r["url"].split("?")[0]: r["source"] for r in log["requests"]}
    from_package = f"package app 0.0.1 ({APP_ID})"
    assert sources["https://n.dingtalk.com/ddemu/offline-sample/index.html"] == from_package
    assert sources["https://n.dingtalk.com/ddemu/offline-sample/app.js"] == from_package
    assert sources["https://g.alicdn.com/ddemu/offline-sample/1.0.0/banner.js"] == from_package


def test_window_runs_the_app_at_its_https_origin(
    run_window: Callable[..., DdemuRun],  # noqa: F811
    tmp_path: Path,
) -> None:
    """Root-relative URLs (``/x.js``) resolve on the app's https origin and come from the package.

    The window's https requests go through ddemu's package proxy: nothing of
    the page is fetched from the network, and the page's URL is its own.
    """
    if not (SAMPLE / "dist" / "app.js").exists():
        pytest.skip("sample_apps/offline is not built (make setup)")
    project = tmp_path / "project"
    shutil.copytree(SAMPLE / "dist", project / "dist")
    shutil.copy(SAMPLE / "localresource.json", project)
    page = project / "dist" / "index.html"
    html = page.read_text(encoding="utf-8")
    for name in ("app.js", "style.css"):
        assert f'"./{name}"' in html
        html = html.replace(f'"./{name}"', f'"/ddemu/offline-sample/{name}"')
    page.write_text(html, encoding="utf-8")
    package = pack(project, out_dir=tmp_path, fetch=MirrorFetcher(SAMPLE / "cdn")).path
    ddemu = run_window("--package", str(package))

    # app.js is only loaded root-relatively: the call means it ran.
    call = get_info(ddemu)
    assert call["result"]["status"] == "enable"
    (session,) = ddemu.api("status")["sessions"]
    assert session["hello"]["url"] == f"{HOME}?dd_mini_app_id={APP_ID}"
    log = ddemu.api("offline")["devices"]["phone"]
    sources = {r["url"].split("?")[0]: r["source"] for r in log["requests"]}
    from_package = f"package app 0.0.1 ({APP_ID})"
    assert sources["https://n.dingtalk.com/ddemu/offline-sample/app.js"] == from_package
    assert sources["https://n.dingtalk.com/ddemu/offline-sample/style.css"] == from_package
    assert set(sources.values()) == {from_package}, sources

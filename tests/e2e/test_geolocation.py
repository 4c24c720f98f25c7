"""device.geolocation from a page using the real dingtalk-jsapi, in headless Chromium.

The page loads the library's IIFE bundle (``sample_apps/hello/dist/dd.js``);
Python moves the device along a track on the virtual clock and injects
failures. Continuous location reaches the page as the client delivers it: on
Android and Harmony one more ``onSuccess``, on iOS one more answer of the call.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page

from emulator import Emulator
from emulator.geo import wgs84_to_gcj02
from tests.e2e.pages import bundled_app, ready, ready_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("ddemu_persona", ["ios", "android", "harmony"]),
]

T0 = 1_800_000_000.0

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>geolocation</title>
<script src="/dd.js"></script>
<script>
  window.seen = { ready: false, fixes: [], first: null };
  dd.ready(function () { seen.ready = true; });
  window.settle = function (promise) {
    return promise.then(function (r) { return { ok: r }; }, function (e) { return { fail: e }; });
  };
  window.startWalk = function (params) {
    params.onSuccess = function (fix) { seen.fixes.push(fix); };
    return settle(dd.device.geolocation.start(params));
  };
</script>
</head>
<body><p>geolocation</p></body>
</html>
"""

GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="ddemu tests" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><trkseg>
    <trkpt lat="30.2790" lon="120.0260"><time>2026-11-27T01:00:00Z</time></trkpt>
    <trkpt lat="30.2800" lon="120.0260"><time>2026-11-27T01:00:10Z</time></trkpt>
  </trkseg></trk>
</gpx>
"""


#: The same, for a page that loads the library from the CDN (ddemu's own dd answers it).
CDN_PAGE = PAGE.replace(
    '<script src="/dd.js"></script>',
    '<script src="https://g.alicdn.com/dingding/dingtalk-jsapi/3.2.9/dingtalk.open.js"></script>',
)


ddemu_app = bundled_app("geolocation", PAGE, {"cdn.html": CDN_PAGE, "walk.gpx": GPX})
#: The page, once dd.ready has fired.
app = ready_page()


def test_get_gives_gcj02_and_address(ddemu: Emulator, app: Page) -> None:
    """get answers GCJ-02 by default, WGS-84 for coordinate 0, and the table's address."""
    ddemu.device.location.set(39.908692, 116.397477, accuracy=12)
    gcj = app.evaluate("dd.device.geolocation.get({targetAccuracy: 200, withReGeocode: true})")
    assert (gcj["latitude"], gcj["longitude"]) == pytest.approx((39.910095, 116.403721), abs=2e-6)
    assert gcj["accuracy"] == 12
    assert (gcj["province"], gcj["city"], gcj["district"]) == ("北京市", "", "东城区")
    wgs = app.evaluate("dd.device.geolocation.get({coordinate: 0})")
    assert (wgs["latitude"], wgs["longitude"]) == (39.908692, 116.397477)


def test_start_replays_the_track_on_the_clock(ddemu: Emulator, app: Page, ddemu_app: Path) -> None:
    """start answers now, then each virtual second brings the next fix along the GPX track."""
    ddemu.clock.freeze(T0)
    ddemu.device.location.follow(ddemu_app / "walk.gpx")
    first = app.evaluate(
        "startWalk({sceneId: 'walk', callBackInterval: 1000, coordinate: 0, targetAccuracy: 50})"
    )
    assert first["ok"]["latitude"] == pytest.approx(30.2790)
    app.wait_for_function("seen.fixes.length === 1", timeout=5_000)  # onSuccess of the answer
    ddemu.clock.advance(3)
    app.wait_for_function("seen.fixes.length === 4", timeout=5_000)
    lats = app.evaluate("seen.fixes.map(function (f) { return f.latitude; })")
    assert lats == pytest.approx([30.2790, 30.2791, 30.2792, 30.2793])
    status = app.evaluate("dd.device.geolocation.status({sceneIds: ['walk', 'other']})")
    assert status == [{"walk": 1}, {"other": 0}]
    assert app.evaluate("dd.device.geolocation.stop({sceneId: 'walk'})") == {"sceneId": "walk"}
    ddemu.clock.advance(5)
    app.wait_for_timeout(200)
    assert app.evaluate("seen.fixes.length") == 4
    assert ddemu.device.location.scenes == []


def test_start_gcj02_figures(ddemu: Emulator, app: Page) -> None:
    """Continuous fixes are GCJ-02 unless asked otherwise, with the real offset."""
    ddemu.clock.freeze(T0)
    ddemu.device.location.set(30.2795, 120.0260)
    app.evaluate("startWalk({sceneId: 'gcj', callBackInterval: 2000})")
    ddemu.clock.advance(2)
    app.wait_for_function("seen.fixes.length === 2", timeout=5_000)
    fix = app.evaluate("seen.fixes[1]")
    lat, lon = wgs84_to_gcj02(30.2795, 120.0260)
    assert (fix["latitude"], fix["longitude"]) == pytest.approx((lat, lon), abs=1e-9)
    assert abs(fix["longitude"] - 120.0260) > 0.003  # hundreds of metres east, as on AMap


def test_denied_and_unavailable_reach_the_page(ddemu: Emulator, app: Page) -> None:
    """Injected failures reject with "7" (permission denied) and "9" (no position)."""
    ddemu.device.location.permission = False
    denied = app.evaluate("settle(dd.device.geolocation.get({}))")["fail"]
    assert denied["errorCode"] == "7" and "permission denied" in denied["errorMessage"]
    ddemu.device.location.permission = True
    ddemu.device.location.available = False
    gone = app.evaluate("startWalk({sceneId: 'x'})")["fail"]
    assert gone["errorCode"] == "9" and "position unavailable" in gone["errorMessage"]
    ddemu.device.location.available = True
    assert "ok" in app.evaluate("settle(dd.device.geolocation.get({}))")


def test_a_running_scene_cannot_start_again(ddemu: Emulator, app: Page) -> None:
    """Starting a running sceneId again fails "3" naming sceneId; the first goes on."""
    ddemu.clock.freeze(T0)
    assert "ok" in app.evaluate("startWalk({sceneId: 'a'})")
    again = app.evaluate("startWalk({sceneId: 'a'})")["fail"]
    assert again["errorCode"] == "3" and "'sceneId'" in again["errorMessage"]
    assert ddemu.device.location.scenes == ["a"]


def test_cdn_page_hears_continuous_fixes_too(ddemu: Emulator, ddemu_page: Page) -> None:
    """A page on the CDN library (ddemu's own dd) gets start's repeated onSuccess as well."""
    page = ddemu_page
    page.goto(urljoin(page.url, "cdn.html"))
    ready(page)
    ddemu.clock.freeze(T0)
    ddemu.device.location.set(30.2795, 120.0260)
    assert "ok" in page.evaluate("startWalk({sceneId: 'cdn', coordinate: 0})")
    ddemu.clock.advance(2)
    page.wait_for_function("seen.fixes.length === 3", timeout=5_000)
    assert page.evaluate("seen.fixes[2].latitude") == 30.2795

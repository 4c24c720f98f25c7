"""Events and watch calls from Python to a page using the real dingtalk-jsapi, in Chromium.

The page loads the library's IIFE bundle (``sample_apps/hello/dist/dd.js``) and
listens the ways apps do: ``dd.on``, ``document.addEventListener``,
``dd.onBeaconUpdate``, and the ``onSuccess`` of watch calls.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from emulator import Emulator
from tests.e2e.pages import bundled_app, ready, ready_page

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("ddemu_persona", ["ios", "android"])]


PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>events</title>
<script src="/dd.js"></script>
<script>
  var prevent = /[?&]prevent=1/.test(location.search);
  window.seen = {
    ready: false, resumes: [], network: [], backs: [], popstates: 0,
    beacons: [], bizBeacons: [], rights: [], menus: [], shakes: []
  };
  dd.on("resume", function (e) { seen.resumes.push(e.detail); });
  dd.on("offline", function (e) { seen.network.push(e.type); });
  dd.on("online", function (e) { seen.network.push(e.type); });
  document.addEventListener("backbutton", function (e) {
    if (prevent) e.preventDefault();
    seen.backs.push(location.hash);
  });
  window.addEventListener("popstate", function () { seen.popstates++; });
  dd.onBeaconUpdate({ onSuccess: function (data) { seen.beacons.push(data); } });
  dd.on("bizEvent.beaconUpdate", function (data) { seen.bizBeacons.push(data); });
  dd.ready(function () { seen.ready = true; });

  // Watch calls, started by the tests; each resolves with the first answer.
  window.watch = {
    right: function () {
      return dd.biz.navigation.setRight({
        control: true, text: "Save", onSuccess: function (r) { seen.rights.push(r); }
      });
    },
    menu: function () {
      return dd.biz.navigation.setMenu({
        items: [{ id: "share", text: "Share" }, { id: "help", text: "Help" }],
        onSuccess: function (r) { seen.menus.push(r); }
      });
    },
    shake: function () {
      return dd.device.accelerometer.watchShake({
        sensitivity: 3, frequency: 100, onSuccess: function (r) { seen.shakes.push(r); }
      });
    }
  };
</script>
</head>
<body><p>events</p></body>
</html>
"""

BEACONS = {
    "beacons": [
        {
            "uuid": "FDA50693-A4E2-4FB1-AFCF-C6EB07647825",
            "major": "10001",
            "minor": "19641",
            "proximity": 1,
            "accuracy": 0.8,
            "rssi": -62,
        }
    ]
}


ddemu_app = bundled_app("events", PAGE)
#: The page, once dd.ready has fired (its listeners are then attached).
app = ready_page()


def first_answer_calls_on_success(persona: str) -> int:
    """How many onSuccess calls a watch call's first answer makes.

    iOS: none, the library moves onSuccess to the handler it registers for the
    taps. Android: one, its first success both settles the promise and calls
    onSuccess (reference §4.1, §4.2).
    """
    return 1 if persona == "android" else 0


def test_resume_reaches_dd_on(ddemu: Emulator, app: Page) -> None:
    """device.fire("resume", data) reaches dd.on('resume') as a DOM event with that detail."""
    delivery = ddemu.device.fire("resume", {"from": "python"})
    assert len(delivery.pages) == 1
    app.wait_for_function("seen.resumes.length === 1", timeout=5_000)
    assert app.evaluate("seen.resumes") == [{"from": "python"}]


def test_offline_and_online(ddemu: Emulator, app: Page) -> None:
    """go_offline fires offline and getNetworkType sees no network; go_online undoes both."""
    ddemu.device.go_offline()
    app.wait_for_function("seen.network.length === 1", timeout=5_000)
    assert app.evaluate("dd.device.connection.getNetworkType({})") == {"newWorkAvailable": False}
    ddemu.device.go_online()
    app.wait_for_function("seen.network.length === 2", timeout=5_000)
    assert app.evaluate("seen.network") == ["offline", "online"]
    network = app.evaluate("dd.device.connection.getNetworkType({})")
    assert network == {"netWorkAvailable": True, "netWorkType": "wifi"}


def open_second_entry(ddemu: Emulator, page: Page, *, prevent: bool) -> None:
    """Open the page (the variant that prevents backbutton, or not) and add a history entry."""
    if prevent:
        page.goto(ddemu.home_url + "&prevent=1")
        ready(page)
    page.evaluate("history.pushState(null, '', '#second')")  # no popstate for this one
    assert page.url.endswith("#second")


def test_unprevented_backbutton_goes_back(ddemu: Emulator, app: Page) -> None:
    """A backbutton the page does not prevent takes it back in its history."""
    open_second_entry(ddemu, app, prevent=False)
    ddemu.device.back()
    app.wait_for_function("seen.popstates === 1", timeout=5_000)
    assert "#second" not in app.url
    assert app.evaluate("seen.backs") == ["#second"]


def test_prevented_backbutton_stays(ddemu: Emulator, app: Page) -> None:
    """A page that calls preventDefault() on backbutton stays where it is."""
    open_second_entry(ddemu, app, prevent=True)
    ddemu.device.back()
    app.wait_for_function("seen.backs.length === 1", timeout=5_000)
    # The shim would go back right after dispatching; give that a chance to show.
    app.wait_for_timeout(300)
    assert app.evaluate("seen.popstates") == 0
    assert app.url.endswith("#second")


@pytest.mark.parametrize("prevent", [False, True])
def test_back_tells_python_whether_the_page_stayed(
    ddemu: Emulator, app: Page, prevent: bool
) -> None:
    """delivery.prevented() is True when the page prevented backbutton, False when it went back."""
    open_second_entry(ddemu, app, prevent=prevent)
    assert ddemu.device.back().prevented(timeout=5) is prevent


def test_right_button_taps_call_on_success_each_time(
    ddemu: Emulator, ddemu_persona: str, app: Page
) -> None:
    """setRight({control: true}) is answered once; two taps call onSuccess twice more."""
    assert app.evaluate("watch.right()") == {}
    right = ddemu.device.navigation.right
    assert right is not None and (right.text, right.control) == ("Save", True)
    before = first_answer_calls_on_success(ddemu_persona)
    assert ddemu.device.navigation.tap_right() is True
    assert ddemu.device.navigation.tap_right() is True
    app.wait_for_function(f"seen.rights.length === {before + 2}", timeout=5_000)
    assert app.evaluate("seen.rights") == [{}] * (before + 2)


def test_menu_tap_gives_the_item_id(ddemu: Emulator, ddemu_persona: str, app: Page) -> None:
    """A tap on a setMenu item calls onSuccess with {id} of that item."""
    app.evaluate("watch.menu()")
    before = first_answer_calls_on_success(ddemu_persona)
    ddemu.device.navigation.tap_menu("help")
    app.wait_for_function(f"seen.menus.length === {before + 1}", timeout=5_000)
    menus: list[dict[str, Any]] = app.evaluate("seen.menus")
    assert menus[-1] == {"id": "help"}


def test_shake_calls_back_until_cleared(ddemu: Emulator, ddemu_persona: str, app: Page) -> None:
    """Each shake calls watchShake's onSuccess; after clearShake a shake calls nobody."""
    app.evaluate("watch.shake()")
    params = ddemu.calls.wait_for("device.accelerometer.watchShake").params
    assert params["watch"] is True
    before = first_answer_calls_on_success(ddemu_persona)
    assert ddemu.device.shake() is True
    app.wait_for_function(f"seen.shakes.length === {before + 1}", timeout=5_000)
    app.evaluate("dd.device.accelerometer.clearShake({})")
    assert ddemu.device.shake() is False
    assert app.evaluate("seen.shakes") == [{}] * (before + 1)


def test_beacon_update_arrives_with_its_data(ddemu: Emulator, app: Page) -> None:
    """fire_biz_event("beaconUpdate") reaches dd.onBeaconUpdate and dd.on("bizEvent...")."""
    ddemu.device.fire_biz_event("beaconUpdate", BEACONS)
    app.wait_for_function("seen.beacons.length === 1 && seen.bizBeacons.length === 1")
    assert app.evaluate("seen.beacons") == app.evaluate("seen.bizBeacons") == [BEACONS]

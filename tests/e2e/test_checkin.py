"""The check-in sample app through its scenarios: inside it succeeds, outside it is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from emulator import Emulator

APP = Path(__file__).parents[2] / "sample_apps" / "checkin"
OFFICE_SCENARIO = APP / "scenarios" / "office.toml"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("ddemu_persona", ["ios", "android"]),
]


@pytest.fixture
def ddemu_app() -> Path:
    if not (APP / "dist" / "app.js").is_file():
        pytest.skip("sample_apps/checkin/dist/app.js is not built (make setup)")
    return APP


def ready(ddemu: Emulator, page: Page) -> None:
    """Wait until the app has started locating and looking for the beacon."""
    expect(page.locator("#ready")).to_have_text("ready")
    ddemu.calls.wait_for("device.geolocation.start", timeout=10)
    ddemu.calls.wait_for("runtime.h5nuvabridge.exec", timeout=10)
    expect(page.locator("#fence")).to_have_text(re.compile("inside|outside"))


def walk_to(ddemu: Emulator, page: Page, start: float, seconds: float) -> None:
    """Move the virtual clock to ``seconds`` after ``start``, letting the page catch up."""
    ddemu.clock.advance(start + seconds - ddemu.clock.now())
    page.wait_for_timeout(300)


@pytest.mark.ddemu_scenario(OFFICE_SCENARIO)
def test_walk_into_the_office_and_check_in(ddemu: Emulator, ddemu_page: Page) -> None:
    """Along the track: outside, then inside without beacon, then beacon and a check-in."""
    ddemu.clock.freeze()
    assert ddemu.device.location.track is not None  # the marker played the scenario
    start = ddemu.clock.now()
    page = ddemu_page
    ready(ddemu, page)
    code = page.locator("#auth-code")
    expect(code).to_have_text(re.compile(r"\S{8,}"))
    assert code.inner_text() in ddemu.device.auth_codes

    walk_to(ddemu, page, start, 60)
    expect(page.locator("#fence")).to_have_text("outside")
    page.click("#checkin")
    expect(page.locator("#result")).to_have_text(
        re.compile(r"refused: outside the office: \d+ m away \(fence 100 m\)")
    )

    walk_to(ddemu, page, start, 250)  # past the gate, the beacon not yet heard
    expect(page.locator("#fence")).to_have_text("inside")
    page.click("#checkin")
    expect(page.locator("#result")).to_have_text("refused: no office beacon nearby")

    walk_to(ddemu, page, start, 300)
    expect(page.locator("#beacon")).to_have_text("in range (-60 dBm)")
    expect(page.locator("#address")).to_have_text("浙江省杭州市余杭区文一西路969号")
    page.click("#checkin")
    expect(page.locator("#result")).to_have_text(re.compile(r"checked in, \d+ m from Xixi office"))
    expect(page.locator("#steps")).to_have_text("2250")
    ddemu.calls.wait_for(
        "device.notification.toast", where=lambda c: c.params["text"] == "Checked in"
    )
    assert [t.text for t in ddemu.device.toasts] == [
        "Check-in refused",
        "Check-in refused",
        "Checked in",
    ]


def test_outside_the_fence_is_refused(ddemu: Emulator, ddemu_page: Page) -> None:
    """Standing 600 m from the office, the check-in is refused with the distance."""
    ddemu.clock.freeze()
    ddemu.device.load_scenario(APP / "scenarios" / "outside.toml")
    page = ddemu_page
    ready(ddemu, page)
    ddemu.clock.advance(5)
    expect(page.locator("#fence")).to_have_text("outside")
    page.click("#checkin")
    result = page.locator("#result")
    expect(result).to_have_text(re.compile(r"refused: outside the office: \d+ m away"))
    metres = int(re.search(r"(\d+) m away", result.inner_text()).group(1))  # type: ignore[union-attr]
    assert 550 < metres < 650
    expect(page.locator("#beacon")).to_have_text("not found")
    ddemu.calls.wait_for("device.notification.toast")
    assert [t.text for t in ddemu.device.toasts] == ["Check-in refused"]

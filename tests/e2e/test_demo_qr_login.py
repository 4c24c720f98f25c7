"""``ddemu demo qr-login``: the stage page, run by a presenter's clicks or by the autopilot."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from emulator.cli_demo import QrLoginDemo

pytestmark = pytest.mark.browser


@pytest.fixture
def stage(ddemu_browser: Any) -> Iterator[Page]:
    context = ddemu_browser.new_context(viewport={"width": 1200, "height": 800})
    yield context.new_page()
    context.close()


def test_presenter_signs_in_with_clicks(stage: Page) -> None:
    """Scan the code on screen, confirm on the phone: the site shows the phone's user."""
    demo = QrLoginDemo().start()
    try:
        stage.goto(demo.stage_url)
        site = stage.frame_locator("#site")
        phone = stage.frame_locator("#phone")
        expect(site.frame_locator("#dingtalk-login").locator("main")).to_have_attribute(
            "data-state", "waiting"
        )
        user = demo.emu.device.user
        expect(phone.locator("#name")).to_have_text(user.name)
        phone.locator("#scan-screen").click()
        expect(phone.locator("#question")).to_contain_text("Hello ddemu")
        phone.locator("#confirm").click()
        expect(site.locator("#nick")).to_have_text(user.name)
        expect(phone.locator("main")).to_have_attribute("data-state", "confirmed")
    finally:
        demo.stop()


def test_autopilot_plays_a_round(stage: Page) -> None:
    """--auto scans the site's code from its image and confirms; the site signs in, then out."""
    demo = QrLoginDemo(signout_after=1).start()
    stop = threading.Event()
    done: list[int] = []
    pilot = threading.Thread(target=lambda: done.append(demo.autoplay(stop, pause=0.2, rounds=1)))
    try:
        stage.goto(demo.stage_url)
        pilot.start()
        site = stage.frame_locator("#site")
        expect(site.locator("#nick")).to_have_text(demo.emu.device.user.name)
        pilot.join(timeout=10)
        assert done == [1]
        # Signed out by itself: a fresh QR code for the next round.
        expect(site.frame_locator("#dingtalk-login").locator("main")).to_have_attribute(
            "data-state", "waiting"
        )
    finally:
        stop.set()
        demo.stop()


def test_scanner_says_when_no_code_is_on_screen(stage: Page) -> None:
    """The phone's scan button with no sign-in page open says so instead of failing silently."""
    demo = QrLoginDemo().start()
    try:
        stage.goto(demo.phone_url)
        stage.click("#scan-screen")
        expect(stage.locator("#status")).to_contain_text("no login QR code on screen")
    finally:
        demo.stop()

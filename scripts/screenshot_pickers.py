"""Regenerate docs/images/shell-picker.png: the device shell with a contact picker open.

Usage: .venv/bin/python scripts/screenshot_pickers.py
Needs sample_apps/approval built (make setup) and a CJK font (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from emulator import Emulator
from emulator.browsers import chromium_launch_options

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images" / "shell-picker.png"


def main() -> None:
    with (
        Emulator(app=ROOT / "sample_apps" / "approval", persona="ios") as emu,
        sync_playwright() as playwright,
    ):
        emu.device.ui.queue("biz.util.chosen", {"key": "事假"})
        emu.device.ui.queue(
            "biz.calendar.chooseInterval", {"start": "2024-05-06", "end": "2024-05-08"}
        )
        browser = playwright.chromium.launch(**chromium_launch_options(playwright))
        context = browser.new_context(**emu.context_options())
        page = context.new_page()
        page.goto(emu.shell_url)
        emu.calls.wait_for("biz.navigation.setRight", timeout=30)
        app = emu.app_frame(page)
        # The queued answers fill two fields without a sheet.
        emu.device.ui.people_watching = False
        app.click("#pick-type")
        app.click("#pick-dates")
        expect(app.locator("#days")).to_have_text("3")
        emu.device.ui.people_watching = None
        deadline = time.monotonic() + 10
        while not emu.device.ui.people_watching and time.monotonic() < deadline:
            time.sleep(0.05)
        app.click("#pick-approvers")
        page.click("[data-dept='2'] .dd-contact-enter")
        page.click("[data-userid=chenjing]")
        page.click("[data-dept='6'] .dd-contact-enter")
        page.click("[data-userid=lisi]")
        page.wait_for_timeout(300)  # the sheet's slide-in
        OUT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=OUT, scale="css")
        page.click(".dd-sheet-cancel")
        browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

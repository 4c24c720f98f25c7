"""Regenerate the screenshots in docs/images from the sample apps.

Usage: .venv/bin/python scripts/screenshots.py [--out DIR] [IMAGE ...]

IMAGE is one of the names below (all of them by default); --out writes them to
another folder (default docs/images), e.g. to compare before replacing:

- hello-ios:    the sample app sample_apps/hello as an iPhone (docs/tutorial.md);
- shell-ios:    the device shell, the navigation bar the app set and a confirm
                waiting for a click (docs/reference/shell.md);
- shell-picker: the device shell over sample_apps/approval with the contact
                picker open (docs/reference/pickers.md).

Needs the sample apps built (make setup) and a CJK font for the Chinese text
(Debian: apt-get install fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, expect, sync_playwright

from emulator import Emulator
from emulator.browsers import chromium_launch_options

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"


def hello_ios(browser: Browser, out: Path) -> None:
    """The sample app as an iPhone: ready, device, auth code, location, a scan."""
    with Emulator(persona="ios") as emu:
        emu.device.location.set(31.230416, 121.473701, accuracy=8, address="上海市黄浦区人民大道")
        emu.device.scan.queue("https://example.com/asset/42")
        context = browser.new_context(**emu.context_options())
        page = context.new_page()
        page.goto(emu.home_url)
        expect(page.locator("#location")).to_have_text("31.230416, 121.473701")
        page.click("#scan")
        expect(page.locator("#scan-result")).to_have_text("https://example.com/asset/42")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=out, full_page=False, scale="css")
        context.close()


def shell_ios(browser: Browser, out: Path) -> None:
    """The device shell: the navigation bar the app set, a confirm waiting for a click."""
    with Emulator(persona="ios") as emu:
        emu.clock.freeze(1_779_931_800.0)  # 09:30 in Hangzhou
        emu.device.battery.level = 76
        context = browser.new_context(**emu.context_options(shell=True))
        page = context.new_page()
        page.goto(emu.shell_url)
        frame = emu.app_frame(page)
        frame.wait_for_function("window.dd && dd.env.platform === 'ios'")
        frame.evaluate("dd.biz.navigation.setTitle({title: '请假申请'})")
        frame.evaluate("dd.biz.navigation.setRight({control: true, text: '提交'})")
        frame.evaluate(  # not awaited: the dialog waits for a click
            "() => { dd.device.notification.confirm({title: '提交申请',"
            " message: '提交后将通知审批人', buttonLabels: ['提交', '取消']}); }"
        )
        expect(page.locator("#dd-layers .dd-dialog")).to_contain_text("提交后将通知审批人")
        expect(page.locator("#dd-nav")).to_contain_text("请假申请")
        page.wait_for_timeout(500)  # the dialog fades in
        page.screenshot(path=out, scale="css")
        emu.device.ui.cancel("confirm")
        context.close()


def shell_picker(browser: Browser, out: Path) -> None:
    """The device shell over the approval app, its contact picker open, two people ticked."""
    with Emulator(app=ROOT / "sample_apps" / "approval", persona="ios") as emu:
        emu.device.ui.queue("biz.util.chosen", {"key": "事假"})
        emu.device.ui.queue(
            "biz.calendar.chooseInterval", {"start": "2024-05-06", "end": "2024-05-08"}
        )
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
        page.screenshot(path=out, scale="css")
        page.click(".dd-sheet-cancel")
        context.close()


IMAGES: dict[str, Callable[[Browser, Path], None]] = {
    "hello-ios": hello_ios,
    "shell-ios": shell_ios,
    "shell-picker": shell_picker,
}


def main() -> None:
    parser = argparse.ArgumentParser(description="Regenerate the screenshots in docs/images.")
    parser.add_argument("images", nargs="*", metavar="IMAGE", help=", ".join(IMAGES) + " (all)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write to")
    args = parser.parse_args()
    unknown = [name for name in args.images if name not in IMAGES]
    if unknown:
        parser.error(f"unknown image {unknown[0]!r}; choose from {', '.join(IMAGES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_options(playwright))
        for name in args.images or IMAGES:
            path = args.out / f"{name}.png"
            IMAGES[name](browser, path)
            print(f"wrote {path}")
        browser.close()


if __name__ == "__main__":
    main()

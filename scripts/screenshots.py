"""Regenerate the screenshots in docs/images from the running sample app.

Usage: .venv/bin/python scripts/screenshots.py
Chinese text needs a CJK font on the machine (Debian: apt-get install fonts-noto-cjk).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from emulator import Emulator
from emulator.browsers import chromium_launch_options

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def main() -> None:
    with Emulator(persona="ios") as emu, sync_playwright() as playwright:
        emu.device.location.set(31.230416, 121.473701, accuracy=8, address="上海市黄浦区人民大道")
        emu.device.scan.queue("https://example.com/asset/42")
        browser = playwright.chromium.launch(**chromium_launch_options(playwright))
        context = browser.new_context(**emu.context_options())
        page = context.new_page()
        page.goto(emu.home_url)
        expect(page.locator("#location")).to_have_text("31.230416, 121.473701")
        page.click("#scan")
        expect(page.locator("#scan-result")).to_have_text("https://example.com/asset/42")
        page.evaluate("window.scrollTo(0, 0)")
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=OUT / "hello-ios.png", full_page=False, scale="css")
        browser.close()
    print(f"wrote {OUT / 'hello-ios.png'}")
    shell_with_dialog()


def shell_with_dialog() -> None:
    """The device shell: the navigation bar the app set, a confirm waiting for a click."""
    with Emulator(persona="ios") as emu, sync_playwright() as playwright:
        emu.clock.freeze(1_779_931_800.0)  # 09:30 in Hangzhou
        emu.device.battery.level = 76
        browser = playwright.chromium.launch(**chromium_launch_options(playwright))
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
        page.screenshot(path=OUT / "shell-ios.png", scale="css")
        emu.device.ui.cancel("confirm")
        browser.close()
    print(f"wrote {OUT / 'shell-ios.png'}")


if __name__ == "__main__":
    main()

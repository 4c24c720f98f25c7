"""QR-code scan login end to end: the sample site in one page, the phone in another."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from playwright.sync_api import FrameLocator, Page, expect
from werkzeug.serving import make_server

from emulator import Emulator
from emulator.phonelogin import decode_qr_texts

pytestmark = pytest.mark.browser

SITE = Path(__file__).parents[2] / "sample_apps" / "qr_login_site" / "app.py"
KEY = "dingapp8k2m4n6p8r0t2v4x"
SECRET = "ddemu-demo-secret-hello-0123456789abcdefghijklmnopqrstuv"


def load_site() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qr_login_site", SITE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site_module() -> ModuleType:
    return load_site()


@pytest.fixture
def site_url(ddemu: Emulator, site_module: ModuleType) -> Iterator[str]:
    """The sample site, its backend pointed at the emulator's open platform."""
    base = ddemu.openapi_url
    app = site_module.create_site(app_key=KEY, app_secret=SECRET, oapi=base, api=base, login=base)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(ddemu_browser: Any) -> Iterator[Page]:
    """A desktop browser page for the web site."""
    context = ddemu_browser.new_context(viewport={"width": 900, "height": 700})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(ddemu: Emulator, ddemu_browser: Any) -> Iterator[Page]:
    """A page that looks like the emulated phone, for its confirm screen."""
    context = ddemu_browser.new_context(**ddemu.context_options())
    yield context.new_page()
    context.close()


def qr_shown(login: Page | FrameLocator) -> None:
    """Wait until the login page (or its iframe) waits for a scan with its QR image decoded."""
    expect(login.locator("main")).to_have_attribute("data-state", "waiting")
    login.locator("#qr").evaluate("img => img.decode()")


def qr_text_on(page: Page, frame_selector: str | None = None) -> str:
    """Decode the QR code from a real screenshot of the login page (or its iframe)."""
    if frame_selector:
        qr_shown(page.frame_locator(frame_selector))
        shot = page.locator(frame_selector).screenshot()
    else:
        qr_shown(page)
        shot = page.screenshot()
    texts = decode_qr_texts(shot)
    assert len(texts) == 1, texts
    return texts[0]


def test_embedded_qr_signs_in_the_phones_user(
    ddemu: Emulator, site: Page, phone: Page, site_url: str
) -> None:
    """Embedded QR: screenshot decoded, phone confirms by a click, site shows the phone's user."""
    site.goto(site_url)
    text = qr_text_on(site, "#dingtalk-login")
    assert text.startswith(ddemu.openapi_url + "login/scan?qr=")
    phone.goto(text)  # the phone opens what it scanned: the confirm screen
    user = ddemu.device.user
    expect(phone.locator("#name")).to_have_text(user.name)
    expect(phone.locator("#corp")).to_have_text(ddemu.org.corp(ddemu.device.corp_id).name)
    frame = site.frame_locator("#dingtalk-login")
    expect(frame.locator("main")).to_have_attribute("data-state", "scanned")
    phone.click("#confirm")
    expect(phone.locator("main")).to_have_attribute("data-state", "confirmed")
    expect(site.locator("#nick")).to_have_text(user.name)
    expect(site.locator("#unionid")).to_have_text(user.unionid)
    expect(site.locator("#flow")).to_have_text("legacy QR (sns)")
    paths = [call.path for call in ddemu.openapi_log]
    assert "/connect/oauth2/sns_authorize" in paths and "/sns/getuserinfo_bycode" in paths


def test_oauth2_login_scanned_from_the_image(ddemu: Emulator, site: Page, site_url: str) -> None:
    """New flow: the device decodes the page's screenshot itself and a script confirms."""
    lisi = ddemu.add_device("lisi-phone", userid="lisi")
    site.goto(site_url)
    site.click("#oauth2")
    expect(site.locator("main")).to_have_attribute("data-state", "waiting")
    site.locator("#qr").evaluate("img => img.decode()")
    prompt = lisi.scan_login_image(site.screenshot())
    assert (prompt.name, prompt.app_name) == (lisi.user.name, "Hello ddemu")
    expect(site.locator("main")).to_have_attribute("data-state", "scanned")
    prompt.confirm()
    expect(site.locator("#nick")).to_have_text(lisi.user.name)
    expect(site.locator("#flow")).to_have_text("OAuth2")


def test_full_page_qrconnect_by_script(ddemu: Emulator, site: Page, site_url: str) -> None:
    """Legacy full page: scanned from the decoded text, confirmed by script."""
    site.goto(site_url)
    site.click("#full-page")
    ddemu.device.scan_login(qr_text_on(site)).confirm()
    expect(site.locator("#nick")).to_have_text(ddemu.device.user.name)


def test_cancel_on_the_phone(ddemu: Emulator, site: Page, phone: Page, site_url: str) -> None:
    """Cancel on the phone: the login page says so, offers a new code, nobody signs in."""
    site.goto(site_url)
    site.click("#oauth2")
    phone.goto(qr_text_on(site))
    phone.click("#cancel")
    expect(phone.locator("main")).to_have_attribute("data-state", "cancelled")
    expect(site.locator("main")).to_have_attribute("data-state", "cancelled")
    expect(site.locator("#refresh")).to_be_visible()
    assert not any(c.path == "/v1.0/oauth2/userAccessToken" for c in ddemu.openapi_log)


def test_expired_code_cannot_be_confirmed(
    ddemu: Emulator, site: Page, phone: Page, site_url: str
) -> None:
    """After its lifetime the page shows the code expired and the phone cannot confirm it."""
    site.goto(site_url)
    text = qr_text_on(site, "#dingtalk-login")
    phone.goto(text)
    ddemu.clock.advance(ddemu.platform.qr_logins.lifetime + 1)
    frame = site.frame_locator("#dingtalk-login")
    expect(frame.locator("main")).to_have_attribute("data-state", "expired")
    # The phone follows the login: it shows the code expired and turns its buttons off;
    # a confirm that reaches the platform all the same is refused.
    expect(phone.locator("main")).to_have_attribute("data-state", "expired")
    expect(phone.locator("#confirm")).to_be_disabled()
    status = phone.evaluate(
        """() => {
            const qr = window.__DDEMU_QR__;
            const query = qr.token ? "?token=" + encodeURIComponent(qr.token) : "";
            return fetch(qr.confirm + query, { method: "POST" }).then(r => r.status);
        }"""
    )
    assert status != 200
    expect(site.locator("#nick")).to_have_count(0)


def test_polling_fallback(ddemu: Emulator, site: Page, site_url: str) -> None:
    """With the websocket unreachable the login page polls, and still signs in."""
    site.route("ws://**", lambda route: route.abort())
    site.context.route(
        lambda url: "/oauth2/auth" in url,
        lambda route: route.continue_(url=route.request.url + "&ddemu_transport=poll"),
    )
    site.goto(site_url)
    site.click("#oauth2")
    ddemu.device.scan_login(qr_text_on(site)).confirm()
    expect(site.locator("#nick")).to_have_text(ddemu.device.user.name)


def test_confirm_in_the_device_shell(
    ddemu: Emulator, site: Page, phone: Page, site_url: str
) -> None:
    """The phone's shell draws the login.confirm sheet; a click there signs the site in."""
    phone.goto(ddemu.shell_url)
    site.goto(site_url)
    site.click("#oauth2")
    qr_shown(site)
    ddemu.device.scan_login_image(site.screenshot())
    sheet = phone.locator(".dd-login-confirm")
    expect(sheet.locator(".dd-login-name")).to_have_text(ddemu.device.user.name)
    expect(sheet.locator(".dd-login-corp")).to_have_text(ddemu.org.corp(ddemu.device.corp_id).name)
    sheet.locator(".dd-login-ok").click()
    expect(site.locator("#nick")).to_have_text(ddemu.device.user.name)
    expect(phone.locator(".dd-login-confirm")).to_have_count(0)


def test_phone_scanner_reads_a_photo(
    ddemu: Emulator, site: Page, phone: Page, site_url: str
) -> None:
    """The phone's scanner page takes a photo of the screen (a file), then confirms."""
    site.goto(site_url)
    qr_shown(site.frame_locator("#dingtalk-login"))
    photo = site.screenshot()
    phone.goto(ddemu.openapi_url + "login/phone")
    expect(phone.locator("#name")).to_have_text(ddemu.device.user.name)
    phone.set_input_files(
        "#photo", files=[{"name": "photo.png", "mimeType": "image/png", "buffer": photo}]
    )
    expect(phone.locator("main")).to_have_attribute("data-state", "scanned")
    phone.click("#confirm")
    expect(site.locator("#nick")).to_have_text(ddemu.device.user.name)


def test_micro_app_scans_with_biz_util_scan(
    ddemu: Emulator, ddemu_page: Page, site: Page, site_url: str
) -> None:
    """A micro-app's dd.biz.util.scan reads the site's code from a photo; opening it confirms."""
    site.goto(site_url)
    qr_shown(site.frame_locator("#dingtalk-login"))
    ddemu.device.scan.queue_image(site.screenshot())  # what the camera sees
    expect(ddemu_page.locator("#ready")).to_have_text("ready")
    ddemu_page.click("#scan")  # the hello app calls dd.biz.util.scan (the real dingtalk-jsapi)
    scanned = ddemu_page.locator("#scan-result")
    expect(scanned).to_contain_text("/login/scan?qr=")
    ddemu_page.goto(scanned.inner_text())  # the app opens what it scanned: the confirm screen
    ddemu_page.click("#confirm")
    expect(site.locator("#nick")).to_have_text(ddemu.device.user.name)

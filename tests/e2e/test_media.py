"""Scan, pictures, files, voice and uploads from a real dingtalk-jsapi page in Chromium."""

from __future__ import annotations

import base64
import io
import threading
import time
from typing import Any

import pytest
import qrcode
from dingtalk.client import AppKeyClient
from flask import Flask, request
from PIL import Image
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from emulator import Emulator
from emulator.barcodes import make_barcode

pytestmark = pytest.mark.browser

#: The demo org's first corp and its app (emulator/data/demo_org.toml).
CORP = "ding8d6f3c1a0e5b7f29"
KEY = "dingapp8k2m4n6p8r0t2v4x"
SECRET = "ddemu-demo-secret-hello-0123456789abcdefghijklmnopqrstuv"


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def ready(page: Page) -> Page:
    expect(page.locator("#ready")).to_have_text("ready")
    return page


def call(page: Page, expression: str) -> dict[str, Any]:
    """Run ``expression`` (a dd call returning a Promise) in the page and settle it."""
    outcome: dict[str, Any] = page.evaluate(
        f"() => ({expression}).then((r) => ({{ok: r}}), (e) => ({{error: e}}))"
    )
    return outcome


def sdk(emu: Emulator) -> AppKeyClient:
    client = AppKeyClient(CORP, KEY, SECRET)
    client.API_BASE_URL = emu.openapi_url
    return client


# -- scanning -------------------------------------------------------------------


@pytest.mark.parametrize("ddemu_persona", ["ios", "android", "harmony"])
def test_scan_reads_a_real_qr_image(ddemu: Emulator, ddemu_page: Page) -> None:
    """A QR code drawn by qrcode+pillow is decoded and answered to dd.biz.util.scan."""
    ready(ddemu_page)
    ddemu.device.scan.queue_image(png(qrcode.make("https://example.com/asset/42").get_image()))
    outcome = call(ddemu_page, "dd.biz.util.scan({type: 'qr'})")
    assert outcome == {
        "ok": {"text": "https://example.com/asset/42", "code": "https://example.com/asset/42"}
    }


@pytest.mark.parametrize("ddemu_persona", ["ios", "android"])
def test_barcode_under_qr_scan_is_cancelled(ddemu: Emulator, ddemu_page: Page) -> None:
    """A barcode image under a 'qr' scan: cancelled ("-1"); under 'bar' it is read."""
    ready(ddemu_page)
    ean = png(make_barcode("6901234567892", "EAN13"))
    ddemu.device.scan.queue_image(ean, name="box.png")
    cancelled = call(ddemu_page, "dd.biz.util.scan({type: 'qr'})")
    assert cancelled["error"]["errorCode"] == "-1"
    assert "EAN-13" in cancelled["error"]["errorMessage"]
    ddemu.device.scan.queue_image(ean)
    assert call(ddemu_page, "dd.biz.util.scan({type: 'bar'})")["ok"]["text"] == "6901234567892"


def test_scan_a_screenshot_of_a_page_showing_a_qr(ddemu: Emulator, ddemu_page: Page) -> None:
    """A screenshot of another page that shows a QR code is what the phone scans."""
    ready(ddemu_page)
    poster = ddemu_page.context.new_page()
    data = base64.b64encode(png(qrcode.make("https://login.example.com/s/7f3a").get_image()))
    poster.set_content(
        "<body style='margin:40px;font:20px sans-serif'><h1>Sign in with DingTalk</h1>"
        f"<img width=240 src='data:image/png;base64,{data.decode()}'></body>"
    )
    ddemu.device.scan.queue_image(poster.screenshot(), name="login page")
    poster.close()
    assert call(ddemu_page, "dd.biz.util.scan({})")["ok"]["text"] == (
        "https://login.example.com/s/7f3a"
    )


# -- pictures and files ---------------------------------------------------------


def test_chosen_image_loads_in_the_page(ddemu: Emulator, ddemu_page: Page) -> None:
    """chooseImage gives a URL the page can show in an <img> and fetch, same origin."""
    ready(ddemu_page)
    ddemu.device.media.add_images(("red.png", png(Image.new("RGB", (30, 20), "red"))))
    result = call(ddemu_page, "dd.biz.util.chooseImage({count: 1})")["ok"]
    url = result["filePaths"][0]
    assert url.startswith(ddemu.url.rstrip("/") + "/__ddemu__/media/phone/")
    assert result["files"][0]["fileType"] == "png"
    size = ddemu_page.evaluate(
        """(url) => new Promise((resolve, reject) => {
            const img = new Image();
            img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
            img.onerror = () => reject(new Error("image failed: " + url));
            img.src = url;
        })""",
        url,
    )
    assert size == [30, 20]
    length = ddemu_page.evaluate(
        "(url) => fetch(url).then((r) => r.arrayBuffer()).then((b) => b.byteLength)", url
    )
    assert length == result["files"][0]["size"]


def test_choose_image_out_of_range_and_cancel(ddemu: Emulator, ddemu_page: Page) -> None:
    """count 10 answers "3" naming count; an empty album cancels ("-1")."""
    ready(ddemu_page)
    empty = call(ddemu_page, "dd.biz.util.chooseImage({count: 1})")
    assert empty["error"]["errorCode"] == "-1"
    ddemu.device.media.add_images(("a.png", png(Image.new("RGB", (4, 4)))))
    wrong = call(ddemu_page, "dd.biz.util.chooseImage({count: 10})")
    assert wrong["error"]["errorCode"] == "3"
    assert "'count'" in wrong["error"]["errorMessage"]


def test_upload_image_reaches_the_backend(ddemu: Emulator, ddemu_page: Page) -> None:
    """uploadImage's URL loads in the page; the backend downloads the same bytes."""
    ready(ddemu_page)
    photo = png(Image.new("RGB", (12, 8), "blue"))
    ddemu.device.media.add_images(("receipt.png", photo))
    urls = call(ddemu_page, "dd.biz.util.uploadImage({multiple: false})")["ok"]
    assert len(urls) == 1 and urls[0].startswith(ddemu.openapi_url + "media/static/")
    width = ddemu_page.evaluate(
        """(url) => new Promise((resolve) => {
            const img = new Image();
            img.onload = () => resolve(img.naturalWidth);
            img.onerror = () => resolve(-1);
            img.src = url;
        })""",
        urls[0],
    )
    assert width == 12
    (stored,) = ddemu.device.media.uploads
    assert sdk(ddemu).message.media_download_file(stored.media_id).content == photo


def test_preview_is_recorded(ddemu: Emulator, ddemu_page: Page) -> None:
    """previewImage answers {} and the device records what was shown."""
    ready(ddemu_page)
    urls = ["https://img.example.com/1.jpg", "https://img.example.com/2.jpg"]
    assert (
        call(ddemu_page, f"dd.biz.util.previewImage({{urls: {urls}, current: '{urls[1]}'}})")["ok"]
        == {}
    )
    shown = ddemu.device.media.previewing
    assert shown is not None and shown.urls == tuple(urls) and shown.current == urls[1]


@pytest.mark.parametrize("ddemu_persona", ["ios", "pc"])
def test_choose_file_is_fetched_by_the_page(ddemu: Emulator, ddemu_app_frame: Any) -> None:
    """chooseFile (also on PC) gives name, size and a URL whose content the page reads."""
    ddemu_app_frame.wait_for_function("window.dd && dd.env && dd.env.platform !== 'notInDingTalk'")
    ddemu.device.media.add_files(("notes.txt", "周会 10:00".encode()))
    outcome = ddemu_app_frame.evaluate(
        """() => dd.chooseFile({count: 1, multiSelection: false})
            .then((r) => fetch(r.files[0].path).then((x) => x.text())
                .then((text) => ({name: r.files[0].name, size: r.files[0].size, text})))"""
    )
    assert outcome == {
        "name": "notes.txt",
        "size": len("周会 10:00".encode()),
        "text": "周会 10:00",
    }


# -- voice ----------------------------------------------------------------------


def test_record_play_and_download_voice(ddemu: Emulator, ddemu_page: Page) -> None:
    """A recording on the virtual clock is a real WAV: the browser decodes it, a backend gets it."""
    ready(ddemu_page)
    ddemu.clock.freeze()  # the recording lasts what the test says, not what the machine takes
    assert call(ddemu_page, "dd.device.audio.startRecord({})") == {"ok": {}}
    ddemu.clock.advance(3)
    stopped = call(ddemu_page, "dd.device.audio.stopRecord({})")["ok"]
    assert stopped["duration"] == 3
    media_id = stopped["mediaId"]
    wav = sdk(ddemu).message.media_download_file(media_id).content
    assert wav[:4] == b"RIFF" and wav == ddemu.device.audio.recordings[0].data
    url = ddemu.platform.media.url(ddemu.platform.media.get(media_id))  # type: ignore[arg-type]
    seconds = ddemu_page.evaluate(
        """(url) => fetch(url).then((r) => r.arrayBuffer())
            .then((b) => new OfflineAudioContext(1, 8000, 8000).decodeAudioData(b))
            .then((audio) => audio.duration)""",
        url,
    )
    assert seconds == pytest.approx(3.0, abs=0.01)
    local = call(ddemu_page, f"dd.device.audio.download({{mediaId: '{media_id}'}})")["ok"]
    local_id = local["localAudioId"]
    assert call(ddemu_page, f"dd.device.audio.play({{localAudioId: '{local_id}'}})") == {"ok": {}}
    ddemu_page.evaluate(
        """() => {
            window.ended = null;
            dd.device.audio.onPlayEnd({}).then(
                (r) => { window.ended = r; }, (e) => { window.ended = {error: e}; });
        }"""
    )
    deadline = time.monotonic() + 5
    while ddemu.device.audio.listeners == 0 and time.monotonic() < deadline:
        time.sleep(0.02)  # until the page's onPlayEnd has reached the device
    ddemu.clock.advance(3)
    ddemu_page.wait_for_function("window.ended !== null")
    assert ddemu_page.evaluate("window.ended") == {"localAudioId": local_id}
    assert [p.action for p in ddemu.device.audio.plays] == ["play", "end"]


def test_upload_file_posts_to_the_apps_server(ddemu: Emulator, ddemu_page: Page) -> None:
    """A picked file sent with dd.uploadFile reaches the app's own server, multipart."""
    received: list[tuple[str, bytes, dict[str, str]]] = []
    backend = Flask("backend")

    @backend.post("/api/attachments")
    def attachments() -> dict[str, Any]:
        file = request.files["file"]
        received.append((file.filename or "", file.read(), request.form.to_dict()))
        return {"id": 7}

    http = make_server("127.0.0.1", 0, backend, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        ready(ddemu_page)
        ddemu.device.media.add_files(("发票.pdf", b"%PDF-1.4 invoice"))
        url = f"http://127.0.0.1:{http.server_port}/api/attachments"
        outcome = call(
            ddemu_page,
            f"""dd.chooseFile({{count: 1}}).then((r) => dd.uploadFile({{
                url: '{url}', filePath: r.files[0].path, fileName: 'file',
                fileType: 'file', formData: {{trip: 'T-9'}}}}))""",
        )
    finally:
        http.shutdown()
        http.server_close()
    assert received == [("发票.pdf", b"%PDF-1.4 invoice", {"trip": "T-9"})]
    assert outcome["ok"]["statusCode"] == "200"
    assert outcome["ok"]["data"].strip() == '{"id":7}'


def test_attachment_lands_in_drive_and_previews(ddemu: Emulator, ddemu_page: Page) -> None:
    """uploadAttachment puts the picked photo into the page's Drive space; preview opens it."""
    ready(ddemu_page)
    ddemu.device.media.add_images(("whiteboard.png", png(Image.new("RGB", (8, 8), "white"))))
    outcome = call(
        ddemu_page,
        """dd.biz.util.uploadAttachment({image: {multiple: false, spaceId: '5001'},
            file: {spaceId: '5001'}, types: ['photo', 'file']})""",
    )["ok"]
    assert outcome["type"] == "photo"
    (attached,) = outcome["data"]
    stored = ddemu.platform.drive.get("5001", attached["fileId"])
    assert stored is not None and stored.name == "whiteboard.png"
    preview = call(
        ddemu_page,
        f"""dd.biz.cspace.preview({{corpId: '{CORP}', spaceId: '5001',
            fileId: '{attached["fileId"]}', fileName: 'whiteboard.png', fileSize: 1,
            fileType: 'png'}})""",
    )
    assert preview == {"ok": {}}
    assert ddemu.device.media.drive_previews == [stored]

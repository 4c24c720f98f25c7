import io

import pytest
import qrcode
from PIL import Image


def png(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.browser
def test_scan_pick_upload_and_record(ddemu, ddemu_page):
    """docs/reference/media.md: the camera, the album, uploads and the recorder."""
    ddemu_page.wait_for_function("window.dd && dd.env.platform !== 'notInDingTalk'")
    device = ddemu.device

    device.scan.queue_image(png(qrcode.make("asset:42").get_image()))
    scanned = ddemu_page.evaluate("dd.biz.util.scan({type: 'qr'})")
    assert scanned["text"] == "asset:42"

    device.media.add_images(("receipt.png", png(Image.new("RGB", (40, 30), "white"))))
    urls = ddemu_page.evaluate("dd.biz.util.uploadImage({})")
    assert urls == [ddemu.platform.media.url(device.media.uploads[0])]

    ddemu.clock.freeze()
    ddemu_page.evaluate("dd.device.audio.startRecord({})")
    ddemu.clock.advance(5)
    voice = ddemu_page.evaluate("dd.device.audio.stopRecord({})")
    assert voice["duration"] == 5
    assert ddemu.platform.media.get(voice["mediaId"]).data[:4] == b"RIFF"

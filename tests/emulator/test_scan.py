"""Tests of emulator.scan: the camera's queue of texts and decoded images."""

from __future__ import annotations

import io
from concurrent.futures import Future

import pytest
from PIL import Image

from bridge.errors import Cancelled, ConfigError
from emulator.barcodes import make_barcode
from emulator.scan import ScannedImage, ScanQueue


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


QR = png(make_barcode("https://example.com/check-in/7", "QRCode"))
EAN = png(make_barcode("6901234567892", "EAN13"))


def test_image_is_decoded_when_queued() -> None:
    """queue_image decodes at once and keeps what it found; a scan reads it."""
    scan = ScanQueue()
    queued = scan.queue_image(QR, name="poster.png")
    assert [c.text for c in queued.codes] == ["https://example.com/check-in/7"]
    assert scan.pending == [queued]
    assert scan.take("qrCode") == "https://example.com/check-in/7"
    assert scan.pending == []


@pytest.mark.parametrize("kind", ["barCode", "all"])
def test_barcode_read_by_bar_and_all(kind: str) -> None:
    """A barcode image is read by barCode and all scans."""
    scan = ScanQueue()
    scan.queue_image(EAN)
    assert scan.take(kind) == "6901234567892"


def test_barcode_under_qr_scan_cancels() -> None:
    """A qrCode scan of a barcode finds nothing: cancelled, naming what the image holds."""
    scan = ScanQueue()
    scan.queue_image(EAN, name="box.png")
    with pytest.raises(Cancelled, match=r"QR \(2D\) code in box.png, which holds EAN-13"):
        scan.take("qrCode")
    assert scan.pending == []


def test_qr_under_bar_scan_cancels() -> None:
    """A barCode scan of a QR code is cancelled too."""
    scan = ScanQueue()
    scan.queue_image(QR)
    with pytest.raises(Cancelled, match="looked for a barcode"):
        scan.take("barCode")


def test_texts_and_images_in_order() -> None:
    """Texts and images are taken first in, first out."""
    scan = ScanQueue()
    scan.queue("first")
    scan.queue_image(QR)
    scan.queue("third")
    assert [scan.take() for _ in range(3)] == ["first", "https://example.com/check-in/7", "third"]


def test_image_without_code_is_refused() -> None:
    """An image holding no code is a ConfigError at once, and nothing is queued."""
    scan = ScanQueue()
    with pytest.raises(ConfigError, match="no QR code or barcode found in blank"):
        scan.queue_image(png(Image.new("L", (100, 100), 255)), name="blank")
    assert scan.pending == []


def waiting_scan(kind: str) -> tuple[ScanQueue, Future[str]]:
    """A queue with nothing in it, and its scan of ``kind`` waiting up to 5 s for a code."""
    scan = ScanQueue()
    scan.wait = 5.0
    waiting = scan.take(kind)
    assert isinstance(waiting, Future)
    return scan, waiting


def test_waiting_scan_gets_an_image() -> None:
    """A waiting scan is answered by an image queued later, read for its kind."""
    scan, waiting = waiting_scan("barCode")
    scan.queue_image(EAN)
    assert waiting.result(timeout=1) == "6901234567892"


def test_waiting_qr_scan_given_a_barcode_is_cancelled() -> None:
    """A waiting qrCode scan given a barcode image fails with Cancelled."""
    scan, waiting = waiting_scan("qrCode")
    scan.queue_image(EAN)
    assert isinstance(waiting.exception(timeout=1), Cancelled)


def test_scanned_image_reads_by_kind() -> None:
    """ScannedImage.read returns the first code of the wanted kind."""
    scan = ScanQueue()
    image = scan.queue_image(QR)
    assert isinstance(image, ScannedImage)
    assert image.read("all") == image.read("qrCode") == "https://example.com/check-in/7"

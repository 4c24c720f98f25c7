"""Tests of emulator.barcodes: the real decoder reads codes in PNG and JPEG images."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import qrcode
from PIL import Image, ImageDraw

from bridge.errors import ConfigError
from emulator.barcodes import MAX_IMAGE_PIXELS, Code, decode, first_of, make_barcode


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def photo_of(code: Image.Image) -> bytes:
    """A JPEG 'photo': the code pasted, smaller than the frame, on a grey desk with a frame."""
    desk = Image.new("RGB", (640, 480), (150, 150, 140))
    draw = ImageDraw.Draw(desk)
    draw.rectangle((20, 20, 620, 460), outline=(40, 40, 40), width=6)
    desk.paste(code.convert("RGB"), (160, 90))
    out = io.BytesIO()
    desk.save(out, format="JPEG", quality=80)
    return out.getvalue()


def test_qr_made_by_qrcode_and_pillow(tmp_path: Path) -> None:
    """A QR code drawn by the qrcode package, saved as PNG, decodes to its text."""
    path = tmp_path / "login.png"
    qrcode.make("https://login.example.com/qr?state=日本語").save(path)
    assert decode(path) == [Code("https://login.example.com/qr?state=日本語", "QR Code", "qrCode")]


def test_qr_in_a_jpeg_photo() -> None:
    """A QR code photographed on a desk (JPEG, lossy) still decodes."""
    image = qrcode.make("asset:42").get_image()
    assert [c.text for c in decode(photo_of(image))] == ["asset:42"]


@pytest.mark.parametrize(
    ("fmt", "text", "name"),
    [("EAN13", "6901234567892", "EAN-13"), ("Code128", "SN-2026-0042", "Code 128")],
)
def test_linear_barcodes(fmt: str, text: str, name: str) -> None:
    """Linear barcodes decode with their format, as the barCode kind."""
    assert decode(png(make_barcode(text, fmt))) == [Code(text, name, "barCode")]


def test_data_matrix_is_2d() -> None:
    """A Data Matrix is a 2D code: a qrCode scan reads it."""
    (code,) = decode(make_barcode("DM-1", "DataMatrix"))
    assert (code.kind, code.matches("qrCode"), code.matches("barCode")) == ("qrCode", True, False)


def test_two_codes_in_one_image() -> None:
    """An image with a QR code and a barcode gives both; first_of picks by kind."""
    sheet = Image.new("L", (900, 400), 255)
    sheet.paste(make_barcode("qr-side", "QRCode", scale=6), (20, 20))
    sheet.paste(make_barcode("4006381333931", "EAN13", scale=3), (380, 60))
    codes = decode(sheet)
    assert sorted(c.text for c in codes) == ["4006381333931", "qr-side"]
    assert first_of(codes, "barCode") == Code("4006381333931", "EAN-13", "barCode")
    assert first_of(codes, "qrCode") == Code("qr-side", "QR Code", "qrCode")


def test_blank_image_has_no_code() -> None:
    """A picture without a code decodes to nothing."""
    assert decode(Image.new("RGB", (200, 200), "white")) == []


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"not an image at all", "not an image"),
        ("/no/such/file.png", "no image file"),
        (42, "path, bytes or a PIL image"),
    ],
)
def test_bad_sources(source: object, message: str) -> None:
    """Unreadable input is a ConfigError saying what is wrong."""
    with pytest.raises(ConfigError, match=message):
        decode(source)  # type: ignore[arg-type]


def test_huge_image_is_refused() -> None:
    """An image over the pixel limit is refused before decoding."""
    side = int(MAX_IMAGE_PIXELS**0.5) + 10
    with pytest.raises(ConfigError, match="pixels"):
        decode(Image.new("1", (side, side)))


def test_bad_barcode_requests() -> None:
    """make_barcode names an unknown format or text the format cannot hold."""
    with pytest.raises(ConfigError, match="no barcode format"):
        make_barcode("x", "NoSuchCode")
    with pytest.raises(ConfigError, match="cannot draw"):
        make_barcode("letters", "EAN13")

"""Reading QR codes and barcodes in images, with the zxing-cpp decoder.

The phone's camera in ddemu is a real decoder: a test queues a PNG or JPEG
(a generated code, a photo, a screenshot of a login page) and
``biz.util.scan`` answers what is printed in it::

    from emulator.barcodes import decode

    codes = decode("ticket.png")          # a path, bytes, or a PIL image
    codes[0].text, codes[0].format        # 'https://...', 'QR Code'
    codes[0].kind                         # 'qrCode' (2D) or 'barCode' (linear)

Two families matter to the client's scanner: 2D codes (``qrCode``: QR, Micro
QR, Data Matrix, Aztec, PDF417, MaxiCode) and linear barcodes (``barCode``:
EAN/UPC, Code 128, Code 39, Code 93, Codabar, ITF, DataBar ...).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import zxingcpp
from PIL import Image, UnidentifiedImageError

from bridge.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "KINDS",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "Code",
    "ImageSource",
    "decode",
    "first_of",
    "load_image",
    "make_barcode",
]

#: What a scan may look for, as the client names it.
Kind = Literal["qrCode", "barCode"]
KINDS: tuple[str, ...] = ("qrCode", "barCode", "all")

#: The largest image file the camera accepts, in bytes.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
#: The largest image the camera accepts, in pixels (width x height).
MAX_IMAGE_PIXELS = 40_000_000

#: An image: a file path, its bytes, or a PIL image.
ImageSource = str | Path | bytes | bytearray | Image.Image

_LINEAR = frozenset(
    zxingcpp.barcode_formats_list(zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.AllLinear))
)


@dataclass(frozen=True)
class Code:
    """One code found in an image.

    Attributes:
        text: What the code says.
        format: Its symbology as zxing-cpp names it: ``"QR Code"``,
            ``"EAN-13"``, ``"Code 128"`` ...
        kind: ``"qrCode"`` for a 2D code, ``"barCode"`` for a linear one.
    """

    text: str
    format: str
    kind: Kind

    def matches(self, wanted: str) -> bool:
        """Whether a scan of type ``wanted`` (``qrCode``, ``barCode``, ``all``) reads it."""
        return wanted == "all" or wanted == self.kind


def load_image(image: ImageSource) -> Image.Image:
    """Open an image from a path, bytes or a PIL image, within the size limits.

    Raises:
        ConfigError: For a missing file, data that is no image, or an image
            over :data:`MAX_IMAGE_BYTES` or :data:`MAX_IMAGE_PIXELS`.
    """
    if isinstance(image, Image.Image):
        opened = image
    else:
        if isinstance(image, str | Path):
            path = Path(image)
            if not path.is_file():
                raise ConfigError(f"no image file at {path}")
            if path.stat().st_size > MAX_IMAGE_BYTES:
                raise ConfigError(f"image {path} is over {MAX_IMAGE_BYTES} bytes")
            data = path.read_bytes()
            where = str(path)
        elif isinstance(image, bytes | bytearray):
            data = bytes(image)
            where = f"{len(data)} bytes"
            if len(data) > MAX_IMAGE_BYTES:
                raise ConfigError(f"image of {len(data)} bytes is over {MAX_IMAGE_BYTES} bytes")
        else:
            raise ConfigError(
                f"an image is a path, bytes or a PIL image, got {type(image).__name__}"
            )
        try:
            opened = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise ConfigError(f"{where} is not an image PIL can read (PNG, JPEG ...)") from None
    width, height = opened.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ConfigError(f"image of {width}x{height} pixels is over {MAX_IMAGE_PIXELS} pixels")
    return opened


def decode(image: ImageSource) -> list[Code]:
    """Every QR code and barcode the decoder finds in ``image``, in reading order.

    Args:
        image: A PNG or JPEG (any format PIL reads): a path, its bytes, or a
            PIL image, e.g. a Playwright ``page.screenshot()``.

    Returns:
        The codes found; empty if there is none.

    Raises:
        ConfigError: If ``image`` cannot be read or is too big (see :func:`load_image`).
    """
    opened = load_image(image)
    try:
        opened.load()
    except OSError as exc:
        raise ConfigError(f"the image cannot be read: {exc}") from None
    found = zxingcpp.read_barcodes(opened.convert("L"))
    return [
        Code(
            text=barcode.text,
            format=str(barcode.format),
            kind="barCode" if barcode.format in _LINEAR else "qrCode",
        )
        for barcode in found
    ]


def make_barcode(text: str, format: str = "QRCode", *, scale: int = 4) -> Image.Image:
    """Draw ``text`` as a code, for tests and demos.

    Args:
        text: The content.
        format: A zxing-cpp format name: ``"QRCode"``, ``"EAN13"``,
            ``"Code128"``, ``"DataMatrix"`` ...
        scale: Pixels per module.

    Returns:
        A greyscale PIL image with quiet zones.

    Raises:
        ConfigError: For an unknown format, or text the format cannot hold.
    """
    try:
        chosen = zxingcpp.barcode_format_from_str(format)
    except (ValueError, RuntimeError):
        raise ConfigError(f"no barcode format {format!r}") from None
    try:
        barcode = zxingcpp.create_barcode(text, chosen)
    except (ValueError, RuntimeError) as exc:
        raise ConfigError(f"cannot draw {text!r} as {format}: {exc}") from None
    drawn = zxingcpp.write_barcode_to_image(barcode, scale=scale)
    height, width = drawn.shape[0], drawn.shape[1]
    # The image is a buffer (one byte per pixel) at run time; the stubs do not say so.
    pixels = memoryview(cast("Any", drawn)).tobytes()
    return Image.frombytes("L", (width, height), pixels)


def first_of(codes: Iterable[Code], wanted: str) -> Code | None:
    """The first code a scan of type ``wanted`` reads, or None."""
    return next((code for code in codes if code.matches(wanted)), None)

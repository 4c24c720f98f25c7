"""Generated avatars: a stable picture per person, with no font or network needed.

A 5×5 mirrored pattern in a colour drawn from a hash of the seed (a unionid),
like the identicons of code hosts: different people look different, the same
person looks the same in every run.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from PIL import Image, ImageDraw

__all__ = ["avatar_png"]

_GRID = 5


@lru_cache(maxsize=256)
def avatar_png(seed: str, size: int = 200) -> bytes:
    """Return a square PNG avatar for ``seed``.

    Args:
        seed: What identifies the person, e.g. the unionid.
        size: Width and height in pixels.
    """
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    hue = digest[0] / 255 * 360
    colour = _hsl(hue, 0.55, 0.52)
    image = Image.new("RGB", (size, size), (242, 244, 247))
    draw = ImageDraw.Draw(image)
    # Whole pixels, with equal margins, so the picture is exactly mirrored.
    cell = size // (_GRID + 1)
    if (size - cell * _GRID) % 2:
        cell -= 1
    margin = (size - cell * _GRID) // 2
    bits = int.from_bytes(digest[1:5], "big")
    for row in range(_GRID):
        for col in range((_GRID + 1) // 2):
            if bits >> (row * 3 + col) & 1:
                for c in {col, _GRID - 1 - col}:
                    x, y = margin + c * cell, margin + row * cell
                    draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _hsl(hue: float, saturation: float, lightness: float) -> tuple[int, int, int]:
    chroma = (1 - abs(2 * lightness - 1)) * saturation
    x = chroma * (1 - abs(hue / 60 % 2 - 1))
    m = lightness - chroma / 2
    r, g, b = [
        (chroma, x, 0.0),
        (x, chroma, 0.0),
        (0.0, chroma, x),
        (0.0, x, chroma),
        (x, 0.0, chroma),
        (chroma, 0.0, x),
    ][int(hue // 60) % 6]
    return round((r + m) * 255), round((g + m) * 255), round((b + m) * 255)

"""Generated avatars: stable per person, different between people, real PNGs."""

from __future__ import annotations

import io

from PIL import Image

from emulator.avatars import avatar_png


def test_avatar_is_a_png_of_the_size_asked() -> None:
    """The avatar decodes as a PNG of the requested square size."""
    image = Image.open(io.BytesIO(avatar_png("Ue7sXa0Zt1q2WlbK9sPd0Ag", 120)))
    assert (image.format, image.size) == ("PNG", (120, 120))


def test_same_person_same_avatar_other_person_other_avatar() -> None:
    """One seed always gives the same picture; two people get different ones."""
    assert avatar_png("alice") == avatar_png("alice")
    assert avatar_png("alice") != avatar_png("bob")


def test_avatar_is_mirrored() -> None:
    """The pattern is symmetric left to right, like a face."""
    image = Image.open(io.BytesIO(avatar_png("carol", 100))).convert("RGB")
    assert image.tobytes() == image.transpose(Image.Transpose.FLIP_LEFT_RIGHT).tobytes()

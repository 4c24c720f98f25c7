"""Tests of emulator.media: the album and files that the phone's pickers choose from."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bridge.errors import Cancelled, ConfigError
from emulator.clock import Clock
from emulator.media import MAX_FILE_BYTES, Media


def png(width: int = 4, height: int = 3) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def media() -> Media:
    return Media(Clock())


def test_album_from_paths_bytes_and_pil(media: Media, tmp_path: Path) -> None:
    """Images come from paths, (name, bytes) and PIL images, with their sizes."""
    (tmp_path / "a.png").write_bytes(png(10, 20))
    added = media.add_images(tmp_path / "a.png", ("b.png", png(4, 3)), Image.new("L", (8, 8)))
    assert [(f.name, f.width, f.height) for f in added] == [
        ("a.png", 10, 20),
        ("b.png", 4, 3),
        ("IMG_0003.png", 8, 8),
    ]
    assert added[0].file_type == "png" and added[0].mime == "image/png"
    assert media.images == added


def test_default_picks_are_the_first(media: Media) -> None:
    """Without a choice, a picker takes the first count images; the camera one."""
    media.add_images(("1.png", png()), ("2.png", png()), ("3.png", png()))
    assert [f.name for f in media.pick_images(2)] == ["1.png", "2.png"]
    assert [f.name for f in media.pick_images(9, camera=True)] == ["1.png"]


def test_choose_next_then_default(media: Media) -> None:
    """choose_next decides the next picker only; then the default again."""
    media.add_images(("1.png", png()), ("2.png", png()))
    media.choose_next("2.png")
    assert [f.name for f in media.pick_images(9)] == ["2.png"]
    assert [f.name for f in media.pick_images(9)] == ["1.png", "2.png"]


def test_cancel_next(media: Media) -> None:
    """cancel_next makes the next picker cancel (-1)."""
    media.add_images(("1.png", png()))
    media.cancel_next()
    with pytest.raises(Cancelled):
        media.pick_images(1)
    assert len(media.pick_images(1)) == 1


def test_empty_album_cancels(media: Media) -> None:
    """An empty album cancels the picker, saying how to fill it."""
    with pytest.raises(Cancelled, match="add_images"):
        media.pick_images(1)
    with pytest.raises(Cancelled, match="add_files"):
        media.pick_files(1)


def test_choose_from_folder(media: Media, tmp_path: Path) -> None:
    """choose_from puts images in the album and every file in the storage, by name."""
    (tmp_path / "b.png").write_bytes(png())
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 fake")
    (tmp_path / ".hidden").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    files = media.choose_from(tmp_path)
    assert [f.name for f in files] == ["a.pdf", "b.png"]
    assert [f.name for f in media.images] == ["b.png"]
    assert [f.name for f in media.pick_files(5)] == ["a.pdf", "b.png"]
    assert media.lookup(files[0].token) is files[0]


def test_bad_inputs(media: Media, tmp_path: Path) -> None:
    """Missing files, non-images, bad names, unknown choices and huge files are refused."""
    with pytest.raises(ConfigError, match="no file at"):
        media.add_files(tmp_path / "missing.txt")
    with pytest.raises(ConfigError, match="not an image"):
        media.add_images(("x.png", b"plain text, no image"))
    with pytest.raises(ConfigError, match="no folders"):
        media.add_files(("../x.txt", b"data"))
    with pytest.raises(ConfigError, match="no image or file named"):
        media.choose_next("nope.png")
    with pytest.raises(ConfigError, match="no folder"):
        media.choose_from(tmp_path / "nope")
    with pytest.raises(ConfigError, match=f"over {MAX_FILE_BYTES} bytes"):
        media.add_files(("big.bin", b"\0" * (MAX_FILE_BYTES + 1)))
    assert media.images == [] and media.files == []


def test_previews_recorded(media: Media) -> None:
    """Previews are recorded; closing one clears what is showing."""
    shown = media.preview(["a", "b"], "b")
    assert media.previews == [shown] and media.previewing is shown
    assert media.close_preview() is True
    assert media.previewing is None and media.close_preview() is False


DOC = Path(__file__).parents[2] / "docs" / "reference" / "media.md"
EXAMPLE = Path(__file__).parents[1] / "examples" / "test_media_example.py"


def test_docs_show_the_example_and_their_snippets_run() -> None:
    """docs/reference/media.md shows the example test verbatim; its other snippets run."""
    import re

    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.DOTALL)
    assert EXAMPLE.read_text("utf-8") in blocks
    snippets = [b for b in blocks if b != EXAMPLE.read_text("utf-8")]
    assert len(snippets) == 2
    for snippet in snippets:
        exec(compile(snippet, str(DOC), "exec"), {})

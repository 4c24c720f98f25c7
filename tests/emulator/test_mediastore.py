"""Tests of emulator.mediastore: the platform's files by media id, within size limits."""

from __future__ import annotations

import pytest

from bridge.errors import ConfigError
from emulator.clock import Clock
from emulator.mediastore import MAX_BYTES, MediaStore


def test_put_get_and_url() -> None:
    """A stored file gets an @lADP id, a creation time, and a public URL on the platform."""
    clock = Clock()
    clock.freeze(1_700_000_000.0)
    store = MediaStore(clock)
    store.base_url = "http://127.0.0.1:5000/"
    stored = store.put(b"\x89PNG fake image", kind="image", name="a.png", uploader="k")
    assert stored.media_id.startswith("@lADP")
    assert (stored.mime, stored.size, stored.created_at) == ("image/png", 15, 1_700_000_000_000)
    assert store.get(stored.media_id) is stored
    assert store.get(stored.media_id.lstrip("@")) is stored
    url = store.url(stored)
    assert url == f"http://127.0.0.1:5000/media/static/{stored.media_id[1:]}.png"
    assert store.by_static_name(url.rsplit("/", 1)[1]) is stored
    assert store.by_static_name(stored.media_id[1:] + ".jpg") is None


def test_ids_are_unique() -> None:
    """Two uploads of the same bytes are two media."""
    store = MediaStore(Clock())
    first = store.put(b"same bytes", kind="file", name="x.txt")
    second = store.put(b"same bytes", kind="file", name="x.txt")
    assert first.media_id != second.media_id
    assert store.all() == [first, second]
    store.clear()
    assert store.all() == []


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"12345", "image", "over 5 bytes"),
        (b"x" * (MAX_BYTES["voice"] + 1), "voice", "over the voice limit"),
        (b"hello world", "sticker", "media type must be one of"),
    ],
)
def test_limits(data: bytes, kind: str, message: str) -> None:
    """Too small, too big for its type, or an unknown type: a ConfigError saying which."""
    with pytest.raises(ConfigError, match=message):
        MediaStore(Clock()).put(data, kind=kind, name="f")

"""Tests of jsapi.biz.file: chooseFile from the phone's storage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import Cancelled, InvalidParams
from emulator.device import Device


def test_choose_one_file(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Without multiSelection one file: its name, path on the page's origin and size."""
    doc, _ = device.media.add_files(("report.pdf", b"%PDF-1.4 data"), ("b.txt", b"hello"))
    assert call_jsapi("biz.file.chooseFile", {"count": 5}) == {
        "files": [{"name": "report.pdf", "path": doc.path("phone"), "size": 13}]
    }


def test_choose_several(call_jsapi: Callable[..., Any], device: Device) -> None:
    """With multiSelection, up to count files; choose_next picks which."""
    device.media.add_files(("a.txt", b"aaaaaa"), ("b.txt", b"bbbbbb"), ("c.txt", b"cccccc"))
    result = call_jsapi("biz.file.chooseFile", {"count": 2, "multiSelection": True})
    assert [f["name"] for f in result["files"]] == ["a.txt", "b.txt"]
    device.media.choose_next("c.txt", "a.txt")
    result = call_jsapi("biz.file.chooseFile", {"count": 9, "multiSelection": True})
    assert [f["name"] for f in result["files"]] == ["c.txt", "a.txt"]


def test_no_files_cancels(call_jsapi: Callable[..., Any]) -> None:
    """Nothing in the storage: cancelled ("-1")."""
    with pytest.raises(Cancelled):
        call_jsapi("biz.file.chooseFile", {})


def test_bad_count(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A count out of 1..100 answers "3" naming it."""
    device.media.add_files(("a.txt", b"aaaaaa"))
    with pytest.raises(InvalidParams, match="'count' must be 1 to 100"):
        call_jsapi("biz.file.chooseFile", {"count": 101})

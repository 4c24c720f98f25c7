"""Tests of jsapi.biz.cspace: attachments uploaded to the platform's Drive, and their preview."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from bridge.errors import Cancelled, InvalidParams
from emulator.device import Device
from emulator.platform import Platform


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (3, 3)).save(out, format="PNG")
    return out.getvalue()


ALL = {
    "image": {"multiple": True, "max": 2, "spaceId": "100"},
    "file": {"spaceId": "200", "max": 1},
    "space": {"corpId": "c", "spaceId": "300", "isCopy": 1, "max": 1},
    "types": ["photo", "file", "space"],
}


def test_photos_go_to_the_image_space(
    call_jsapi: Callable[..., Any], device: Device, platform: Platform
) -> None:
    """With photos on the phone, the first type wins: up to max images land in image.spaceId."""
    device.media.add_images(("a.png", png()), ("b.png", png()), ("c.png", png()))
    result = call_jsapi("biz.util.uploadAttachment", ALL)
    assert result["type"] == "photo"
    assert [(d["spaceId"], d["fileName"], d["fileType"]) for d in result["data"]] == [
        ("100", "a.png", "png"),
        ("100", "b.png", "png"),
    ]
    stored = platform.drive.get("100", result["data"][0]["fileId"])
    assert stored is not None and stored.data == device.media.images[0].data


def test_falls_through_to_files_then_drive(
    call_jsapi: Callable[..., Any], device: Device, platform: Platform
) -> None:
    """No photos: the phone's files; no files either: Drive's own files, copied with isCopy 1."""
    existing = platform.drive.add("999", "old.docx", b"PK old document")
    result = call_jsapi("biz.util.uploadAttachment", ALL)
    assert result["type"] == "space"
    assert result["data"][0]["spaceId"] == "300" and result["data"][0]["fileName"] == "old.docx"
    device.media.add_files(("report.xlsx", b"PK spreadsheet"))
    result = call_jsapi("biz.util.uploadAttachment", ALL)
    assert (result["type"], result["data"][0]["spaceId"]) == ("file", "200")
    no_copy = {**ALL, "types": ["space"], "space": {"spaceId": "300", "isCopy": 0}}
    assert call_jsapi("biz.util.uploadAttachment", no_copy)["data"] == [existing.as_result()]


def test_nothing_to_attach_cancels(call_jsapi: Callable[..., Any]) -> None:
    """Nothing anywhere: cancelled ("-1")."""
    with pytest.raises(Cancelled, match="photo, file, space"):
        call_jsapi("biz.util.uploadAttachment", ALL)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"types": []}, "'types'"),
        ({"types": ["video"]}, "'types'"),
        ({"types": ["photo"]}, "'image' is required"),
        ({"types": ["file"], "file": {}}, "'file.spaceId'"),
        ({"types": ["photo"], "image": {"spaceId": "1", "multiple": True, "max": 10}}, "'max'"),
    ],
)
def test_bad_params(
    call_jsapi: Callable[..., Any], device: Device, params: dict[str, Any], named: str
) -> None:
    """Wrong types, a missing section or spaceId, a max out of range: "3" naming it."""
    device.media.add_images(("a.png", png()))
    with pytest.raises(InvalidParams, match=named):
        call_jsapi("biz.util.uploadAttachment", params)


def test_preview_a_drive_file(
    call_jsapi: Callable[..., Any], device: Device, platform: Platform
) -> None:
    """biz.cspace.preview opens a Drive file, recorded; an unknown one answers "3"."""
    doc = platform.drive.add("1", "a.pdf", b"%PDF-1.4")
    params = {"corpId": "c", "spaceId": "1", "fileId": doc.file_id, "fileName": "a.pdf"}
    assert call_jsapi("biz.cspace.preview", params) == {}
    assert device.media.drive_previews == [doc]
    with pytest.raises(InvalidParams, match="'fileId'"):
        call_jsapi("biz.cspace.preview", {**params, "fileId": "404"})

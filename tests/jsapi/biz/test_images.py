"""Tests of jsapi.biz.images: chooseImage, uploadImage, previewImage from the device's album."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from bridge.errors import Cancelled, InvalidParams, Unavailable
from emulator.device import Device
from emulator.platform import Platform


def png(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 4), color).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def album(device: Device) -> Device:
    device.media.add_images(("a.png", png("red")), ("b.png", png("blue")), ("c.png", png("green")))
    return device


def test_choose_image(call_jsapi: Callable[..., Any], album: Device) -> None:
    """chooseImage answers count images as paths the page loads, with size and type."""
    result = call_jsapi("biz.util.chooseImage", {"count": 2})
    first, second = album.media.images[:2]
    assert result == {
        "filePaths": [first.path("phone"), second.path("phone")],
        "files": [
            {"path": first.path("phone"), "size": first.size, "fileType": "png"},
            {"path": second.path("phone"), "size": second.size, "fileType": "png"},
        ],
    }
    assert first.path("phone").startswith(f"/__ddemu__/media/phone/{first.token}/a.png")


def test_camera_takes_one(call_jsapi: Callable[..., Any], album: Device) -> None:
    """With the camera as the only source, one photo whatever the count."""
    result = call_jsapi("biz.util.chooseImage", {"count": 9, "sourceType": ["camera"]})
    assert len(result["filePaths"]) == 1


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"count": 0}, "'count'"),
        ({"count": 10}, "'count'"),
        ({"count": 1.5}, "'count'"),
        ({"count": "many"}, "'count'"),
        ({"sourceType": ["scanner"]}, "'sourceType'"),
        ({"sourceType": []}, "'sourceType'"),
    ],
)
def test_bad_choose_params(
    call_jsapi: Callable[..., Any], album: Device, params: dict[str, Any], named: str
) -> None:
    """Out-of-range or wrong params answer "3" naming the param."""
    with pytest.raises(InvalidParams, match=named) as info:
        call_jsapi("biz.util.chooseImage", params)
    assert info.value.code == "3"


def test_empty_album_cancels(call_jsapi: Callable[..., Any]) -> None:
    """No image on the phone: the picker is cancelled ("-1")."""
    with pytest.raises(Cancelled):
        call_jsapi("biz.util.chooseImage", {})


def test_upload_image_lands_in_the_media_store(
    call_jsapi: Callable[..., Any], album: Device, platform: Platform
) -> None:
    """uploadImage uploads the picked images to the platform; the URLs name them."""
    platform.media.base_url = "http://platform.test/"
    urls = call_jsapi("biz.util.uploadImage", {"multiple": True, "max": 2})
    stored = platform.media.all()
    assert [s.name for s in stored] == ["a.png", "b.png"]
    assert urls == [platform.media.url(s) for s in stored]
    assert urls[0].startswith("http://platform.test/media/static/lADP")
    assert album.media.uploads == stored
    assert stored[0].data == album.media.images[0].data
    assert stored[0].uploader == "device:phone" and stored[0].kind == "image"


def test_upload_single_and_from_camera(
    call_jsapi: Callable[..., Any], album: Device, platform: Platform
) -> None:
    """Without multiple, one image; from the camera, one photo."""
    assert len(call_jsapi("biz.util.uploadImage", {"max": 5})) == 1
    assert len(call_jsapi("biz.util.uploadImageFromCamera", {"quality": 80})) == 1
    assert len(platform.media.all()) == 2


def test_upload_bad_quality(call_jsapi: Callable[..., Any], album: Device) -> None:
    """quality out of 0..100 answers "3" naming it, and nothing is uploaded."""
    with pytest.raises(InvalidParams, match="'quality'"):
        call_jsapi("biz.util.uploadImage", {"quality": 101})
    assert album.media.uploads == []


def test_preview_recorded(call_jsapi: Callable[..., Any], device: Device) -> None:
    """previewImage records the URLs and the current one (URL or index); close clears it."""
    assert call_jsapi("biz.util.previewImage", {"urls": ["u1", "u2"], "current": "u2"}) == {}
    assert device.media.previewing is not None
    assert (device.media.previewing.urls, device.media.previewing.current) == (("u1", "u2"), "u2")
    call_jsapi("biz.util.previewImage", {"urls": ["u1", "u2"], "current": 1})
    assert device.media.previews[-1].current == "u2"
    call_jsapi("biz.util.previewImage", {"urls": ["u1", "u2"], "current": "elsewhere"})
    assert device.media.previews[-1].current == "u1"
    assert call_jsapi("biz.util.closePreviewImage") == {}
    assert device.media.previewing is None and len(device.media.previews) == 3


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "'urls' is required"),
        ({"urls": []}, "'urls'"),
        ({"urls": [1]}, "'urls'"),
        ({"urls": ["u"] * 201}, "at most 200"),
        ({"urls": ["u1"], "current": 3}, "'current'"),
    ],
)
def test_bad_preview(call_jsapi: Callable[..., Any], params: dict[str, Any], named: str) -> None:
    """A preview without URLs, with too many, or an index out of range answers "3"."""
    with pytest.raises(InvalidParams, match=named):
        call_jsapi("biz.util.previewImage", params)


def test_choose_media(call_jsapi: Callable[..., Any], album: Device) -> None:
    """chooseMedia gives images as tempFiles with their sizes."""
    (first,) = call_jsapi("biz.util.chooseMedia", {"count": 1})["tempFiles"]
    image = album.media.images[0]
    assert first == {
        "size": image.size,
        "width": 6,
        "height": 4,
        "duration": 0,
        "fileType": "image",
        "tempFilePath": image.path("phone"),
    }


def test_get_image_info(call_jsapi: Callable[..., Any], album: Device, platform: Platform) -> None:
    """getImageInfo reads the size of a picture of the phone and of an uploaded image."""
    path = album.media.images[0].path("phone")
    assert call_jsapi("biz.util.getImageInfo", {"src": "http://h" + path}) == {
        "path": "http://h" + path,
        "width": 6,
        "height": 4,
    }
    (url,) = call_jsapi("biz.util.uploadImage", {})
    assert call_jsapi("biz.util.getImageInfo", {"src": url})["width"] == 6


def test_get_image_info_elsewhere(call_jsapi: Callable[..., Any]) -> None:
    """An image ddemu does not hold answers "9"; no src answers "3"."""
    with pytest.raises(Unavailable, match="offline"):
        call_jsapi("biz.util.getImageInfo", {"src": "https://cdn.example.com/a.png"})
    with pytest.raises(InvalidParams, match="'src'"):
        call_jsapi("biz.util.getImageInfo", {})

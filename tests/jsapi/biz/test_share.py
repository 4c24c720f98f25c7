"""Tests of jsapi.biz.share: openLink and share, recorded on the device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device


def test_open_link_is_recorded(call_jsapi: Callable[..., Any], device: Device) -> None:
    """openLink records the URL and whether the new page may share."""
    assert call_jsapi("biz.util.openLink", {"url": "https://example.com/a"}) == {}
    call_jsapi("biz.util.openLink", {"url": "https://example.com/b", "enableShare": True})
    assert [(o.url, o.enable_share) for o in device.opened_links] == [
        ("https://example.com/a", False),
        ("https://example.com/b", True),
    ]


def test_open_link_needs_url(call_jsapi: Callable[..., Any]) -> None:
    """A missing or empty url fails naming url."""
    with pytest.raises(InvalidParams, match="'url' is required"):
        call_jsapi("biz.util.openLink", {})
    with pytest.raises(InvalidParams, match="'url' must not be empty"):
        call_jsapi("biz.util.openLink", {"url": ""})


def test_share_is_recorded(call_jsapi: Callable[..., Any], device: Device) -> None:
    """share records type, url, title, content and image."""
    params = {"type": 0, "url": "https://e.test/", "title": "T", "content": "C", "image": "I"}
    assert call_jsapi("biz.util.share", params) == {}
    shared = device.shares[0]
    assert (shared.type, shared.url, shared.title, shared.content, shared.image) == (
        0,
        "https://e.test/",
        "T",
        "C",
        "I",
    )


def test_share_type_out_of_range(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A type other than 0, 1, 2 fails naming type."""
    with pytest.raises(InvalidParams, match="'type' must be one of 0, 1, 2"):
        call_jsapi("biz.util.share", {"type": 7})
    assert device.shares == []

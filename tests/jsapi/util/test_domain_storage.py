"""Tests of jsapi.util.domain_storage: the page's storage on the phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device
from emulator.platform import Platform
from emulator.profiles import default_profile
from jsapi.builtin import default_registry
from jsapi.context import Context


class FakeSession:
    """Just enough of a bridge session: the page's hello with its URL."""

    def __init__(self, url: str) -> None:
        self.hello = {"url": url}


def test_set_get_remove(call_jsapi: Callable[..., Any], device: Device) -> None:
    """setItem then getItem gives the value; removeItem makes it ""; Python sees it all."""
    call_jsapi("util.domainStorage.setItem", {"name": "k", "value": "v"})
    assert call_jsapi("util.domainStorage.getItem", {"name": "k"}) == {"value": "v"}
    assert device.storage.get("k") == "v"
    info = call_jsapi("util.domainStorage.getStorageInfo")
    assert info == {"keys": ["k"], "currentSize": 1, "limitSize": 51200}
    call_jsapi("util.domainStorage.removeItem", {"name": "k"})
    assert call_jsapi("util.domainStorage.getItem", {"name": "k"}) == {"value": ""}


def test_per_page_domain_and_on_disk(platform: Platform, tmp_path: Path) -> None:
    """Pages on two hosts store apart; a new device on the same folder still has the values."""
    registry = default_registry()
    device = Device("phone", default_profile("android"), platform, data_dir=tmp_path)

    def ctx(url: str) -> Context:
        return Context(device, platform, FakeSession(url))  # type: ignore[arg-type]

    registry.call("util.domainStorage.setItem", {"name": "k", "value": "a"}, ctx("http://a.test/"))
    registry.call("util.domainStorage.setItem", {"name": "k", "value": "b"}, ctx("http://b.test/"))
    later = Device("phone", default_profile("android"), platform, data_dir=tmp_path)
    assert later.storage.get("k", domain="a.test") == "a"
    assert later.storage.get("k", domain="b.test") == "b"
    assert (tmp_path / "storage" / "a.test.json").is_file()


def test_bad_params(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Missing name or value, a non-string value or one over 1 MB fail naming the param."""
    with pytest.raises(InvalidParams, match="'name' is required"):
        call_jsapi("util.domainStorage.getItem", {})
    with pytest.raises(InvalidParams, match="'value' is required"):
        call_jsapi("util.domainStorage.setItem", {"name": "k"})
    with pytest.raises(InvalidParams, match="'value' must be a string"):
        call_jsapi("util.domainStorage.setItem", {"name": "k", "value": {"a": 1}})
    with pytest.raises(InvalidParams, match="'value' is .* bytes") as info:
        call_jsapi("util.domainStorage.setItem", {"name": "k", "value": "x" * (1024 * 1024)})
    assert info.value.code == "3"
    assert device.storage.keys() == []

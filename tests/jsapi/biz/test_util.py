"""Tests of jsapi.biz.util: scanning from the device's scan queue."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pytest

from bridge.errors import Cancelled, InvalidParams
from emulator.device import Device


def test_queued_text(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A scan answers the next queued text as both text and code."""
    device.scan.queue("https://example.com/qr?id=1")
    assert call_jsapi("biz.util.scan", {"type": "qrCode"}) == {
        "text": "https://example.com/qr?id=1",
        "code": "https://example.com/qr?id=1",
    }


def test_queue_order(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Scans take queued texts first in, first out."""
    device.scan.queue("first", "second")
    assert call_jsapi("biz.util.scan", {})["text"] == "first"
    assert call_jsapi("biz.util.scan", {})["text"] == "second"


def test_empty_queue_cancels(call_jsapi: Callable[..., Any]) -> None:
    """With nothing queued the scan is cancelled ("-1"), as when the user backs out."""
    with pytest.raises(Cancelled) as info:
        call_jsapi("biz.util.scan", {})
    assert info.value.to_wire()["errorCode"] == "-1"


def test_default_text(call_jsapi: Callable[..., Any], device: Device) -> None:
    """With nothing queued, the device's default text is scanned every time."""
    device.scan.default = "6901234567892"
    assert call_jsapi("biz.util.scan", {"type": "barCode"})["code"] == "6901234567892"
    assert call_jsapi("biz.util.scan", {"type": "barCode"})["code"] == "6901234567892"


def test_waiting_scan_gets_later_text(call_jsapi: Callable[..., Any], device: Device) -> None:
    """With a wait, an empty queue gives a Future that a later queue() resolves."""
    device.scan.wait = 5.0
    out = call_jsapi("biz.util.scan", {})
    assert isinstance(out, Future)
    assert not out.done()
    device.scan.queue("扫到了")
    assert out.result(timeout=1) == {"text": "扫到了", "code": "扫到了"}
    assert device.scan.pending == []


def test_waiting_scan_gives_up(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A waiting scan with nothing queued is cancelled when its wait runs out."""
    device.scan.wait = 0.05
    out = call_jsapi("biz.util.scan", {})
    assert isinstance(out.exception(timeout=2), Cancelled)


def test_waiting_scan_falls_back_to_default(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A waiting scan answers the default text when its wait runs out."""
    device.scan.wait = 0.05
    device.scan.default = "fallback"
    out = call_jsapi("biz.util.scan", {})
    assert out.result(timeout=2) == {"text": "fallback", "code": "fallback"}


def test_abandoned_scan_keeps_next_text(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A scan whose call was dropped (timed out) does not swallow the next queued text."""
    device.scan.wait = 5.0
    out = call_jsapi("biz.util.scan", {})
    out.cancel()
    device.scan.queue("for the next scan")
    assert device.scan.pending == ["for the next scan"]


@pytest.mark.parametrize("kind", ["qr", "bar", "all", "qrCode", "barCode"])
def test_scan_types_accepted(call_jsapi: Callable[..., Any], device: Device, kind: str) -> None:
    """Every type the JS library sends is accepted."""
    device.scan.queue("x")
    assert call_jsapi("biz.util.scan", {"type": kind})["text"] == "x"


@pytest.mark.parametrize("kind", ["pdf", 1, ""])
def test_bad_type(call_jsapi: Callable[..., Any], device: Device, kind: Any) -> None:
    """An unknown scan type fails with InvalidParams and leaves the queue alone."""
    device.scan.queue("x")
    with pytest.raises(InvalidParams, match="type"):
        call_jsapi("biz.util.scan", {"type": kind})
    assert device.scan.pending == ["x"]

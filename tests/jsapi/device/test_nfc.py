"""Tests of jsapi.device.nfc: read, write, card number and stop through the registry."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pytest

from bridge.errors import Cancelled, InvalidParams, Unavailable, UnknownMethod
from emulator.device import Device
from emulator.nfc import MAX_CONTENT
from emulator.platform import Platform
from emulator.profiles import default_profile
from jsapi.builtin import default_registry
from jsapi.context import Context


def test_read_answers_the_tapped_tag(call_jsapi: Callable[..., Any], device: Device) -> None:
    """nfcRead waits, then answers {content} of the tag tapped."""
    device.nfc.wait = 10
    answer = call_jsapi("device.nfc.nfcRead")
    assert isinstance(answer, Future)
    device.nfc.tap("hello")
    assert answer.result(timeout=1) == {"content": "hello"}


def test_card_number_of_a_held_tag(platform: Platform) -> None:
    """nfcReadCardNumber (Android only) answers the UID of a held tag at once."""
    android = Device("droid", default_profile("android"), platform)
    android.nfc.hold("badge", tag_id="04A1B2C3D4E5F6")
    result = default_registry().call("device.nfc.nfcReadCardNumber", {}, Context(android, platform))
    assert result == {"content": "04A1B2C3D4E5F6"}


def test_card_number_does_not_exist_on_ios(call_jsapi: Callable[..., Any]) -> None:
    """The iPhone's client has no nfcReadCardNumber: "1"."""
    with pytest.raises(UnknownMethod, match="android"):
        call_jsapi("device.nfc.nfcReadCardNumber")


def test_write_records_the_tag(call_jsapi: Callable[..., Any], device: Device) -> None:
    """nfcWrite answers {} once written; the device keeps what was written."""
    device.nfc.hold("old")
    assert call_jsapi("device.nfc.nfcWrite", {"content": "new"}) == {}
    assert device.nfc.written[-1].content == "new"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "'content' is required"),
        ({"content": 42}, "'content' must be a string"),
        ({"content": "x" * (MAX_CONTENT + 1)}, "'content': content is"),
    ],
)
def test_bad_content(call_jsapi: Callable[..., Any], params: dict[str, Any], message: str) -> None:
    """nfcWrite without text content, or too much of it, fails with "3" naming content."""
    with pytest.raises(InvalidParams, match=message):
        call_jsapi("device.nfc.nfcWrite", params)


def test_stop_cancels(call_jsapi: Callable[..., Any], device: Device) -> None:
    """nfcStop answers {} and the waiting read fails with "-1"."""
    device.nfc.wait = 10
    answer = call_jsapi("device.nfc.nfcRead")
    assert call_jsapi("device.nfc.nfcStop") == {}
    with pytest.raises(Cancelled):
        answer.result(timeout=1)


def test_no_nfc(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A phone without NFC answers "9"."""
    device.nfc.available = False
    with pytest.raises(Unavailable):
        call_jsapi("device.nfc.nfcRead")

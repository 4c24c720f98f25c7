"""Tests of jsapi.device.audio: record, download, play, on the device's virtual clock."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pytest

from bridge.errors import InvalidParams, Unavailable
from emulator.device import Device
from emulator.platform import Platform


@pytest.fixture
def frozen(platform: Platform) -> Platform:
    platform.clock.freeze(1_700_000_000.0)
    return platform


def test_record_and_translate(
    call_jsapi: Callable[..., Any], device: Device, frozen: Platform
) -> None:
    """startRecord/stopRecord give a mediaId and whole seconds; translateVoice the text."""
    device.audio.voice(None, text="明天见")
    assert call_jsapi("device.audio.startRecord", {"maxDuration": 30}) == {}
    frozen.clock.advance(4)
    result = call_jsapi("device.audio.stopRecord")
    assert result == {"mediaId": device.audio.recordings[0].media_id, "duration": 4}
    assert frozen.media.get(result["mediaId"]) is not None
    assert call_jsapi("device.audio.translateVoice", {"mediaId": result["mediaId"]}) == {
        "mediaId": result["mediaId"],
        "content": "明天见",
        "duration": 4,
    }


def test_on_record_end(call_jsapi: Callable[..., Any], device: Device, frozen: Platform) -> None:
    """onRecordEnd answers when the recording reaches maxDuration."""
    call_jsapi("device.audio.startRecord", {"maxDuration": 10})
    ended = call_jsapi("device.audio.onRecordEnd")
    assert isinstance(ended, Future) and not ended.done()
    frozen.clock.advance(10)
    assert ended.result(timeout=1)["duration"] == 10


def test_download_play_and_end(
    call_jsapi: Callable[..., Any], device: Device, frozen: Platform
) -> None:
    """download gives a localAudioId; play, then onPlayEnd after the clip's duration."""
    call_jsapi("device.audio.startRecord")
    frozen.clock.advance(2)
    media_id = call_jsapi("device.audio.stopRecord")["mediaId"]
    local = call_jsapi("device.audio.download", {"mediaId": media_id})["localAudioId"]
    assert call_jsapi("device.audio.play", {"localAudioId": local}) == {}
    ended = call_jsapi("device.audio.onPlayEnd")
    frozen.clock.advance(2)
    assert ended.result(timeout=1) == {"localAudioId": local}
    for method in ("pause", "resume", "stop"):
        assert call_jsapi(f"device.audio.{method}", {"localAudioId": local}) == {}
    assert [p.action for p in device.audio.plays][:2] == ["play", "end"]


@pytest.mark.parametrize(
    ("method", "params", "named"),
    [
        ("device.audio.startRecord", {"maxDuration": 0}, "'maxDuration'"),
        ("device.audio.startRecord", {"maxDuration": 61}, "'maxDuration'"),
        ("device.audio.startRecord", {"maxDuration": "long"}, "'maxDuration'"),
        ("device.audio.download", {}, "'mediaId' is required"),
        ("device.audio.download", {"mediaId": "@x"}, "'mediaId'"),
        ("device.audio.play", {}, "'localAudioId' is required"),
        ("device.audio.play", {"localAudioId": "nope"}, "'localAudioId'"),
        ("device.audio.translateVoice", {"mediaId": "@x"}, "'mediaId'"),
    ],
)
def test_bad_params(
    call_jsapi: Callable[..., Any], method: str, params: dict[str, Any], named: str
) -> None:
    """Wrong or unknown ids and out-of-range durations answer "3" naming the param."""
    with pytest.raises(InvalidParams, match=named):
        call_jsapi(method, params)


def test_stop_without_start(call_jsapi: Callable[..., Any]) -> None:
    """stopRecord with nothing recording answers "9"."""
    with pytest.raises(Unavailable) as info:
        call_jsapi("device.audio.stopRecord")
    assert info.value.code == "9"

"""``device.audio``: the voice recorder and player (docs/reference/media.md).

A recording is a real WAV file uploaded to the platform's media store; the
page gets its ``mediaId`` and ``duration`` (whole seconds). Everything runs
on the device's virtual clock (``ctx.device.audio``).
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from bridge.errors import InvalidParams

from ..context import Context
from ..ranges import number_in
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.audio")


def _text(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidParams(f"param {name!r} is required, a non-empty string")
    return value


@ns.method("startRecord")
def start_record(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Start recording; it stops by itself after ``maxDuration`` seconds (60 at most)."""
    from_params = number_in(params, "maxDuration", 1, 60, 60)
    ctx.device.audio.start(from_params)
    return {}


@ns.method("stopRecord")
def stop_record(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Stop recording: the uploaded clip's ``mediaId`` and its ``duration`` in seconds."""
    return ctx.device.audio.stop().as_result()


@ns.method("onRecordEnd")
def on_record_end(params: dict[str, Any], ctx: Context) -> Future[dict[str, Any]]:
    """Answered when a recording reaches its ``maxDuration``: ``{mediaId, duration}``."""
    return ctx.device.audio.on_record_end()


@ns.method("download")
def download(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Fetch a recording by ``mediaId`` to the phone: its ``localAudioId``."""
    return {"localAudioId": ctx.device.audio.download(_text(params, "mediaId"))}


@ns.method("play")
def play(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Play a downloaded clip from the start."""
    ctx.device.audio.play(_text(params, "localAudioId"))
    return {}


@ns.method("pause")
def pause(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Pause a playing clip."""
    ctx.device.audio.pause(_text(params, "localAudioId"))
    return {}


@ns.method("resume")
def resume(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Go on playing a paused clip."""
    ctx.device.audio.resume(_text(params, "localAudioId"))
    return {}


@ns.method("stop")
def stop(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Stop a clip; ``play`` starts it again from the beginning."""
    ctx.device.audio.stop_playing(_text(params, "localAudioId"))
    return {}


@ns.method("onPlayEnd")
def on_play_end(params: dict[str, Any], ctx: Context) -> Future[dict[str, Any]]:
    """Answered when a clip plays to its end: ``{localAudioId}``."""
    return ctx.device.audio.on_play_end()


@ns.method("translateVoice")
def translate_voice(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The text spoken in a recording (``audio.voice(..., text=)``), with its duration."""
    recording = ctx.device.audio.recording_of(_text(params, "mediaId"))
    return {
        "mediaId": recording.media_id,
        "content": recording.text,
        "duration": recording.duration,
    }

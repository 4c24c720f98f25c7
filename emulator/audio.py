"""The phone's voice recorder and player (``device.audio.*``), on the virtual clock.

``device.audio`` is an :class:`Audio`. A recording lasts from ``startRecord``
to ``stopRecord`` on the virtual clock, or until its ``maxDuration`` (60 s at
most) when the client stops it by itself and calls ``onRecordEnd`` back. It
yields a real WAV file (PCM, 16-bit mono, 8 kHz) that the client uploads to
the platform's media store: the page gets its ``mediaId`` and ``duration``,
a backend downloads it with ``/media/downloadFile``::

    emu.device.audio.voice("hello.wav", text="打卡")   # what the microphone hears next
    ...  # the page calls startRecord, then stopRecord
    rec = emu.device.audio.recordings[-1]
    rec.media_id, rec.duration, rec.data                # '@lADP...', 3, b'RIFF...'

Without a voice, the recording is a quiet 440 Hz tone. ``download`` gives a
``localAudioId`` to ``play``; playback ends after the clip's duration on the
virtual clock, when ``onPlayEnd`` is called back. Everything played is in
:attr:`Audio.plays`.
"""

from __future__ import annotations

import io
import math
import secrets
import struct
import threading
import wave
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bridge.errors import ConfigError, InvalidParams, Unavailable
from bridge.futures import settle

from .clock import Clock, Timer
from .mediastore import MediaStore

__all__ = [
    "MAX_RECORD_SECONDS",
    "SAMPLE_RATE",
    "Audio",
    "Playback",
    "Recording",
    "make_wav",
]

#: The longest recording the client makes, in seconds.
MAX_RECORD_SECONDS = 60
#: Samples per second of recordings.
SAMPLE_RATE = 8000
_TONE_HZ = 440
_AMPLITUDE = 3000


def _tone_second() -> bytes:
    # 440 whole periods per second: one second repeats without a click.
    samples = (
        int(_AMPLITUDE * math.sin(2 * math.pi * _TONE_HZ * i / SAMPLE_RATE))
        for i in range(SAMPLE_RATE)
    )
    return struct.pack(f"<{SAMPLE_RATE}h", *samples)


_TONE = _tone_second()


def make_wav(seconds: float, pcm: bytes | None = None) -> bytes:
    """A WAV file of ``seconds``: ``pcm`` (16-bit mono 8 kHz) cut or padded with silence.

    Without ``pcm``, a quiet 440 Hz tone.
    """
    frames = max(0, round(seconds * SAMPLE_RATE))
    wanted = frames * 2
    if pcm is None:
        body = (_TONE * (wanted // len(_TONE) + 1))[:wanted]
    else:
        body = pcm[:wanted] + b"\x00" * max(0, wanted - len(pcm))
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(body)
    return out.getvalue()


def _read_voice(source: str | Path | bytes) -> bytes:
    """The PCM of a WAV file, as 16-bit mono 8 kHz.

    Raises:
        ConfigError: For a file that is missing, no WAV, or in another format.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise ConfigError(f"no voice file at {path}")
        data = path.read_bytes()
    else:
        data = bytes(source)
    if len(data) > 2 * 1024 * 1024:
        raise ConfigError(f"a voice is at most {2 * 1024 * 1024} bytes of WAV")
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            shape = (reader.getnchannels(), reader.getsampwidth(), reader.getframerate())
            if shape != (1, 2, SAMPLE_RATE):
                raise ConfigError(
                    f"a voice is a WAV of 16-bit mono at {SAMPLE_RATE} Hz, got"
                    f" {shape[0]} channel(s), {shape[1] * 8}-bit, {shape[2]} Hz"
                )
            return reader.readframes(reader.getnframes())
    except (wave.Error, EOFError) as exc:
        raise ConfigError(f"a voice is a PCM WAV file: {exc}") from None


@dataclass(frozen=True)
class Recording:
    """One finished recording.

    Attributes:
        media_id: Its id in the platform's media store.
        duration: Whole seconds (at least 1), as ``stopRecord`` reports it.
        data: The WAV file.
        started_at, ended_at: Virtual time.
        auto: True if the client stopped it at ``maxDuration`` (``onRecordEnd``).
        text: What the speaker said (``translateVoice`` answers it).
    """

    media_id: str
    duration: int
    data: bytes
    started_at: float
    ended_at: float
    auto: bool = False
    text: str = ""

    def as_result(self) -> dict[str, Any]:
        return {"mediaId": self.media_id, "duration": self.duration}


@dataclass(frozen=True)
class Playback:
    """One thing a page did to the player: ``play``, ``pause``, ``resume``, ``stop``, or ``end``."""

    local_audio_id: str
    action: str
    at: float


@dataclass
class _Local:
    recording: Recording
    played: float = 0.0  # seconds played before the current run
    started: float | None = None  # virtual time the current run began
    timer: Timer | None = None


class Audio:
    """The recorder and the player of one phone.

    Args:
        clock: The virtual clock recordings and playback run on.
        store: The platform's media store, where recordings are uploaded.
        device: The device's name, as the uploader of recordings.
    """

    def __init__(self, clock: Clock, store: MediaStore, device: str) -> None:
        self._clock = clock
        self._store = store
        self._device = device
        self._lock = threading.Lock()
        self._started: float | None = None
        self._limit: float = MAX_RECORD_SECONDS
        self._timer: Timer | None = None
        self._voice: bytes | None = None
        self._text = ""
        self._record_end: list[Future[dict[str, Any]]] = []
        self._play_end: list[Future[dict[str, Any]]] = []
        self._locals: dict[str, _Local] = {}
        #: Every finished recording, oldest first.
        self.recordings: list[Recording] = []
        #: Everything the pages did to the player, oldest first.
        self.plays: list[Playback] = []

    def voice(self, wav: str | Path | bytes | None, *, text: str = "") -> None:
        """What the microphone hears in the next recordings.

        Args:
            wav: A WAV file (16-bit mono, 8 kHz) or its bytes; None for the tone.
            text: What is said, as ``translateVoice`` answers it.

        Raises:
            ConfigError: For a file that is no such WAV.
        """
        pcm = None if wav is None else _read_voice(wav)
        with self._lock:
            self._voice, self._text = pcm, text

    @property
    def recording(self) -> bool:
        """Whether the recorder is on."""
        return self._started is not None

    def start(self, max_duration: float = MAX_RECORD_SECONDS) -> None:
        """Start recording (``startRecord``); stops by itself after ``max_duration`` seconds.

        Raises:
            InvalidParams: If ``max_duration`` is not in 1..60 seconds.
            Unavailable: If a recording is going on.
        """
        if not 1 <= max_duration <= MAX_RECORD_SECONDS:
            raise InvalidParams(
                f"param 'maxDuration' must be 1 to {MAX_RECORD_SECONDS} seconds, got {max_duration}"
            )
        with self._lock:
            if self._started is not None:
                raise Unavailable("the recorder is already recording; call stopRecord first")
            self._started = self._clock.now()
            self._limit = max_duration
        self._timer = self._clock.call_later(max_duration, self._auto_stop)

    def stop(self) -> Recording:
        """Stop recording (``stopRecord``) and upload the clip.

        Raises:
            Unavailable: If the recorder is not recording.
        """
        return self._finish(auto=False)

    def on_record_end(self) -> Future[dict[str, Any]]:
        """A Future of ``{mediaId, duration}``, set when the recording stops by itself.

        Nothing may wait forever: with no recording going on it fails at once,
        and it fails when ``stopRecord`` stops the recording first (both ``"9"``).
        """
        waiter: Future[dict[str, Any]] = Future()
        with self._lock:
            if self._started is None:
                waiter.set_exception(
                    Unavailable("no recording is going on: call onRecordEnd after startRecord")
                )
                return waiter
            self._record_end = [f for f in self._record_end if not f.done()]
            self._record_end.append(waiter)
        return waiter

    def _auto_stop(self) -> None:
        try:
            self._finish(auto=True)
        except Unavailable:  # stopped meanwhile
            return

    def _finish(self, *, auto: bool) -> Recording:
        with self._lock:
            started = self._started
            if started is None:
                raise Unavailable("the recorder is not recording; call startRecord first")
            self._started = None
            timer, self._timer = self._timer, None
            limit, pcm, text = self._limit, self._voice, self._text
        if timer is not None and not auto:
            timer.cancel()
        ended = self._clock.now()
        elapsed = min(max(ended - started, 0.0), limit)
        duration = max(1, math.ceil(elapsed - 1e-6))
        data = make_wav(duration, pcm)
        stored = self._store.put(
            data,
            kind="voice",
            name="record.wav",
            mime="audio/wav",
            uploader=f"device:{self._device}",
        )
        recording = Recording(stored.media_id, duration, data, started, ended, auto, text)
        self.recordings.append(recording)
        with self._lock:
            waiters, self._record_end = self._record_end, []
        for waiter in waiters:
            if auto:
                settle(waiter, recording.as_result())
            else:
                settle(waiter, Unavailable("the recording was stopped by stopRecord"))
        return recording

    # -- the player ----------------------------------------------------------

    def recording_of(self, media_id: str) -> Recording:
        """The recording with this media id.

        Raises:
            InvalidParams: Naming ``mediaId``, if there is none.
        """
        for recording in self.recordings:
            if recording.media_id == media_id:
                return recording
        raise InvalidParams(f"param 'mediaId': no voice recording {media_id!r} on this device")

    def download(self, media_id: str) -> str:
        """Download a recording to the phone (``download``); returns its ``localAudioId``."""
        recording = self.recording_of(media_id)
        local_id = "local-audio-" + secrets.token_hex(6)
        with self._lock:
            self._locals[local_id] = _Local(recording)
        return local_id

    def _local(self, local_id: str) -> _Local:
        with self._lock:
            found = self._locals.get(local_id)
        if found is None:
            raise InvalidParams(
                f"param 'localAudioId': {local_id!r} is not downloaded (device.audio.download)"
            )
        return found

    def play(self, local_id: str) -> None:
        """Play from the start (``play``); playback ends after the clip's duration."""
        local = self._local(local_id)
        self._halt(local)
        local.played = 0.0
        self._run(local_id, local, "play")

    def pause(self, local_id: str) -> None:
        """Pause (``pause``); ``resume`` goes on from there."""
        local = self._local(local_id)
        if local.started is not None:
            local.played += self._clock.now() - local.started
        self._halt(local)
        self._log(local_id, "pause")

    def resume(self, local_id: str) -> None:
        """Go on playing after a pause (``resume``)."""
        local = self._local(local_id)
        if local.started is None:
            self._run(local_id, local, "resume")

    def stop_playing(self, local_id: str) -> None:
        """Stop (``stop``); ``play`` starts again from the beginning."""
        local = self._local(local_id)
        self._halt(local)
        local.played = 0.0
        self._log(local_id, "stop")
        if not self.playing:
            with self._lock:
                waiters, self._play_end = self._play_end, []
            for waiter in waiters:
                settle(waiter, Unavailable("the clip was stopped by device.audio.stop"))

    def on_play_end(self) -> Future[dict[str, Any]]:
        """A Future of ``{localAudioId}``, set when a clip plays to its end.

        With nothing playing or paused it fails at once; ``stop`` fails it (``"9"``).
        """
        waiter: Future[dict[str, Any]] = Future()
        with self._lock:
            if not any(
                local.started is not None or local.played for local in self._locals.values()
            ):
                waiter.set_exception(
                    Unavailable("nothing is playing: call onPlayEnd after device.audio.play")
                )
                return waiter
            self._play_end = [f for f in self._play_end if not f.done()]
            self._play_end.append(waiter)
        return waiter

    @property
    def listeners(self) -> int:
        """How many ``onRecordEnd`` and ``onPlayEnd`` calls wait now."""
        with self._lock:
            return sum(not f.done() for f in self._record_end + self._play_end)

    @property
    def playing(self) -> list[str]:
        """The ``localAudioId`` of each clip playing now."""
        with self._lock:
            return [lid for lid, local in self._locals.items() if local.started is not None]

    def _run(self, local_id: str, local: _Local, action: str) -> None:
        local.started = self._clock.now()
        left = max(local.recording.duration - local.played, 0.0)
        local.timer = self._clock.call_later(left, lambda: self._ended(local_id, local))
        self._log(local_id, action)

    def _halt(self, local: _Local) -> None:
        if local.timer is not None:
            local.timer.cancel()
        local.timer = None
        local.started = None

    def _ended(self, local_id: str, local: _Local) -> None:
        local.started, local.timer, local.played = None, None, 0.0
        self._log(local_id, "end")
        with self._lock:
            waiters, self._play_end = self._play_end, []
        for waiter in waiters:
            settle(waiter, {"localAudioId": local_id})

    def _log(self, local_id: str, action: str) -> None:
        self.plays.append(Playback(local_id, action, self._clock.now()))

    def clear(self) -> None:
        """Stop everything and forget recordings, downloads and the voice."""
        with self._lock:
            timers = [self._timer] + [local.timer for local in self._locals.values()]
            waiters = self._record_end + self._play_end
            self._started, self._timer = None, None
            self._voice, self._text = None, ""
            self._record_end, self._play_end = [], []
            self._locals.clear()
        for timer in timers:
            if timer is not None:
                timer.cancel()
        for waiter in waiters:
            waiter.cancel()
        self.recordings.clear()
        self.plays.clear()

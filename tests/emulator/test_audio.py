"""Tests of emulator.audio: recordings are real WAV files, on the virtual clock."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from bridge.errors import ConfigError, InvalidParams, Unavailable
from emulator.audio import SAMPLE_RATE, Audio, make_wav
from emulator.clock import Clock
from emulator.mediastore import MediaStore


@pytest.fixture
def clock_start() -> float:
    return 1_700_000_000.0


@pytest.fixture
def store(clock: Clock) -> MediaStore:
    return MediaStore(clock)


@pytest.fixture
def audio(clock: Clock, store: MediaStore) -> Audio:
    return Audio(clock, store, "phone")


def seconds_of(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        return reader.getnframes() / reader.getframerate()


def test_recording_is_a_wav_of_its_duration(audio: Audio, clock: Clock, store: MediaStore) -> None:
    """A 2.4 s recording reports 3 s and is a 3 s WAV uploaded as a voice medium."""
    audio.start()
    assert audio.recording
    clock.advance(2.4)
    rec = audio.stop()
    assert not audio.recording
    assert rec.duration == 3 and seconds_of(rec.data) == 3.0
    stored = store.get(rec.media_id)
    assert stored is not None and stored.kind == "voice" and stored.data == rec.data
    assert stored.uploader == "device:phone" and stored.mime == "audio/wav"


def test_tone_is_not_silence(audio: Audio, clock: Clock) -> None:
    """Without a voice the clip is an audible tone."""
    audio.start()
    clock.advance(1)
    data = audio.stop().data
    with wave.open(io.BytesIO(data)) as reader:
        frames = reader.readframes(reader.getnframes())
    assert max(frames) > 0 and len(set(frames)) > 10


def test_voice_and_text(audio: Audio, clock: Clock, tmp_path: Path) -> None:
    """A given voice is what gets recorded, padded with silence, with its text."""
    voice = tmp_path / "hi.wav"
    voice.write_bytes(make_wav(0.5))
    audio.voice(voice, text="打卡成功")
    audio.start()
    clock.advance(2)
    rec = audio.stop()
    assert rec.text == "打卡成功" and seconds_of(rec.data) == 2.0
    with wave.open(io.BytesIO(rec.data)) as reader:
        frames = reader.readframes(reader.getnframes())
    assert frames[SAMPLE_RATE:] == b"\0" * (len(frames) - SAMPLE_RATE)


def test_auto_stop_at_max_duration(audio: Audio, clock: Clock) -> None:
    """A recording reaching maxDuration stops by itself; onRecordEnd gets it."""
    audio.start(5)
    ended = audio.on_record_end()
    clock.advance(4.9)
    assert not ended.done()
    clock.advance(1)
    assert ended.result(timeout=1) == {
        "mediaId": audio.recordings[0].media_id,
        "duration": 5,
    }
    assert audio.recordings[0].auto and not audio.recording


def test_on_record_end_never_hangs(audio: Audio, clock: Clock) -> None:
    """onRecordEnd fails at once without a recording, and when stopRecord comes first."""
    assert isinstance(audio.on_record_end().exception(timeout=0), Unavailable)
    audio.start()
    ended = audio.on_record_end()
    clock.advance(1)
    audio.stop()
    assert isinstance(ended.exception(timeout=1), Unavailable)


def test_recorder_state_errors(audio: Audio) -> None:
    """stop without start and a second start are refused with code 9; a bad max with 3."""
    with pytest.raises(Unavailable, match="not recording"):
        audio.stop()
    audio.start()
    with pytest.raises(Unavailable, match="already recording"):
        audio.start()
    with pytest.raises(InvalidParams, match="'maxDuration'"):
        Audio(Clock(), MediaStore(Clock()), "x").start(61)


def test_play_pause_resume_to_the_end(audio: Audio, clock: Clock) -> None:
    """A 3 s clip paused after 1 s ends 2 s after resuming; every step is recorded."""
    audio.start()
    clock.advance(3)
    rec = audio.stop()
    local = audio.download(rec.media_id)
    audio.play(local)
    ended = audio.on_play_end()
    clock.advance(1)
    audio.pause(local)
    clock.advance(30)
    assert not ended.done() and audio.playing == []
    audio.resume(local)
    clock.advance(1.9)
    assert not ended.done() and audio.playing == [local]
    clock.advance(0.2)
    assert ended.result(timeout=1) == {"localAudioId": local}
    assert [p.action for p in audio.plays] == ["play", "pause", "resume", "end"]


def test_player_errors(audio: Audio, clock: Clock) -> None:
    """Unknown ids name their param; onPlayEnd with nothing playing, or stopped, fails."""
    with pytest.raises(InvalidParams, match="'mediaId'"):
        audio.download("@nope")
    with pytest.raises(InvalidParams, match="'localAudioId'"):
        audio.play("nope")
    assert isinstance(audio.on_play_end().exception(timeout=0), Unavailable)
    audio.start()
    clock.advance(2)
    local = audio.download(audio.stop().media_id)
    audio.play(local)
    ended = audio.on_play_end()
    audio.stop_playing(local)
    assert isinstance(ended.exception(timeout=1), Unavailable)


def test_bad_voice(audio: Audio, tmp_path: Path) -> None:
    """A voice that is no WAV, or in another format, is refused."""
    with pytest.raises(ConfigError, match="PCM WAV"):
        audio.voice(b"RIFF but not really")
    stereo = io.BytesIO()
    with wave.open(stereo, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(44100)
        writer.writeframes(b"\0" * 400)
    with pytest.raises(ConfigError, match="16-bit mono at 8000 Hz"):
        audio.voice(stereo.getvalue())
    with pytest.raises(ConfigError, match="no voice file"):
        audio.voice(tmp_path / "missing.wav")

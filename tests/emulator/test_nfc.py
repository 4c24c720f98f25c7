"""Tests of emulator.nfc: taps, held tags, writes and stops."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from bridge.errors import Cancelled, ConfigError, Unavailable
from emulator.clock import Clock
from emulator.nfc import MAX_CONTENT, Nfc, tag_id_for


@pytest.fixture
def nfc(clock: Clock) -> Nfc:
    nfc = Nfc(clock)
    nfc.wait = 10.0
    return nfc


def test_read_waits_for_a_tap(nfc: Nfc) -> None:
    """A read waits; the next tap answers it with the tag's content."""
    read = nfc.read()
    assert isinstance(read, Future) and not read.done()
    assert nfc.pending == ["read"]
    assert nfc.tap("room-301") is True
    assert read.result(timeout=1) == "room-301"
    assert nfc.pending == []


def test_tap_without_a_reader_goes_unseen(nfc: Nfc) -> None:
    """A tap with no page waiting answers nothing, and a later read still waits."""
    assert nfc.tap("early") is False
    later = nfc.read()
    assert isinstance(later, Future) and not later.done()


def test_held_tag_answers_at_once(nfc: Nfc) -> None:
    """While a tag is held, reads answer at once; after release they wait again."""
    nfc.hold("badge-7")
    assert nfc.read() == "badge-7"
    assert nfc.read_id() == tag_id_for("badge-7")
    nfc.release()
    assert isinstance(nfc.read(), Future)


def test_write_then_read_the_same_tag(nfc: Nfc) -> None:
    """A write to a held tag is recorded and what a later read sees."""
    nfc.hold("old", tag_id="04a1b2c3d4e5f6")
    assert nfc.write("new") is None
    assert nfc.read() == "new"
    [written] = nfc.written
    assert (written.content, written.tag_id, written.at) == ("new", "04A1B2C3D4E5F6", 1_800_000_000)


def test_write_waits_for_a_tap(nfc: Nfc) -> None:
    """A write waits for a tag; the tap writes it."""
    write = nfc.write("asset:42")
    assert isinstance(write, Future)
    nfc.tap("blank")
    assert write.result(timeout=1) is None
    assert [w.content for w in nfc.written] == ["asset:42"]


def test_stop_cancels_waiting_calls(nfc: Nfc) -> None:
    """stop() fails the waiting calls with Cancelled ("-1")."""
    read = nfc.read()
    assert isinstance(read, Future)
    assert nfc.stop() == 1
    with pytest.raises(Cancelled):
        read.result(timeout=1)
    assert nfc.tap("late") is False


def test_timed_out_call_is_skipped(nfc: Nfc) -> None:
    """A call the bridge gave up on (its Future cancelled) is not answered by a tap."""
    read = nfc.read()
    assert isinstance(read, Future)
    read.cancel()
    assert nfc.pending == []
    assert nfc.tap("late") is False


def test_no_nfc(nfc: Nfc) -> None:
    """A phone without NFC fails every call with Unavailable ("9")."""
    nfc.available = False
    with pytest.raises(Unavailable):
        nfc.read()


def test_wait_pending(nfc: Nfc) -> None:
    """wait_pending returns what waits, or raises TimeoutError when nothing does."""
    with pytest.raises(TimeoutError, match="no page waited"):
        nfc.wait_pending(timeout=0.05)
    nfc.write("x")
    assert nfc.wait_pending(timeout=1) == ["write"]


def test_bad_tags(nfc: Nfc) -> None:
    """Too much content or a malformed UID raises ConfigError naming it."""
    with pytest.raises(ConfigError, match="payload is"):
        nfc.tap("x" * (MAX_CONTENT + 1))
    with pytest.raises(ConfigError, match="tag_id"):
        nfc.tap("x", tag_id="zz")
    with pytest.raises(ConfigError, match="content is"):
        nfc.write("é" * MAX_CONTENT)


def test_scheduled_taps(nfc: Nfc, clock: Clock) -> None:
    """Taps scheduled on the virtual clock answer what waits when the clock gets there."""
    read = nfc.read()
    assert isinstance(read, Future)
    nfc.schedule([{"at": 5, "payload": "door"}, {"at": 8, "payload": "desk", "hold": True}])
    clock.advance(4)
    assert not read.done()
    clock.advance(1)
    assert read.result(timeout=1) == "door"
    clock.advance(3)
    assert nfc.read() == "desk"


def test_bad_scheduled_tap(nfc: Nfc, clock: Clock) -> None:
    """A bad tap names its index and field; nothing is scheduled."""
    with pytest.raises(ConfigError, match="NFC tap 1: payload is required"):
        nfc.schedule([{"at": 1, "payload": "a"}, {"at": 2}])
    assert clock.pending() == []


def test_no_tag_and_no_wait_cancels(nfc: Nfc) -> None:
    """With wait 0 and no tag held, a read is cancelled at once, as a scan with nothing queued."""
    nfc.wait = 0
    with pytest.raises(Cancelled, match="no tag was tapped"):
        nfc.read()


def test_the_user_gives_up_after_wait(nfc: Nfc) -> None:
    """A read no tag answers within wait seconds fails with Cancelled ("-1")."""
    nfc.wait = 0.05
    read = nfc.read()
    assert isinstance(read, Future)
    with pytest.raises(Cancelled, match="within 0.05 s"):
        read.result(timeout=2)
    assert nfc.pending == []

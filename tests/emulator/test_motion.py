"""Tests of emulator.motion: readings, the web sensor stream and watchShake's sampler."""

from __future__ import annotations

from typing import Any

import pytest

from bridge.errors import ConfigError
from emulator.clock import Clock
from emulator.motion import GRAVITY, MOTION_EVENT, Motion


class FakePage:
    """A page that records the frames sent to it."""

    def __init__(self, id: str = "p1") -> None:
        self.id = id
        self.hello: dict[str, Any] = {}
        self.frames: list[tuple[str, Any]] = []

    def send_event(self, name: str, data: Any = None) -> None:
        self.frames.append((name, data))

    def send_progress(self, call_id: int | str, data: Any) -> None:
        raise AssertionError("no watch callbacks here")


@pytest.fixture
def shakes() -> list[float]:
    return []


@pytest.fixture
def motion(clock: Clock, shakes: list[float]) -> Motion:
    def shake() -> bool:
        shakes.append(clock.now())
        return True

    return Motion(clock, shake)


def test_a_phone_at_rest(motion: Motion) -> None:
    """A new phone lies flat facing north: gravity on z, no rotation."""
    reading = motion.reading
    assert reading.acceleration == (0.0, 0.0, GRAVITY)
    assert reading.rotation_rate == (0.0, 0.0, 0.0)
    assert motion.heading == 0.0


def test_heading_and_alpha(motion: Motion) -> None:
    """A heading clockwise from north is alpha counter-clockwise, as the web counts it."""
    motion.set_heading(90)
    assert motion.reading.orientation[0] == 270.0
    assert motion.heading == 90.0
    motion.set_orientation(10, 45, -30)
    assert motion.heading == 350.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda m: m.set_heading(360), "heading"),
        (lambda m: m.set_orientation(0, 200, 0), "beta"),
        (lambda m: m.set_orientation(0, 0, 95), "gamma"),
        (lambda m: m.set_acceleration(0, float("nan"), 0), "three finite numbers"),
        (lambda m: setattr(m, "interval", 0), "interval"),
    ],
)
def test_out_of_range_values(motion: Motion, call: Any, message: str) -> None:
    """Values out of range raise ConfigError naming them."""
    with pytest.raises(ConfigError, match=message):
        call(motion)


def test_stream_while_a_page_listens(motion: Motion, clock: Clock) -> None:
    """Listening pages get a reading every interval of virtual time, until they stop."""
    page = FakePage()
    motion.set_rotation_rate(1, 2, 3)
    assert motion.listen(page, ["deviceorientation", "devicemotion"]) == [
        "devicemotion",
        "deviceorientation",
    ]
    motion.interval = 0.5
    clock.advance(1.0)
    assert [name for name, _ in page.frames] == [MOTION_EVENT, MOTION_EVENT]
    frame = page.frames[0][1]
    assert frame["rotationRate"] == {"alpha": 1.0, "beta": 2.0, "gamma": 3.0}
    assert frame["acceleration"] == {"x": 0.0, "y": 0.0, "z": 0.0}
    assert frame["interval"] == 500
    assert frame["events"] == ["devicemotion", "deviceorientation"]
    motion.forget(page)
    clock.advance(5)
    assert len(page.frames) == 2
    assert clock.pending() == []


def test_unknown_sensor_event(motion: Motion) -> None:
    """Only the web's motion and orientation events can be streamed."""
    with pytest.raises(ConfigError, match="no sensor event 'touchstart'"):
        motion.listen(FakePage(), ["touchstart"])


def test_sampler_detects_a_jolt(motion: Motion, clock: Clock, shakes: list[float]) -> None:
    """A change beyond the sensitivity between two samples is a shake; a small one is not."""
    motion.start_sampling({"frequency": 100, "sensitivity": 5})
    motion.set_acceleration(1, 1, GRAVITY)  # |change| ~1.4: no shake
    clock.advance(0.1)
    motion.set_acceleration(8, 1, GRAVITY)  # |change| 7: a shake
    clock.advance(0.1)
    assert shakes == [pytest.approx(1_800_000_000.2)]
    assert motion.shakes == shakes
    motion.stop_sampling()
    motion.set_acceleration(-20, 0, 0)
    clock.advance(1)
    assert len(shakes) == 1


def test_sampler_defaults(motion: Motion, clock: Clock, shakes: list[float]) -> None:
    """Without params the sampler runs every 100 ms at sensitivity 3.2."""
    motion.start_sampling({})
    motion.set_acceleration(0, 3.3, GRAVITY)
    clock.advance(0.1)
    assert len(shakes) == 1


def test_schedule_changes_readings_over_time(motion: Motion, clock: Clock) -> None:
    """Scheduled steps set the readings when the virtual clock reaches them."""
    motion.schedule(
        [
            {"at": 1, "heading": 90},
            {"at": 2, "acceleration": [1, 2, 3], "rotation_rate": (0, 0, 30)},
        ]
    )
    clock.advance(1)
    assert motion.heading == 90.0 and motion.reading.acceleration == (0.0, 0.0, GRAVITY)
    clock.advance(1)
    assert motion.reading.acceleration == (1.0, 2.0, 3.0)
    assert motion.reading.rotation_rate == (0.0, 0.0, 30.0)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"at": 1, "heading": 400}, "motion step 0: heading"),
        ({"at": 1, "orientation": [0, 0]}, "motion step 0: orientation takes three"),
        ({"at": -1}, "motion step 0: at must be >= 0"),
        ({"at": 1, "speed": 3}, "motion step 0: unknown field 'speed'"),
    ],
)
def test_bad_motion_steps(motion: Motion, clock: Clock, step: dict[str, Any], message: str) -> None:
    """A bad step raises ConfigError naming it; nothing is scheduled."""
    with pytest.raises(ConfigError, match=message):
        motion.schedule([step])
    assert clock.pending() == []

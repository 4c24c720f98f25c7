"""Tests of emulator.steps: the checks every scripted sensor step shares."""

from __future__ import annotations

from typing import Any

import pytest

from bridge.errors import ConfigError
from emulator.steps import step_at

SHAPE = "a tap is a table of at, payload"
FIELDS = {"at", "payload", "hold"}


def test_step_at_returns_the_seconds() -> None:
    """A well-formed step gives its at, whole or fractional."""
    assert step_at({"at": 2, "payload": "x"}, SHAPE, FIELDS, ("at", "payload")) == 2
    assert step_at({"at": 0.5}, SHAPE, FIELDS) == 0.5


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("at 2", "a tap is a table of at, payload; got 'at 2'"),
        ({"at": 1, "payload": "x", "colour": "red"}, "unknown field 'colour'"),
        ({"at": 1}, "payload is required"),
        ({"payload": "x"}, "at is required"),
        ({"at": True, "payload": "x"}, "at must be a number of seconds, got True"),
        ({"at": float("inf"), "payload": "x"}, "at must be a number of seconds"),
        ({"at": -1, "payload": "x"}, "at must be >= 0 seconds, got -1"),
    ],
)
def test_step_at_names_what_is_wrong(step: Any, message: str) -> None:
    """Each fault of a step is a ConfigError that names it."""
    with pytest.raises(ConfigError) as info:
        step_at(step, SHAPE, FIELDS, ("at", "payload"))
    assert message in str(info.value)


def test_at_may_be_optional_in_the_fields_check() -> None:
    """Without required fields a missing at is reported as not a number."""
    with pytest.raises(ConfigError, match="at must be a number of seconds, got None"):
        step_at({}, SHAPE, FIELDS)

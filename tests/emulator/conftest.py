"""Fixtures of the emulator's tests: a virtual clock stopped at a known time, a tiny app."""

from __future__ import annotations

import pytest

from emulator.clock import Clock


@pytest.fixture
def clock_start() -> float:
    """Where :func:`clock` stands (seconds since the epoch); a module overrides it to move it."""
    return 1_800_000_000


@pytest.fixture
def clock(clock_start: float) -> Clock:
    """A virtual clock frozen at ``clock_start``."""
    clock = Clock()
    clock.freeze(clock_start)
    return clock


@pytest.fixture
def app_dir(pytester: pytest.Pytester) -> str:
    """A folder with a one-page app, for the plugin's tests (their modules load ``pytester``)."""
    folder = pytester.mkdir("app")
    (folder / "index.html").write_text(
        "<!doctype html><html><head><title>t</title></head><body>hi</body></html>", "utf-8"
    )
    return str(folder)

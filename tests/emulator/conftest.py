"""Fixtures of the emulator's tests: a virtual clock stopped at a known time, a tiny app,
an emulator with an offline package published."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator import Emulator
from emulator.clock import Clock
from offline_packages.manifest import Manifest, write_package

#: The mini-app id :func:`with_package` publishes under.
PACKAGE_APP = "5000000002761167"


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


def with_package(tmp_path: Path, files: list[tuple[str, bytes]]) -> Emulator:
    """An emulator (data under ``tmp_path``) whose platform released ``files`` as app
    :data:`PACKAGE_APP`, its home page ``https://n.dingtalk.com/app/index.html``."""
    emu = Emulator(app=tmp_path, data_dir=tmp_path / "data")
    path = tmp_path / "p.zip"
    write_package(path, files, Manifest(("https://n.dingtalk.com/app/index.html",)))
    emu.platform.packages.deploy(PACKAGE_APP, path, owner="dingapp8k2m4n6p8r0t2v4x")
    return emu

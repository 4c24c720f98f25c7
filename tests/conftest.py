"""Shared fixtures: an emulated platform, a phone on it, and a handler context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from emulator.datadir import DATA_DIR_ENV
from emulator.device import Device
from emulator.platform import Platform
from emulator.profiles import default_profile
from jsapi.builtin import default_registry
from jsapi.context import Context


@pytest.fixture(scope="session", autouse=True)
def ddemu_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every Emulator() of the test run keeps device state in a temporary folder, not home."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(DATA_DIR_ENV, str(tmp_path_factory.mktemp("ddemu-home")))
        yield


@pytest.fixture
def platform() -> Platform:
    """The demo organisation's platform, with a fresh clock and no codes issued."""
    return Platform()


@pytest.fixture
def device(platform: Platform) -> Device:
    """An iPhone signed in as the demo org's default user."""
    return Device("phone", default_profile("ios"), platform)


@pytest.fixture
def ctx(device: Device, platform: Platform) -> Context:
    """The context a handler gets for a call from ``device``, without a session."""
    return Context(device, platform)


@pytest.fixture
def call_jsapi(ctx: Context) -> Callable[..., Any]:
    """Return ``call_jsapi(name, params)``: validate and run a built-in handler."""
    registry = default_registry()

    def call(name: str, params: dict[str, Any] | None = None) -> Any:
        return registry.call(name, {} if params is None else params, ctx)

    return call

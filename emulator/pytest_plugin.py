"""The ddemu pytest plugin: a thin layer of fixtures over :class:`~emulator.Emulator`.

Fixtures, from expensive to cheap:

- ``make_ddemu_server`` (session): starts one emulator, reused by every test;
- ``ddemu`` (function): that emulator, reset for this test (fresh device of
  ``ddemu_persona``, empty call log, real-time clock); handler failures in the
  servers fail the test at teardown;
- ``ddemu_browser`` (session): a Chromium, Playwright's own or the system's;
- ``ddemu_context`` / ``ddemu_page`` (function): a browser context that looks
  like the device, and a page opened where the client opens it
  (:attr:`~emulator.Emulator.launch_url`): the app's home on a phone; on the
  ``pc`` persona, ddemu's PC host shell with the app in its iframe;
- ``ddemu_app_frame`` (function): the frame the app runs in, on any persona:
  ``ddemu_page``'s main frame on a phone, the shell's iframe on PC.

Override ``ddemu_app``, ``ddemu_persona`` or ``ddemu_device_profile`` to
configure, or parametrize them
(``@pytest.mark.parametrize("ddemu_persona", ["ios", "android", "harmony", "pc"])``).
Mark a test ``@pytest.mark.ddemu_scenario("walk.toml")`` (or run with
``--ddemu-scenario FILE``) to play a scenario file on its device
(docs/reference/scenarios.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from jsapi.cdn import cdn_source

from .browsers import chromium_launch_options
from .emulator import Emulator
from .profiles import PERSONAS

__all__ = [
    "ddemu",
    "ddemu_app",
    "ddemu_app_frame",
    "ddemu_browser",
    "ddemu_context",
    "ddemu_device_profile",
    "ddemu_page",
    "ddemu_persona",
    "ddemu_scenario",
    "make_ddemu_server",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ddemu", "ddemu: emulated DingTalk client")
    group.addoption(
        "--ddemu-persona",
        choices=PERSONAS,
        default="ios",
        help="persona of the emulated device: ios, android, harmony or pc (default: ios)",
    )
    group.addoption("--ddemu-app", default=None, help="app folder (default: the sample app)")
    group.addoption("--ddemu-headed", action="store_true", help="show the browser of ddemu_page")
    group.addoption(
        "--ddemu-scenario",
        default=None,
        metavar="FILE",
        help="scenario TOML file played on the device of every test (docs/reference/scenarios.md)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "ddemu_scenario(path): play this scenario TOML file (relative to the test file) "
        "on the ddemu device before the test",
    )


@pytest.fixture
def ddemu_scenario(request: pytest.FixtureRequest) -> Path | None:
    """The scenario file played on the device: the test's ``ddemu_scenario`` marker, else
    ``--ddemu-scenario``, else None. A marker's relative path is from the test's folder."""
    marker = request.node.get_closest_marker("ddemu_scenario")
    if marker is not None:
        if len(marker.args) != 1:
            raise pytest.UsageError("@pytest.mark.ddemu_scenario takes one path")
        path = Path(marker.args[0])
        return path if path.is_absolute() else request.path.parent / path
    value: str | None = request.config.getoption("--ddemu-scenario")
    return Path(value) if value else None


@pytest.fixture
def ddemu_app(pytestconfig: pytest.Config) -> str | Path | None:
    """The app folder to serve; None for ddemu's built-in sample app."""
    value: str | None = pytestconfig.getoption("--ddemu-app")
    return value


@pytest.fixture
def ddemu_persona(pytestconfig: pytest.Config) -> str:
    """The persona of the device: ``ios``, ``android``, ``harmony`` or ``pc``."""
    value: str = pytestconfig.getoption("--ddemu-persona")
    return value


@pytest.fixture
def ddemu_device_profile() -> str | None:
    """A device profile name overriding the persona's usual one, or None."""
    return None


@pytest.fixture(scope="session")
def make_ddemu_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str | Path | None], Emulator]]:
    """Return ``make(app)``: the session's emulator, started on first use.

    Its devices keep their state in a temporary directory, never in the
    user's data directory.
    """
    started: list[Emulator] = []

    def make(app: str | Path | None) -> Emulator:
        if not started:
            data_dir = tmp_path_factory.mktemp("ddemu-data")
            started.append(Emulator(app=app, data_dir=data_dir).start())
        return started[0]

    yield make
    for emu in started:
        emu.stop()


@pytest.fixture
def ddemu(
    make_ddemu_server: Callable[[str | Path | None], Emulator],
    ddemu_app: str | Path | None,
    ddemu_persona: str,
    ddemu_device_profile: str | None,
    ddemu_scenario: Path | None,
) -> Iterator[Emulator]:
    """The emulator, reset for this test (and its scenario played); fails the test
    if a handler crashed."""
    emu = make_ddemu_server(ddemu_app)
    emu.app = ddemu_app
    emu.reset(persona=ddemu_persona, profile=ddemu_device_profile)
    if ddemu_scenario is not None:
        emu.device.load_scenario(ddemu_scenario)
    yield emu
    emu.check_errors()


@pytest.fixture(scope="session")
def ddemu_browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A Chromium for ddemu pages; reuses pytest-playwright's Playwright if loaded.

    Its launch options map the PC host shell's name to loopback (see
    :func:`~emulator.browsers.chromium_launch_options`).
    """
    headed = bool(request.config.getoption("--ddemu-headed"))
    if request.config.pluginmanager.hasplugin("playwright"):
        playwright = request.getfixturevalue("playwright")
        browser = playwright.chromium.launch(
            **chromium_launch_options(playwright, headless=not headed)
        )
        yield browser
        browser.close()
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            **chromium_launch_options(playwright, headless=not headed)
        )
        yield browser
        browser.close()


def _is_cdn_library(url: str) -> bool:
    """Whether ``url`` loads dingtalk.open.js from a foreign (non-local) host."""
    parts = urlsplit(url)
    local = parts.hostname in {"localhost", "127.0.0.1", "::1"}
    return parts.path.endswith("dingtalk.open.js") and not local


@pytest.fixture
def ddemu_context(ddemu: Emulator, ddemu_browser: Any) -> Iterator[Any]:
    """A browser context with the device's user agent, viewport and the shim."""
    context = ddemu_browser.new_context(**ddemu.context_options())
    context.add_init_script(ddemu.shim())
    # Pages not served by ddemu that load dingtalk.open.js from the CDN: serve
    # ddemu's own dd instead (pages served by ddemu are rewritten already).
    context.route(
        _is_cdn_library,
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=cdn_source()),
    )
    # Pages opened with ?dd_mini_app_id=... run from the device's offline package.
    ddemu.offline.route(context)
    yield context
    context.close()


@pytest.fixture
def ddemu_page(ddemu: Emulator, ddemu_context: Any) -> Any:
    """A page where the client opens the app: its home, or on PC the host shell."""
    page = ddemu_context.new_page()
    page.goto(ddemu.launch_url)
    return page


@pytest.fixture
def ddemu_app_frame(ddemu: Emulator, ddemu_page: Any) -> Any:
    """The Playwright frame the app runs in: the page itself, or on PC its iframe."""
    return ddemu.app_frame(ddemu_page)

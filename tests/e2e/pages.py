"""Test pages on the real dingtalk-jsapi, and the fixtures that serve and open them.

A browser test module writes its page inline and serves it with the library's
IIFE bundle (``sample_apps/hello/dist/dd.js``, built by ``make setup``)::

    ddemu_app = bundled_app("sensors", PAGE)
    app = ready_page()

``ddemu_app`` then overrides the plugin's fixture for that module, and ``app``
is the page once its ``dd.ready`` callback set ``seen.ready``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Frame, Page

from emulator import Emulator

__all__ = [
    "BUNDLE",
    "READY",
    "bundled_app",
    "ready",
    "ready_frame",
    "ready_page",
    "settled",
    "watched_shell",
]

#: The real dingtalk-jsapi as one script, served to the test pages as ``/dd.js``.
BUNDLE = Path(__file__).parents[2] / "sample_apps" / "hello" / "dist" / "dd.js"

#: True once the page's ``dd.ready`` callback has run (the pages set ``seen.ready``).
READY = "window.seen && seen.ready"

Target = TypeVar("Target", Page, Frame)


def bundled_app(name: str, page: str, files: Mapping[str, str] | None = None) -> Any:
    """Return a module-scoped fixture: a folder serving ``page`` with the library.

    Args:
        name: Prefix of the temporary folder.
        page: The HTML of ``index.html``; it loads the library from ``/dd.js``.
        files: More files of the app, by name, as text.

    Returns:
        The fixture; assign it to ``ddemu_app`` (or another name) in the test module.
        It skips the tests when the bundle is not built.
    """

    @pytest.fixture(scope="module")
    def app_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
        if not BUNDLE.is_file():
            pytest.skip("sample_apps/hello/dist/dd.js is not built (make setup)")
        folder = tmp_path_factory.mktemp(name)
        shutil.copy(BUNDLE, folder / "dd.js")
        (folder / "index.html").write_text(page, "utf-8")
        for file_name, text in (files or {}).items():
            (folder / file_name).write_text(text, "utf-8")
        return folder

    return app_folder


def ready(target: Target, expression: str = READY, timeout: float = 10_000) -> Target:
    """Wait until ``expression`` is true in ``target``; return ``target``."""
    target.wait_for_function(expression, timeout=timeout)
    return target


def ready_page(expression: str = READY, timeout: float = 10_000) -> Any:
    """Return a fixture: ``ddemu_page`` once ``expression`` is true in it (by default dd.ready)."""

    @pytest.fixture
    def page(ddemu_page: Page) -> Page:
        return ready(ddemu_page, expression, timeout)

    return page


def ready_frame(expression: str = READY, timeout: float = 10_000) -> Any:
    """Return a fixture: ``ddemu_app_frame`` once ``expression`` is true (by default dd.ready)."""

    @pytest.fixture
    def frame(ddemu_app_frame: Frame) -> Frame:
        return ready(ddemu_app_frame, expression, timeout)

    return frame


def settled(target: Page | Frame, expression: str, timeout: float = 10_000) -> Any:
    """Wait until ``expression`` (a call's outcome the page stores) is set; return its value."""
    target.wait_for_function(f"({expression}) != null", timeout=timeout)
    return target.evaluate(expression)


@contextmanager
def watched_shell(ddemu: Emulator, context: Any, timeout: float = 20) -> Iterator[Page]:
    """Open the device shell in ``context`` and wait until a person looks at it.

    Yields the shell's page, closed on leaving; the app may still be loading in its frame.
    """
    page = context.new_page()
    try:
        page.goto(ddemu.shell_url)
        deadline = time.monotonic() + timeout
        while not ddemu.device.ui.people_watching and time.monotonic() < deadline:
            time.sleep(0.05)
        yield page
    finally:
        page.close()

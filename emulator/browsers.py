"""Find a Chromium for Playwright: its own when installed, else the system's.

Playwright cannot download its browser on machines without internet; Debian's
``chromium`` package is the usual stand-in. Nothing needs configuring: set
``DDEMU_CHROMIUM`` only to force a particular executable.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from bridge.errors import ConfigError

__all__ = ["CHROMIUM_ARGS", "chromium_launch_options", "find_system_chromium"]

#: Flags for a headless Chromium in CI, as root, on a machine with no network
#: beyond loopback: no sandbox (root), no GPU, and none of the background
#: connections that would only fail here.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_system_chromium() -> str | None:
    """Return the path of a Chromium installed on the system, or None."""
    forced = os.environ.get("DDEMU_CHROMIUM")
    if forced:
        return forced
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_launch_options(playwright: Any, *, headless: bool = True) -> dict[str, Any]:
    """Return ``chromium.launch()`` options that work on this machine.

    Args:
        playwright: A started Playwright (sync or async API).
        headless: False to watch the browser.

    Raises:
        ConfigError: If neither Playwright's Chromium nor a system one exists.
    """
    options: dict[str, Any] = {"headless": headless, "args": list(CHROMIUM_ARGS)}
    if os.environ.get("DDEMU_CHROMIUM") or not Path(playwright.chromium.executable_path).exists():
        system = find_system_chromium()
        if system is None:
            raise ConfigError(
                "no Chromium found: run `playwright install chromium`, or install the "
                "system package (`apt-get install chromium`), or set DDEMU_CHROMIUM"
            )
        options["executable_path"] = system
    return options

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

from .server.pchost import PC_HOST_NAME

__all__ = [
    "CHROMIUM_ARGS",
    "PC_HOST_RESOLVER_ARG",
    "chromium_launch_options",
    "find_system_chromium",
]

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

#: Resolves the PC host shell's name (``h5.dingtalk.com``) to this machine, so
#: the ``pc`` persona's shell page loads from ddemu; harmless for other personas.
PC_HOST_RESOLVER_ARG = f"--host-resolver-rules=MAP {PC_HOST_NAME} 127.0.0.1"

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

    Besides :data:`CHROMIUM_ARGS` they map the PC host shell's name to loopback
    (:data:`PC_HOST_RESOLVER_ARG`).

    Args:
        playwright: A started Playwright (sync or async API).
        headless: False to watch the browser.

    Raises:
        ConfigError: If neither Playwright's Chromium nor a system one exists.
    """
    options: dict[str, Any] = {
        "headless": headless,
        "args": [*CHROMIUM_ARGS, PC_HOST_RESOLVER_ARG],
    }
    if os.environ.get("DDEMU_CHROMIUM") or not Path(playwright.chromium.executable_path).exists():
        system = find_system_chromium()
        if system is None:
            raise ConfigError(
                "no Chromium found: run `playwright install chromium`, or install the "
                "system package (`apt-get install chromium`), or set DDEMU_CHROMIUM"
            )
        options["executable_path"] = system
    return options

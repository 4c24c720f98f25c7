"""The emulated open platform's state, shared by every device and the mock server."""

from __future__ import annotations

from pathlib import Path

from .authcodes import AuthCodes
from .clock import Clock
from .org import Org, load_org

__all__ = ["Platform"]


class Platform:
    """The organisation, the clock and what the platform has issued.

    Args:
        org: An :class:`~emulator.org.Org`, a TOML file, or None for the demo org.
    """

    def __init__(self, org: Org | str | Path | None = None) -> None:
        self.org = org if isinstance(org, Org) else load_org(org)
        self.clock = Clock()
        self.auth_codes = AuthCodes(self.clock)

    def reset(self) -> None:
        """Forget everything issued and put the clock back to real time."""
        self.clock.reset()
        self.auth_codes.clear()

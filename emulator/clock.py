"""The virtual clock shared by the devices and the open-platform mock.

It runs with real time by default; tests move it forward to expire codes,
tokens and tickets without waiting, or freeze it for exact figures.
"""

from __future__ import annotations

import threading
import time

__all__ = ["Clock"]


class Clock:
    """Wall-clock seconds since the epoch, plus an offset, optionally frozen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at: float | None = None

    def now(self) -> float:
        """Seconds since the epoch, as the emulated world sees them."""
        frozen = self._frozen_at
        return frozen if frozen is not None else time.time() + self._offset

    def now_ms(self) -> int:
        """Milliseconds since the epoch, as DingTalk's APIs count them."""
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or back, with a negative value)."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def freeze(self, at: float | None = None) -> None:
        """Stop the clock at ``at`` (seconds since the epoch) or at the current time."""
        with self._lock:
            self._frozen_at = self.now() if at is None else at

    def unfreeze(self) -> None:
        """Let the clock run again from where it stands."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def reset(self) -> None:
        """Back to real time."""
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None

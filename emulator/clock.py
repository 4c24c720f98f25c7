"""The virtual clock shared by the devices and the open-platform mock.

It runs with real time by default; tests move it forward to expire codes,
tokens and tickets without waiting, or freeze it for exact figures.

The clock also schedules callbacks on virtual time (:meth:`Clock.call_at`,
:meth:`Clock.call_later`, :meth:`Clock.every`). A callback fires once virtual
time reaches it, in time order, either because real time passed (one daemon
thread waits, only while something is scheduled) or synchronously inside
:meth:`Clock.advance`, which steps through what it passes so that each
callback sees ``now()`` at its own scheduled time. A frozen clock fires
nothing by itself; advancing it fires what it passes::

    clock.freeze(1_700_000_000.0)
    ticks = []
    clock.every(1.0, lambda: ticks.append(clock.now()))
    clock.advance(3)        # ticks == [1_700_000_001.0, 1_700_000_002.0, 1_700_000_003.0]

Callbacks run one at a time, on the thread that advanced the clock or on the
clock's thread; they must be quick and must not wait for another thread that
may itself be advancing the clock.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

__all__ = ["Clock", "Timer"]

logger = logging.getLogger("ddemu.clock")


class Timer:
    """A callback scheduled on a :class:`Clock`; :meth:`cancel` stops it.

    Attributes:
        when: Virtual time (seconds since the epoch) of the next firing.
        interval: Seconds between firings of a repeating timer, else ``None``.
    """

    __slots__ = ("_clock", "_fn", "_seq", "cancelled", "fired", "interval", "when")

    def __init__(
        self,
        clock: Clock,
        when: float,
        fn: Callable[[], object],
        interval: float | None,
    ) -> None:
        self._clock = clock
        self._fn = fn
        self._seq = 0
        self.when = when
        self.interval = interval
        self.cancelled = False
        self.fired = 0

    def cancel(self) -> None:
        """Stop the timer; a callback already running finishes. Idempotent."""
        self._clock._cancel(self)

    @property
    def active(self) -> bool:
        """Whether the timer will still fire."""
        return not self.cancelled and (self.interval is not None or self.fired == 0)

    def __repr__(self) -> str:
        state = "cancelled" if self.cancelled else f"at {self.when:.3f}"
        every = f" every {self.interval}s" if self.interval is not None else ""
        return f"<Timer {state}{every} {self._fn!r}>"


class Clock:
    """Wall-clock seconds since the epoch, plus an offset, optionally frozen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at: float | None = None
        # Scheduler state, guarded by _wake's lock (a separate lock from _lock
        # so that now() never waits on the scheduler).
        self._wake = threading.Condition()
        self._heap: list[tuple[float, int, Timer]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        # One callback at a time, in time order, whoever fires it; reentrant
        # so a callback may advance the clock.
        self._firing = threading.RLock()

    def now(self) -> float:
        """Seconds since the epoch, as the emulated world sees them."""
        frozen = self._frozen_at
        return frozen if frozen is not None else time.time() + self._offset

    def now_ms(self) -> int:
        """Milliseconds since the epoch, as DingTalk's APIs count them."""
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or back, with a negative value).

        Moving forward fires, before returning, every scheduled callback that
        falls due up to the new time, in time order; during each, ``now()``
        tells that callback's scheduled time.
        """
        if seconds <= 0:
            with self._lock:
                if self._frozen_at is not None:
                    self._frozen_at += seconds
                else:
                    self._offset += seconds
            self._notify()
            return
        with self._firing:
            with self._lock:
                frozen = self._frozen_at is not None
                base = self._frozen_at if self._frozen_at is not None else self._offset
                target = base + seconds
            while True:
                limit = target if frozen else target + time.time()
                timer = self._pop_due(limit)
                if timer is None:
                    break
                with self._lock:
                    if self._frozen_at is not None:
                        self._frozen_at = max(self._frozen_at, timer.when)
                    else:
                        self._offset = max(self._offset, timer.when - time.time())
                self._run(timer)
            with self._lock:
                # max(): a callback may itself have advanced the clock further.
                if frozen and self._frozen_at is not None:
                    self._frozen_at = max(self._frozen_at, target)
                elif not frozen and self._frozen_at is None:
                    self._offset = max(self._offset, target)
        self._notify()

    def freeze(self, at: float | None = None) -> None:
        """Stop the clock at ``at`` (seconds since the epoch) or at the current time."""
        with self._lock:
            self._frozen_at = self.now() if at is None else at
        self._notify()

    def unfreeze(self) -> None:
        """Let the clock run again from where it stands."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None
        self._notify()

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def reset(self) -> None:
        """Back to real time; every scheduled callback is cancelled."""
        # Cancel first: a callback must not fire at the jump back to real time.
        self.cancel_all()
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None

    # -- scheduler ---------------------------------------------------------

    def call_at(self, when: float, fn: Callable[[], object]) -> Timer:
        """Call ``fn()`` once virtual time reaches ``when`` (seconds since the epoch).

        A time already past fires at the next :meth:`advance` or on the
        clock's thread right away (unless the clock is frozen).

        Returns:
            The :class:`Timer`; call its ``cancel()`` to stop it.
        """
        return self._schedule(Timer(self, float(when), fn, None))

    def call_later(self, delay: float, fn: Callable[[], object]) -> Timer:
        """Call ``fn()`` once, ``delay`` virtual seconds from now."""
        return self.call_at(self.now() + delay, fn)

    def every(
        self,
        interval: float,
        fn: Callable[[], object],
        *,
        start: float | None = None,
    ) -> Timer:
        """Call ``fn()`` every ``interval`` virtual seconds until cancelled.

        Args:
            interval: Seconds between calls; must be positive.
            fn: The callback, called without arguments.
            start: Virtual time of the first call; default one interval from now.

        Raises:
            ValueError: if ``interval`` is not positive.
        """
        if not interval > 0:
            raise ValueError(f"interval must be positive, not {interval!r}")
        first = self.now() + interval if start is None else float(start)
        return self._schedule(Timer(self, first, fn, float(interval)))

    def pending(self) -> list[Timer]:
        """The timers still scheduled, soonest first."""
        with self._wake:
            return [t for _, _, t in sorted(self._heap) if not t.cancelled]

    def cancel_all(self) -> None:
        """Cancel every scheduled callback."""
        with self._wake:
            for _, _, timer in self._heap:
                timer.cancelled = True
            self._heap.clear()
            self._wake.notify_all()

    def _schedule(self, timer: Timer) -> Timer:
        with self._wake:
            timer._seq = next(self._seq)
            heapq.heappush(self._heap, (timer.when, timer._seq, timer))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run_thread, name="ddemu-clock", daemon=True
                )
                self._thread.start()
            self._wake.notify_all()
        return timer

    def _cancel(self, timer: Timer) -> None:
        with self._wake:
            if timer.cancelled:
                return
            timer.cancelled = True
            self._heap = [e for e in self._heap if e[2] is not timer]
            heapq.heapify(self._heap)
            self._wake.notify_all()

    def _notify(self) -> None:
        with self._wake:
            self._wake.notify_all()

    def _pop_due(self, limit: float) -> Timer | None:
        """Take the soonest timer due at or before ``limit``, if any."""
        with self._wake:
            while self._heap:
                when, _, timer = self._heap[0]
                if timer.cancelled:
                    heapq.heappop(self._heap)
                    continue
                if when > limit:
                    return None
                heapq.heappop(self._heap)
                return timer
            return None

    def _run(self, timer: Timer) -> None:
        """Fire ``timer`` (the caller holds ``_firing``), then reschedule it if it repeats."""
        if timer.cancelled:
            return
        timer.fired += 1
        try:
            timer._fn()
        except Exception:
            logger.exception("scheduled callback %r failed", timer)
        if timer.interval is not None:
            with self._wake:
                if not timer.cancelled:
                    timer.when += timer.interval
                    timer._seq = next(self._seq)
                    heapq.heappush(self._heap, (timer.when, timer._seq, timer))

    def _run_thread(self) -> None:
        """Fire callbacks as real time reaches them; exit when nothing is scheduled."""
        while True:
            with self._wake:
                while True:
                    live = [e for e in self._heap if not e[2].cancelled]
                    if not live:
                        self._heap.clear()
                        self._thread = None
                        return
                    soonest = min(live)[0]
                    frozen = self._frozen_at
                    now = frozen if frozen is not None else time.time() + self._offset
                    if soonest <= now:
                        break
                    # A frozen clock only moves by advance(), which notifies.
                    self._wake.wait(None if frozen is not None else min(soonest - now, 60.0))
            with self._firing:
                timer = self._pop_due(self.now())
                if timer is not None:
                    self._run(timer)

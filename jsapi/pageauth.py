"""What the container knows of a page's authorisation: its ``dd.config``.

Some JSAPIs need ``dd.config`` ("需要鉴权" in DingTalk's docs; ``auth = true``
in the catalog). The container keeps, per page, the outcome of the page's
``dd.config`` and answers those methods by it (:func:`authorize`):

- no ``dd.config`` yet: the call goes through, as many real clients let it,
  and ddemu warns once per page and method (``device.warnings`` and the
  ``ddemu.jsapi`` log), so the developer learns that DingTalk may refuse it;
- ``dd.config`` sent, still being verified: ``"7"``. The library re-sends the
  call once the config succeeds if the method is in its ``jsApiList``. That
  retry exists on iOS, Android and PC only, so on Harmony the call waits for
  the verdict instead;
- verified: methods in the ``jsApiList`` go through, others answer ``"7"``;
- refused (``dd.error``): ``"7"``.

Methods that need no ``dd.config`` (``requestAuthCode``, navigation,
notifications ...) never ask. The state lives on the page's bridge session,
created on first use by :func:`page_auth`.
"""

from __future__ import annotations

import enum
import logging
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bridge.errors import ConfigRejected, PermissionDenied

from .signature import Algorithm

if TYPE_CHECKING:
    from bridge.sessions import Session

    from .context import Context

__all__ = [
    "ConfigState",
    "PageAuth",
    "UrlRule",
    "VerifiedConfig",
    "authorize",
    "page_auth",
]

logger = logging.getLogger("ddemu.jsapi")

#: Which URL a client signs ``dd.config`` with: the page's ``"current"`` URL
#: (iOS), or the URL it was ``"entry"``-loaded at, ignoring later
#: ``history.pushState`` route changes (Android).
UrlRule = Literal["current", "entry"]

#: The personas whose library re-sends a call that failed with "7" while
#: ``dd.config`` was pending (``lib/sdk/middlewares/retry.js``); on the others
#: such a call waits for the config's verdict.
_RETRIED_BY_LIBRARY = frozenset({"ios", "android", "pc"})


class ConfigState(enum.Enum):
    """Where a page's ``dd.config`` stands."""

    NONE = "none"
    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class VerifiedConfig:
    """A ``dd.config`` whose signature the container verified.

    Attributes:
        corp_id: The corp it was signed for.
        agent_id: The app's agentId, as the page sent it.
        app_key: The app's key (whose JSAPI ticket signed it).
        js_api_list: The native methods the page may call.
        url: The URL that was signed, as :func:`~jsapi.signature.signed_url` gives it.
        algorithm: The hash the backend used.
    """

    corp_id: str
    agent_id: str
    app_key: str
    js_api_list: tuple[str, ...]
    url: str
    algorithm: Algorithm


class PageAuth:
    """One page's ``dd.config``: its state, and what it allows; thread-safe.

    Args:
        entry_url: The URL the page was loaded at (its bridge hello's ``url``).

    Attributes:
        entry_url: The URL the page was loaded at.
        current_url: The page's URL now, after route changes, when the page
            reported one; None until then (the entry URL stands in for it).
    """

    def __init__(self, entry_url: str = "") -> None:
        self.entry_url = entry_url
        self.current_url: str | None = None
        self._lock = threading.Lock()
        self._state = ConfigState.NONE
        self._config: VerifiedConfig | None = None
        self._error: ConfigRejected | None = None
        self._attempt = 0
        self._warned: set[str] = set()
        self._waiters: list[Future[None]] = []

    def __repr__(self) -> str:
        return f"<PageAuth {self._state.value} {self.entry_url!r}>"

    @property
    def state(self) -> ConfigState:
        return self._state

    @property
    def config(self) -> VerifiedConfig | None:
        """The verified config, once there is one."""
        return self._config

    @property
    def error(self) -> ConfigRejected | None:
        """Why the last ``dd.config`` was refused, if it was."""
        return self._error

    @property
    def js_api_list(self) -> tuple[str, ...] | None:
        """The methods the verified config allows; None without one."""
        config = self._config
        return None if config is None else config.js_api_list

    def url(self, rule: UrlRule) -> str:
        """The URL a client following ``rule`` signs for this page now."""
        if rule == "current" and self.current_url:
            return self.current_url
        return self.entry_url

    def begin(self) -> int:
        """A ``dd.config`` arrived: pending until :meth:`settle`; returns its attempt number."""
        with self._lock:
            self._attempt += 1
            self._state = ConfigState.PENDING
            self._config = None
            self._error = None
            return self._attempt

    def settle(self, attempt: int, outcome: VerifiedConfig | ConfigRejected) -> None:
        """Record how ``attempt`` ended; an attempt overtaken by a newer one is ignored."""
        with self._lock:
            if attempt != self._attempt:
                return
            if isinstance(outcome, ConfigRejected):
                self._state, self._config, self._error = ConfigState.FAILED, None, outcome
            else:
                self._state, self._config, self._error = ConfigState.READY, outcome, None
            waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if waiter.set_running_or_notify_cancel():
                waiter.set_result(None)

    def settled(self) -> Future[None]:
        """A Future done once no ``dd.config`` is pending: at once if none is."""
        waiter: Future[None] = Future()
        with self._lock:
            if self._state is ConfigState.PENDING:
                self._waiters.append(waiter)
                return waiter
        waiter.set_result(None)
        return waiter

    def first_use(self, method: str) -> bool:
        """True the first time ``method`` is asked about on this page (to warn once)."""
        with self._lock:
            if method in self._warned:
                return False
            self._warned.add(method)
            return True


_create_lock = threading.Lock()


def page_auth(session: Session) -> PageAuth:
    """The ``dd.config`` state of the page behind ``session``, created on first use."""
    with _create_lock:
        page = session.page
        if not isinstance(page, PageAuth):
            page = PageAuth()
            session.page = page
    if not page.entry_url:
        page.entry_url = str(session.hello.get("url") or "")
    return page


def authorize(method: str, ctx: Context) -> Future[None] | None:
    """Let a call of ``method``, which needs ``dd.config``, through or refuse it.

    Without a ``dd.config`` the call goes through with a warning (once per page
    and method) in ``ctx.device.warnings`` and the log.

    Returns:
        None to go ahead, or, while the page's ``dd.config`` is being verified
        on a persona whose library does not retry, a Future done once it is:
        ask again then.

    Raises:
        PermissionDenied: ``"7"`` while the page's ``dd.config`` is being
            verified (iOS, Android, PC), after it was refused, or when
            ``method`` is not in its ``jsApiList``.
    """
    page = page_auth(ctx.session) if ctx.session is not None else None
    state = page.state if page is not None else ConfigState.NONE
    if state is ConfigState.NONE:
        if page is None or page.first_use(method):
            warning = (
                f"{method} needs dd.config (需要鉴权) but the page called none: DingTalk may"
                f" refuse it with errorCode 7; ddemu lets it through. Call dd.config with"
                f" {method!r} in jsApiList first."
            )
            logger.warning("%s", warning)
            ctx.device.warnings.append(warning)
        return None
    if state is ConfigState.PENDING and page is not None:
        if ctx.device.persona not in _RETRIED_BY_LIBRARY:
            return page.settled()
        raise PermissionDenied(
            f"{method}: no permission yet: the page's dd.config is still being verified"
            " (the library re-sends the call once it succeeds, if the method is in jsApiList)"
        )
    if state is ConfigState.FAILED:
        error = page.error if page is not None else None
        why = f" ({error.code}: {error.message})" if error is not None else ""
        raise PermissionDenied(f"{method}: no permission: the page's dd.config failed{why}")
    allowed = page.js_api_list if page is not None else None
    if allowed is not None and method not in allowed:
        listed = ", ".join(allowed) or "nothing"
        raise PermissionDenied(
            f"{method}: no permission: it is not in the jsApiList of the page's dd.config"
            f" (which lists {listed})"
        )
    return None

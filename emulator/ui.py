"""The device's native UI requests: dialogs, pickers and confirm screens, and who answers them.

A handler that needs the user (``device.notification.confirm``, a date picker,
``biz.contact.choose`` ...) asks the device's broker, ``ctx.device.ui``::

    return ctx.device.ui.request(
        "device.notification.confirm",
        params,
        kind="confirm",
        default=lambda: {"buttonIndex": 0},
    )

The answer comes from, in order:

1. an answer a script queued for that method (or kind) with :meth:`UI.queue`;
2. a person at the device shell, when one is looking (:attr:`UI.people_watching`):
   the request shows in the shell and waits for a click;
3. the device's default policy (:attr:`UI.policy`, per kind in :attr:`UI.policies`):
   ``"default"`` (the handler's natural answer: OK, the first option, today),
   ``"cancel"`` (the user backs out: ``errorCode`` "-1"), or ``"wait"`` (the
   request stays pending for :meth:`UI.answer` from Python).

Nothing waits forever: a pending request fails with
:class:`~bridge.errors.CallTimeout` ("11") after :attr:`UI.timeout` seconds.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from bridge.errors import CallTimeout, Cancelled, ConfigError, JsapiError
from bridge.futures import settle

if TYPE_CHECKING:
    from .clock import Clock

__all__ = ["POLICIES", "Answer", "UIRequest", "UI"]

#: What the device does with a request nobody scripted and no person answers.
POLICIES = ("default", "cancel", "wait")

Policy = Literal["default", "cancel", "wait"]

#: A scripted answer: the result, a function of the request's params giving
#: it, ``Cancelled`` (the class: the user cancels) or an error to fail with.
Answer = (
    Mapping[str, Any]
    | Callable[[dict[str, Any]], Mapping[str, Any]]
    | type[JsapiError]
    | JsapiError
)

#: Seconds a person counts as looking after the shell last asked for news.
SHELL_SEEN = 5.0

_ids = itertools.count(1)


@dataclass(eq=False)
class UIRequest:
    """One native UI request the page made, waiting for or given its answer.

    Attributes:
        id: Unique on the emulator, e.g. ``"ui-7"``.
        method: The native method, e.g. ``"device.notification.confirm"``.
        kind: What the shell draws: ``"alert"``, ``"confirm"``, ``"picker.date"`` ...
        params: What the page asked, as it sent it.
        created: Virtual time the request was made.
        future: Resolves to the result dict, or fails with a
            :class:`~bridge.errors.JsapiError`.
        source: Who answered: ``"script"``, ``"person"``, ``"python"``,
            ``"policy"`` or ``"timeout"``; None while pending.
    """

    method: str
    kind: str
    params: dict[str, Any]
    created: float = 0.0
    id: str = field(default_factory=lambda: f"ui-{next(_ids)}")
    future: Future[dict[str, Any]] = field(default_factory=Future)
    source: str | None = None
    check: Callable[[dict[str, Any]], dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def done(self) -> bool:
        return self.future.done()

    @property
    def result(self) -> dict[str, Any] | None:
        """The answer given, or None while pending or if it failed."""
        if not self.future.done() or self.future.cancelled() or self.future.exception():
            return None
        return self.future.result()

    @property
    def error(self) -> JsapiError | None:
        """The error it failed with (a cancel is ``Cancelled``), else None."""
        if not self.future.done() or self.future.cancelled():
            return None
        exc = self.future.exception()
        return exc if isinstance(exc, JsapiError) else None

    def answer(self, result: Mapping[str, Any], *, source: str = "python") -> bool:
        """Answer the request with ``result``; False if it was already answered.

        Raises:
            ConfigError: If ``result`` does not fit the request (a ``buttonIndex``
                beyond the buttons shown ...); the request still waits.
        """
        if not isinstance(result, Mapping):
            raise ConfigError(f"an answer to {self.method} is a dict, got {type(result).__name__}")
        answer = dict(result)
        if self.check is not None:
            answer = self.check(answer)
        return self._settle(source, result=answer)

    def cancel(self, message: str = "", *, source: str = "python") -> bool:
        """The user backs out: the page gets ``errorCode`` "-1" (iOS ``onCancel``)."""
        return self.fail(
            Cancelled(message or f"{self.method}: cancelled by the user"), source=source
        )

    def fail(self, error: JsapiError, *, source: str = "python") -> bool:
        """Fail the request with ``error``; False if it was already answered."""
        return self._settle(source, error=error)

    def _settle(
        self,
        source: str,
        *,
        result: dict[str, Any] | None = None,
        error: BaseException | None = None,
    ) -> bool:
        if self.future.done():
            return False
        self.source = source
        return settle(self.future, error if error is not None else result or {})

    def as_json(self) -> dict[str, Any]:
        """What the shell gets to draw the request."""
        return {
            "id": self.id,
            "method": self.method,
            "kind": self.kind,
            "params": self.params,
            "created": self.created,
        }


class UI:
    """The native UI of one device: pending requests, scripted answers, the policy.

    Args:
        clock: The virtual clock stamping requests; real time if None.
    """

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock
        self._cond = threading.Condition()
        self._scripted: dict[str, deque[Answer]] = {}
        self._pending: list[UIRequest] = []
        self._version = 0
        self._shell_seen: dict[str, tuple[float, bool]] = {}
        #: Every request so far, answered or not, oldest first.
        self.history: list[UIRequest] = []
        #: The policy for requests no script answers and no person sees.
        self.policy: Policy = "default"
        #: Policies per kind or method, over :attr:`policy`.
        self.policies: dict[str, Policy] = {}
        #: Seconds a pending request waits before it fails with "11".
        self.timeout: float = 45.0
        #: None: a person looks when a shell showed itself lately; True or False overrides.
        self.people_override: bool | None = None
        #: The preloader's text while one shows (``showPreloader``), else None.
        self.preloader: str | None = None
        #: Virtual time of the last ``hideToast``: toasts shown before it are gone.
        self.toasts_hidden_at = 0.0

    # -- configuration ------------------------------------------------------

    def set_policy(self, policy: str, kind: str | None = None) -> None:
        """Set the default policy, for every request or for a kind or method.

        Raises:
            ConfigError: For a policy other than ``default``, ``cancel``, ``wait``.
        """
        if policy not in POLICIES:
            raise ConfigError(f"policy must be one of {', '.join(POLICIES)}, got {policy!r}")
        if kind is None:
            self.policy = policy  # type: ignore[assignment]
        else:
            self.policies[kind] = policy  # type: ignore[assignment]

    def policy_for(self, method: str, kind: str) -> Policy:
        """The policy that applies to a request: by method, by kind, else :attr:`policy`."""
        return self.policies.get(method) or self.policies.get(kind) or self.policy

    def queue(self, method: str, *answers: Answer) -> None:
        """Queue answers for the next requests of ``method`` (or of a kind), first in first out.

        A request already pending for it takes the first answer at once.

        Args:
            method: A native method (``"device.notification.confirm"``) or a
                kind (``"confirm"``, ``"picker.date"``).
            answers: Each a result dict, a function ``(params) -> dict``,
                ``Cancelled`` (the user cancels) or an error instance to fail with.
        """
        for answer in answers:
            _check_answer(answer)
        with self._cond:
            self._scripted.setdefault(method, deque()).extend(answers)
            ready = [r for r in self._pending if method in (r.method, r.kind)]
        for request in ready:
            with self._cond:
                taken = self._take(request.method, request.kind)
            if taken is None:
                break
            self._apply(request, taken)

    @property
    def queued(self) -> dict[str, int]:
        """How many scripted answers are left, per method or kind."""
        with self._cond:
            return {k: len(v) for k, v in self._scripted.items() if v}

    def clear(self) -> None:
        """Forget scripted answers and cancel every pending request."""
        with self._cond:
            self._scripted.clear()
            pending = list(self._pending)
        for request in pending:
            request.cancel(source="python")

    # -- the shell ----------------------------------------------------------

    def shell_seen(self, shell_id: str, *, person: bool = True) -> None:
        """Note that the shell ``shell_id`` is open now (a person at it unless ``person=False``)."""
        with self._cond:
            self._shell_seen[shell_id] = (time.monotonic(), person)

    def shell_gone(self, shell_id: str) -> None:
        """Note that the shell ``shell_id`` was closed."""
        with self._cond:
            self._shell_seen.pop(shell_id, None)

    @property
    def people_watching(self) -> bool:
        """Whether a person is at a shell of this device, so requests wait for a click.

        Set it to True or False to override; ``None`` goes back to noticing the shell.
        """
        if self.people_override is not None:
            return self.people_override
        now = time.monotonic()
        with self._cond:
            return any(
                person and now - seen < SHELL_SEEN for seen, person in self._shell_seen.values()
            )

    @people_watching.setter
    def people_watching(self, value: bool | None) -> None:
        self.people_override = value

    @property
    def version(self) -> int:
        """A number that grows whenever a request comes or goes (the shell waits on it)."""
        return self._version

    def wait_changed(self, version: int, timeout: float) -> int:
        """Block until :attr:`version` differs from ``version``, or ``timeout`` seconds pass."""
        with self._cond:
            self._cond.wait_for(lambda: self._version != version, timeout)
            return self._version

    def changed(self) -> None:
        """Wake whoever waits on :meth:`wait_changed` (the preloader or a toast changed)."""
        with self._cond:
            self._version += 1
            self._cond.notify_all()

    def show_preloader(self, text: str = "") -> None:
        self.preloader = text
        self.changed()

    def hide_preloader(self) -> None:
        self.preloader = None
        self.changed()

    def hide_toast(self) -> None:
        """Hide the toast showing now (``hideToast``)."""
        self.toasts_hidden_at = self._now()
        self.changed()

    def _now(self) -> float:
        return self._clock.now() if self._clock is not None else time.time()

    # -- requests -----------------------------------------------------------

    @property
    def pending(self) -> list[UIRequest]:
        """The requests waiting for an answer, oldest first."""
        with self._cond:
            return list(self._pending)

    def get(self, request_id: str) -> UIRequest:
        """The request with this id, pending or not.

        Raises:
            ConfigError: If there is none.
        """
        with self._cond:
            for request in reversed(self.history):
                if request.id == request_id:
                    return request
        raise ConfigError(f"no UI request {request_id!r}")

    def wait_for(self, what: str | None = None, timeout: float = 5.0) -> UIRequest:
        """Wait until a request of a kind or method (any if None) is pending, and return it.

        Raises:
            CallTimeout: If none comes within ``timeout`` seconds (real time).
        """
        found: list[UIRequest] = []

        def ready() -> bool:
            found[:] = [r for r in self._pending if what is None or what in (r.kind, r.method)]
            return bool(found)

        with self._cond:
            if not self._cond.wait_for(ready, timeout):
                kinds = ", ".join(r.kind for r in self._pending) or "none"
                raise CallTimeout(
                    f"no {what or 'UI'} request within {timeout:g} s (pending: {kinds})"
                )
            return found[0]

    def answer(self, what: str, result: Mapping[str, Any]) -> UIRequest:
        """Answer the oldest pending request of a kind, method or id.

        Raises:
            ConfigError: If no such request is pending.
        """
        request = self._find(what)
        request.answer(result, source="python")
        return request

    def cancel(self, what: str) -> UIRequest:
        """Cancel (errorCode "-1") the oldest pending request of a kind, method or id.

        Raises:
            ConfigError: If no such request is pending.
        """
        request = self._find(what)
        request.cancel(source="python")
        return request

    def _find(self, what: str) -> UIRequest:
        with self._cond:
            for request in self._pending:
                if what in (request.id, request.kind, request.method):
                    return request
            kinds = ", ".join(f"{r.id} {r.kind}" for r in self._pending) or "none"
        raise ConfigError(f"no pending UI request {what!r}; pending: {kinds}")

    def request(
        self,
        method: str,
        params: Mapping[str, Any],
        *,
        kind: str,
        default: Callable[[], Mapping[str, Any]],
        check: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> dict[str, Any] | Future[dict[str, Any]]:
        """Ask the user; handlers return what this returns.

        Args:
            method: The native method asking.
            params: The page's params, shown in the shell.
            kind: What the shell draws (``"confirm"``, ``"picker.date"`` ...).
            default: The answer under the ``"default"`` policy.
            check: Checks and completes every answer, raising
                :class:`~bridge.errors.ConfigError` for one that does not fit
                (a script's, a person's or Python's); it returns the result sent.

        Returns:
            The result now (a scripted answer or the policy), or a Future of it
            (a person or Python answers; fails with "11" after :attr:`timeout`).

        Raises:
            JsapiError: When the answer is an error now: ``Cancelled`` ("-1")
                for a cancel.
        """
        request = UIRequest(method, kind, dict(params), created=self._now(), check=check)
        with self._cond:
            self.history.append(request)
            scripted = self._take(method, kind)
        if scripted is not None:
            self._apply(request, scripted)
        elif not self.people_watching:
            policy = self.policy_for(method, kind)
            if policy == "default":
                try:
                    request.answer(default(), source="policy")
                except JsapiError as exc:
                    request.fail(exc, source="policy")
            elif policy == "cancel":
                request.cancel(source="policy")
        if request.done:
            return request.future.result()  # raises the error it failed with
        self._wait(request)
        return request.future

    def _take(self, method: str, kind: str) -> Answer | None:
        for key in (method, kind):
            answers = self._scripted.get(key)
            if answers:
                return answers.popleft()
        return None

    def _apply(self, request: UIRequest, answer: Answer) -> None:
        try:
            if isinstance(answer, type):
                raise answer(f"{request.method}: cancelled by the user")
            if isinstance(answer, JsapiError):
                raise answer
            result = answer(dict(request.params)) if callable(answer) else answer
            request.answer(result, source="script")
        except JsapiError as exc:
            request.fail(exc, source="script")

    def _wait(self, request: UIRequest) -> None:
        timeout = self.timeout

        def give_up() -> None:
            request.fail(
                CallTimeout(
                    f"{request.method}: nobody answered the {request.kind} within {timeout:g} s"
                ),
                source="timeout",
            )

        timer = threading.Timer(timeout, give_up)
        timer.daemon = True

        def gone(_: Future[dict[str, Any]]) -> None:
            timer.cancel()
            with self._cond:
                if request in self._pending:
                    self._pending.remove(request)
                self._version += 1
                self._cond.notify_all()

        with self._cond:
            self._pending.append(request)
            self._version += 1
            self._cond.notify_all()
        request.future.add_done_callback(gone)
        timer.start()


def _check_answer(answer: object) -> None:
    if isinstance(answer, type) and issubclass(answer, JsapiError):
        return
    if isinstance(answer, JsapiError | Mapping) or callable(answer):
        return
    raise ConfigError(
        "a scripted UI answer is a dict, a function of the params, Cancelled or an error; "
        f"got {type(answer).__name__}"
    )

"""The registry of native JSAPI methods and their handlers.

Handlers are pure functions ``handler(params, ctx) -> result``: everything they
read or change arrives through ``ctx`` (see :mod:`jsapi.context`). They are
grouped by namespace and registered explicitly, like Flask blueprints::

    ns = Namespace("device.geolocation")

    @ns.method("get")
    def get(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
        ...

A handler returns the result, or a :class:`concurrent.futures.Future` of it when
the answer waits for a person or a script (see :func:`then`).

A registry built on the :mod:`catalog <jsapi.catalog>` answers every native
method: the catalog gives each its parameter schema, the platforms and client
versions that have it, and a documented default answer; a handler registered
for a method ("deep") replaces the default answer. A call for a method the
device's client does not have fails with :class:`~bridge.errors.UnknownMethod`
(``"1"``), as the real container answers it. A method the catalog marks
``auth`` (it needs ``dd.config``) is answered only as the page's ``dd.config``
allows (:func:`jsapi.pageauth.authorize`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from bridge.errors import InvalidParams, UnknownMethod

from .catalog import (
    Catalog,
    CatalogAction,
    CatalogMethod,
    Depth,
    Param,
    unavailable_reason,
    validate_params,
)
from .pageauth import authorize

if TYPE_CHECKING:
    from .context import Context

__all__ = ["Handler", "MethodSpec", "Namespace", "Registry", "default_handler", "then"]

Handler = Callable[[dict[str, Any], "Context"], Any]
T = TypeVar("T")
U = TypeVar("U")

#: The parameter of ``runtime.h5nuvabridge.exec`` that names the action.
ACTION_PARAM = "_action"


@dataclass(frozen=True)
class MethodSpec:
    """One native method: its full name, handler and parameters.

    Attributes:
        depth: ``"deep"`` for a registered handler, ``"default"`` for the
            catalog's default answer.
        native: The method's catalog entry, if the catalog has it; a method
            without one is available on every platform and version.
    """

    name: str
    handler: Handler
    params: Mapping[str, Param] = field(default_factory=dict)
    depth: Depth = "deep"
    native: CatalogMethod | None = None

    @property
    def summary(self) -> str:
        """The first line of the handler's docstring, else the catalog's summary."""
        doc = (self.handler.__doc__ or "").strip().split("\n", 1)[0]
        return doc or (self.native.summary if self.native else "")

    def validate(self, params: Mapping[str, Any]) -> None:
        """Check ``params`` against the spec; unknown extra keys are allowed, as in the client.

        For a method with actions (``runtime.h5nuvabridge.exec``) the action's
        own schema is checked too.

        Raises:
            InvalidParams: Naming the first parameter that is missing or wrong.
            UnknownMethod: For an ``_action`` the method does not have.
        """
        validate_params(self.params, params, self.name)
        action = self.action(params)
        if action is not None:
            validate_params(action.params, params, f"{self.name} {action.name}")

    def action(self, params: Mapping[str, Any]) -> CatalogAction | None:
        """The catalog action ``params`` ask for, or None for a method without actions.

        Raises:
            InvalidParams: If ``_action`` is missing or not a string.
            UnknownMethod: If the method has no such action.
        """
        if self.native is None or not self.native.actions:
            return None
        name = params.get(ACTION_PARAM)
        if name is None:
            raise InvalidParams(f"param {ACTION_PARAM!r} is required by {self.name}")
        if not isinstance(name, str):
            raise InvalidParams(f"param {ACTION_PARAM!r} must be a string, got {name!r}")
        try:
            return self.native.actions[name]
        except KeyError:
            raise UnknownMethod(f"{self.name} has no {ACTION_PARAM} {name!r}") from None

    def unavailable(self, platform: str, version: str) -> str | None:
        """Why a client of ``platform`` at ``version`` has no such method, or None."""
        if self.native is None:
            return None
        return self.native.unavailable(platform, version)


def default_handler(native: CatalogMethod) -> Handler:
    """Return the handler answering ``native``'s documented default.

    The answer is a fresh copy each time, so a caller may change it. A method
    with actions answers the default of the action ``params._action`` names.
    """

    def answer(params: dict[str, Any], ctx: Context) -> Any:
        if native.actions:
            return copy.deepcopy(native.actions[params[ACTION_PARAM]].default)
        return copy.deepcopy(native.default)

    answer.__name__ = answer.__qualname__ = "default_" + native.name.replace(".", "_")
    answer.__doc__ = native.summary
    return answer


class Namespace:
    """A group of native methods sharing a dotted prefix, like ``device.geolocation``.

    The empty name holds methods without a prefix, like the PC client's ``config``.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.methods: dict[str, MethodSpec] = {}

    def method(
        self, name: str, *, params: Mapping[str, Param] | None = None
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of ``<namespace>.<name>``.

        Args:
            name: The method's name inside the namespace.
            params: Its parameter schema; by default the catalog's, when the
                registry has a catalog that knows the method.
        """

        def decorator(handler: Handler) -> Handler:
            full = f"{self.name}.{name}" if self.name else name
            self.methods[full] = MethodSpec(full, handler, dict(params or {}))
            return handler

        return decorator


class Registry:
    """Every native method the container answers, by full name.

    Args:
        namespaces: Handlers to register, in order (a later one wins).
        catalog: If given, every method of the catalog is answered: by its
            default answer until a namespace registers a handler for it. Calls
            are then checked against the catalog's platforms and versions.
    """

    def __init__(
        self, namespaces: Iterable[Namespace] = (), *, catalog: Catalog | None = None
    ) -> None:
        self.catalog = catalog
        self._methods: dict[str, MethodSpec] = {}
        for native in catalog.values() if catalog is not None else ():
            self._methods[native.name] = MethodSpec(
                native.name, default_handler(native), native.params, "default", native
            )
        for ns in namespaces:
            self.add(ns)

    def add(self, namespace: Namespace) -> None:
        """Register every method of ``namespace``; a later one replaces an earlier one.

        A method the catalog knows keeps the catalog's platforms and, unless the
        namespace gave one, its parameter schema.
        """
        for name, spec in namespace.methods.items():
            native = self.catalog.get(name) if self.catalog is not None else None
            params = spec.params or (native.params if native is not None else {})
            self._methods[name] = replace(spec, params=params, depth="deep", native=native)

    def __contains__(self, name: object) -> bool:
        return name in self._methods

    def __iter__(self) -> Iterator[MethodSpec]:
        return iter(sorted(self._methods.values(), key=lambda m: m.name))

    def __len__(self) -> int:
        return len(self._methods)

    def get(self, name: str) -> MethodSpec:
        """Return the method called ``name``.

        Raises:
            UnknownMethod: If there is none.
        """
        try:
            return self._methods[name]
        except KeyError:
            raise UnknownMethod(f"{name} does not exist in this container") from None

    def call(self, name: str, params: dict[str, Any], ctx: Context) -> Any:
        """Run ``name`` if the device's client has it, the page may call it and ``params`` fit.

        Returns:
            The result, or a Future of it.

        Raises:
            UnknownMethod: For an unknown name, or one the device's client does
                not have: not on its persona, or newer than its DingTalk version.
                The message says which.
            PermissionDenied: For a method that needs ``dd.config`` while the
                page's config is pending or failed, or does not list it.
            InvalidParams: For params that do not fit the method.
        """
        spec = self.get(name)
        device = ctx.device
        platform, version = device.persona, device.profile.dingtalk_version
        reason = spec.unavailable(platform, version)
        if reason is not None:
            raise UnknownMethod(reason)
        if spec.native is not None and spec.native.auth:
            waiting = authorize(name, ctx)
            if waiting is not None:
                # The page's dd.config is being verified: ask again once it is.
                return _after(waiting, lambda: self.call(name, params, ctx))
        spec.validate(params)
        action = spec.action(params)
        if action is not None:
            where = f"{name} {ACTION_PARAM}={action.name}"
            reason = unavailable_reason(where, action.platforms, platform, version)
            if reason is not None:
                raise UnknownMethod(reason)
        return spec.handler(params, ctx)


def _resolve(out: Future[Any], source: Future[Any]) -> None:
    """Give ``out`` the outcome of the finished ``source``, unless ``out`` is done already."""
    try:
        if source.cancelled():
            out.cancel()
        elif source.exception() is not None:
            out.set_exception(source.exception())
        else:
            out.set_result(source.result())
    except InvalidStateError:  # ``out`` was cancelled (the call timed out) meanwhile
        pass


def _after(waiting: Future[Any], run: Callable[[], Any]) -> Future[Any]:
    """A Future of ``run()``, run once ``waiting`` is done (a Future it returns is awaited)."""
    out: Future[Any] = Future()

    def go(_: Future[Any]) -> None:
        if out.done():
            return
        step: Future[Any] = Future()
        try:
            value = run()
        except Exception as error:
            step.set_exception(error)
        else:
            if isinstance(value, Future):
                out.add_done_callback(lambda fut: value.cancel() if fut.cancelled() else None)
                value.add_done_callback(lambda fut: _resolve(out, fut))
                return
            step.set_result(value)
        _resolve(out, step)

    waiting.add_done_callback(go)
    return out


def then(value: T | Future[T], fn: Callable[[T], U]) -> U | Future[U]:
    """Apply ``fn`` to a value now, or to a Future's value when it arrives.

    Lets a handler shape an answer that may still be waiting for a person or a
    script without blocking. Errors of the Future pass through unchanged.
    """
    if not isinstance(value, Future):
        return fn(value)
    out: Future[U] = Future()

    def done(fut: Future[T]) -> None:
        if fut.cancelled():
            out.cancel()
            return
        exc = fut.exception()
        if exc is not None:
            out.set_exception(exc)
            return
        try:
            out.set_result(fn(fut.result()))
        except Exception as error:
            out.set_exception(error)

    value.add_done_callback(done)
    # A timed-out or dropped call cancels ``out``; let the waiter behind it go too.
    out.add_done_callback(lambda fut: value.cancel() if fut.cancelled() else None)
    return out

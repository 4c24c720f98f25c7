"""The registry of native JSAPI methods and their handlers.

Handlers are pure functions ``handler(params, ctx) -> result``: everything they
read or change arrives through ``ctx`` (see :mod:`jsapi.context`). They are
grouped by namespace and registered explicitly, like Flask blueprints::

    ns = Namespace("device.geolocation")

    @ns.method("get", params={"coordinate": Param(int, choices=(0, 1))})
    def get(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
        ...

A handler returns the result, or a :class:`concurrent.futures.Future` of it when
the answer waits for a person or a script (see :func:`then`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from bridge.errors import InvalidParams, UnknownMethod

if TYPE_CHECKING:
    from .context import Context

__all__ = ["Handler", "MethodSpec", "Namespace", "Param", "Registry", "then"]

Handler = Callable[[dict[str, Any], "Context"], Any]
T = TypeVar("T")
U = TypeVar("U")

_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


@dataclass(frozen=True)
class Param:
    """What one parameter of a native method accepts.

    Args:
        type: The JSON type: ``str``, ``int``, ``float`` (any number), ``bool``,
            ``list`` or ``dict``; a tuple accepts any of them.
        required: Whether the call fails without it.
        choices: The only values accepted, when the set is closed.
    """

    type: type | tuple[type, ...]
    required: bool = False
    choices: tuple[Any, ...] | None = None

    def check(self, name: str, value: Any) -> None:
        """Raise :class:`~bridge.errors.InvalidParams` naming ``name`` if ``value`` is wrong."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if not any(_is_json_type(value, t) for t in types):
            wanted = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            raise InvalidParams(f"param {name!r} must be {wanted}, got {_json_type(value)}")
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise InvalidParams(f"param {name!r} must be one of {allowed}, got {value!r}")


def _is_json_type(value: Any, wanted: type) -> bool:
    if isinstance(value, bool):
        return wanted is bool
    if wanted is float:
        return isinstance(value, int | float)
    return isinstance(value, wanted)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    for t, name in _TYPE_NAMES.items():
        if _is_json_type(value, t):
            return name.split(" ", 1)[1]
    return type(value).__name__


@dataclass(frozen=True)
class MethodSpec:
    """One native method: its full name, handler and parameters."""

    name: str
    handler: Handler
    params: Mapping[str, Param] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The first line of the handler's docstring."""
        return (self.handler.__doc__ or "").strip().split("\n", 1)[0]

    def validate(self, params: Mapping[str, Any]) -> None:
        """Check ``params`` against the spec; unknown extra keys are allowed, as in the client.

        Raises:
            InvalidParams: Naming the first parameter that is missing or wrong.
        """
        for name, spec in self.params.items():
            value = params.get(name)
            if value is None:
                if spec.required:
                    raise InvalidParams(f"param {name!r} is required by {self.name}")
                continue
            spec.check(name, value)


class Namespace:
    """A group of native methods sharing a dotted prefix, like ``device.geolocation``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.methods: dict[str, MethodSpec] = {}

    def method(
        self, name: str, *, params: Mapping[str, Param] | None = None
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of ``<namespace>.<name>``."""

        def decorator(handler: Handler) -> Handler:
            full = f"{self.name}.{name}"
            self.methods[full] = MethodSpec(full, handler, dict(params or {}))
            return handler

        return decorator


class Registry:
    """Every native method the container answers, by full name."""

    def __init__(self, namespaces: Iterable[Namespace] = ()) -> None:
        self._methods: dict[str, MethodSpec] = {}
        for ns in namespaces:
            self.add(ns)

    def add(self, namespace: Namespace) -> None:
        """Register every method of ``namespace``; a later one replaces an earlier one."""
        self._methods.update(namespace.methods)

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
        """Validate ``params`` and run the handler of ``name``.

        Returns:
            The result, or a Future of it.

        Raises:
            UnknownMethod: For an unknown name.
            InvalidParams: For params that do not fit the method.
        """
        spec = self.get(name)
        spec.validate(params)
        return spec.handler(params, ctx)


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

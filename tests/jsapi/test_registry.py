"""Tests of jsapi.registry: parameter checks, lookup, and shaping deferred answers."""

from __future__ import annotations

from concurrent.futures import CancelledError, Future
from typing import Any

import pytest

from bridge.errors import Cancelled, InvalidParams, UnknownMethod
from jsapi.builtin import BUILTIN_NAMESPACES, default_registry
from jsapi.catalog import Param, load_catalog
from jsapi.context import Context
from jsapi.registry import MethodSpec, Namespace, Registry, then


def make_registry() -> Registry:
    ns = Namespace("demo.thing")

    @ns.method(
        "do",
        params={
            "count": Param(int),
            "ratio": Param(float),
            "flag": Param(bool),
            "kind": Param(str, choices=("a", "b")),
            "id": Param((str, int)),
            "name": Param(str, required=True),
        },
    )
    def do(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
        """Return the params it got.

        More text that is not part of the summary.
        """
        return dict(params)

    return Registry([ns])


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("count", True, "param 'count' must be an integer, got boolean"),
        ("count", 1.5, "param 'count' must be an integer, got number"),
        ("count", "3", "param 'count' must be an integer, got string"),
        ("ratio", "0.5", "param 'ratio' must be a number, got string"),
        ("ratio", False, "param 'ratio' must be a number, got boolean"),
        ("flag", 1, "param 'flag' must be a boolean, got integer"),
        ("kind", "c", "param 'kind' must be one of 'a', 'b', got 'c'"),
        ("id", [1], "param 'id' must be a string or an integer, got array"),
        ("name", {"x": 1}, "param 'name' must be a string, got object"),
    ],
)
def test_wrong_param_names_it(name: str, value: Any, message: str, ctx: Context) -> None:
    """A param of the wrong type or value fails with InvalidParams naming it."""
    params: dict[str, Any] = {"name": "n", name: value}
    with pytest.raises(InvalidParams) as info:
        make_registry().call("demo.thing.do", params, ctx)
    assert str(info.value) == message
    assert info.value.code == "3"


@pytest.mark.parametrize(
    "params",
    [
        {"count": 3},
        {"ratio": 3},
        {"ratio": 0.5},
        {"flag": False},
        {"kind": "b"},
        {"id": "x"},
        {"id": 7},
    ],
)
def test_right_params_accepted(params: dict[str, Any], ctx: Context) -> None:
    """Values of the right type (an int for a number too) reach the handler."""
    full = {"name": "n", **params}
    assert make_registry().call("demo.thing.do", full, ctx) == full


@pytest.mark.parametrize("params", [{}, {"name": None}])
def test_missing_required(params: dict[str, Any], ctx: Context) -> None:
    """A required param that is missing or null fails, naming it and the method."""
    with pytest.raises(InvalidParams, match=r"param 'name' is required by demo\.thing\.do"):
        make_registry().call("demo.thing.do", params, ctx)


def test_null_optional_accepted(ctx: Context) -> None:
    """An optional param sent as null is treated as absent."""
    params = {"name": "n", "count": None}
    assert make_registry().call("demo.thing.do", params, ctx) == params


def test_extra_params_allowed(ctx: Context) -> None:
    """Params the method does not know pass through, as in the real client."""
    params = {"name": "n", "onSuccess": "ignored", "extra": [1, 2]}
    assert make_registry().call("demo.thing.do", params, ctx) == params


def test_unknown_method(ctx: Context) -> None:
    """An unknown name fails with UnknownMethod (a LookupError) naming it."""
    with pytest.raises(UnknownMethod, match=r"demo\.thing\.nothing") as info:
        make_registry().call("demo.thing.nothing", {}, ctx)
    assert isinstance(info.value, LookupError)
    assert info.value.code == "1"


def test_namespace_registers_full_names() -> None:
    """Methods are registered under namespace.name and iterate sorted."""
    first, second = Namespace("b.ns"), Namespace("a.ns")
    first.method("z")(lambda p, c: 1)
    second.method("y")(lambda p, c: 2)
    registry = Registry([first, second])
    assert [m.name for m in registry] == ["a.ns.y", "b.ns.z"]
    assert "a.ns.y" in registry and "y" not in registry
    assert len(registry) == 2


def test_later_namespace_replaces_earlier(ctx: Context) -> None:
    """Adding a namespace with the same method replaces its handler."""
    old, new = Namespace("x"), Namespace("x")
    old.method("m")(lambda p, c: "old")
    new.method("m")(lambda p, c: "new")
    registry = Registry([old])
    registry.add(new)
    assert registry.call("x.m", {}, ctx) == "new"
    assert len(registry) == 1


def test_summary_is_first_docstring_line() -> None:
    """A method's summary is its handler's first docstring line."""
    spec = make_registry().get("demo.thing.do")
    assert isinstance(spec, MethodSpec)
    assert spec.summary == "Return the params it got."


def test_default_registry_holds_builtins() -> None:
    """The default registry answers every catalog method, built-ins deeply, each with a summary."""
    registry = default_registry()
    deep = {name for ns in BUILTIN_NAMESPACES for name in ns.methods}
    assert {m.name for m in registry} == set(load_catalog())
    assert {m.name for m in registry if m.depth == "deep"} == deep
    assert {
        "device.base.getPhoneInfo",
        "device.geolocation.get",
        "biz.util.scan",
        "runtime.permission.requestAuthCode",
    } <= deep
    for spec in registry:
        assert spec.summary, spec.name


def test_default_registry_is_new_each_time() -> None:
    """Changing one default registry does not change the next one."""
    extra = Namespace("custom")
    extra.method("m")(lambda p, c: None)
    registry = default_registry()
    registry.add(extra)
    assert "custom.m" not in default_registry()


# -- then --------------------------------------------------------------------


def same(value: int) -> int:
    return value


def boxed(value: int) -> dict[str, int]:
    return {"n": value}


def invert(value: int) -> int:
    return 1 // value


def test_then_with_value() -> None:
    """then() applies the function at once to a plain value."""
    assert then(2, lambda v: v * 10) == 20


def test_then_with_future_result() -> None:
    """then() applies the function to a Future's value when it arrives."""
    source: Future[int] = Future()
    out = then(source, boxed)
    assert isinstance(out, Future)
    assert not out.done()
    source.set_result(3)
    assert out.result(timeout=1) == {"n": 3}


def test_then_passes_exception_through() -> None:
    """An error of the Future reaches the shaped Future unchanged."""
    source: Future[int] = Future()
    out = then(source, same)
    error = Cancelled("user backed out")
    source.set_exception(error)
    assert isinstance(out, Future)
    assert out.exception(timeout=1) is error


def test_then_function_error() -> None:
    """An exception raised by the function fails the shaped Future."""
    source: Future[int] = Future()
    out = then(source, invert)
    source.set_result(0)
    assert isinstance(out, Future)
    assert isinstance(out.exception(timeout=1), ZeroDivisionError)


def test_then_source_cancelled() -> None:
    """Cancelling the source cancels the shaped Future."""
    source: Future[int] = Future()
    out = then(source, same)
    source.cancel()
    assert isinstance(out, Future)
    assert out.cancelled()
    with pytest.raises(CancelledError):
        out.result(timeout=1)


def test_then_cancellation_propagates_back() -> None:
    """Cancelling the shaped Future (a timed-out call) cancels the source too."""
    source: Future[int] = Future()
    out = then(source, same)
    assert isinstance(out, Future)
    out.cancel()
    assert source.cancelled()

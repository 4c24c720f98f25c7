"""Tests of bridge.errors: the one error tree and its wire shape."""

from __future__ import annotations

import bridge.errors as errors_module
from bridge.errors import (
    ERROR_CODES,
    CallTimeout,
    Cancelled,
    ConfigError,
    DdemuError,
    InternalError,
    InvalidParams,
    JsapiError,
    OfflinePackageError,
    PermissionDenied,
    ProtocolError,
    Unavailable,
    UnknownMethod,
)


def _jsapi_subclasses() -> list[type[JsapiError]]:
    found: list[type[JsapiError]] = []
    todo = list(JsapiError.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_error_is_a_ddemu_error() -> None:
    """Every exported exception derives from DdemuError, so one except catches all."""
    exported = [getattr(errors_module, name) for name in errors_module.__all__]
    classes = [obj for obj in exported if isinstance(obj, type)]
    assert len(classes) == len(errors_module.__all__) - 1  # all but ERROR_CODES
    for cls in classes:
        assert issubclass(cls, DdemuError), cls


def test_builtin_bases() -> None:
    """Errors also inherit the builtin a Python caller would catch."""
    assert issubclass(UnknownMethod, LookupError)
    assert issubclass(InvalidParams, ValueError)
    assert issubclass(CallTimeout, TimeoutError)
    assert issubclass(ConfigError, ValueError)
    assert issubclass(ProtocolError, DdemuError) and not issubclass(ProtocolError, JsapiError)
    assert not issubclass(OfflinePackageError, JsapiError)


def test_jsapi_codes_are_listed() -> None:
    """Every JsapiError subclass has a string code listed in ERROR_CODES."""
    subclasses = _jsapi_subclasses()
    assert set(subclasses) >= {
        Cancelled,
        UnknownMethod,
        InvalidParams,
        PermissionDenied,
        Unavailable,
        CallTimeout,
        InternalError,
    }
    for cls in subclasses:
        assert isinstance(cls.code, str)
        assert cls.code in ERROR_CODES, cls


def test_jsapi_codes_are_distinct() -> None:
    """No two kinds of JSAPI error share a code."""
    codes = [cls.code for cls in _jsapi_subclasses()]
    assert len(codes) == len(set(codes))


def test_real_client_codes() -> None:
    """The codes the JS library reacts to keep the real client's values."""
    assert Cancelled.code == "-1"
    assert UnknownMethod.code == "1"
    assert InvalidParams.code == "3"
    assert PermissionDenied.code == "7"


def test_to_wire_shape() -> None:
    """An error crosses into the page as {errorCode, errorMessage} with a string code."""
    assert InvalidParams("param 'corpId' is required").to_wire() == {
        "errorCode": "3",
        "errorMessage": "param 'corpId' is required",
    }


def test_code_override_is_per_instance() -> None:
    """JsapiError(code=...) changes that error's code, not its class's."""
    error = JsapiError("odd", code="40")
    assert error.to_wire() == {"errorCode": "40", "errorMessage": "odd"}
    assert JsapiError.code == "12"
    assert JsapiError("plain").code == "12"


def test_protocol_error_carries_id() -> None:
    """A ProtocolError remembers the id it could read, None by default."""
    assert ProtocolError("bad", id=3).id == 3
    assert ProtocolError("bad").id is None


def test_docstring_draws_every_error() -> None:
    """The tree in the module docstring names every error class."""
    doc = errors_module.__doc__ or ""
    for name in errors_module.__all__:
        if name != "ERROR_CODES":
            assert name in doc, name

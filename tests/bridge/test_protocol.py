"""Tests of bridge.protocol: parsing calls and serialising answers, no I/O."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bridge.errors import InvalidParams, JsapiError, ProtocolError, UnknownMethod
from bridge.protocol import (
    CONTROL_PREFIX,
    Error,
    Event,
    Invoke,
    Progress,
    Result,
    answer_error,
    parse,
    serialize,
)


def test_parse_good_call() -> None:
    """A well-formed call becomes an Invoke with its id, method and params."""
    call = parse('{"id": 7, "method": "device.geolocation.get", "params": {"coordinate": 1}}')
    assert call == Invoke(7, "device.geolocation.get", {"coordinate": 1})


def test_parse_string_id_and_bytes() -> None:
    """String ids and UTF-8 bytes frames are accepted."""
    frame = '{"id": "a-1", "method": "biz.navigation.setTitle", "params": {"title": "首页"}}'
    call = parse(frame.encode("utf-8"))
    assert call == Invoke("a-1", "biz.navigation.setTitle", {"title": "首页"})


@pytest.mark.parametrize(
    "frame", ['{"id": 1, "method": "x"}', '{"id": 1, "method": "x", "params": null}']
)
def test_parse_missing_or_null_params_is_empty(frame: str) -> None:
    """Missing or null params read as an empty object."""
    assert parse(frame).params == {}


def test_parse_malformed_json() -> None:
    """Text that is not JSON is a ProtocolError without an id."""
    with pytest.raises(ProtocolError, match="malformed JSON") as info:
        parse('{"id": 1, "method": ')
    assert info.value.id is None


def test_parse_invalid_utf8() -> None:
    """Bytes that are not UTF-8 are a ProtocolError, not a UnicodeDecodeError."""
    with pytest.raises(ProtocolError):
        parse(b'{"id": 1, "method": "\xff"}')


@pytest.mark.parametrize("frame", ["[1, 2]", "42", '"hello"', "null"])
def test_parse_non_object(frame: str) -> None:
    """A JSON value that is not an object is refused."""
    with pytest.raises(ProtocolError, match="JSON object") as info:
        parse(frame)
    assert info.value.id is None


def test_parse_missing_id() -> None:
    """A call without an id is refused as such."""
    with pytest.raises(ProtocolError, match="missing id") as info:
        parse('{"method": "device.base.getUUID"}')
    assert info.value.id is None


@pytest.mark.parametrize("bad_id", ["true", "1.5", "null", "[1]", "{}"])
def test_parse_bad_id_type(bad_id: str) -> None:
    """An id that is not an integer or a string (bool, float, null ...) is refused."""
    with pytest.raises(ProtocolError, match="id must be a number or a string") as info:
        parse(f'{{"id": {bad_id}, "method": "device.base.getUUID"}}')
    assert info.value.id is None


@pytest.mark.parametrize("method", ['""', "12", "null", '["a"]'])
def test_parse_bad_method_keeps_id(method: str) -> None:
    """An empty or non-string method is refused, and the error carries the id."""
    with pytest.raises(ProtocolError, match="method must be a non-empty string") as info:
        parse(f'{{"id": 9, "method": {method}}}')
    assert info.value.id == 9


def test_parse_no_method_keeps_id() -> None:
    """A call without a method is refused, and the error carries the id."""
    with pytest.raises(ProtocolError, match="method") as info:
        parse('{"id": "x"}')
    assert info.value.id == "x"


@pytest.mark.parametrize("params", ["[]", '"a"', "3", "true"])
def test_parse_params_not_object(params: str) -> None:
    """Params that are not an object are refused, and the error carries the id."""
    with pytest.raises(ProtocolError, match="params must be a JSON object") as info:
        parse(f'{{"id": 4, "method": "device.base.getUUID", "params": {params}}}')
    assert info.value.id == 4


def test_control_prefix() -> None:
    """Only methods under the _ddemu. prefix are control messages."""
    assert Invoke(1, f"{CONTROL_PREFIX}hello").is_control
    assert not Invoke(1, "device.base.getUUID").is_control
    assert not Invoke(1, "ddemu.hello").is_control


@pytest.mark.parametrize(
    ("message", "text"),
    [
        (Result(7, {"a": 1}), '{"id":7,"result":{"a":1}}'),
        (Result("k", None), '{"id":"k","result":null}'),
        (
            Error(7, "3", "bad"),
            '{"id":7,"error":{"errorCode":"3","errorMessage":"bad"}}',
        ),
        (
            Error(None, "3", "bad message"),
            '{"id":null,"error":{"errorCode":"3","errorMessage":"bad message"}}',
        ),
        (Progress(7, {"tap": 1}), '{"id":7,"progress":{"tap":1}}'),
        (Event("resume"), '{"event":"resume","data":null}'),
        (Event("bizEvent.x", [1, 2]), '{"event":"bizEvent.x","data":[1,2]}'),
    ],
)
def test_serialize_exact(message: Any, text: str) -> None:
    """Each message kind has one exact, compact JSON form."""
    assert serialize(message) == text


def test_serialize_keeps_non_ascii() -> None:
    """Chinese text goes on the wire as is, not as \\u escapes."""
    text = serialize(Result(1, {"city": "杭州市"}))
    assert "杭州市" in text
    assert "\\u" not in text


def test_serialize_error_code_is_string() -> None:
    """Error codes are JSON strings, as the real client sends them."""
    wire = json.loads(serialize(answer_error(3, UnknownMethod("nope"))))
    assert wire["error"]["errorCode"] == "1"


def test_serialize_invoke_round_trips() -> None:
    """A serialised call parses back to the same call."""
    call = Invoke(5, "device.notification.toast", {"text": "你好"})
    assert parse(serialize(call)) == call


def test_answer_error_for_jsapi_error() -> None:
    """A JsapiError answers with its own code and message."""
    assert answer_error(2, InvalidParams("param 'x' is required")) == Error(
        2, "3", "param 'x' is required"
    )
    assert answer_error(2, JsapiError("custom", code="42")) == Error(2, "42", "custom")


def test_answer_error_for_protocol_error() -> None:
    """A ProtocolError answers with code "3" and says the message was bad."""
    answer = answer_error(None, ProtocolError("missing id"))
    assert answer.id is None
    assert answer.code == "3"
    assert answer.message == "bad message: missing id"

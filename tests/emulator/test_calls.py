"""Tests of emulator.calls: the call log and waiting for calls."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from emulator.calls import Call, CallLog


def make_call(method: str, result: Any = None, error: dict[str, str] | None = None) -> Call:
    return Call(method, {}, result, error, 0.001, "phone", "s1", 0.0)


def test_records_in_order() -> None:
    """Calls are kept oldest first and can be listed, filtered and indexed."""
    log = CallLog()
    log.append(make_call("a"))
    log.append(make_call("b", result={"ok": 1}))
    log.append(make_call("a"))
    assert log.methods() == ["a", "b", "a"]
    assert len(log.of("a")) == 2
    assert log[1].result == {"ok": 1}
    assert [c.method for c in log] == ["a", "b", "a"]
    assert len(log) == 3


def test_ok() -> None:
    """A call is ok when it has no error."""
    assert make_call("a", result={}).ok
    assert not make_call("a", error={"errorCode": "3", "errorMessage": "x"}).ok


def test_clear() -> None:
    """clear() empties the log."""
    log = CallLog()
    log.append(make_call("a"))
    log.clear()
    assert len(log) == 0 and log.methods() == []


def test_wait_for_existing() -> None:
    """wait_for returns at once when the call is already there."""
    log = CallLog()
    call = make_call("biz.util.scan")
    log.append(call)
    assert log.wait_for("biz.util.scan", timeout=0) is call


def test_wait_for_from_another_thread() -> None:
    """wait_for wakes up when another thread logs the call."""
    log = CallLog()
    call = make_call("device.geolocation.get")
    timer = threading.Timer(0.05, log.append, args=(call,))
    timer.start()
    assert log.wait_for("device.geolocation.get", timeout=5) is call
    timer.join()


def test_wait_for_where() -> None:
    """wait_for skips calls that do not match ``where``."""
    log = CallLog()
    failed = make_call("m", error={"errorCode": "3", "errorMessage": "x"})
    good = make_call("m", result={})
    log.append(failed)
    log.append(good)
    assert log.wait_for("m", timeout=0, where=lambda c: c.ok) is good


def test_wait_for_timeout_lists_calls() -> None:
    """A timeout says which calls were seen instead."""
    log = CallLog()
    log.append(make_call("device.base.getUUID"))
    log.append(make_call("biz.util.scan"))
    with pytest.raises(TimeoutError) as info:
        log.wait_for("device.geolocation.get", timeout=0.05)
    message = str(info.value)
    assert "device.geolocation.get" in message
    assert "calls seen: device.base.getUUID, biz.util.scan" in message


def test_wait_for_timeout_no_calls() -> None:
    """A timeout with an empty log says no calls were seen."""
    with pytest.raises(TimeoutError, match="calls seen: none"):
        CallLog().wait_for("x", timeout=0.01)

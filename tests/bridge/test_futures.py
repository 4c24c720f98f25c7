"""Tests of bridge.futures: answering a deferred call unless it was dropped."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from bridge.errors import Cancelled
from bridge.futures import settle


def test_settle_gives_a_result_or_an_exception() -> None:
    """A value becomes the result; an exception is raised by result()."""
    answered: Future[dict[str, str]] = Future()
    assert settle(answered, {"text": "ok"}) is True
    assert answered.result() == {"text": "ok"}
    failed: Future[dict[str, str]] = Future()
    assert settle(failed, Cancelled("no tag")) is True
    with pytest.raises(Cancelled, match="no tag"):
        failed.result()


def test_settle_leaves_a_done_future_alone() -> None:
    """A cancelled (dropped) or answered call keeps its outcome; settle says False."""
    dropped: Future[str] = Future()
    dropped.cancel()
    assert settle(dropped, "late") is False
    assert dropped.cancelled()
    answered: Future[str] = Future()
    settle(answered, "first")
    assert settle(answered, "second") is False
    assert answered.result() == "first"

"""Answering a deferred call's Future from any thread.

A handler that cannot answer at once returns a :class:`~concurrent.futures.Future`
(see :mod:`bridge.server`); a timer, a worker thread or a test answers it later.
By then the call may have been dropped: the server cancels the Future when the
answer is overdue. :func:`settle` answers it unless that happened.
"""

from __future__ import annotations

from concurrent.futures import Future, InvalidStateError
from typing import TypeVar

__all__ = ["settle"]

T = TypeVar("T")


def settle(future: Future[T], outcome: T | BaseException) -> bool:
    """Give ``future`` its result, or its exception if ``outcome`` is one.

    Returns:
        True if this answered the call; False if it was done (answered or
        cancelled) already, or became done meanwhile in another thread.
    """
    if future.done():
        return False
    try:
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
    except InvalidStateError:  # answered or cancelled between the check and the set
        return False
    return True

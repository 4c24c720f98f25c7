"""Tests of emulator.ui: where an answer to a UI request comes from, and that none hangs."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from typing import Any

import pytest

from bridge.errors import CallTimeout, Cancelled, ConfigError, JsapiError, Unavailable
from emulator.clock import Clock
from emulator.ui import UI


def ask(ui: UI, method: str = "device.notification.confirm", kind: str = "confirm") -> Any:
    return ui.request(method, {"message": "ok?"}, kind=kind, default=lambda: {"buttonIndex": 0})


def test_default_policy_answers_at_once() -> None:
    """With no script and nobody at the shell, the handler's default answers now."""
    ui = UI()
    assert ask(ui) == {"buttonIndex": 0}
    [request] = ui.history
    assert (request.source, request.result, ui.pending) == ("policy", {"buttonIndex": 0}, [])


def test_request_stamped_with_the_virtual_clock() -> None:
    """A request carries the virtual time it was made."""
    clock = Clock()
    clock.freeze(1_700_000_000.0)
    ui = UI(clock)
    ask(ui)
    assert ui.history[0].created == 1_700_000_000.0


def test_queued_answers_first_in_first_out_by_method_then_kind() -> None:
    """Scripted answers win over the policy, in order; a method's before its kind's."""
    ui = UI()
    ui.queue("confirm", {"buttonIndex": 2})
    ui.queue("device.notification.confirm", {"buttonIndex": 1}, lambda p: {"buttonIndex": 3})
    assert ask(ui) == {"buttonIndex": 1}
    assert ask(ui) == {"buttonIndex": 3}
    assert ask(ui) == {"buttonIndex": 2}
    assert ask(ui) == {"buttonIndex": 0}  # the queue is empty: the policy again
    assert [r.source for r in ui.history] == ["script", "script", "script", "policy"]


def test_queued_function_sees_the_params() -> None:
    """A scripted function answers from what the page asked."""
    ui = UI()
    ui.queue("prompt", lambda params: {"value": params["message"].upper()})
    assert ui.request("m", {"message": "abc"}, kind="prompt", default=dict) == {"value": "ABC"}


def test_queued_cancel_and_error() -> None:
    """``Cancelled`` cancels ("-1"); an error instance fails the request with it."""
    ui = UI()
    ui.queue("confirm", Cancelled, Unavailable("no screen"))
    with pytest.raises(Cancelled) as info:
        ask(ui)
    assert info.value.code == "-1"
    with pytest.raises(Unavailable, match="no screen"):
        ask(ui)


def test_bad_scripted_answer_refused() -> None:
    """Queueing something that is not an answer fails at once, naming what it got."""
    with pytest.raises(ConfigError, match="int"):
        UI().queue("confirm", 3)  # type: ignore[arg-type]


def test_cancel_policy() -> None:
    """Under the cancel policy, the user backs out of everything: "-1"."""
    ui = UI()
    ui.set_policy("cancel")
    with pytest.raises(Cancelled):
        ask(ui)


def test_policy_per_kind() -> None:
    """A policy for a kind overrides the device's policy for that kind only."""
    ui = UI()
    ui.set_policy("cancel", kind="picker.date")
    assert ask(ui) == {"buttonIndex": 0}
    with pytest.raises(Cancelled):
        ask(ui, "biz.util.datepicker", "picker.date")


def test_unknown_policy_refused() -> None:
    """A policy name that does not exist is a ConfigError listing the valid ones."""
    with pytest.raises(ConfigError, match="default, cancel, wait"):
        UI().set_policy("first")


def test_wait_policy_then_python_answers() -> None:
    """Under "wait" the request is pending until Python answers it."""
    ui = UI()
    ui.set_policy("wait")
    future = ask(ui)
    assert isinstance(future, Future) and not future.done()
    request = ui.wait_for("confirm", timeout=1)
    assert request.params == {"message": "ok?"}
    assert ui.answer("confirm", {"buttonIndex": 1}) is request
    assert future.result(timeout=1) == {"buttonIndex": 1}
    assert request.source == "python" and ui.pending == []


def test_queue_answers_a_pending_request() -> None:
    """An answer queued while a request waits answers it at once."""
    ui = UI()
    ui.set_policy("wait")
    future = ask(ui)
    ui.queue("device.notification.confirm", {"buttonIndex": 1})
    assert future.result(timeout=1) == {"buttonIndex": 1}
    assert ui.queued == {}


def test_wait_for_from_another_thread() -> None:
    """wait_for() returns as soon as a page asks, from any thread."""
    ui = UI()
    ui.set_policy("wait")
    threading.Timer(0.05, ask, args=(ui,)).start()
    request = ui.wait_for(timeout=2)
    request.cancel()
    with pytest.raises(Cancelled):
        request.future.result(timeout=1)


def test_wait_for_times_out() -> None:
    """wait_for() gives up with CallTimeout when nothing comes."""
    with pytest.raises(CallTimeout, match="no picker.date request"):
        UI().wait_for("picker.date", timeout=0.05)


def test_pending_request_times_out_with_an_error() -> None:
    """Nobody answers: the request fails with "11" after ui.timeout seconds."""
    ui = UI()
    ui.set_policy("wait")
    ui.timeout = 0.1
    started = time.monotonic()
    future = ask(ui)
    with pytest.raises(CallTimeout, match="nobody answered the confirm") as info:
        future.result(timeout=2)
    assert info.value.code == "11"
    assert time.monotonic() - started < 1.5
    assert ui.pending == [] and ui.history[0].source == "timeout"


def test_person_at_the_shell_makes_requests_wait() -> None:
    """A shell seen lately means a person: requests wait for a click despite the policy."""
    ui = UI()
    assert not ui.people_watching
    ui.shell_seen("s1")
    assert ui.people_watching
    future = ask(ui)
    assert isinstance(future, Future)
    ui.pending[0].answer({"buttonIndex": 1}, source="person")
    assert future.result(timeout=1) == {"buttonIndex": 1}
    ui.shell_gone("s1")
    assert not ui.people_watching


def test_shell_without_a_person() -> None:
    """A shell opened for show only (person=False) leaves answers to the policy."""
    ui = UI()
    ui.shell_seen("s1", person=False)
    assert not ui.people_watching
    assert ask(ui) == {"buttonIndex": 0}


def test_people_watching_override() -> None:
    """people_watching can be forced on and off, and back to noticing the shell."""
    ui = UI()
    ui.people_watching = True
    assert isinstance(ask(ui), Future)
    ui.clear()
    ui.people_watching = False
    ui.shell_seen("s1")
    assert ask(ui) == {"buttonIndex": 0}
    ui.people_watching = None
    assert ui.people_watching


def test_check_refuses_a_bad_answer_and_keeps_waiting() -> None:
    """An answer the request's check refuses raises ConfigError; the request still waits."""

    def check(result: dict[str, Any]) -> dict[str, Any]:
        if result.get("buttonIndex") not in (0, 1):
            raise ConfigError("buttonIndex must be 0..1")
        return result

    ui = UI()
    ui.set_policy("wait")
    future = ui.request("m", {}, kind="confirm", default=dict, check=check)
    with pytest.raises(ConfigError, match="0..1"):
        ui.answer("confirm", {"buttonIndex": 7})
    assert not future.done() and len(ui.pending) == 1
    ui.answer("confirm", {"buttonIndex": 1})
    assert future.result(timeout=1) == {"buttonIndex": 1}


def test_answer_nothing_pending() -> None:
    """Answering when nothing waits says what is pending."""
    with pytest.raises(ConfigError, match="pending: none"):
        UI().answer("alert", {})


def test_answered_twice_keeps_the_first() -> None:
    """A request answers once; a late click changes nothing."""
    ui = UI()
    ui.set_policy("wait")
    future = ask(ui)
    request = ui.pending[0]
    assert request.answer({"buttonIndex": 1})
    assert not request.fail(JsapiError("late"))
    assert future.result(timeout=1) == {"buttonIndex": 1}


def test_dropped_call_leaves_the_pending_list() -> None:
    """When the page's call goes away (its Future is cancelled), nothing waits any more."""
    ui = UI()
    ui.set_policy("wait")
    future = ask(ui)
    version = ui.version
    future.cancel()
    assert ui.pending == [] and ui.version > version


def test_wait_changed_wakes_on_a_new_request() -> None:
    """The shell's long poll wakes when a request comes."""
    ui = UI()
    ui.set_policy("wait")
    version = ui.version
    threading.Timer(0.05, ask, args=(ui,)).start()
    assert ui.wait_changed(version, 2) != version


def test_clear_cancels_pending_and_forgets_scripts() -> None:
    """clear() cancels what waits and drops queued answers."""
    ui = UI()
    ui.queue("alert", {})
    ui.set_policy("wait")
    future = ask(ui)
    ui.clear()
    with pytest.raises(Cancelled):
        future.result(timeout=1)
    assert ui.queued == {}


def test_preloader_and_toast_hiding() -> None:
    """showPreloader/hidePreloader and hideToast are kept for the shell, each waking it."""
    clock = Clock()
    clock.freeze(100.0)
    ui = UI(clock)
    version = ui.version
    ui.show_preloader("加载中")
    assert ui.preloader == "加载中" and ui.version > version
    ui.hide_preloader()
    assert ui.preloader is None
    ui.hide_toast()
    assert ui.toasts_hidden_at == 100.0

"""Tests of bridge.server: a real websocket server on a free loopback port."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from bridge.errors import InvalidParams, UnknownMethod
from bridge.protocol import Invoke
from bridge.server import BridgeServer, is_loopback_origin
from bridge.sessions import Answer, Session, SessionState

TIMEOUT = 5.0


class FakeHandler:
    """A BridgeHandler answering through a plain function, and recording what it saw."""

    def __init__(self, respond: Callable[[Session, Invoke], Any]) -> None:
        self.respond = respond
        self.sessions: list[Session] = []
        self.answers: list[tuple[Invoke | None, Answer]] = []
        self.crashes: list[tuple[Invoke, BaseException]] = []
        self.opened_event = threading.Event()
        self.closed_event = threading.Event()

    def dispatch(self, session: Session, call: Invoke) -> Any:
        return self.respond(session, call)

    def answered(
        self, session: Session, call: Invoke | None, answer: Answer, duration: float
    ) -> None:
        assert duration >= 0
        self.answers.append((call, answer))

    def opened(self, session: Session) -> None:
        self.sessions.append(session)
        self.opened_event.set()

    def closed(self, session: Session) -> None:
        self.closed_event.set()

    def crashed(self, session: Session, call: Invoke, exc: BaseException) -> None:
        self.crashes.append((call, exc))


def respond(session: Session, call: Invoke) -> Any:
    """Echo the params, or fail as the method says."""
    if call.method == "echo":
        return call.params
    if call.method == "invalid":
        raise InvalidParams("param 'x' is wrong")
    if call.method == "boom":
        raise RuntimeError("secret details")
    raise UnknownMethod(f"{call.method} does not exist")


@contextmanager
def run_server(
    respond: Callable[[Session, Invoke], Any] = respond, **kwargs: Any
) -> Iterator[tuple[BridgeServer, FakeHandler]]:
    handler = FakeHandler(respond)
    server = BridgeServer(handler, port=0, **kwargs)
    server.start()
    try:
        yield server, handler
    finally:
        server.stop()


@pytest.fixture
def server() -> Iterator[tuple[BridgeServer, FakeHandler]]:
    with run_server() as started:
        yield started


def open_client(server: BridgeServer, query: str = "", **kwargs: Any) -> ClientConnection:
    url = f"{server.url}?token={server.token}{query}"
    client: ClientConnection = connect(url, open_timeout=TIMEOUT, **kwargs)
    return client


def ask(ws: ClientConnection, frame: dict[str, Any] | str) -> dict[str, Any]:
    ws.send(frame if isinstance(frame, str) else json.dumps(frame))
    answer: dict[str, Any] = json.loads(ws.recv(timeout=TIMEOUT))
    return answer


# -- handshake ---------------------------------------------------------------


def test_binds_a_free_port(server: tuple[BridgeServer, FakeHandler]) -> None:
    """Port 0 becomes the real bound port, shown in the URL."""
    bridge, _ = server
    assert bridge.port != 0
    assert bridge.url == f"ws://127.0.0.1:{bridge.port}/"


@pytest.mark.parametrize("token", [None, "wrong"])
def test_token_required(server: tuple[BridgeServer, FakeHandler], token: str | None) -> None:
    """A page without the token, or with a wrong one, is refused with 403."""
    bridge, handler = server
    url = bridge.url if token is None else f"{bridge.url}?token={token}"
    with pytest.raises(InvalidStatus) as info:
        connect(url, open_timeout=TIMEOUT)
    assert info.value.response.status_code == 403
    assert not handler.sessions


def test_foreign_origin_refused(server: tuple[BridgeServer, FakeHandler]) -> None:
    """A page from another site is refused even with the token."""
    bridge, handler = server
    with pytest.raises(InvalidStatus) as info:
        open_client(bridge, origin="https://evil.example")
    assert info.value.response.status_code == 403
    assert not handler.sessions


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8000", "http://localhost:3000"])
def test_loopback_origin_accepted(server: tuple[BridgeServer, FakeHandler], origin: str) -> None:
    """A page served from this machine may connect."""
    bridge, _ = server
    with open_client(bridge, origin=origin) as ws:
        assert ask(ws, {"id": 1, "method": "echo", "params": {"a": 1}})["result"] == {"a": 1}


def test_extra_origin_accepted() -> None:
    """An origin the user allowed may connect from beyond loopback."""
    with run_server(origins=["http://192.168.1.20:8000"]) as (bridge, _):
        with open_client(bridge, origin="http://192.168.1.20:8000") as ws:
            assert ask(ws, {"id": 1, "method": "echo"})["result"] == {}


@pytest.mark.parametrize(
    ("origin", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost", True),
        ("http://[::1]:5000", True),
        ("http://app.localhost:5000", True),
        ("https://example.com", False),
        ("http://127.0.0.1.evil.example", False),
        ("null", False),
    ],
)
def test_is_loopback_origin(origin: str, loopback: bool) -> None:
    """Only origins on this machine count as loopback."""
    assert is_loopback_origin(origin) is loopback


def test_session_query_hides_token(server: tuple[BridgeServer, FakeHandler]) -> None:
    """The session sees the URL's query parameters, but not the token."""
    bridge, handler = server
    with open_client(bridge, "&device=tablet"):
        assert handler.opened_event.wait(TIMEOUT)
    assert handler.sessions[0].query == {"device": "tablet"}


# -- answers -----------------------------------------------------------------


def test_every_call_gets_exactly_one_answer(server: tuple[BridgeServer, FakeHandler]) -> None:
    """Each call, good or bad, is answered once, with its own id."""
    bridge, _ = server
    frames = [
        {"id": 1, "method": "echo", "params": {"n": 1}},
        {"id": 2, "method": "invalid"},
        {"id": "three", "method": "nope"},
        {"id": 4, "method": "boom"},
        {"id": 5, "method": ""},
        {"id": 6, "method": "echo", "params": [1]},
    ]
    with open_client(bridge) as ws:
        for frame in frames:
            ws.send(json.dumps(frame))
        answers = [json.loads(ws.recv(timeout=TIMEOUT)) for _ in frames]
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.2)
    assert [a["id"] for a in answers] == [1, 2, "three", 4, 5, 6]
    assert answers[0] == {"id": 1, "result": {"n": 1}}
    codes = [a["error"]["errorCode"] for a in answers[1:]]
    assert codes == ["3", "1", "12", "3", "3"]


def test_malformed_message_answered_and_session_lives(
    server: tuple[BridgeServer, FakeHandler],
) -> None:
    """Unreadable text gets an error with a null id, and later calls still work."""
    bridge, handler = server
    with open_client(bridge) as ws:
        answer = ask(ws, "this is not json")
        assert answer["id"] is None
        assert answer["error"]["errorCode"] == "3"
        assert ask(ws, {"id": 2, "method": "echo", "params": {"ok": True}}) == {
            "id": 2,
            "result": {"ok": True},
        }
    assert handler.answers[0][0] is None  # the handler saw an answer without a call


def test_future_answered_later(server: tuple[BridgeServer, FakeHandler]) -> None:
    """A Future is answered when it completes, without holding up other calls."""
    bridge, handler = server
    waiting: Future[Any] = Future()
    handler.respond = lambda s, c: waiting if c.method == "wait" else respond(s, c)
    with open_client(bridge) as ws:
        ws.send(json.dumps({"id": 1, "method": "wait"}))
        assert ask(ws, {"id": 2, "method": "echo"}) == {"id": 2, "result": {}}
        threading.Timer(0.05, waiting.set_result, args=({"text": "扫码结果"},)).start()
        assert json.loads(ws.recv(timeout=TIMEOUT)) == {"id": 1, "result": {"text": "扫码结果"}}


def test_future_failing_with_jsapi_error(server: tuple[BridgeServer, FakeHandler]) -> None:
    """A Future that fails with a JsapiError answers that error."""
    bridge, handler = server
    waiting: Future[Any] = Future()
    dispatched = threading.Event()

    def respond_later(session: Session, call: Invoke) -> Future[Any]:
        dispatched.set()
        return waiting

    handler.respond = respond_later
    with open_client(bridge) as ws:
        ws.send(json.dumps({"id": 1, "method": "wait"}))
        assert dispatched.wait(TIMEOUT)
        waiting.set_exception(InvalidParams("too late"))
        answer = json.loads(ws.recv(timeout=TIMEOUT))
    assert answer == {"id": 1, "error": {"errorCode": "3", "errorMessage": "too late"}}


def test_future_never_completing_times_out() -> None:
    """A Future that never completes answers "11" after call_timeout and is cancelled."""
    never: Future[Any] = Future()
    with run_server(lambda s, c: never, call_timeout=0.2) as (bridge, _):
        with open_client(bridge) as ws:
            started = time.monotonic()
            answer = ask(ws, {"id": 1, "method": "biz.util.scan"})
            elapsed = time.monotonic() - started
    assert answer["id"] == 1
    assert answer["error"]["errorCode"] == "11"
    assert "biz.util.scan" in answer["error"]["errorMessage"]
    assert 0.15 < elapsed < 3
    assert never.cancelled()


def test_crash_answers_internal_error(server: tuple[BridgeServer, FakeHandler]) -> None:
    """A handler raising a plain exception answers "12", reports it, and hides its text."""
    bridge, handler = server
    with open_client(bridge) as ws:
        answer = ask(ws, {"id": 1, "method": "boom"})
        assert ask(ws, {"id": 2, "method": "echo"})["result"] == {}
    assert answer["error"]["errorCode"] == "12"
    assert "secret details" not in answer["error"]["errorMessage"]
    [(call, exc)] = handler.crashes
    assert call.method == "boom"
    assert isinstance(exc, RuntimeError)


def test_crash_in_future_answers_internal_error(
    server: tuple[BridgeServer, FakeHandler],
) -> None:
    """A Future failing with a plain exception also answers "12" and is reported."""
    bridge, handler = server
    failed: Future[Any] = Future()
    failed.set_exception(KeyError("oops"))
    handler.respond = lambda s, c: failed
    with open_client(bridge) as ws:
        answer = ask(ws, {"id": 1, "method": "later"})
    assert answer["error"]["errorCode"] == "12"
    assert isinstance(handler.crashes[0][1], KeyError)


# -- pushes and life cycle -----------------------------------------------------


def test_push_from_another_thread(server: tuple[BridgeServer, FakeHandler]) -> None:
    """send_event and send_progress called from any thread reach the page."""
    bridge, handler = server
    with open_client(bridge) as ws:
        assert handler.opened_event.wait(TIMEOUT)
        session = handler.sessions[0]

        def push() -> None:
            session.send_event("resume", {"from": "background"})
            session.send_progress(3, {"tap": 1})

        thread = threading.Thread(target=push)
        thread.start()
        thread.join()
        first = json.loads(ws.recv(timeout=TIMEOUT))
        second = json.loads(ws.recv(timeout=TIMEOUT))
    assert first == {"event": "resume", "data": {"from": "background"}}
    assert second == {"id": 3, "progress": {"tap": 1}}


def test_closed_session_removed(server: tuple[BridgeServer, FakeHandler]) -> None:
    """A page that disconnects is forgotten, and pushes to it do nothing."""
    bridge, handler = server
    with open_client(bridge) as ws:
        ask(ws, {"id": 1, "method": "echo"})
        session = handler.sessions[0]
        assert bridge.sessions == {session.id: session}
        state: SessionState = session.state
        assert state is SessionState.OPEN
    assert handler.closed_event.wait(TIMEOUT)
    assert bridge.sessions == {}
    assert session.state is SessionState.CLOSED
    session.send_event("resume")  # must not raise


def test_stop_twice_is_safe() -> None:
    """stop() may be called again after the server has stopped."""
    with run_server() as (bridge, _):
        bridge.stop()
    bridge.stop()

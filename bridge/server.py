"""The websocket server that pumps bridge messages between pages and a handler.

It runs an asyncio loop in a background thread, one :class:`Session` per
connection, and only moves data: parsing and serialising are in
:mod:`bridge.protocol`, answers come from a :class:`BridgeHandler`.
"""

from __future__ import annotations

import asyncio
import http
import logging
import os
import secrets
import time
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from .background import BackgroundServer, is_loopback_origin
from .errors import CallTimeout, InternalError, JsapiError, ProtocolError
from .protocol import Error, Invoke, Message, Result, answer_error, parse, serialize
from .sessions import Answer, BridgeHandler, Session, SessionState

__all__ = ["BridgeServer", "is_loopback_origin"]

logger = logging.getLogger("ddemu.bridge")

#: ``DDEMU_DEBUG=bridge`` prints every bridge frame as ``RECV>``/``SEND>``.
_TRACE = "bridge" in os.environ.get("DDEMU_DEBUG", "").split(",")


class BridgeServer(BackgroundServer):
    """Serve bridge sessions on a websocket port.

    Args:
        handler: Answers calls and observes sessions.
        host: Interface to bind; loopback unless the user asked for the LAN.
        port: Port to bind; 0 picks a free one.
        token: Secret a page must give as ``?token=``; a random one by default.
        origins: Extra page origins allowed besides loopback ones.
        call_timeout: Seconds a deferred answer may take before the call fails
            with :class:`~bridge.errors.CallTimeout`.

    You must call :meth:`start` before pages connect, and :meth:`stop` after.
    """

    _thread_name = "ddemu-bridge"
    _label = "bridge server"
    _max_size = 16 * 2**20
    _logger = logger

    def __init__(
        self,
        handler: BridgeHandler,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        origins: Iterable[str] = (),
        call_timeout: float = 60.0,
    ) -> None:
        super().__init__(host=host, port=port, origins=origins)
        self.handler = handler
        self.token = token or secrets.token_urlsafe(16)
        self.call_timeout = call_timeout
        self.sessions: dict[str, Session] = {}

    @property
    def url(self) -> str:
        """The ``ws://`` URL pages connect to, without the token."""
        return f"ws://{self.host}:{self.port}/"

    # -- handshake --------------------------------------------------------

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        query = dict(parse_qsl(urlsplit(request.path).query))
        if not secrets.compare_digest(query.get("token", ""), self.token):
            return _forbidden(connection, "missing or wrong token")
        origin = self._foreign_origin(request)
        if origin is not None:
            return _forbidden(connection, f"origin {origin} is not allowed")
        return None

    # -- sessions ---------------------------------------------------------

    async def _serve(self, ws: ServerConnection) -> None:
        loop = asyncio.get_running_loop()
        query = dict(parse_qsl(urlsplit(ws.request.path if ws.request else "").query))
        query.pop("token", None)

        def send(message: Message) -> None:
            text = serialize(message)
            loop.call_soon_threadsafe(self._spawn_send, ws, text)

        session = Session(send, remote=str(ws.remote_address), query=query)
        session.state = SessionState.OPEN
        self.sessions[session.id] = session
        pending: set[asyncio.Task[None]] = set()
        self.handler.opened(session)
        try:
            async for text in ws:
                if _TRACE:
                    print(f"RECV> {session.id} {text!s}", flush=True)
                answer = self._answer_now(ws, session, text, pending)
                if answer is not None:
                    await self._send(ws, session, serialize(answer))
        except ConnectionClosed:
            pass
        finally:
            session.state = SessionState.CLOSED
            self.sessions.pop(session.id, None)
            for task in pending:
                task.cancel()
            self.handler.closed(session)

    def _answer_now(
        self,
        ws: ServerConnection,
        session: Session,
        text: str | bytes,
        pending: set[asyncio.Task[None]],
    ) -> Answer | None:
        """Answer a frame at once, or start waiting for a deferred answer."""
        started = time.perf_counter()
        try:
            call = parse(text)
        except ProtocolError as exc:
            answer: Answer = answer_error(exc.id, exc)
            self.handler.answered(session, None, answer, time.perf_counter() - started)
            return answer
        try:
            value = self.handler.dispatch(session, call)
        except JsapiError as exc:
            answer = answer_error(call.id, exc)
        except Exception as exc:
            answer = self._crash(session, call, exc)
        else:
            if isinstance(value, Future):
                task = asyncio.ensure_future(self._answer_later(ws, session, call, value, started))
                pending.add(task)
                task.add_done_callback(pending.discard)
                return None
            answer = Result(call.id, value)
        self.handler.answered(session, call, answer, time.perf_counter() - started)
        return answer

    async def _answer_later(
        self,
        ws: ServerConnection,
        session: Session,
        call: Invoke,
        future: Future[Any],
        started: float,
    ) -> None:
        try:
            value = await asyncio.wait_for(asyncio.wrap_future(future), self.call_timeout)
        except JsapiError as exc:  # first: a handler's CallTimeout is a TimeoutError too
            answer: Answer = answer_error(call.id, exc)
        except TimeoutError:
            future.cancel()
            timeout = CallTimeout(f"{call.method}: no answer within {self.call_timeout:g} s")
            answer = answer_error(call.id, timeout)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            answer = self._crash(session, call, exc)
        else:
            answer = Result(call.id, value)
        self.handler.answered(session, call, answer, time.perf_counter() - started)
        await self._send(ws, session, serialize(answer))

    def _crash(self, session: Session, call: Invoke, exc: Exception) -> Error:
        logger.error("handler of %s failed", call.method, exc_info=exc)
        self.handler.crashed(session, call, exc)
        error = InternalError(f"{call.method}: ddemu failed while answering (see its log)")
        return answer_error(call.id, error)

    async def _send(self, ws: ServerConnection, session: Session, text: str) -> None:
        if _TRACE:
            print(f"SEND> {session.id} {text}", flush=True)
        try:
            await ws.send(text)
        except ConnectionClosed:
            pass

    def _spawn_send(self, ws: ServerConnection, text: str) -> None:
        if _TRACE:
            print(f"SEND> {text}", flush=True)

        async def send() -> None:
            try:
                await ws.send(text)
            except ConnectionClosed:
                pass

        asyncio.ensure_future(send())


def _forbidden(connection: ServerConnection, reason: str) -> Response:
    logger.warning("refused a bridge connection: %s", reason)
    return connection.respond(http.HTTPStatus.FORBIDDEN, f"ddemu bridge: {reason}\n")

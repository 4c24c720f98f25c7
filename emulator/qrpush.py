"""The websocket that tells a QR login page, at once, what the phone did.

The real embedded login polls the platform about once a second; ddemu's login
pages open ``ws://HOST:PORT/qr/<login id>`` and get one JSON message per
change of the login (:meth:`~emulator.qrlogin.QrLogin.as_json`), the current
state first; the socket closes after a final state. Pages fall back to polling
``/login/qr/<id>/status`` when the socket cannot open.

It is a server of its own rather than the bridge: login pages are the open
platform's pages, not micro-apps on a device, and carry no device token. The
login id (128 random bits) is what entitles a page to hear about its login.
"""

from __future__ import annotations

import asyncio
import http
import json
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import Future

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from bridge.server import is_loopback_origin

from .qrlogin import QrLogin, QrLogins

__all__ = ["QrPushServer"]

logger = logging.getLogger("ddemu.qrlogin")

#: Seconds between checks for logins whose lifetime is over.
TICK = 0.2

_PREFIX = "/qr/"


class QrPushServer:
    """Push QR-login changes to pages over websockets, from a background thread.

    Args:
        logins: The platform's QR logins.
        host: Interface to bind; loopback unless the user asked for the LAN.
        port: 0 picks a free port.
        origins: Page origins allowed besides loopback ones.

    You must call :meth:`start` before pages connect, and :meth:`stop` after.
    """

    def __init__(
        self,
        logins: QrLogins,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        origins: Iterable[str] = (),
    ) -> None:
        self.logins = logins
        self.host = host
        self.port = port
        self.origins = set(origins)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Event | None = None
        self._server: Server | None = None

    @property
    def url(self) -> str:
        """``ws://HOST:PORT/qr/``: add a login id."""
        return f"ws://{self.host}:{self.port}{_PREFIX}"

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Bind and serve in a background thread.

        Raises:
            OSError: If the port cannot be bound.
        """
        started: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(started,), name="ddemu-qrpush", daemon=True
        )
        self._thread.start()
        started.result(timeout=30)

    def stop(self) -> None:
        """Close every socket and stop; safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._stopped is not None:
            loop.call_soon_threadsafe(self._stopped.set)
        thread.join(timeout=10)
        self._loop = self._thread = None

    def _run(self, started: Future[None]) -> None:
        try:
            asyncio.run(self._main(started))
        except BaseException as exc:
            if not started.done():
                started.set_exception(exc)
            else:
                logger.exception("QR push server crashed")

    async def _main(self, started: Future[None]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        async with serve(
            self._serve, self.host, self.port, process_request=self._check, compression=None
        ) as server:
            self._server = server
            self.port = next(iter(server.sockets)).getsockname()[1]
            started.set_result(None)
            ticker = asyncio.ensure_future(self._tick())
            await self._stopped.wait()
            ticker.cancel()
            server.close(close_connections=True)
            await server.wait_closed()

    async def _tick(self) -> None:
        """Expire overdue logins on the virtual clock while pages listen."""
        while True:
            await asyncio.sleep(TICK)
            if self._server is not None and self._server.connections:
                self.logins.tick()

    def _check(self, connection: ServerConnection, request: Request) -> Response | None:
        origin = request.headers.get("Origin")
        if origin and not (is_loopback_origin(origin) or origin in self.origins):
            return connection.respond(http.HTTPStatus.FORBIDDEN, f"origin {origin} not allowed\n")
        login_id = request.path.split("?")[0][len(_PREFIX) :]
        if not request.path.startswith(_PREFIX) or self.logins.get(login_id) is None:
            return connection.respond(http.HTTPStatus.NOT_FOUND, "no such QR login\n")
        return None

    async def _serve(self, ws: ServerConnection) -> None:
        loop = asyncio.get_running_loop()
        login_id = (ws.request.path if ws.request else "").split("?")[0][len(_PREFIX) :]
        changes: asyncio.Queue[QrLogin] = asyncio.Queue()

        def listen(login: QrLogin) -> None:
            loop.call_soon_threadsafe(changes.put_nowait, login)

        unsubscribe = self.logins.subscribe(login_id, listen)
        try:
            login = self.logins.get(login_id)
            sent = -1
            while login is not None:
                if login.version > sent:
                    await ws.send(json.dumps(login.as_json()))
                    sent = login.version
                if login.state.final:
                    break
                login = await changes.get()
        except ConnectionClosed:
            pass
        finally:
            unsubscribe()
        await ws.close()

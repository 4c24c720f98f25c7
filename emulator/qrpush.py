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
from collections.abc import Iterable

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from bridge.background import BackgroundServer

from .qrlogin import QrLogin, QrLogins

__all__ = ["QrPushServer"]

logger = logging.getLogger("ddemu.qrlogin")

#: Seconds between checks for logins whose lifetime is over.
TICK = 0.2

_PREFIX = "/qr/"


class QrPushServer(BackgroundServer):
    """Push QR-login changes to pages over websockets, from a background thread.

    Args:
        logins: The platform's QR logins.
        host: Interface to bind; loopback unless the user asked for the LAN.
        port: 0 picks a free port.
        origins: Page origins allowed besides loopback ones.

    You must call :meth:`start` before pages connect, and :meth:`stop` after.
    """

    _thread_name = "ddemu-qrpush"
    _label = "QR push server"
    _logger = logger

    def __init__(
        self,
        logins: QrLogins,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        origins: Iterable[str] = (),
    ) -> None:
        super().__init__(host=host, port=port, origins=origins)
        self.logins = logins

    @property
    def url(self) -> str:
        """``ws://HOST:PORT/qr/``: add a login id."""
        return f"ws://{self.host}:{self.port}{_PREFIX}"

    @property
    def running(self) -> bool:
        """Whether :meth:`start` has run and :meth:`stop` has not."""
        return self._thread is not None

    async def _serving(self, stopped: asyncio.Event) -> None:
        ticker = asyncio.ensure_future(self._tick())
        await stopped.wait()
        ticker.cancel()

    async def _tick(self) -> None:
        """Expire overdue logins on the virtual clock while pages listen."""
        while True:
            await asyncio.sleep(TICK)
            if self._server is not None and self._server.connections:
                self.logins.tick()

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        origin = self._foreign_origin(request)
        if origin is not None:
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

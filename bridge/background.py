"""A websockets server that runs its own asyncio loop in a background thread.

ddemu's websocket servers (the bridge, the QR-login push) serve pages while
the caller's thread goes on with tests or a desktop window. This module holds
their common life cycle: bind in :meth:`BackgroundServer.start`, serve until
:meth:`BackgroundServer.stop`, and the check of a page's ``Origin`` header.
A subclass only says how to answer a connection.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from typing import ClassVar
from urllib.parse import urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

__all__ = ["BackgroundServer", "is_loopback_origin"]

_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def is_loopback_origin(origin: str) -> bool:
    """Tell whether a page origin is on this machine (``http://127.0.0.1:8000``)."""
    host = urlsplit(origin).hostname or ""
    return host in _LOOPBACK_HOSTS or host.endswith(".localhost")


class BackgroundServer:
    """Serve websockets from an asyncio loop in a daemon thread.

    Args:
        host: Interface to bind; loopback unless the user asked for the LAN.
        port: Port to bind; 0 picks a free one, and :attr:`port` holds the
            bound one after :meth:`start`.
        origins: Page origins allowed besides loopback ones.

    A subclass must implement :meth:`_serve` and may override
    :meth:`_check_request` and :meth:`_serving`. You must call :meth:`start`
    before pages connect, and :meth:`stop` after.
    """

    #: Name of the serving thread, as seen in tracebacks and debuggers.
    _thread_name: ClassVar[str] = "ddemu-websockets"
    #: What the crash log calls this server.
    _label: ClassVar[str] = "websocket server"
    #: Largest incoming message in bytes (the websockets default).
    _max_size: ClassVar[int] = 2**20
    _logger: ClassVar[logging.Logger] = logging.getLogger("ddemu")

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, origins: Iterable[str] = ()
    ) -> None:
        self.host = host
        self.port = port
        self.origins = set(origins)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Server | None = None
        self._stopped: asyncio.Event | None = None

    def start(self) -> None:
        """Bind and start serving in a background thread.

        Raises:
            OSError: If the port cannot be bound.
        """
        started: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(started,), name=self._thread_name, daemon=True
        )
        self._thread.start()
        started.result(timeout=30)

    def stop(self) -> None:
        """Close every connection and stop serving; safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._stopped is not None:
            loop.call_soon_threadsafe(self._stopped.set)
        thread.join(timeout=10)
        self._loop = self._thread = None

    def _foreign_origin(self, request: Request) -> str | None:
        """Return the request's ``Origin`` if it is neither loopback nor allowed."""
        origin = request.headers.get("Origin")
        if origin and not (is_loopback_origin(origin) or origin in self.origins):
            return origin
        return None

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        """Refuse a handshake with a response, or accept it with ``None``."""
        return None

    async def _serve(self, ws: ServerConnection) -> None:
        """Talk to one connection until it closes."""
        raise NotImplementedError

    async def _serving(self, stopped: asyncio.Event) -> None:
        """Run while the server is bound; return once ``stopped`` is set."""
        await stopped.wait()

    def _run(self, started: Future[None]) -> None:
        try:
            asyncio.run(self._main(started))
        except BaseException as exc:  # surface bind errors in start()
            if not started.done():
                started.set_exception(exc)
            else:
                self._logger.exception("%s crashed", self._label)

    async def _main(self, started: Future[None]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        async with serve(
            self._serve,
            self.host,
            self.port,
            process_request=self._check_request,
            compression=None,  # frames are small; deflate only adds latency
            max_size=self._max_size,
        ) as server:
            self._server = server
            self.port = next(iter(server.sockets)).getsockname()[1]
            started.set_result(None)
            await self._serving(self._stopped)
            server.close(close_connections=True)
            await server.wait_closed()

"""Tests of bridge.background: a websockets server's life cycle in a background thread."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.http11 import Request, Response
from websockets.sync.client import connect
from websockets.typing import Origin

from bridge.background import BackgroundServer


class Echo(BackgroundServer):
    """Answers each message with itself; refuses foreign origins with 403."""

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if self._foreign_origin(request) is not None:
            return connection.respond(403, "foreign\n")
        return None

    async def _serve(self, ws: ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)


@pytest.fixture
def echo() -> Iterator[Echo]:
    server = Echo(origins=["http://192.168.1.20:8000"])
    server.start()
    yield server
    server.stop()


def test_start_binds_a_free_port_and_serves(echo: Echo) -> None:
    """After start the bound port is known and a page can talk to the server."""
    assert echo.port != 0
    with connect(f"ws://127.0.0.1:{echo.port}/", open_timeout=5) as ws:
        ws.send("你好")
        assert ws.recv(timeout=5) == "你好"


def test_origins(echo: Echo) -> None:
    """Loopback and allowed origins connect; any other origin is refused."""
    url = f"ws://127.0.0.1:{echo.port}/"
    for origin in ("http://localhost:3000", "http://192.168.1.20:8000"):
        with connect(url, origin=Origin(origin), open_timeout=5) as ws:
            ws.send("x")
            assert ws.recv(timeout=5) == "x"
    with pytest.raises(InvalidStatus) as info:
        with connect(url, origin=Origin("https://evil.example"), open_timeout=5):
            pass
    assert info.value.response.status_code == 403


def test_stop_closes_connections_and_stops_listening() -> None:
    """stop closes open connections and the port, and may be called twice."""
    server = Echo()
    server.start()
    url = f"ws://127.0.0.1:{server.port}/"
    with connect(url, open_timeout=5) as ws:
        server.stop()
        server.stop()
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=5)
    with pytest.raises(ConnectionRefusedError), connect(url, open_timeout=5):
        pass


def test_bind_error_surfaces_in_start() -> None:
    """A port in use makes start raise OSError instead of failing in the thread."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        server = Echo(port=sock.getsockname()[1])
        with pytest.raises(OSError):
            server.start()

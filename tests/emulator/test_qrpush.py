"""The websocket that pushes QR-login changes to login pages (emulator/qrpush.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from websockets.exceptions import ConnectionClosedOK, InvalidStatus
from websockets.sync.client import connect

from emulator.clock import Clock
from emulator.qrlogin import QrLogins
from emulator.qrpush import QrPushServer
from emulator.tokens import Tokens

PERSON = {"corp_id": "c", "userid": "u", "unionid": "U", "name": "张三", "corp_name": "C"}


@pytest.fixture
def logins() -> QrLogins:
    clock = Clock()
    return QrLogins(clock, Tokens(clock), lifetime=60)


@pytest.fixture
def server(logins: QrLogins) -> Iterator[QrPushServer]:
    server = QrPushServer(logins)
    server.start()
    yield server
    server.stop()


def test_pushes_each_change_then_closes(server: QrPushServer, logins: QrLogins) -> None:
    """The page hears the current state, the scan, the confirm, and the socket closes."""
    login = logins.create("sns", "k", "http://127.0.0.1/")
    with connect(server.url + login.id, open_timeout=5) as ws:
        assert json.loads(ws.recv(timeout=5)) == {"state": "waiting", "version": 0}
        logins.scan(login.id, **PERSON)
        assert json.loads(ws.recv(timeout=5))["state"] == "scanned"
        logins.confirm(login.id)
        last = json.loads(ws.recv(timeout=5))
        assert last["state"] == "confirmed" and last["loginTmpCode"]
        with pytest.raises(ConnectionClosedOK):
            ws.recv(timeout=5)


def test_pushes_expiry_on_the_virtual_clock(server: QrPushServer, logins: QrLogins) -> None:
    """Moving the clock past the lifetime reaches a listening page without a request."""
    login = logins.create("oauth2", "k", "http://127.0.0.1/")
    with connect(server.url + login.id, open_timeout=5) as ws:
        ws.recv(timeout=5)
        logins.clock.advance(61)
        assert json.loads(ws.recv(timeout=5)) == {"state": "expired", "version": 1}


def test_refuses_unknown_logins_and_foreign_origins(server: QrPushServer, logins: QrLogins) -> None:
    """An unknown login is 404; a page from a foreign origin is 403."""
    with pytest.raises(InvalidStatus) as unknown:
        connect(server.url + "nosuch", open_timeout=5)
    assert unknown.value.response.status_code == 404
    login = logins.create("sns", "k", "http://127.0.0.1/")
    with pytest.raises(InvalidStatus) as foreign:
        connect(server.url + login.id, origin="http://evil.example", open_timeout=5)
    assert foreign.value.response.status_code == 403

"""Fixtures of the open-platform tests: an emulator's platform app and its test client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server import create_openapi_app

#: The demo org's first corp and its app.
CORP = "ding8d6f3c1a0e5b7f29"
KEY = "dingapp8k2m4n6p8r0t2v4x"
SECRET = "ddemu-demo-secret-hello-0123456789abcdefghijklmnopqrstuv"
AGENT_ID = 3001001
#: The demo org's second corp and its app.
OTHER_CORP = "ding2b9e7d4f1c6a8035"
OTHER_KEY = "dingapp3c5e7g9j1l3n5q7s"
OTHER_SECRET = "ddemu-demo-secret-crm-abcdefghijklmnopqrstuvwxyz0123456789"
#: 张三: zhangsan in CORP, manager01 in OTHER_CORP.
ZHANGSAN_UNIONID = "Ue7sXa0Zt1q2WlbK9sPd0Ag"


@pytest.fixture
def emu(tmp_path: Path) -> Emulator:
    """An emulator that is not started: its platform is served by the test client."""
    return Emulator(app=tmp_path)


@pytest.fixture
def client(emu: Emulator) -> FlaskClient:
    """A test client of the open-platform app of ``emu``."""
    return create_openapi_app({"TESTING": True, "DDEMU_EMULATOR": emu}).test_client()


def get_token(client: FlaskClient, key: str = KEY, secret: str = SECRET) -> str:
    """An app token from ``/gettoken``."""
    body = client.get("/gettoken", query_string={"appkey": key, "appsecret": secret}).get_json()
    assert body["errcode"] == 0, body
    token: str = body["access_token"]
    return token


@pytest.fixture
def token(client: FlaskClient) -> str:
    """A valid app token of the demo app (corp ``CORP``)."""
    return get_token(client)


def topapi(client: FlaskClient, path: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST a JSON body to a topapi path with ``token``; the answer's JSON."""
    response = client.post(path, query_string={"access_token": token}, json=body)
    assert response.status_code == 200
    answer: dict[str, Any] = response.get_json()
    return answer

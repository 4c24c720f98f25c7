"""The open platform on its own origin, started and stopped with the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from emulator import Emulator

from .conftest import KEY, SECRET


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Emulator]:
    emu = Emulator(app=tmp_path).start()
    yield emu
    emu.stop()


def test_own_origin(running: Emulator) -> None:
    """openapi_url is the root of an origin of its own, on loopback."""
    url = urlsplit(running.openapi_url)
    assert (url.scheme, url.hostname, url.path) == ("http", "127.0.0.1", "/")
    assert url.port not in (None, 0, urlsplit(running.url).port)


def test_both_hosts_at_the_root(running: Emulator) -> None:
    """Legacy and new-host paths answer from the same root, as the real hosts do."""
    legacy = requests.get(
        running.openapi_url + "gettoken", params={"appkey": KEY, "appsecret": SECRET}, timeout=10
    )
    assert legacy.status_code == 200
    assert legacy.headers["Server"] == "DingTalk/1.0.0"
    assert legacy.headers["Content-Type"] == "application/json"
    new = requests.post(
        running.openapi_url + "v1.0/oauth2/accessToken",
        json={"appKey": KEY, "appSecret": SECRET},
        timeout=10,
    )
    assert new.json()["accessToken"] == legacy.json()["access_token"]


def test_chinese_text_is_utf8(running: Emulator) -> None:
    """Messages are UTF-8 text in the body, not \\u escapes."""
    response = requests.get(running.openapi_url + "gettoken", timeout=10)
    assert "缺少参数".encode() in response.content


def test_app_origin_does_not_serve_the_platform(running: Emulator) -> None:
    """The app's origin keeps its root: /gettoken there is the app's, not the platform's."""
    response = requests.get(running.url + "gettoken", timeout=10)
    assert "errcode" not in response.text


def test_chosen_port(tmp_path: Path) -> None:
    """openapi_port picks the platform's port."""
    probe = Emulator(app=tmp_path).start()
    port = urlsplit(probe.openapi_url).port
    probe.stop()
    emu = Emulator(app=tmp_path, openapi_port=port or 0).start()
    try:
        assert emu.openapi_url == f"http://127.0.0.1:{port}/"
    finally:
        emu.stop()


def test_stop_closes_the_platform(tmp_path: Path) -> None:
    """After stop() nothing listens on the platform's port."""
    emu = Emulator(app=tmp_path).start()
    url = emu.openapi_url
    emu.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "gettoken", timeout=5)

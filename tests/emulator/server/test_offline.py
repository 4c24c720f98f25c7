"""emulator.server.offline: a device's packages on the app server, for the desktop window."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server import create_app

from ..conftest import PACKAGE_APP, with_package

APP = PACKAGE_APP
PREFIX = "/__ddemu__/offline/phone/n.dingtalk.com/app"


@pytest.fixture
def emu(tmp_path: Path) -> Emulator:
    files = [
        ("n.dingtalk.com/app/index.html", b"<html><head><title>t</title></head></html>"),
        ("g.alicdn.com/lib.js", b"var lib = 1;"),
    ]
    return with_package(tmp_path, files)


@pytest.fixture
def client(emu: Emulator) -> FlaskClient:
    return create_app({"TESTING": True, "DDEMU_EMULATOR": emu}).test_client()


def test_a_page_with_the_id_opens_the_app_with_the_shim(emu: Emulator, client: FlaskClient) -> None:
    """The page is answered from the package, the shim first in its head."""
    response = client.get(f"{PREFIX}/index.html?dd_mini_app_id={APP}")
    assert response.status_code == 200
    assert response.data.startswith(
        b'<html><head><script src="/__ddemu__/shim.js?device=phone"></script>'
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert emu.offline.status(APP).installed is not None


def test_entries_and_misses(client: FlaskClient) -> None:
    """A CDN entry is answered with its type; a miss is redirected online; the log says so."""
    client.get(f"{PREFIX}/index.html?dd_mini_app_id={APP}")
    lib = client.get("/__ddemu__/offline/phone/g.alicdn.com/lib.js")
    assert lib.data == b"var lib = 1;" and lib.mimetype == "text/javascript"
    miss = client.get(f"{PREFIX}/missing.js?v=2")
    assert (miss.status_code, miss.location) == (
        302,
        "https://n.dingtalk.com/app/missing.js?v=2",
    )
    log = client.get("/__ddemu__/api/offline").get_json()["devices"]["phone"]
    assert log["apps"][APP]["version"] == "0.0.1"
    assert [r["source"] for r in log["requests"]][-2:] == [
        f"package app 0.0.1 ({APP})",
        "online: not in package",
    ]


def test_unknown_device_is_404(client: FlaskClient) -> None:
    assert client.get("/__ddemu__/offline/nobody/n.dingtalk.com/app/index.html").status_code == 404


def test_window_redirect_sends_package_urls_to_the_server(emu: Emulator) -> None:
    """The window's redirector: pages with the id and entries of open packages, nothing else."""
    redirect = emu.offline.window_redirect()
    page = f"https://n.dingtalk.com/app/index.html?dd_mini_app_id={APP}"
    assert redirect(page, True) == emu.url.rstrip("/") + f"{PREFIX}/index.html?dd_mini_app_id={APP}"
    assert redirect("https://g.alicdn.com/lib.js", False) is None, "no app is open yet"
    emu.offline.open(APP)
    assert redirect("https://g.alicdn.com/lib.js", False) is not None
    assert redirect("https://g.alicdn.com/other.js", False) is None
    assert redirect("http://127.0.0.1/x", True) is None

"""Tests of emulator.server (apphost, assets, control) through Flask's test client."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server import create_app

INDEX = b"<!doctype html><html><head><title>app</title></head><body>index</body></html>"


@pytest.fixture
def emulator(tmp_path: Path) -> Emulator:
    app = tmp_path / "app"
    (app / "static").mkdir(parents=True)
    (app / "docs").mkdir()
    (app / "index.html").write_bytes(INDEX)
    (app / "about.html").write_bytes(b"<html><head></head><body>about</body></html>")
    (app / "docs" / "index.html").write_bytes(b"<html><head></head><body>docs</body></html>")
    (app / "static" / "app.js").write_text("console.log('<head>');\n")
    (app / "static" / "style.css").write_text("body { color: red }\n")
    (app / "static" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.txt").write_text("top secret")
    return Emulator(app=app)


@pytest.fixture
def flask_app(emulator: Emulator) -> Flask:
    return create_app({"TESTING": True, "DDEMU_EMULATOR": emulator})


@pytest.fixture
def client(flask_app: Flask) -> FlaskClient:
    return flask_app.test_client()


def shim_src(page: bytes) -> str:
    """The src of the shim's script tag, as a browser reads the attribute."""
    match = re.search(rb'<script src="([^"]*)"></script>', page)
    assert match is not None, page
    return html.unescape(match.group(1).decode())


def test_needs_emulator() -> None:
    """create_app refuses to start without an emulator to serve."""
    with pytest.raises(KeyError, match="DDEMU_EMULATOR"):
        create_app({"TESTING": True})


def test_index_has_shim_first(client: FlaskClient) -> None:
    """The app's index.html is served with the shim tag first in <head>."""
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.data.startswith(
        b'<!doctype html><html><head><script src="/__ddemu__/shim.js"></script><title>'
    )
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/about.html", "/docs/", "/index.html"])
def test_other_pages_have_shim(client: FlaskClient, path: str) -> None:
    """Every HTML page of the app, not just the root, gets the shim."""
    response = client.get(path)
    assert response.status_code == 200
    assert shim_src(response.data) == "/__ddemu__/shim.js"


def test_device_carried_into_shim_url(client: FlaskClient) -> None:
    """?ddemu_device=NAME makes the page load the shim of that device."""
    src = shim_src(client.get("/?ddemu_device=tablet").data)
    assert src == "/__ddemu__/shim.js?device=tablet"


@pytest.mark.parametrize("name", ['x"><script>alert(1)</script>', "a&b", "phone+2", "手机 2#1"])
def test_device_name_escaped(client: FlaskClient, name: str) -> None:
    """Any device name reaches the shim URL intact and cannot break out of the tag."""
    response = client.get("/", query_string={"ddemu_device": name})
    assert b"<script>alert" not in response.data
    assert response.data.count(b"<script") == 1
    query = parse_qs(urlsplit(shim_src(response.data)).query)
    assert query == {"device": [name]}


@pytest.mark.parametrize(
    ("path", "mimetype", "body"),
    [
        ("/static/app.js", "text/javascript", b"console.log('<head>');\n"),
        ("/static/style.css", "text/css", b"body { color: red }\n"),
        ("/static/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_static_files(client: FlaskClient, path: str, mimetype: str, body: bytes) -> None:
    """Static files are served as they are, with the right type and no caching."""
    with client.get(path) as response:  # a streamed file: close it
        assert response.status_code == 200
        assert response.mimetype == mimetype
        assert response.data == body
        assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
    ],
)
def test_traversal_refused(client: FlaskClient, path: str) -> None:
    """Paths climbing out of the app folder are not found."""
    response = client.get(path)
    assert response.status_code == 404
    assert b"top secret" not in response.data


@pytest.mark.parametrize("path", ["/users/42", "/settings", "/a/b/c/"])
def test_spa_fallback(client: FlaskClient, path: str) -> None:
    """Extension-less paths that match nothing get index.html, with the shim."""
    response = client.get(path)
    assert response.status_code == 200
    assert b"index" in response.data
    assert shim_src(response.data) == "/__ddemu__/shim.js"


@pytest.mark.parametrize("path", ["/missing.js", "/static/missing.css", "/nope.html"])
def test_missing_file_404(client: FlaskClient, path: str) -> None:
    """A missing file with an extension is a 404, not the SPA page."""
    assert client.get(path).status_code == 404


def test_no_fallback_without_index(client: FlaskClient, emulator: Emulator) -> None:
    """Without index.html there is nothing to fall back to."""
    (emulator.app / "index.html").unlink()
    assert client.get("/users/42").status_code == 404


def test_shim_js(client: FlaskClient, emulator: Emulator) -> None:
    """/__ddemu__/shim.js is JS holding the default device's config, never cached."""
    response = client.get("/__ddemu__/shim.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    line = next(x for x in text.splitlines() if x.startswith("window.__DDEMU_CONFIG__ = "))
    config = json.loads(line.removeprefix("window.__DDEMU_CONFIG__ = ").removesuffix(";"))
    assert config == emulator.shim_config()
    assert config["device"] == "phone"
    assert f"token={emulator.token}" in config["bridgeUrl"]


def test_shim_js_for_device(client: FlaskClient, emulator: Emulator) -> None:
    """?device= gives the shim of that device, with its persona."""
    emulator.add_device("android-phone", persona="android")
    text = client.get("/__ddemu__/shim.js?device=android-phone").get_data(as_text=True)
    assert '"device": "android-phone"' in text
    assert '"persona": "android"' in text


def test_shim_js_for_unknown_device_is_404(client: FlaskClient) -> None:
    """A shim asked for a device that does not exist is a 404 naming the known devices."""
    response = client.get("/__ddemu__/shim.js?device=nosuch")
    assert response.status_code == 404
    assert b"no device named 'nosuch'; devices: phone" in response.data


def test_status(client: FlaskClient, emulator: Emulator) -> None:
    """The control API describes the app, the devices and the call count."""
    response = client.get("/__ddemu__/api/status")
    assert response.status_code == 200
    assert response.is_json
    status = response.get_json()
    assert status["app"] == str(emulator.app)
    assert status["calls"] == 0
    assert status["sessions"] == []
    [phone] = status["devices"]
    assert phone["name"] == "phone"
    assert phone["persona"] == "ios"
    assert phone["userid"] == "zhangsan"
    assert "DingTalk" in phone["userAgent"]


def test_calls(client: FlaskClient) -> None:
    """The control API lists the calls so far."""
    assert client.get("/__ddemu__/api/calls").get_json() == {"calls": []}


def test_control_needs_token_from_afar(client: FlaskClient, emulator: Emulator) -> None:
    """A caller beyond this machine needs the emulator's token."""
    remote = {"REMOTE_ADDR": "192.168.1.7"}
    assert client.get("/__ddemu__/api/status", environ_base=remote).status_code == 403
    assert (
        client.get(
            "/__ddemu__/api/status", query_string={"token": "wrong"}, environ_base=remote
        ).status_code
        == 403
    )
    ok = client.get(
        "/__ddemu__/api/status", query_string={"token": emulator.token}, environ_base=remote
    )
    assert ok.status_code == 200

"""Tests of emulator.server.pchost, the PC client's host shell, through Flask's test client."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server import create_app
from emulator.server.pchost import PC_HOST_PATH

SHELL = f"http://h5.dingtalk.com:8123{PC_HOST_PATH}"


@pytest.fixture
def emulator(tmp_path: Path) -> Emulator:
    (tmp_path / "index.html").write_text("<html><head></head><body>x</body></html>", "utf-8")
    return Emulator(app=tmp_path, persona="pc")


@pytest.fixture
def client(emulator: Emulator) -> FlaskClient:
    return create_app({"TESTING": True, "DDEMU_EMULATOR": emulator}).test_client()


def iframe(page: str) -> dict[str, str]:
    """The app iframe's attributes, as a browser reads them."""
    match = re.search(r'<iframe id="ddemu-app" name="([^"]*)" src="([^"]*)"', page)
    assert match is not None, page
    return {"name": html.unescape(match.group(1)), "src": html.unescape(match.group(2))}


def test_shell_embeds_the_home_with_the_client_window_name(
    client: FlaskClient, emulator: Emulator
) -> None:
    """The iframe shows the device's home; its name is what dingtalk-jsapi reads on PC."""
    response = client.get(SHELL)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    frame = iframe(page)
    assert frame["src"] == emulator.home_url
    assert json.loads(frame["name"]) == {
        "hostOrigin": "http://h5.dingtalk.com:8123",
        "containerId": "ddemu-phone",
        "hostVersion": emulator.device.profile.dingtalk_version,
        "language": "zh_CN",
    }
    assert page.index('<script src="/__ddemu__/shim.js"></script>') < page.index("<iframe")
    assert 'class="ddemu-warning"' not in page


def test_shell_for_another_device_and_page(client: FlaskClient, emulator: Emulator) -> None:
    """?device= names the PC device, ?url= the page; each gets the device's shim."""
    emulator.add_device("mac", profile="macos-14")
    url = "http://127.0.0.1:1/a?b=1&c=2"
    page = client.get(SHELL, query_string={"device": "mac", "url": url}).get_data(as_text=True)
    assert '<script src="/__ddemu__/shim.js?device=mac"></script>' in page
    assert iframe(page)["src"] == url
    default = iframe(client.get(SHELL + "?device=mac").get_data(as_text=True))
    assert default["src"] == emulator.home_url_for("mac")
    assert "ddemu_device=mac" in default["src"]
    assert json.loads(default["name"])["containerId"] == "ddemu-mac"


def test_shell_refuses_unknown_phone_devices_and_scripts(
    client: FlaskClient, emulator: Emulator
) -> None:
    """An unknown device is 404, a phone 409, and only http(s) pages are embedded."""
    emulator.add_device("iphone", persona="ios")
    assert client.get(SHELL + "?device=nosuch").status_code == 404
    assert client.get(SHELL + "?device=iphone").status_code == 409
    assert client.get(SHELL + "?url=javascript:alert(1)").status_code == 400


def test_shell_escapes_what_it_embeds(client: FlaskClient) -> None:
    """A URL with quotes and markup stays inside its attribute."""
    url = 'http://127.0.0.1:1/"><script>alert(1)</script>'
    page = client.get(SHELL, query_string={"url": url}).get_data(as_text=True)
    assert "<script>alert" not in page
    assert iframe(page)["src"] == url


def test_shell_on_another_host_warns(client: FlaskClient) -> None:
    """Opened at 127.0.0.1, the page says the library needs a *.dingtalk.com host."""
    page = client.get(f"http://127.0.0.1:8123{PC_HOST_PATH}").get_data(as_text=True)
    assert 'class="ddemu-warning"' in page
    assert f"http://h5.dingtalk.com:8123{PC_HOST_PATH}" in page

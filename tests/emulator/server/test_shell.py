"""Tests of emulator.server.shell: the device shell's page and JSON API, via Flask's test client."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server import create_app
from emulator.server.shell import SHELL_PATH, shell_viewport

CONFIRM = {"message": "ok?", "buttonLabels": ["好", "不"]}


@pytest.fixture
def emulator(tmp_path: Path) -> Emulator:
    (tmp_path / "index.html").write_text("<html><head></head><body>x</body></html>", "utf-8")
    return Emulator(app=tmp_path, persona="ios", data_dir=tmp_path / "data")


@pytest.fixture
def client(emulator: Emulator) -> FlaskClient:
    return create_app({"TESTING": True, "DDEMU_EMULATOR": emulator}).test_client()


def confirm(emulator: Emulator) -> Any:
    """Ask the default device a confirm that waits (policy "wait")."""
    ui = emulator.device.ui
    ui.set_policy("wait")
    return ui.request("device.notification.confirm", CONFIRM, kind="confirm", default=dict)


def test_page_loads_shell_then_renderers_and_embeds_home(
    client: FlaskClient, emulator: Emulator
) -> None:
    """The page has the config prelude, shell.js before the other scripts, and the app's home."""
    page = client.get(SHELL_PATH).get_data(as_text=True)
    assert "window.__DDEMU_SHELL__ = " in page
    scripts = page.split('<script src="')[1:]
    assert scripts[0].startswith(f"{SHELL_PATH}/static/shell.js")
    assert any(s.startswith(f"{SHELL_PATH}/static/dialogs.js") for s in scripts)
    assert 'src="/?corpId=' in page or f'src="{emulator.url}?corpId=' in page.replace("&amp;", "&")
    height = shell_viewport(emulator.device.profile)["height"]
    assert f"--dd-height: {height}px" in page


def test_static_files_served_and_others_refused(client: FlaskClient) -> None:
    """The shell's JS and CSS are served; nothing else from the package is."""
    response = client.get(f"{SHELL_PATH}/static/shell.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "ddemuShell" in response.get_data(as_text=True)
    assert client.get(f"{SHELL_PATH}/static/shell.css").mimetype == "text/css"
    assert client.get(f"{SHELL_PATH}/static/../shell.py").status_code == 404
    assert client.get(f"{SHELL_PATH}/static/nothing.js").status_code == 404


def test_unknown_device_is_404(client: FlaskClient) -> None:
    """A shell of a device that does not exist says so."""
    response = client.get(f"{SHELL_PATH}?device=tablet")
    assert response.status_code == 404
    assert "tablet" in response.get_data(as_text=True)


def test_not_from_loopback_needs_the_token(client: FlaskClient, emulator: Emulator) -> None:
    """A caller beyond this machine is refused without the emulator's token."""
    far = {"REMOTE_ADDR": "192.168.1.20"}
    assert client.get(f"{SHELL_PATH}/state", environ_base=far).status_code == 403
    token = f"?token={emulator.token}"
    assert client.get(f"{SHELL_PATH}{token}", environ_base=far).status_code == 200


def test_state_shows_navigation_toast_and_pending(client: FlaskClient, emulator: Emulator) -> None:
    """The state carries what the shell draws: the bar, the toast, the requests waiting."""
    device = emulator.device
    device.navigation.title = "审批"
    device.navigation.set_right({"text": "提交", "control": True})
    device.show_toast("已保存", icon="success")
    future = confirm(emulator)
    state = client.get(f"{SHELL_PATH}/state").get_json()
    assert state["navigation"]["title"] == "审批"
    assert state["navigation"]["right"] == {
        "text": "提交",
        "show": True,
        "control": True,
        "showIcon": True,
    }
    assert state["toast"]["text"] == "已保存"
    [pending] = state["pending"]
    assert (pending["kind"], pending["params"]) == ("confirm", CONFIRM)
    assert state["battery"]["level"] == device.battery.level
    future.cancel()


def test_state_waits_for_a_change(client: FlaskClient, emulator: Emulator) -> None:
    """Given the etag it has, the shell's request answers once something changes."""
    first = client.get(f"{SHELL_PATH}/state").get_json()
    threading.Timer(0.2, lambda: setattr(emulator.device.navigation, "title", "新")).start()
    second = client.get(f"{SHELL_PATH}/state?since={first['etag']}").get_json()
    assert second["etag"] != first["etag"]
    assert second["navigation"]["title"] == "新"


def test_polling_shell_means_a_person_is_watching(client: FlaskClient, emulator: Emulator) -> None:
    """A shell that polls makes requests wait for it; person=0 does not; /gone ends it."""
    ui = emulator.device.ui
    client.get(f"{SHELL_PATH}/state?shell=s1&person=0")
    assert not ui.people_watching
    client.get(f"{SHELL_PATH}/state?shell=s2")
    assert ui.people_watching
    client.post(f"{SHELL_PATH}/gone?shell=s2")
    assert not ui.people_watching


def test_person_answers(client: FlaskClient, emulator: Emulator) -> None:
    """A click's answer resolves the request, marked as the person's."""
    future = confirm(emulator)
    request_id = emulator.device.ui.pending[0].id
    response = client.post(
        f"{SHELL_PATH}/answer", json={"id": request_id, "result": {"buttonIndex": 1}}
    )
    assert response.get_json() == {"ok": True, "id": request_id}
    assert isinstance(future, Future) and future.result(timeout=1) == {"buttonIndex": 1}
    assert emulator.device.ui.history[-1].source == "person"


def test_person_cancels(client: FlaskClient, emulator: Emulator) -> None:
    """A cancel from the shell fails the request with "-1"."""
    future = confirm(emulator)
    request_id = emulator.device.ui.pending[0].id
    client.post(f"{SHELL_PATH}/answer", json={"id": request_id, "cancel": True})
    assert future.exception(timeout=1).code == "-1"  # type: ignore[union-attr]


def test_bad_answers_refused(client: FlaskClient, emulator: Emulator) -> None:
    """Unknown requests, non-object results and answering twice get a clear 4xx."""
    response = client.post(f"{SHELL_PATH}/answer", json={"id": "ui-0", "result": {}})
    assert response.status_code == 409 and "no UI request 'ui-0'" in response.get_json()["error"]
    future = confirm(emulator)
    request_id = emulator.device.ui.pending[0].id
    response = client.post(f"{SHELL_PATH}/answer", json={"id": request_id, "result": [1]})
    assert response.status_code == 400
    assert client.post(f"{SHELL_PATH}/answer", data="x").status_code == 400
    client.post(f"{SHELL_PATH}/answer", json={"id": request_id, "result": {}})
    again = client.post(f"{SHELL_PATH}/answer", json={"id": request_id, "result": {}})
    assert again.status_code == 409 and "already answered" in again.get_json()["error"]
    assert future.result(timeout=1) == {}


def test_taps(client: FlaskClient, emulator: Emulator) -> None:
    """Taps reach the navigation bar; tapping what the page did not set is a 409 saying why."""
    response = client.post(f"{SHELL_PATH}/tap", json={"target": "right"})
    assert response.status_code == 409
    assert "setRight" in response.get_json()["error"]
    emulator.device.navigation.set_right({"text": "Go", "control": True})
    assert client.post(f"{SHELL_PATH}/tap", json={"target": "right"}).get_json()["ok"]
    assert client.post(f"{SHELL_PATH}/tap", json={"target": "bottom"}).status_code == 400

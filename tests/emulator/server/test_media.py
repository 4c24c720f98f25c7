"""Tests of emulator.server.media: the phone's chosen files on the app's origin."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server import create_app


def client_of(emu: Emulator) -> FlaskClient:
    return create_app({"TESTING": True, "DDEMU_EMULATOR": emu}).test_client()


def test_chosen_file_is_served(tmp_path: Path) -> None:
    """A file on the phone is served at its path, with its type, readable cross-origin."""
    emu = Emulator(app=tmp_path)
    (doc,) = emu.device.media.add_files(("报告 1.txt", "季度报告".encode()))
    client = client_of(emu)
    got = client.get(doc.path("phone"))
    assert got.status_code == 200 and got.data == "季度报告".encode()
    assert got.mimetype == "text/plain"
    assert got.headers["Access-Control-Allow-Origin"] == "*"


def test_wrong_token_name_or_device_is_404(tmp_path: Path) -> None:
    """Only the exact device, token and name serve the file."""
    emu = Emulator(app=tmp_path)
    (doc,) = emu.device.media.add_files(("a.txt", b"secret data"))
    client = client_of(emu)
    assert client.get(f"/__ddemu__/media/phone/{doc.token}/b.txt").status_code == 404
    assert client.get("/__ddemu__/media/phone/not-a-token/a.txt").status_code == 404
    assert client.get(f"/__ddemu__/media/tablet/{doc.token}/a.txt").status_code == 404


def test_reset_forgets_files(tmp_path: Path) -> None:
    """After a reset the old phone's files are gone."""
    emu = Emulator(app=tmp_path)
    (doc,) = emu.device.media.add_files(("a.txt", b"old data"))
    emu.reset()
    assert client_of(emu).get(doc.path("phone")).status_code == 404

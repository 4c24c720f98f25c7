"""The phone's side of a QR login: scan, confirm screen, answer (emulator/phonelogin.py)."""

from __future__ import annotations

import io

import pytest
import qrcode

from bridge.errors import QrLoginError
from emulator import Emulator
from emulator.qrlogin import QrLogin, QrState

KEY = "dingapp8k2m4n6p8r0t2v4x"


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def new_login(emu: Emulator, flow: str = "sns") -> tuple[QrLogin, str]:
    login = emu.platform.qr_logins.create(flow, KEY, "http://127.0.0.1/cb", "s", "openid")
    return login, f"http://127.0.0.1:1/login/scan?qr={login.id}"


def png_of(text: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(text).save(buffer)
    return buffer.getvalue()


def state_of(emu: Emulator, login: QrLogin) -> QrState:
    current = emu.platform.qr_logins.get(login.id)
    assert current is not None
    return current.state


def test_scan_shows_the_confirm_screen_with_user_and_corp(emu: Emulator) -> None:
    """Scanning puts up a login.confirm request naming the person, the corp and the app."""
    login, text = new_login(emu)
    prompt = emu.device.scan_login(text)
    corp = emu.org.corp(emu.device.corp_id).name
    assert (prompt.name, prompt.corp_name, prompt.app_name) == (
        emu.device.user.name,
        corp,
        "Hello ddemu",
    )
    request = emu.device.ui.wait_for("login.confirm", timeout=1)
    assert request.params["name"] == emu.device.user.name and request.params["corp"] == corp
    assert state_of(emu, login) is QrState.SCANNED


def test_shell_answers_confirm_and_cancel(emu: Emulator) -> None:
    """Confirm in the shell confirms the login; cancel there cancels it."""
    login, text = new_login(emu)
    emu.device.scan_login(text)
    emu.device.ui.answer("login.confirm", {"confirmed": True})
    assert state_of(emu, login) is QrState.CONFIRMED
    other, text = new_login(emu)
    emu.device.scan_login(text)
    emu.device.ui.cancel("login.confirm")
    assert state_of(emu, other) is QrState.CANCELLED


def test_scripted_answer_confirms_at_once(emu: Emulator) -> None:
    """A queued answer decides the login as soon as it is scanned."""
    login, text = new_login(emu, "oauth2")
    emu.device.ui.queue("login.confirm", {"confirmed": True})
    emu.device.scan_login(text)
    assert state_of(emu, login) is QrState.CONFIRMED


def test_deciding_by_script_closes_the_screen(emu: Emulator) -> None:
    """prompt.confirm() takes the pending confirm screen away."""
    _, text = new_login(emu)
    prompt = emu.device.scan_login(text)
    assert [r.kind for r in emu.device.ui.pending] == ["login.confirm"]
    prompt.confirm()
    assert emu.device.ui.pending == []
    with pytest.raises(QrLoginError, match="confirmed"):
        prompt.cancel()


def test_expiry_closes_the_screen(emu: Emulator) -> None:
    """When the code expires the confirm screen goes away and confirm fails."""
    login, text = new_login(emu)
    prompt = emu.device.scan_login(text)
    emu.clock.advance(emu.platform.qr_logins.lifetime + 1)
    emu.platform.qr_logins.tick()
    assert emu.device.ui.pending == []
    with pytest.raises(QrLoginError, match="expired"):
        prompt.confirm()
    assert state_of(emu, login) is QrState.EXPIRED


def test_scan_refusals(emu: Emulator) -> None:
    """Other codes, unknown logins and a second scan are refused with a clear error."""
    with pytest.raises(QrLoginError, match="not a DingTalk login QR code"):
        emu.device.scan_login("https://example.com/asset/42")
    with pytest.raises(QrLoginError, match="no QR login"):
        emu.device.scan_login("http://127.0.0.1:1/login/scan?qr=nosuch")
    _, text = new_login(emu)
    emu.device.scan_login(text)
    lisi = emu.add_device("lisi-phone", userid="lisi")
    with pytest.raises(QrLoginError, match="scanned"):
        lisi.scan_login(text)


def test_scan_from_a_picture(emu: Emulator) -> None:
    """A PNG of the code is decoded; a picture of another code is refused naming it."""
    login, text = new_login(emu)
    prompt = emu.device.scan_login_image(png_of(text))
    assert prompt.login_id == login.id
    with pytest.raises(QrLoginError, match="example.com"):
        emu.device.scan_login_image(png_of("https://example.com/asset/42"))

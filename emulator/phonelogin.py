"""The phone's side of a QR login: scan the code, show the confirm screen, answer it.

``emu.device.scan_login(text)`` (or ``scan_login_image(png)``, which decodes a
real picture of the code first) does what scanning a web site's login QR code
with DingTalk does: the page learns it was scanned, and the phone shows a
confirm screen naming the person, their corp and the site's app. The answer
comes from a click on that screen (the ``/login/scan`` page of the platform,
or the device shell's ``login.confirm`` sheet) or from a script::

    prompt = emu.device.scan_login(text)
    assert prompt.name == emu.device.user.name
    prompt.confirm()          # or prompt.cancel()
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bridge.errors import Cancelled, QrLoginError

from .barcodes import decode
from .qrlogin import QrLogin, QrState, login_id_from_text

if TYPE_CHECKING:
    from .device import Device

__all__ = ["LoginPrompt", "decode_qr_texts", "login_prompt", "scan_login", "scan_login_image"]

#: The kind of the device shell's UI request for the confirm screen.
UI_KIND = "login.confirm"


@dataclass(frozen=True)
class LoginPrompt:
    """The confirm screen a phone shows after scanning a login QR code."""

    device: Device
    login_id: str
    app_name: str
    name: str
    corp_name: str

    @property
    def login(self) -> QrLogin:
        """The login as it stands now."""
        found = self.device.platform.qr_logins.get(self.login_id)
        if found is None:
            raise QrLoginError(f"no QR login {self.login_id!r}")
        return found

    @property
    def state(self) -> QrState:
        return self.login.state

    def confirm(self) -> QrLogin:
        """Tap "confirm": the web page signs in.

        Raises:
            QrLoginError: If the login expired or was decided already.
        """
        return self.device.platform.qr_logins.confirm(self.login_id)

    def cancel(self) -> QrLogin:
        """Tap "cancel": the web page shows that the login was cancelled.

        Raises:
            QrLoginError: If the login expired or was decided already.
        """
        return self.device.platform.qr_logins.cancel(self.login_id)

    def as_request(self) -> dict[str, Any]:
        """The params of the shell's ``login.confirm`` request."""
        return {
            "loginId": self.login_id,
            "app": self.app_name,
            "name": self.name,
            "corp": self.corp_name,
            "unionid": self.device.user.unionid,
        }


def scan_login(device: Device, text: str) -> LoginPrompt:
    """The phone scanned a login QR code whose text is ``text``.

    Returns:
        The confirm screen; call :meth:`LoginPrompt.confirm` or
        :meth:`LoginPrompt.cancel` (or let a person click).

    Raises:
        QrLoginError: If the text is no login code of this platform, or the
            login is no longer waiting (expired, cancelled, scanned already).
    """
    logins = device.platform.qr_logins
    login_id = login_id_from_text(text)
    login = logins.get(login_id)
    if login is None:
        raise QrLoginError(f"no QR login {login_id!r} on this platform (is it another's?)")
    found = device.platform.find_app(login.app_key)
    app_name = found[1].name if found else login.app_key
    corp = device.platform.org.corp(device.corp_id)
    logins.scan(
        login_id,
        corp_id=device.corp_id,
        userid=device.user.userid,
        unionid=device.user.unionid,
        name=device.user.name,
        corp_name=corp.name,
        device=device.name,
    )
    prompt = LoginPrompt(device, login_id, app_name, device.user.name, corp.name)
    _show(device, prompt)
    return prompt


def login_prompt(device: Device) -> LoginPrompt | None:
    """The confirm screen the phone shows now (its latest scanned login), or None."""
    for login in reversed(device.platform.qr_logins.all()):
        if login.device == device.name and login.state is QrState.SCANNED:
            found = device.platform.find_app(login.app_key)
            app_name = found[1].name if found else login.app_key
            return LoginPrompt(device, login.id, app_name, login.name, login.corp_name)
    return None


def scan_login_image(device: Device, image: bytes | str | Path) -> LoginPrompt:
    """The phone's camera sees a picture (PNG or JPEG) holding a login QR code.

    Raises:
        QrLoginError: If the picture holds no login QR code of this platform.
    """
    texts = decode_qr_texts(image)
    for text in texts:
        try:
            login_id_from_text(text)
        except QrLoginError:
            continue
        return scan_login(device, text)
    seen = ", ".join(repr(t[:60]) for t in texts) or "no code at all"
    raise QrLoginError(f"the picture holds no DingTalk login QR code ({seen})")


def decode_qr_texts(image: bytes | str | Path) -> list[str]:
    """The texts of every QR code in a picture (the platform's decoder, zxing-cpp).

    Raises:
        ConfigError: If the picture cannot be read.
    """
    return [code.text for code in decode(image) if code.kind == "qrCode"]


def _show(device: Device, prompt: LoginPrompt) -> None:
    """Put the confirm screen up in the device shell (a ``login.confirm`` UI request).

    The phone waits for its person: unless a policy for ``login.confirm`` was
    set, the request stays pending until the shell, a scripted answer
    (``ui.queue("login.confirm", {"confirmed": True})``) or Python answers it.
    ``{"confirmed": true}`` confirms, a cancel cancels; a timeout leaves the
    login scanned. When the login is decided elsewhere (the ``/login/scan``
    page, :meth:`LoginPrompt.confirm`, expiry) the screen goes away.
    """
    ui = device.ui
    if ui.policy == "default":
        ui.policies.setdefault(UI_KIND, "wait")
    logins = device.platform.qr_logins

    def apply(result: Any, error: BaseException | None) -> None:
        if prompt.state is not QrState.SCANNED:
            return  # decided elsewhere first
        if error is None and isinstance(result, dict) and result.get("confirmed"):
            prompt.confirm()
        elif isinstance(error, Cancelled) or (error is None and result is not None):
            prompt.cancel()

    try:
        answer = ui.request(
            UI_KIND, prompt.as_request(), kind=UI_KIND, default=lambda: {"confirmed": False}
        )
    except Cancelled as exc:
        apply(None, exc)
        return
    if not isinstance(answer, Future):
        apply(answer, None)
        return
    request = next(r for r in reversed(ui.history) if r.future is answer)

    def settled(future: Future[dict[str, Any]]) -> None:
        if future.cancelled():
            return
        apply(None if future.exception() else future.result(), future.exception())

    def moved(login: QrLogin) -> None:
        if login.state is QrState.CONFIRMED:
            request.answer({"confirmed": True}, source="python")
        elif login.state.final:
            request.cancel(f"the login is {login.state.value}", source="python")
        if login.state.final:
            unsubscribe()

    unsubscribe = logins.subscribe(prompt.login_id, moved)
    answer.add_done_callback(settled)

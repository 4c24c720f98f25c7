"""QR-code scan logins: one state machine per QR code, on the platform's virtual clock.

A web page that shows "Sign in with DingTalk" shows a QR code. Each code is a
:class:`QrLogin` that moves through::

    WAITING ──scan──▶ SCANNED ──confirm──▶ CONFIRMED
       │                 └────cancel───▶ CANCELLED
       └──── (lifetime over, not yet decided) ──▶ EXPIRED

CONFIRMED, CANCELLED and EXPIRED are final. Nothing here does I/O: the
mock's login pages, the websocket that pushes changes to them and the phone
all drive :class:`QrLogins` and listen to it (:meth:`QrLogins.subscribe`).
Expiry is evaluated against the clock whenever a login is read, and
:meth:`QrLogins.tick` expires the overdue ones so listeners hear of it.

What a confirmed login yields depends on its flow
(``reference/dingtalk-server-api.md`` §4):

- ``sns`` (legacy ``qrconnect`` / ``ddLogin``): a single-use ``loginTmpCode``
  for ``/connect/oauth2/sns_authorize``, which trades it for a single-use
  ``code`` (:meth:`QrLogins.issue_sns_code`) that ``/sns/getuserinfo_bycode``
  redeems;
- ``oauth2`` (``/oauth2/auth``): an ``authCode`` issued by
  :class:`~emulator.tokens.Tokens` and the ``redirect_uri?authCode=&code=&state=``
  the browser goes to.
"""

from __future__ import annotations

import enum
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bridge.errors import QrLoginError

from .clock import Clock
from .onetime import OneTimeCodes
from .org import App
from .tokens import Tokens

__all__ = [
    "QR_LIFETIME",
    "SNS_CODE_TTL",
    "QrLogin",
    "QrLogins",
    "QrState",
    "SnsCode",
    "add_query",
    "login_id_from_text",
    "redirect_uri_registered",
]

#: Seconds a QR code can be scanned and confirmed before it expires.
QR_LIFETIME = 180.0
#: Seconds the ``code`` of the legacy flow (and its ``loginTmpCode``) stays valid.
SNS_CODE_TTL = 300.0

#: The query parameter of the QR text that names the login.
QR_PARAM = "qr"


class QrState(enum.Enum):
    WAITING = "waiting"
    SCANNED = "scanned"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def final(self) -> bool:
        return self in (QrState.CONFIRMED, QrState.CANCELLED, QrState.EXPIRED)


@dataclass(frozen=True)
class QrLogin:
    """One QR code and where its login stands.

    ``version`` grows with every change, so a page that polls can tell news.
    ``corp_id``/``userid``/``unionid``/``name``/``corp_name`` are who scanned it.
    """

    id: str
    flow: str  # "sns" or "oauth2"
    app_key: str
    redirect_uri: str
    state_param: str
    scope: str
    created_at: float
    expires_at: float
    state: QrState = QrState.WAITING
    version: int = 0
    corp_id: str = ""
    userid: str = ""
    unionid: str = ""
    name: str = ""
    corp_name: str = ""
    device: str = ""
    login_tmp_code: str = ""
    redirect_url: str = ""

    def as_json(self) -> dict[str, object]:
        """What the login page is told: state, version, and what to do next."""
        body: dict[str, object] = {"state": self.state.value, "version": self.version}
        if self.state is not QrState.WAITING and self.name:
            body["name"] = self.name
        if self.state is QrState.CONFIRMED:
            if self.login_tmp_code:
                body["loginTmpCode"] = self.login_tmp_code
            if self.redirect_url:
                body["redirectUrl"] = self.redirect_url
        return body


@dataclass(frozen=True)
class SnsCode:
    """A legacy login's ``code``, redeemed once at ``/sns/getuserinfo_bycode``."""

    code: str
    app_key: str
    unionid: str
    corp_id: str
    expires_at: float


Listener = Callable[[QrLogin], None]


class QrLogins:
    """Every QR login of the platform; thread-safe.

    Args:
        clock: The platform's virtual clock.
        tokens: Where the new flow's ``authCode`` is issued.
        lifetime: Seconds a QR code lives (:data:`QR_LIFETIME`).
    """

    def __init__(self, clock: Clock, tokens: Tokens, lifetime: float = QR_LIFETIME) -> None:
        self.clock = clock
        self.tokens = tokens
        self.lifetime = lifetime
        self._default_lifetime = lifetime
        self._lock = threading.RLock()
        self._logins: dict[str, QrLogin] = {}
        self._tmp_codes: dict[str, str] = {}  # loginTmpCode -> login id
        self._sns_codes: OneTimeCodes[SnsCode] = OneTimeCodes(clock)
        self._listeners: dict[str, list[Listener]] = {}

    # -- creating and reading -------------------------------------------------

    def create(
        self,
        flow: str,
        app_key: str,
        redirect_uri: str,
        state: str = "",
        scope: str = "",
        *,
        lifetime: float | None = None,
    ) -> QrLogin:
        """A new login waiting for its QR code to be scanned.

        Raises:
            QrLoginError: For a flow other than ``sns`` or ``oauth2``.
        """
        if flow not in ("sns", "oauth2"):
            raise QrLoginError(f"flow must be 'sns' or 'oauth2', got {flow!r}")
        now = self.clock.now()
        login = QrLogin(
            id=secrets.token_urlsafe(16),
            flow=flow,
            app_key=app_key,
            redirect_uri=redirect_uri,
            state_param=state,
            scope=scope,
            created_at=now,
            expires_at=now + (self.lifetime if lifetime is None else lifetime),
        )
        with self._lock:
            self._logins[login.id] = login
        return login

    def get(self, login_id: str) -> QrLogin | None:
        """The login as it stands now (expired if its time is over), or None."""
        with self._lock:
            login = self._logins.get(login_id)
        if login is None:
            return None
        return self._expire_if_due(login)

    def all(self) -> list[QrLogin]:
        """Every login, oldest first, as it stands now."""
        with self._lock:
            ids = list(self._logins)
        return [login for i in ids if (login := self.get(i)) is not None]

    def tick(self) -> list[QrLogin]:
        """Expire every overdue login; returns those that expired now."""
        with self._lock:
            logins = list(self._logins.values())
        expired = []
        for login in logins:
            now = self._expire_if_due(login)
            if now is not login and now.state is QrState.EXPIRED:
                expired.append(now)
        return expired

    # -- the phone's steps ----------------------------------------------------

    def scan(
        self,
        login_id: str,
        *,
        corp_id: str,
        userid: str,
        unionid: str,
        name: str,
        corp_name: str,
        device: str = "",
    ) -> QrLogin:
        """A phone scanned the code: the page shows "scanned, confirm on your phone".

        Raises:
            QrLoginError: For an unknown login, or one that is not waiting.
        """
        return self._move(
            login_id,
            (QrState.WAITING,),
            lambda login: replace(
                login,
                state=QrState.SCANNED,
                corp_id=corp_id,
                userid=userid,
                unionid=unionid,
                name=name,
                corp_name=corp_name,
                device=device,
            ),
        )

    def confirm(self, login_id: str) -> QrLogin:
        """The person confirmed on the phone: the page may sign them in.

        Raises:
            QrLoginError: For an unknown login, or one that was not scanned.
        """

        def confirmed(login: QrLogin) -> QrLogin:
            if login.flow == "sns":
                tmp = secrets.token_hex(16)
                self._tmp_codes[tmp] = login.id
                return replace(login, state=QrState.CONFIRMED, login_tmp_code=tmp)
            corp = login.corp_id if "corpid" in login.scope.split() else None
            code = self.tokens.issue_oauth_code(login.app_key, login.unionid, corp).code
            query = {"authCode": code, "code": code, "state": login.state_param}
            url = add_query(login.redirect_uri, query)
            return replace(login, state=QrState.CONFIRMED, redirect_url=url)

        return self._move(login_id, (QrState.SCANNED,), confirmed)

    def cancel(self, login_id: str) -> QrLogin:
        """The person declined on the phone (or closed the confirm screen).

        Raises:
            QrLoginError: For an unknown login, or one already decided.
        """
        waiting = (QrState.WAITING, QrState.SCANNED)
        return self._move(login_id, waiting, lambda login: replace(login, state=QrState.CANCELLED))

    # -- the legacy flow's codes ----------------------------------------------

    def redeem_login_tmp_code(self, tmp_code: str) -> QrLogin | None:
        """Use a ``loginTmpCode`` up; the confirmed login it belongs to, or None."""
        with self._lock:
            login_id = self._tmp_codes.pop(tmp_code, None)
        login = self.get(login_id) if login_id else None
        if login is None or self.clock.now() >= login.created_at + SNS_CODE_TTL:
            return None
        return login

    def issue_sns_code(self, login: QrLogin) -> SnsCode:
        """The ``code`` that ``sns_authorize`` hands the site for a confirmed login."""
        return self._sns_codes.add(
            SnsCode(
                secrets.token_hex(16),
                login.app_key,
                login.unionid,
                login.corp_id,
                self.clock.now() + SNS_CODE_TTL,
            )
        )

    def redeem_sns_code(self, code: str, app_key: str) -> SnsCode | None:
        """Use ``code`` up; return it if it was valid for ``app_key``, else None.

        A code is consumed by its first redemption, even a failed one.
        """
        return self._sns_codes.redeem(code, lambda found: found.app_key == app_key)

    # -- listeners ------------------------------------------------------------

    def subscribe(self, login_id: str, listener: Listener) -> Callable[[], None]:
        """Call ``listener(login)`` after each change of the login; returns the unsubscribe."""
        with self._lock:
            self._listeners.setdefault(login_id, []).append(listener)

        def unsubscribe() -> None:
            with self._lock:
                listeners = self._listeners.get(login_id, [])
                if listener in listeners:
                    listeners.remove(listener)
                if not listeners:
                    self._listeners.pop(login_id, None)

        return unsubscribe

    def clear(self) -> None:
        """Forget every login and code, and restore the lifetime given at creation.

        Listeners stay until they unsubscribe.
        """
        with self._lock:
            self.lifetime = self._default_lifetime
            self._logins.clear()
            self._tmp_codes.clear()
            self._sns_codes.clear()

    # -- internals ------------------------------------------------------------

    def _move(
        self,
        login_id: str,
        allowed: tuple[QrState, ...],
        change: Callable[[QrLogin], QrLogin],
    ) -> QrLogin:
        current = self.get(login_id)
        if current is None:
            raise QrLoginError(f"no QR login {login_id!r}")
        with self._lock:
            current = self._logins[login_id]
            if current.state not in allowed:
                raise QrLoginError(f"the QR login is {current.state.value}")
            moved = replace(change(current), version=current.version + 1)
            self._logins[login_id] = moved
        self._notify(moved)
        return moved

    def _expire_if_due(self, login: QrLogin) -> QrLogin:
        if login.state.final or self.clock.now() < login.expires_at:
            return login
        with self._lock:
            current = self._logins.get(login.id)
            if current is None or current.state.final:
                return current or login
            moved = replace(current, state=QrState.EXPIRED, version=current.version + 1)
            self._logins[login.id] = moved
        self._notify(moved)
        return moved

    def _notify(self, login: QrLogin) -> None:
        with self._lock:
            listeners = list(self._listeners.get(login.id, ()))
        for listener in listeners:
            listener(login)


def add_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to its query (existing ones kept, fragment dropped)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def redirect_uri_registered(app: App, uri: str) -> bool:
    """Whether ``uri`` is under one of the app's registered redirect URIs.

    Scheme and host must be the registered ones ("安全域名"), the port too when
    the registered URI names one, and the path must start with the registered
    path. An entry without a port matches every port of its host, so a site on
    ``http://127.0.0.1:<any>/`` can use an app that registered ``http://127.0.0.1/``.
    """
    try:
        target = urlsplit(uri)
        target_port = target.port
    except ValueError:
        return False
    if target.scheme not in ("http", "https") or not target.hostname:
        return False
    for registered in app.redirect_uris:
        allowed = urlsplit(registered)
        if (allowed.scheme, allowed.hostname) != (target.scheme, target.hostname):
            continue
        if allowed.port is not None and allowed.port != target_port:
            continue
        if target.path.startswith(allowed.path or "/") or (
            target.path == "" and allowed.path in ("", "/")
        ):
            return True
    return False


def login_id_from_text(text: str) -> str:
    """The login a scanned QR text names (its ``?qr=`` parameter).

    Raises:
        QrLoginError: If the text is no DingTalk login QR code.
    """
    query = dict(parse_qsl(urlsplit(text.strip()).query))
    login_id = query.get(QR_PARAM, "")
    if not login_id:
        raise QrLoginError(f"not a DingTalk login QR code: {text[:80]!r}")
    return login_id

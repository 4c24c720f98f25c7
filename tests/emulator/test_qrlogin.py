"""The QR login state machine, its codes and redirect rules (emulator/qrlogin.py)."""

from __future__ import annotations

import pytest

from bridge.errors import QrLoginError
from emulator.clock import Clock
from emulator.org import App
from emulator.qrlogin import (
    QrLogin,
    QrLogins,
    QrState,
    add_query,
    login_id_from_text,
    redirect_uri_registered,
)
from emulator.tokens import Tokens

PERSON = {
    "corp_id": "ding1",
    "userid": "zhangsan",
    "unionid": "U1",
    "name": "张三",
    "corp_name": "Spruce",
}


@pytest.fixture
def clock_start() -> float:
    return 1_700_000_000


@pytest.fixture
def logins(clock: Clock) -> QrLogins:
    return QrLogins(clock, Tokens(clock), lifetime=120)


def test_sns_login_goes_through_to_a_single_use_code(logins: QrLogins) -> None:
    """waiting -> scanned -> confirmed yields a loginTmpCode, then a code, each usable once."""
    login = logins.create("sns", "key", "http://127.0.0.1/cb", "S", "snsapi_login")
    assert (login.state, login.version) == (QrState.WAITING, 0)
    scanned = logins.scan(login.id, **PERSON)
    assert (scanned.state, scanned.name, scanned.version) == (QrState.SCANNED, "张三", 1)
    confirmed = logins.confirm(login.id)
    assert confirmed.state is QrState.CONFIRMED and confirmed.login_tmp_code
    assert confirmed.as_json()["loginTmpCode"] == confirmed.login_tmp_code
    redeemed = logins.redeem_login_tmp_code(confirmed.login_tmp_code)
    assert redeemed is not None and redeemed.id == login.id
    assert logins.redeem_login_tmp_code(confirmed.login_tmp_code) is None
    code = logins.issue_sns_code(redeemed)
    assert logins.redeem_sns_code(code.code, "otherkey") is None  # consumed by the failed try
    code = logins.issue_sns_code(redeemed)
    found = logins.redeem_sns_code(code.code, "key")
    assert found is not None and (found.unionid, found.corp_id) == ("U1", "ding1")
    assert logins.redeem_sns_code(code.code, "key") is None


def test_oauth2_confirm_redirects_with_auth_code_and_state(logins: QrLogins) -> None:
    """The new flow's redirect carries authCode and code (same value) and state unchanged."""
    login = logins.create("oauth2", "key", "http://127.0.0.1/cb?x=1", "a b&c", "openid corpid")
    logins.scan(login.id, **PERSON)
    url = logins.confirm(login.id).redirect_url
    assert url.startswith("http://127.0.0.1/cb?x=1&authCode=")
    code = url.split("authCode=")[1].split("&")[0]
    assert f"&code={code}&state=a+b%26c" in url
    token = logins.tokens.redeem_oauth_code(code, "key")
    assert token is not None and (token.unionid, token.corp_id) == ("U1", "ding1")


def test_openid_scope_gives_no_corp(logins: QrLogins) -> None:
    """Without ``corpid`` in the scope the grant has no corpId."""
    login = logins.create("oauth2", "key", "http://127.0.0.1/cb", "", "openid")
    logins.scan(login.id, **PERSON)
    code = logins.confirm(login.id).redirect_url.split("authCode=")[1].split("&")[0]
    token = logins.tokens.redeem_oauth_code(code, "key")
    assert token is not None and token.corp_id is None


def test_expiry_on_the_virtual_clock(logins: QrLogins, clock: Clock) -> None:
    """An undecided login expires with its lifetime; listeners hear it on tick()."""
    login = logins.create("sns", "key", "http://127.0.0.1/cb")
    heard: list[QrLogin] = []
    logins.subscribe(login.id, heard.append)
    logins.scan(login.id, **PERSON)
    clock.advance(119)
    assert logins.tick() == []
    clock.advance(1)
    expired = logins.tick()
    assert [e.state for e in expired] == [QrState.EXPIRED]
    assert [h.state for h in heard] == [QrState.SCANNED, QrState.EXPIRED]
    with pytest.raises(QrLoginError, match="expired"):
        logins.confirm(login.id)


def test_decided_logins_never_expire_or_change(logins: QrLogins, clock: Clock) -> None:
    """Confirmed and cancelled are final: no expiry, no second answer, no rescan."""
    login = logins.create("sns", "key", "http://127.0.0.1/cb")
    logins.cancel(login.id)
    clock.advance(1000)
    current = logins.get(login.id)
    assert current is not None and current.state is QrState.CANCELLED
    with pytest.raises(QrLoginError, match="cancelled"):
        logins.scan(login.id, **PERSON)
    with pytest.raises(QrLoginError, match="cancelled"):
        logins.confirm(login.id)


def test_confirm_needs_a_scan_and_a_known_login(logins: QrLogins) -> None:
    """Confirming an unscanned or unknown login is refused."""
    login = logins.create("sns", "key", "http://127.0.0.1/cb")
    with pytest.raises(QrLoginError, match="waiting"):
        logins.confirm(login.id)
    with pytest.raises(QrLoginError, match="no QR login"):
        logins.confirm("nope")
    with pytest.raises(QrLoginError, match="flow"):
        logins.create("saml", "key", "http://127.0.0.1/cb")


def test_unsubscribe_stops_notifications(logins: QrLogins) -> None:
    login = logins.create("sns", "key", "http://127.0.0.1/cb")
    heard: list[QrLogin] = []
    unsubscribe = logins.subscribe(login.id, heard.append)
    unsubscribe()
    logins.scan(login.id, **PERSON)
    assert heard == []


@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        ("http://127.0.0.1:5000/callback", True),
        ("http://127.0.0.1/", True),
        ("http://site.example:8443/auth/dingtalk/cb", True),
        ("http://site.example:8080/auth/cb", False),  # the registered port is 8443
        ("http://site.example:8443/other", False),  # outside the registered path
        ("https://127.0.0.1/cb", False),  # another scheme
        ("http://evil.example/cb", False),
        ("http://127.0.0.1.evil.example/cb", False),
        ("javascript:alert(1)", False),
        ("http://127.0.0.1:notaport/", False),
    ],
)
def test_redirect_uri_registered(uri: str, ok: bool) -> None:
    """Scheme, host, the port when registered, and a path prefix must match."""
    app = App(
        "a",
        1,
        "key",
        "secret",
        redirect_uris=("http://127.0.0.1/", "http://site.example:8443/auth/"),
    )
    assert redirect_uri_registered(app, uri) is ok


def test_login_id_from_text() -> None:
    """The login is the ?qr= of the scanned text; anything else is not a login code."""
    assert login_id_from_text(" http://127.0.0.1:1/login/scan?qr=abc&device=x ") == "abc"
    with pytest.raises(QrLoginError, match="not a DingTalk login QR code"):
        login_id_from_text("https://example.com/asset/42")


def test_add_query_keeps_existing_params() -> None:
    assert add_query("http://h/p?a=1#frag", {"b": "x y"}) == "http://h/p?a=1&b=x+y"


def test_clear_forgets_logins_and_restores_the_lifetime(logins: QrLogins) -> None:
    """clear() (the emulator's reset) drops every login and undoes a changed lifetime."""
    login = logins.create("sns", "key", "http://127.0.0.1/cb")
    logins.lifetime = 5
    logins.clear()
    assert logins.get(login.id) is None and logins.lifetime == 120

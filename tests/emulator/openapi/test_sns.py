"""``/sns/getuserinfo_bycode``: the signature, the code, the person (openapi/sns.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server.openapi.people import open_id
from emulator.server.openapi.sns import sns_signature

from .conftest import KEY, SECRET, ZHANGSAN_UNIONID

CALLBACK = "http://127.0.0.1:5000/callback"


def test_signature_matches_the_reference_example() -> None:
    """appSecret testappsecret, timestamp 1700000000000: the reference's base64 value."""
    assert sns_signature("testappsecret", "1700000000000") == (
        "ySf/2zRLcCo4x4Hg1tGqhykvwK/PjqPdxZdMr6Z1NvA="
    )


def login_code(client: FlaskClient, emu: Emulator) -> str:
    """A legacy login's code, after a scan and confirm on the default device."""
    query = {"appid": KEY, "response_type": "code", "state": "S", "redirect_uri": CALLBACK}
    client.get("/connect/qrconnect", query_string=query)
    login = emu.platform.qr_logins.all()[-1]
    emu.device.scan_login(f"http://x/login/scan?qr={login.id}").confirm()
    tmp = emu.platform.qr_logins.get(login.id)
    assert tmp is not None
    response = client.get(
        "/connect/oauth2/sns_authorize", query_string={**query, "loginTmpCode": tmp.login_tmp_code}
    )
    return parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]


def bycode(
    client: FlaskClient,
    code: str,
    *,
    key: str = KEY,
    timestamp: str | None = None,
    signature: str | None = None,
    encode: bool = True,
) -> dict[str, Any]:
    emu = client.application.config["DDEMU_EMULATOR"]
    ts = timestamp if timestamp is not None else str(emu.clock.now_ms())
    sig = signature if signature is not None else sns_signature(SECRET, ts)
    # Built by hand, as the reference says the client must URL-encode the signature.
    value = quote(sig, safe="") if encode else sig
    url = f"/sns/getuserinfo_bycode?accessKey={key}&timestamp={ts}&signature={value}"
    response = client.post(url, json={"tmp_auth_code": code})
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    return body


def test_code_gives_the_person_once(client: FlaskClient, emu: Emulator) -> None:
    """The code answers user_info of the person who confirmed; the second use is 40078."""
    code = login_code(client, emu)
    answer = bycode(client, code)
    assert answer["errcode"] == 0 and answer["errmsg"] == "ok"
    info = answer["user_info"]
    assert (info["nick"], info["unionid"]) == ("张三", ZHANGSAN_UNIONID)
    assert info["openid"] == open_id(KEY, ZHANGSAN_UNIONID)
    assert info["main_org_auth_high_level"] is True and info["dingId"].startswith("$:LWCP_v1:$")
    assert bycode(client, code) == {"errcode": 40078, "errmsg": "不存在的临时授权码"}


@pytest.mark.parametrize(
    ("change", "errcode"),
    [
        ({"timestamp": "1700000000"}, 853001),  # seconds, not milliseconds
        ({"timestamp": "abc"}, 853001),
        ({"timestamp": "1000000000000"}, 853002),  # 2001: far from the clock
        ({"key": "dingnosuch"}, 853003),
        ({"signature": "d3Jvbmc="}, 853004),
        ({"encode": False}, 853004),  # "+" and "/" not URL-encoded do not survive
    ],
)
def test_signature_errors(
    client: FlaskClient, emu: Emulator, change: dict[str, Any], errcode: int
) -> None:
    """Wrong timestamps, keys and signatures answer 85300x and leave the code unused."""
    emu.clock.freeze(1_700_000_000)  # its signature holds both "+" and "/"
    assert set("+/") <= set(sns_signature(SECRET, str(emu.clock.now_ms())))
    code = login_code(client, emu)
    answer = bycode(client, code, **change)
    assert answer["errcode"] == errcode
    assert bycode(client, code)["errcode"] == 0


def test_timestamp_window_is_one_minute(client: FlaskClient, emu: Emulator) -> None:
    """A timestamp 60 s old passes, 61 s old is 853002."""
    emu.clock.freeze(1_700_000_000)
    code = login_code(client, emu)
    assert bycode(client, code, timestamp="1699999940000")["errcode"] == 0
    code = login_code(client, emu)
    assert bycode(client, code, timestamp="1699999939000")["errcode"] == 853002


def test_unknown_code_and_missing_code(client: FlaskClient, emu: Emulator) -> None:
    """An unknown code is 40078; no tmp_auth_code at all is 40035."""
    assert bycode(client, "nosuchcode")["errcode"] == 40078
    ts = str(emu.clock.now_ms())
    url = f"/sns/getuserinfo_bycode?accessKey={KEY}&timestamp={ts}&signature="
    url += quote(sns_signature(SECRET, ts), safe="")
    assert client.post(url, json={}).get_json()["errcode"] == 40035


def test_expired_code(client: FlaskClient, emu: Emulator) -> None:
    """A code older than five minutes is 40078."""
    code = login_code(client, emu)
    emu.clock.advance(301)
    assert bycode(client, code)["errcode"] == 40078


def test_new_flow_code_is_no_sns_code(client: FlaskClient, emu: Emulator) -> None:
    """The new flow's authCode cannot be spent at getuserinfo_bycode (separate namespaces)."""
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID).code
    assert bycode(client, code)["errcode"] == 40078

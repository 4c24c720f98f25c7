"""Tests of what every open-platform request goes through: the log, flow control, crashes."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from emulator import Emulator, ServerErrors

from .conftest import CORP, KEY, SECRET, ZHANGSAN_UNIONID, FakeFlow, get_token, topapi

HEADER = "x-acs-dingtalk-access-token"


def test_log_records_request_and_response(client: FlaskClient, emu: Emulator) -> None:
    """Each response is logged with its request, app, status, clock time and duration."""
    emu.clock.freeze(1_700_000_000.0)
    token = get_token(client)
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    answer = topapi(client, "/topapi/v2/user/getuserinfo", token, {"code": code})
    assert emu.openapi_log.paths() == ["/gettoken", "/topapi/v2/user/getuserinfo"]
    gettoken, exchange = emu.openapi_log
    assert (gettoken.method, gettoken.query) == ("GET", {"appkey": KEY, "appsecret": SECRET})
    assert gettoken.body is None and gettoken.app_key == KEY
    assert exchange.method == "POST"
    assert exchange.query == {"access_token": token}
    assert exchange.body == {"code": code}
    assert (exchange.status, exchange.response) == (200, answer)
    assert exchange.app_key == KEY
    assert exchange.at == 1_700_000_000.0
    assert exchange.duration >= 0
    assert exchange.ok and exchange.error is None


def test_log_records_errors(client: FlaskClient, emu: Emulator) -> None:
    """Failed requests are logged too, with their error code and no app when unknown."""
    client.get("/gettoken", query_string={"appkey": KEY, "appsecret": "wrong"})
    client.post("/v1.0/oauth2/accessToken", data={"appKey": KEY})
    client.get("/nosuch")
    wrong, form, unknown = emu.openapi_log
    assert (wrong.error, wrong.app_key) == ("40096", KEY)
    assert (form.status, form.error, form.body) == (400, "Missingbody", {"appKey": KEY})
    assert (unknown.error, unknown.app_key) == ("404", None)
    assert not wrong.ok
    assert emu.openapi_log.of("/nosuch") == [unknown]


def test_log_records_form_bodies(client: FlaskClient, emu: Emulator) -> None:
    """A topapi form body is logged as the form it was, once the handler has read it."""
    token = get_token(client)
    client.post("/topapi/v2/user/get", data={"userid": "lisi", "access_token": token})
    assert emu.openapi_log[-1].body == {"userid": "lisi", "access_token": token}
    assert emu.openapi_log[-1].response["result"]["userid"] == "lisi"


def test_log_wait_for(client: FlaskClient, emu: Emulator) -> None:
    """wait_for finds a logged request, or times out listing those seen."""
    get_token(client)
    assert emu.openapi_log.wait_for("/gettoken", timeout=0).status == 200
    with pytest.raises(TimeoutError, match="requests seen: /gettoken"):
        emu.openapi_log.wait_for("/get_jsapi_ticket", timeout=0.01)


def test_reset_forgets_tokens_and_log(client: FlaskClient, emu: Emulator) -> None:
    """emu.reset() forgets issued tokens and empties the log."""
    token = get_token(client)
    emu.reset()
    assert len(emu.openapi_log) == 0
    body = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert body["errcode"] == 40014


def test_flow_is_asked_with_app_and_api(client: FlaskClient, emu: Emulator, flow: FakeFlow) -> None:
    """Flow control is asked once per call, with the app and the API's path."""
    token = get_token(client)
    topapi(client, "/topapi/v2/user/get", token, {"userid": "lisi"})
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID).code
    user_token = client.post(
        "/v1.0/oauth2/userAccessToken",
        json={
            "clientId": KEY,
            "clientSecret": SECRET,
            "code": code,
            "grantType": "authorization_code",
        },
    ).get_json()["accessToken"]
    client.get("/v1.0/contact/users/me", headers={HEADER: user_token})
    assert flow.checks == [
        (KEY, "/gettoken"),
        (KEY, "/topapi/v2/user/get"),
        (KEY, "/v1.0/oauth2/userAccessToken"),
        (KEY, "/v1.0/contact/users/{unionId}"),
    ]


def test_flow_not_asked_without_an_app(client: FlaskClient, flow: FakeFlow) -> None:
    """A call whose app is unknown (bad token, bad secret) is not counted."""
    client.get("/get_jsapi_ticket", query_string={"access_token": "nosuch"})
    client.get("/gettoken", query_string={"appkey": KEY, "appsecret": "wrong"})
    assert flow.checks == []


def test_limited_legacy_direct(client: FlaskClient, flow: FakeFlow) -> None:
    """A limited call off topapi answers the limit's errcode directly."""
    token = get_token(client)
    flow.refuse.add("/get_jsapi_ticket")
    body = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert body == {
        "errcode": 90018,
        "errmsg": "您的企业应用调用钉钉开放平台当前接口的所有请求都被暂时禁用了",
    }


def test_limited_topapi_wrapped(client: FlaskClient, flow: FakeFlow, emu: Emulator) -> None:
    """A limited topapi call answers 88 with the limit as sub_code, and does nothing."""
    token = get_token(client)
    flow.refuse.add("/topapi/v2/user/getuserinfo")
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    body = topapi(client, "/topapi/v2/user/getuserinfo", token, {"code": code})
    message = "您的企业应用调用钉钉开放平台当前接口的所有请求都被暂时禁用了"
    assert body == {
        "errcode": 88,
        "sub_code": "90018",
        "sub_msg": message,
        "errmsg": f"ding talk error[subcode=90018,submsg={message}]",
        "request_id": body["request_id"],
    }
    flow.refuse.clear()  # the refused call did not use the code up
    assert topapi(client, "/topapi/v2/user/getuserinfo", token, {"code": code})["errcode"] == 0


def test_limited_new_host(client: FlaskClient, flow: FakeFlow) -> None:
    """A limited new-host call answers the limit's HTTP status and code."""
    flow.refuse.add("/v1.0/oauth2/accessToken")
    response = client.post("/v1.0/oauth2/accessToken", json={"appKey": KEY, "appSecret": SECRET})
    assert response.status_code == 403
    assert response.get_json()["code"] == "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"


def test_real_flow_control_is_installed(emu: Emulator) -> None:
    """The platform's flow control is the one of emulator.flowcontrol when present."""
    flowcontrol = pytest.importorskip("emulator.flowcontrol")
    assert isinstance(emu.platform.flow, flowcontrol.FlowControl)


def test_crash_is_recorded_and_answered(
    client: FlaskClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handler that crashes answers -1 / 500 and the error surfaces in check_errors()."""

    def crash(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(emu.platform.tokens, "issue_app_token", crash)
    legacy = client.get("/gettoken", query_string={"appkey": KEY, "appsecret": SECRET})
    assert legacy.get_json() == {"errcode": -1, "errmsg": "系统繁忙"}
    new = client.post("/v1.0/oauth2/accessToken", json={"appKey": KEY, "appSecret": SECRET})
    assert (new.status_code, new.get_json()["code"]) == (500, "system.error")
    with pytest.raises(ServerErrors, match="RuntimeError: boom"):
        emu.check_errors()

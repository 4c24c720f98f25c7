"""Tests of what every open-platform request goes through: the log, flow control, crashes."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from emulator import Emulator, ServerErrors
from emulator.flowconfig import parse_flow_config

from .conftest import CORP, KEY, SECRET, ZHANGSAN_UNIONID, get_token, topapi

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


def limit_qps(emu: Emulator, api: str) -> None:
    """Allow one call a second of ``api``, on a frozen clock, with the real flow control."""
    emu.clock.freeze()
    emu.platform.flow.config = parse_flow_config(f'[apis."{api}"]\nqps = 1\n')


def test_flow_counts_each_call_by_app_and_api(client: FlaskClient, emu: Emulator) -> None:
    """Flow control counts each call once, against the app and the API's route."""
    emu.clock.freeze()
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
    flow = emu.platform.flow
    for api in (
        "/gettoken",
        "/topapi/v2/user/get",
        "/v1.0/oauth2/userAccessToken",
        "/v1.0/contact/users/{unionId}",
    ):
        assert flow.usage(KEY, api)["api-qps"] == 1, api
    assert flow.usage(KEY)["app-qpd"] == 4


def test_flow_not_counted_without_an_app(client: FlaskClient, emu: Emulator) -> None:
    """A call whose app is unknown (bad token, bad secret) is not counted."""
    emu.clock.freeze()
    client.get("/get_jsapi_ticket", query_string={"access_token": "nosuch"})
    client.get("/gettoken", query_string={"appkey": KEY, "appsecret": "wrong"})
    assert emu.platform.flow.usage(KEY)["app-qpd"] == 0


def test_limited_legacy_direct(client: FlaskClient, emu: Emulator) -> None:
    """A call over the QPS limit off topapi answers 90018 directly, with the platform's text."""
    token = get_token(client)
    limit_qps(emu, "/get_jsapi_ticket")
    first = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert first["errcode"] == 0
    body = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert set(body) == {"errcode", "errmsg"}
    assert body["errcode"] == 90018
    assert body["errmsg"].startswith("您的企业应用调用钉钉开放平台当前接口的所有请求都被暂时禁用了")


def test_limited_topapi_wrapped(client: FlaskClient, emu: Emulator) -> None:
    """A topapi call over a limit answers 88 with the limit as sub_code, and does nothing."""
    token = get_token(client)
    limit_qps(emu, "/topapi/v2/user/getuserinfo")
    assert topapi(client, "/topapi/v2/user/getuserinfo", token, {"code": "x"})["errcode"] == 40078
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    body = topapi(client, "/topapi/v2/user/getuserinfo", token, {"code": code})
    assert body["errcode"] == 88
    assert body["sub_code"] == "90018"
    assert body["errmsg"] == f"ding talk error[subcode=90018,submsg={body['sub_msg']}]"
    emu.clock.advance(2)  # past the one-second ban: the refused call did not use the code up
    assert topapi(client, "/topapi/v2/user/getuserinfo", token, {"code": code})["errcode"] == 0


def test_limited_new_host(client: FlaskClient, emu: Emulator) -> None:
    """A new-host call over a limit answers the limit's HTTP status and code."""
    limit_qps(emu, "/v1.0/oauth2/accessToken")
    body = {"appKey": KEY, "appSecret": SECRET}
    assert client.post("/v1.0/oauth2/accessToken", json=body).status_code == 200
    response = client.post("/v1.0/oauth2/accessToken", json=body)
    assert response.status_code == 403
    assert response.get_json()["code"] == "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"


def test_monthly_quota_is_counted_per_corp(client: FlaskClient, emu: Emulator) -> None:
    """The org's monthly quota counts the calls of the corp that owns the app."""
    emu.clock.freeze()
    token = get_token(client)
    topapi(client, "/topapi/message/corpconversation/asyncsend_v2", token, {})
    assert emu.platform.flow.usage(KEY, org=CORP)["org-month"] == 1


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

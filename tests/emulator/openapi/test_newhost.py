"""Tests of the new host: OAuth2 tokens, tickets and the current user (openapi.newhost)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from emulator import Emulator

from .conftest import CORP, KEY, OTHER_KEY, SECRET, ZHANGSAN_UNIONID, get_token

HEADER = "x-acs-dingtalk-access-token"
CREDENTIALS = {"appKey": KEY, "appSecret": SECRET}


def error_of(response: TestResponse) -> tuple[int, str, str]:
    """(HTTP status, code, message) of a new-host error, checking its envelope."""
    body = response.get_json()
    assert set(body) == {"code", "message", "requestid"}
    assert len(body["requestid"]) == 36
    return response.status_code, body["code"], body["message"]


def user_token(client: FlaskClient, code: str, **extra: str) -> TestResponse:
    body = {"clientId": KEY, "clientSecret": SECRET, "grantType": "authorization_code"}
    return client.post("/v1.0/oauth2/userAccessToken", json={**body, "code": code, **extra})


def test_access_token(client: FlaskClient) -> None:
    """accessToken answers bare camelCase JSON: accessToken, expireIn 7200."""
    response = client.post("/v1.0/oauth2/accessToken", json=CREDENTIALS)
    assert response.status_code == 200
    body = response.get_json()
    assert body == {"accessToken": body["accessToken"], "expireIn": 7200}


def test_one_token_for_both_hosts(client: FlaskClient) -> None:
    """An app has one token: the new host's accessToken is /gettoken's."""
    new = client.post("/v1.0/oauth2/accessToken", json=CREDENTIALS).get_json()["accessToken"]
    assert get_token(client) == new


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (
            {"appKey": KEY, "appSecret": "wrong"},
            "invalidClientIdOrSecret",
            "无效的clientId或者clientSecret",
        ),
        (
            {"appKey": "dingnosuch", "appSecret": SECRET},
            "invalidClientIdOrSecret",
            "无效的clientId或者clientSecret",
        ),
        ({"appKey": KEY}, "MissingappSecret", "appSecret is mandatory for this action."),
        ({"appSecret": SECRET}, "MissingappKey", "appKey is mandatory for this action."),
    ],
)
def test_access_token_errors(
    client: FlaskClient, body: dict[str, str], code: str, message: str
) -> None:
    """Wrong or missing credentials answer HTTP 400 with the gateway's codes."""
    response = client.post("/v1.0/oauth2/accessToken", json=body)
    assert error_of(response) == (400, code, message)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ({"appKey": KEY, "appSecret": SECRET}, None),  # a form
        ('{"appKey": "x"}', "text/plain"),
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
    ],
)
def test_access_token_needs_json(client: FlaskClient, data: Any, content_type: str | None) -> None:
    """A form, another content type or a body that is no JSON object is 400 Missingbody."""
    response = client.post("/v1.0/oauth2/accessToken", data=data, content_type=content_type)
    assert error_of(response) == (400, "Missingbody", "body is mandatory for this action.")


def test_jsapi_tickets(client: FlaskClient) -> None:
    """jsapiTickets takes the token in its header and gives the legacy host's ticket."""
    token = get_token(client)
    response = client.post("/v1.0/oauth2/jsapiTickets", headers={HEADER: token})
    body = response.get_json()
    assert body == {"jsapiTicket": body["jsapiTicket"], "expireIn": 7200}
    legacy = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert legacy["ticket"] == body["jsapiTicket"]


@pytest.mark.parametrize("where", ["nowhere", "query", "bearer"])
def test_token_only_in_header(client: FlaskClient, where: str) -> None:
    """A token anywhere but the header (the query, a Bearer header) is missing."""
    token = get_token(client)
    query = {"access_token": token} if where == "query" else {}
    headers = {"Authorization": f"Bearer {token}"} if where == "bearer" else {}
    response = client.post("/v1.0/oauth2/jsapiTickets", headers=headers, query_string=query)
    assert error_of(response) == (
        400,
        "AuthenticationFailed.MissingParameter",
        "缺少参数：x-acs-dingtalk-access-token",
    )


def test_bad_and_expired_app_tokens(client: FlaskClient, emu: Emulator) -> None:
    """An unknown token, and a token 7201 s old, are 400 InvalidAuthentication."""
    bad = client.post("/v1.0/oauth2/jsapiTickets", headers={HEADER: "nosuch"})
    assert error_of(bad) == (400, "InvalidAuthentication", "不合法的access_token")
    token = get_token(client)
    emu.clock.advance(7201)
    expired = client.post("/v1.0/oauth2/jsapiTickets", headers={HEADER: token})
    assert error_of(expired) == (400, "InvalidAuthentication", "不合法的access_token")


def test_new_host_token_on_legacy_host(client: FlaskClient) -> None:
    """A token from accessToken works on the legacy host."""
    token = client.post("/v1.0/oauth2/accessToken", json=CREDENTIALS).get_json()["accessToken"]
    body = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert body["errcode"] == 0


def test_user_access_token(client: FlaskClient, emu: Emulator) -> None:
    """A browser-login authCode gives a user token, its refresh token and the chosen corp."""
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID, corp_id=CORP).code
    response = user_token(client, code)
    assert response.status_code == 200
    body = response.get_json()
    assert body == {
        "accessToken": body["accessToken"],
        "refreshToken": body["refreshToken"],
        "expireIn": 7200,
        "corpId": CORP,
    }
    assert body["accessToken"] != body["refreshToken"]


def test_user_access_token_without_corp(client: FlaskClient, emu: Emulator) -> None:
    """Without the corpid scope, no corpId is answered."""
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID).code
    assert "corpId" not in user_token(client, code).get_json()


@pytest.mark.parametrize("case", ["reused", "expired", "other app", "login-free code", "unknown"])
def test_user_access_token_bad_code(client: FlaskClient, emu: Emulator, case: str) -> None:
    """A reused, expired, foreign, login-free or unknown code is 400 invalidAuthCode."""
    platform = emu.platform
    code = platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID).code
    if case == "reused":
        assert user_token(client, code).status_code == 200
    elif case == "expired":
        emu.clock.advance(301)
    elif case == "other app":
        code = platform.issue_oauth_code(OTHER_KEY, ZHANGSAN_UNIONID).code
    elif case == "login-free code":
        code = platform.auth_codes.issue(CORP, "zhangsan").code
    else:
        code = "nosuchcode"
    assert error_of(user_token(client, code)) == (400, "invalidAuthCode", "不合法的临时授权码")


def test_refresh_token(client: FlaskClient, emu: Emulator) -> None:
    """After the user token expires, the refresh grant gives a new one that works."""
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID, corp_id=CORP).code
    first = user_token(client, code).get_json()
    emu.clock.advance(7201)
    old = client.get("/v1.0/contact/users/me", headers={HEADER: first["accessToken"]})
    assert error_of(old) == (400, "accesstoken.expired", "用户accessToken过期")
    refreshed = client.post(
        "/v1.0/oauth2/userAccessToken",
        json={
            "clientId": KEY,
            "clientSecret": SECRET,
            "grantType": "refresh_token",
            "refreshToken": first["refreshToken"],
        },
    ).get_json()
    assert refreshed["accessToken"] != first["accessToken"]
    assert refreshed["corpId"] == CORP
    me = client.get("/v1.0/contact/users/me", headers={HEADER: refreshed["accessToken"]})
    assert me.get_json()["unionId"] == ZHANGSAN_UNIONID


def test_refresh_token_errors(client: FlaskClient, emu: Emulator) -> None:
    """An unknown refresh token, or one 30 days old, is 400 invalidRefreshToken."""
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID).code
    refresh = user_token(client, code).get_json()["refreshToken"]
    body = {"clientId": KEY, "clientSecret": SECRET, "grantType": "refresh_token"}
    for token, advance in (("nosuch", 0), (refresh, 30 * 86400 + 1)):
        emu.clock.advance(advance)
        response = client.post("/v1.0/oauth2/userAccessToken", json={**body, "refreshToken": token})
        assert error_of(response) == (400, "invalidRefreshToken", "不合法的refreshToken")


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"grantType": "password"}, "invalidGrantType"),
        ({"grantType": ""}, "MissinggrantType"),
        ({"clientSecret": "wrong"}, "invalidClientIdOrSecret"),
    ],
)
def test_user_access_token_errors(
    client: FlaskClient, emu: Emulator, extra: dict[str, str], code: str
) -> None:
    """A wrong grant type or client secret is a 400 naming it."""
    oauth_code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID).code
    assert error_of(user_token(client, oauth_code, **extra))[:2] == (400, code)


def test_users_me(client: FlaskClient, emu: Emulator) -> None:
    """users/me with a user token answers the person's profile, without userid."""
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID, corp_id=CORP).code
    token = user_token(client, code).get_json()["accessToken"]
    body = client.get("/v1.0/contact/users/me", headers={HEADER: token}).get_json()
    assert body == {
        "nick": "张三",
        "avatarUrl": f"http://localhost/media/avatar/{ZHANGSAN_UNIONID}.png",
        "mobile": "13800000001",
        "openId": body["openId"],
        "unionId": ZHANGSAN_UNIONID,
        "email": "zhangsan@spruce.example",
        "stateCode": "86",
    }
    by_id = client.get(f"/v1.0/contact/users/{ZHANGSAN_UNIONID}", headers={HEADER: token})
    assert by_id.get_json() == body


def test_users_other_and_unknown(client: FlaskClient, emu: Emulator) -> None:
    """Another person's unionId answers their profile; an unknown one is 404."""
    code = emu.platform.issue_oauth_code(KEY, ZHANGSAN_UNIONID).code
    headers = {HEADER: user_token(client, code).get_json()["accessToken"]}
    grace = client.get("/v1.0/contact/users/UtC4nB7xP0wR3kM6vS9dFh", headers=headers)
    assert grace.get_json()["nick"] == "Grace Chen"
    missing = client.get("/v1.0/contact/users/nosuch", headers=headers)
    assert error_of(missing) == (404, "invalidParameter.user.notFound", "找不到该用户")


def test_users_me_needs_a_user_token(client: FlaskClient) -> None:
    """An app token is no user token: 400 InvalidAuthentication."""
    response = client.get("/v1.0/contact/users/me", headers={HEADER: get_token(client)})
    assert error_of(response)[:2] == (400, "InvalidAuthentication")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1.0/oauth2/accessToken"), ("POST", "/v1.0/nosuch"), ("GET", "/v2.0/x/y")],
)
def test_unknown_action(client: FlaskClient, method: str, path: str) -> None:
    """An unknown path or a wrong method is 404 InvalidAction.NotFound."""
    response = client.open(path, method=method)
    assert error_of(response) == (
        404,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
    )

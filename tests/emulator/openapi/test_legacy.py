"""Tests of the legacy host's tokens, tickets and login-free codes (openapi.legacy)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from emulator import Emulator

from .conftest import CORP, KEY, OTHER_CORP, OTHER_KEY, OTHER_SECRET, SECRET, get_token, topapi

GETUSERINFO = "/topapi/v2/user/getuserinfo"


def test_gettoken(client: FlaskClient) -> None:
    """/gettoken with appkey/appsecret answers a token valid 7200 s, HTTP 200."""
    response = client.get("/gettoken", query_string={"appkey": KEY, "appsecret": SECRET})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body == {
        "errcode": 0,
        "errmsg": "ok",
        "access_token": body["access_token"],
        "expires_in": 7200,
    }
    assert len(body["access_token"]) == 32


def test_gettoken_same_token_while_valid(client: FlaskClient, emu: Emulator) -> None:
    """Asking again within 7200 s gives the same token, valid 7200 s from then."""
    first = get_token(client)
    emu.clock.advance(7000)
    assert get_token(client) == first
    emu.clock.advance(7000)  # 14000 s after the first: alive thanks to the renewal
    assert get_token(client) == first
    emu.clock.advance(7201)
    assert get_token(client) != first


def test_gettoken_with_corpid(client: FlaskClient) -> None:
    """The old corpid/corpsecret variant gives the token of the app whose secret it is."""
    body = client.get(
        "/gettoken", query_string={"corpid": OTHER_CORP, "corpsecret": OTHER_SECRET}
    ).get_json()
    assert body["errcode"] == 0
    assert body["access_token"] == get_token(client, OTHER_KEY, OTHER_SECRET)


@pytest.mark.parametrize(
    ("query", "errcode", "errmsg"),
    [
        ({"appkey": KEY, "appsecret": "wrong"}, 40096, "不合法的appKey或appSecret"),
        ({"appkey": "dingnosuchapp", "appsecret": SECRET}, 40096, "不合法的appKey或appSecret"),
        ({"appkey": KEY}, 40096, "不合法的appKey或appSecret"),
        ({"corpid": CORP, "corpsecret": OTHER_SECRET}, 40089, "不合法的corpid或corpsecret"),
        ({"corpid": "dingnosuchcorp", "corpsecret": SECRET}, 40089, "不合法的corpid或corpsecret"),
        ({}, 40035, "缺少参数 corpid or appkey"),
    ],
)
def test_gettoken_errors(
    client: FlaskClient, query: dict[str, str], errcode: int, errmsg: str
) -> None:
    """Wrong credentials or none answer the real codes, unwrapped, HTTP 200."""
    response = client.get("/gettoken", query_string=query)
    assert response.status_code == 200
    assert response.get_json() == {"errcode": errcode, "errmsg": errmsg}


def test_gettoken_params_in_body(client: FlaskClient) -> None:
    """Credentials sent in a body instead of the query are missing: 40035."""
    response = client.get("/gettoken", data={"appkey": KEY, "appsecret": SECRET})
    assert response.get_json()["errcode"] == 40035


def test_gettoken_needs_get(client: FlaskClient) -> None:
    """POST to /gettoken answers 43001 "需要GET请求"."""
    response = client.post("/gettoken", query_string={"appkey": KEY, "appsecret": SECRET})
    assert response.status_code == 200
    assert response.get_json() == {"errcode": 43001, "errmsg": "需要GET请求"}


def test_jsapi_ticket(client: FlaskClient, token: str, emu: Emulator) -> None:
    """/get_jsapi_ticket answers the app's ticket, the same one while it is valid."""
    body = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert body["errcode"] == 0 and body["errmsg"] == "ok"
    assert body["expires_in"] == 7200
    emu.clock.advance(100)
    again = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert again["ticket"] == body["ticket"]
    assert emu.platform.tokens.jsapi_ticket(KEY) is not None


@pytest.mark.parametrize(
    ("query", "errcode", "errmsg"),
    [
        ({}, 41001, "缺少access_token参数"),
        ({"access_token": "nosuchtoken"}, 40014, "不合法的access_token"),
    ],
)
def test_token_errors_direct_off_topapi(
    client: FlaskClient, query: dict[str, str], errcode: int, errmsg: str
) -> None:
    """A missing or unknown token answers 41001/40014 directly on a non-topapi path."""
    body = client.get("/get_jsapi_ticket", query_string=query).get_json()
    assert body == {"errcode": errcode, "errmsg": errmsg}


def test_expired_token_off_topapi(client: FlaskClient, token: str, emu: Emulator) -> None:
    """A token 7201 s old answers 42001 "access_token超时"."""
    emu.clock.advance(7201)
    body = client.get("/get_jsapi_ticket", query_string={"access_token": token}).get_json()
    assert body == {"errcode": 42001, "errmsg": "access_token超时"}


@pytest.mark.parametrize(
    ("query", "sub_code", "sub_msg"),
    [
        ({}, "40000", "access_token is blank"),
        ({"access_token": "nosuchtoken"}, "40014", "不合法的access_token"),
    ],
)
def test_token_errors_wrapped_on_topapi(
    client: FlaskClient, query: dict[str, str], sub_code: str, sub_msg: str
) -> None:
    """On topapi, token errors come as errcode 88 with a string sub_code."""
    body = client.post(GETUSERINFO, query_string=query, json={"code": "x"}).get_json()
    assert body == {
        "errcode": 88,
        "sub_code": sub_code,
        "sub_msg": sub_msg,
        "errmsg": f"ding talk error[subcode={sub_code},submsg={sub_msg}]",
        "request_id": body["request_id"],
    }


def test_expired_token_wrapped_on_topapi(client: FlaskClient, token: str, emu: Emulator) -> None:
    """An expired token on topapi is 88 with sub_code "42001"."""
    emu.clock.advance(7201)
    body = topapi(client, GETUSERINFO, token, {"code": "x"})
    assert (body["errcode"], body["sub_code"]) == (88, "42001")


def test_getuserinfo_v2(client: FlaskClient, token: str, emu: Emulator) -> None:
    """A login-free code is exchanged for the user it was issued to."""
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    body = topapi(client, GETUSERINFO, token, {"code": code})
    assert body["errcode"] == 0 and body["errmsg"] == "ok"
    assert len(body["request_id"]) == 12
    result = body["result"]
    assert result == {
        "userid": "zhangsan",
        "unionid": "Ue7sXa0Zt1q2WlbK9sPd0Ag",
        "device_id": result["device_id"],
        "sys": True,
        "sys_level": 1,
        "name": "张三",
    }


def test_getuserinfo_v2_boss_and_staff(client: FlaskClient, token: str, emu: Emulator) -> None:
    """sys_level is 100 for the boss and 0 for staff, sys false for both."""
    levels = {}
    for userid in ("liuyang", "lisi"):
        code = emu.platform.auth_codes.issue(CORP, userid).code
        result = topapi(client, GETUSERINFO, token, {"code": code})["result"]
        levels[userid] = (result["sys"], result["sys_level"])
    assert levels == {"liuyang": (False, 100), "lisi": (False, 0)}


def test_code_single_use(client: FlaskClient, token: str, emu: Emulator) -> None:
    """A code works once; the second exchange answers 40078, not wrapped."""
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    assert topapi(client, GETUSERINFO, token, {"code": code})["errcode"] == 0
    body = topapi(client, GETUSERINFO, token, {"code": code})
    assert body == {
        "errcode": 40078,
        "errmsg": "不存在的临时授权码",
        "request_id": body["request_id"],
    }


def test_code_expires_after_five_minutes(client: FlaskClient, emu: Emulator) -> None:
    """A code 301 s old answers 40078."""
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    emu.clock.advance(301)
    assert topapi(client, GETUSERINFO, get_token(client), {"code": code})["errcode"] == 40078


def test_code_of_another_corp(client: FlaskClient, emu: Emulator) -> None:
    """A code issued in one corp fails with the token of another corp's app."""
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    other = get_token(client, OTHER_KEY, OTHER_SECRET)
    assert topapi(client, GETUSERINFO, other, {"code": code})["errcode"] == 40078


def test_oauth_code_is_not_a_login_free_code(
    client: FlaskClient, token: str, emu: Emulator
) -> None:
    """A browser-login authCode is no login-free code: 40078."""
    code = emu.platform.issue_oauth_code(KEY, "Ue7sXa0Zt1q2WlbK9sPd0Ag").code
    assert topapi(client, GETUSERINFO, token, {"code": code})["errcode"] == 40078


def test_getuserinfo_missing_code(client: FlaskClient, token: str) -> None:
    """No code answers 40035 naming it."""
    body = topapi(client, GETUSERINFO, token, {})
    assert (body["errcode"], body["errmsg"]) == (40035, "缺少参数 code")


def test_getuserinfo_form_body(client: FlaskClient, emu: Emulator) -> None:
    """topapi takes a form body too, with the token in the form."""
    code = emu.platform.auth_codes.issue(CORP, "wangwu").code
    response = client.post(GETUSERINFO, data={"code": code, "access_token": get_token(client)})
    assert response.get_json()["result"]["userid"] == "wangwu"


def test_getuserinfo_bad_body(client: FlaskClient, token: str) -> None:
    """A topapi body that is neither a form nor a JSON object answers 40035."""
    response = client.post(
        GETUSERINFO,
        query_string={"access_token": token},
        data="code=1}",
        content_type="text/plain",
    )
    assert response.get_json()["errcode"] == 40035


def test_topapi_needs_post(client: FlaskClient, token: str) -> None:
    """GET on a topapi path answers 43002 "需要POST请求"."""
    body = client.get(GETUSERINFO, query_string={"access_token": token}).get_json()
    assert (body["errcode"], body["errmsg"]) == (43002, "需要POST请求")


def test_legacy_getuserinfo(client: FlaskClient, token: str, emu: Emulator) -> None:
    """GET /user/getuserinfo answers the old shape: userid, name, deviceId, is_sys, sys_level."""
    code = emu.platform.auth_codes.issue(CORP, "zhangsan").code
    body = client.get(
        "/user/getuserinfo", query_string={"access_token": token, "code": code}
    ).get_json()
    assert body == {
        "errcode": 0,
        "errmsg": "ok",
        "userid": "zhangsan",
        "name": "张三",
        "deviceId": body["deviceId"],
        "is_sys": True,
        "sys_level": 1,
    }
    again = client.get("/user/getuserinfo", query_string={"access_token": token, "code": code})
    assert again.get_json() == {"errcode": 40078, "errmsg": "不存在的临时授权码"}


def test_unknown_topapi_path(client: FlaskClient, token: str) -> None:
    """An unknown topapi path answers 22 naming its TOP ApiName."""
    body = topapi(client, "/topapi/v2/user/nosuch", token, {})
    detail = "不合法ApiName，ApiName = dingtalk.oapi.v2.user.nosuch"
    assert body == {
        "errcode": 22,
        "sub_msg": detail,
        "errmsg": f"Invalid method[submsg={detail}]",
        "request_id": body["request_id"],
    }


@pytest.mark.parametrize("path", ["/nosuch", "/oauth2/corpAccessToken", "/"])
def test_unknown_legacy_path(client: FlaskClient, path: str) -> None:
    """Any other unknown path answers HTTP 200 errcode 404."""
    response = client.get(path)
    assert response.status_code == 200
    assert response.get_json() == {"errcode": 404, "errmsg": "请求的URI地址不存在"}

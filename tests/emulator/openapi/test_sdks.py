"""The real SDKs, pointed at the running mock as the reference says (section 7).

``dingtalk-sdk``: ``AppKeyClient`` with ``API_BASE_URL = emu.openapi_url``.
``alibabacloud-dingtalk``: ``Config(protocol="http", endpoint="127.0.0.1:PORT")``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from alibabacloud_dingtalk.contact_1_0 import models as contact_models
from alibabacloud_dingtalk.contact_1_0.client import Client as ContactClient
from alibabacloud_dingtalk.oauth2_1_0 import models as oauth_models
from alibabacloud_dingtalk.oauth2_1_0.client import Client as OAuthClient
from alibabacloud_tea_openapi.models import Config
from alibabacloud_tea_util.models import RuntimeOptions
from dingtalk.client import AppKeyClient, SecretClient
from dingtalk.core.exceptions import DingTalkClientException
from Tea.exceptions import TeaException

from emulator import Emulator

from .conftest import AGENT_ID, CORP, KEY, OTHER_CORP, OTHER_SECRET, SECRET


def dingtalk_client(emu: Emulator, key: str = KEY, secret: str = SECRET) -> AppKeyClient:
    client = AppKeyClient(CORP, key, secret)
    client.API_BASE_URL = emu.openapi_url
    return client


def sdk_config(emu: Emulator) -> Config:
    return Config(protocol="http", endpoint=urlsplit(emu.openapi_url).netloc)


# -- dingtalk-sdk (legacy host) ---------------------------------------------------


def test_dingtalk_sdk_token_and_ticket(ddemu: Emulator) -> None:
    """AppKeyClient gets the app's token and JSAPI ticket from the mock."""
    client = dingtalk_client(ddemu)
    assert client.access_token == ddemu.platform.tokens.issue_app_token(KEY, CORP).token
    assert client.jsapi_ticket == ddemu.platform.tokens.issue_jsapi_ticket(KEY).ticket
    assert ddemu.openapi_log.paths() == ["/gettoken", "/get_jsapi_ticket"]


def test_dingtalk_sdk_secret_client(ddemu: Emulator) -> None:
    """SecretClient's corpid/corpsecret token works as well."""
    client = SecretClient(OTHER_CORP, OTHER_SECRET)
    client.API_BASE_URL = ddemu.openapi_url
    result = client.post("/topapi/v2/department/listsub", {"dept_id": 1})["result"]
    assert [d["name"] for d in result] == ["销售部 Sales"]


def test_dingtalk_sdk_exchanges_codes(ddemu: Emulator) -> None:
    """The device's codes are exchanged through post() and user.getuserinfo()."""
    client = dingtalk_client(ddemu)
    issue = ddemu.platform.auth_codes.issue
    result = client.post("/topapi/v2/user/getuserinfo", {"code": issue(CORP, "zhangsan").code})
    assert (result["result"]["userid"], result["result"]["name"]) == ("zhangsan", "张三")
    legacy = client.user.getuserinfo(issue(CORP, "lisi").code)
    assert (legacy["userid"], legacy["is_sys"]) == ("lisi", False)


def test_dingtalk_sdk_reads_user_and_department(ddemu: Emulator) -> None:
    """A user's details and a department's children read through the SDK."""
    client = dingtalk_client(ddemu)
    user = client.post("/topapi/v2/user/get", {"userid": "emily", "language": "en_US"})["result"]
    assert (user["name"], user["title"], user["dept_id_list"]) == (
        "Emily Clark",
        "Product Designer",
        [3],
    )
    children = client.post("/topapi/v2/department/listsub", {"dept_id": 2})["result"]
    assert [(d["dept_id"], d["name"]) for d in children] == [(6, "移动端组 Mobile")]


def test_dingtalk_sdk_code_reuse_raises(ddemu: Emulator) -> None:
    """Reusing a code raises DingTalkClientException 40078."""
    client = dingtalk_client(ddemu)
    code = ddemu.platform.auth_codes.issue(CORP, "zhangsan").code
    client.post("/topapi/v2/user/getuserinfo", {"code": code})
    with pytest.raises(DingTalkClientException) as info:
        client.post("/topapi/v2/user/getuserinfo", {"code": code})
    assert (info.value.errcode, info.value.errmsg) == (40078, "不存在的临时授权码")


def test_dingtalk_sdk_wrong_secret_raises(ddemu: Emulator) -> None:
    """A wrong app secret raises DingTalkClientException 40096."""
    client = dingtalk_client(ddemu, secret="wrong")
    with pytest.raises(DingTalkClientException) as info:
        client.post("/topapi/v2/user/get", {"userid": "lisi"})
    assert info.value.errcode == 40096


def test_dingtalk_sdk_retries_expired_token(ddemu: Emulator) -> None:
    """After 7201 s, 42001 makes the SDK drop its token and fetch a new one."""
    client = dingtalk_client(ddemu)
    old = client.access_token
    ddemu.clock.advance(7201)
    answer = client.user.getuserinfo(ddemu.platform.auth_codes.issue(CORP, "lisi").code)
    assert answer["userid"] == "lisi"
    assert client.access_token != old
    statuses = [(c.path, c.error) for c in ddemu.openapi_log][1:]
    assert statuses == [
        ("/user/getuserinfo", "42001"),
        ("/gettoken", None),
        ("/user/getuserinfo", None),
    ]


def test_dingtalk_sdk_expired_token_on_topapi(ddemu: Emulator) -> None:
    """On topapi an expired token comes wrapped as 88, which the SDK does not retry."""
    client = dingtalk_client(ddemu)
    client.access_token  # noqa: B018  (fetch and cache the token)
    ddemu.clock.advance(7201)
    with pytest.raises(DingTalkClientException) as info:
        client.post("/topapi/v2/user/get", {"userid": "lisi"})
    assert info.value.errcode == 88
    assert ddemu.openapi_log[-1].response["sub_code"] == "42001"


def test_dingtalk_sdk_notification_arrives(ddemu: Emulator) -> None:
    """A work notification sent through the SDK arrives on the target user's device."""
    client = dingtalk_client(ddemu)
    msg = {"msgtype": "text", "text": {"content": "请审批：报销单 #42"}}
    body = {"agent_id": AGENT_ID, "userid_list": "zhangsan,lisi", "msg": msg}
    answer = client.post("/topapi/message/corpconversation/asyncsend_v2", body)
    assert answer["errcode"] == 0
    lisi = ddemu.add_device("lisi-phone", userid="lisi")
    for device in (ddemu.device, lisi):
        assert [(n.text, n.task_id) for n in device.notifications] == [
            ("请审批：报销单 #42", answer["task_id"])
        ]


# -- alibabacloud-dingtalk (new host) ----------------------------------------------


def test_alibabacloud_tokens_and_me(ddemu: Emulator) -> None:
    """oauth2_1_0 gets an accessToken, a ticket and a user token; contact_1_0 reads users/me."""
    config = sdk_config(ddemu)
    oauth = OAuthClient(config)
    app = oauth.get_access_token(oauth_models.GetAccessTokenRequest(app_key=KEY, app_secret=SECRET))
    assert (app.status_code, app.body.expire_in) == (200, 7200)
    ticket = oauth.create_jsapi_ticket_with_options(
        oauth_models.CreateJsapiTicketHeaders(x_acs_dingtalk_access_token=app.body.access_token),
        RuntimeOptions(),
    )
    assert ticket.body.jsapi_ticket == ddemu.platform.tokens.issue_jsapi_ticket(KEY).ticket
    person = ddemu.device.user
    code = ddemu.platform.issue_oauth_code(KEY, person.unionid, corp_id=CORP).code
    user = oauth.get_user_token(
        oauth_models.GetUserTokenRequest(
            client_id=KEY, client_secret=SECRET, code=code, grant_type="authorization_code"
        )
    )
    assert (user.body.corp_id, user.body.expire_in) == (CORP, 7200)
    me = ContactClient(config).get_user_with_options(
        "me",
        contact_models.GetUserHeaders(x_acs_dingtalk_access_token=user.body.access_token),
        RuntimeOptions(),
    )
    assert (me.body.nick, me.body.union_id, me.body.mobile) == (
        person.name,
        person.unionid,
        person.mobile,
    )


def test_alibabacloud_wrong_secret(ddemu: Emulator) -> None:
    """A wrong secret raises the SDK's exception with code invalidClientIdOrSecret, HTTP 400."""
    oauth = OAuthClient(sdk_config(ddemu))
    with pytest.raises(TeaException) as info:
        oauth.get_access_token(oauth_models.GetAccessTokenRequest(app_key=KEY, app_secret="x"))
    error = info.value
    assert error.code == "invalidClientIdOrSecret"
    assert error.data["statusCode"] == 400
    assert error.message.startswith("code: 400, 无效的clientId或者clientSecret request id: ")


def test_alibabacloud_expired_token(ddemu: Emulator) -> None:
    """An app token 7201 s old raises InvalidAuthentication."""
    oauth = OAuthClient(sdk_config(ddemu))
    token = oauth.get_access_token(
        oauth_models.GetAccessTokenRequest(app_key=KEY, app_secret=SECRET)
    ).body.access_token
    ddemu.clock.advance(7201)
    with pytest.raises(TeaException) as info:
        oauth.create_jsapi_ticket_with_options(
            oauth_models.CreateJsapiTicketHeaders(x_acs_dingtalk_access_token=token),
            RuntimeOptions(),
        )
    assert info.value.code == "InvalidAuthentication"

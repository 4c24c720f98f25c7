"""The login host's QR pages and the phone's confirm screen (openapi/login.py)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.phonelogin import decode_qr_texts
from emulator.qrlogin import QrState
from emulator.server.openapi.login import UNREGISTERED_REDIRECT

from .conftest import KEY, OTHER_KEY

CALLBACK = "http://127.0.0.1:5000/callback"


def config_of(page: str) -> dict[str, Any]:
    """The JSON prelude a login page gives its script."""
    found = re.search(r"window\.__DDEMU_QR__ = (.*?);</script>", page)
    assert found, page
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def error_of(page: str) -> str:
    found = re.search(r'id="error"[^>]*>(.*?)<', page)
    assert found, page
    return found.group(1)


def qrconnect(client: FlaskClient, **params: str) -> Any:
    query = {
        "appid": KEY,
        "response_type": "code",
        "scope": "snsapi_login",
        "state": "STATE",
        "redirect_uri": CALLBACK,
        **params,
    }
    return client.get("/connect/qrconnect", query_string=query)


def confirmed_tmp_code(client: FlaskClient, emu: Emulator) -> tuple[dict[str, Any], str]:
    page = qrconnect(client).get_data(as_text=True)
    config = config_of(page)
    emu.device.scan_login(f"http://x/login/scan?qr={config['id']}").confirm()
    status = client.get(f"/login/qr/{config['id']}/status").get_json()
    return config, status["loginTmpCode"]


def test_qrconnect_page_shows_a_qr_code_naming_the_phone_page(
    client: FlaskClient, emu: Emulator
) -> None:
    """The full page's QR image decodes to the platform's /login/scan URL for its login."""
    response = qrconnect(client)
    assert response.status_code == 200
    config = config_of(response.get_data(as_text=True))
    image = client.get(urlsplit(config["image"]).path)
    assert image.mimetype == "image/png"
    assert decode_qr_texts(image.data) == [f"http://localhost/login/scan?qr={config['id']}"]
    login = emu.platform.qr_logins.get(config["id"])
    assert login is not None and (login.flow, login.state_param) == ("sns", "STATE")


def test_sns_authorize_redirects_with_code_and_state_once(
    client: FlaskClient, emu: Emulator
) -> None:
    """sns_authorize 302s to redirect_uri?code=&state= and refuses the same loginTmpCode twice."""
    config, tmp = confirmed_tmp_code(client, emu)
    goto = config["goto"] + "&loginTmpCode=" + tmp
    response = client.get(goto)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    query = parse_qs(location.query)
    assert query["state"] == ["STATE"] and len(query["code"][0]) == 32
    again = client.get(goto)
    assert again.status_code == 200
    assert error_of(again.get_data(as_text=True)) == "临时登录码无效或已过期，请重新扫码"


def test_status_follows_the_phone(client: FlaskClient, emu: Emulator) -> None:
    """Polling the status shows waiting, scanned with the name, then cancelled."""
    config = config_of(qrconnect(client).get_data(as_text=True))
    status = f"/login/qr/{config['id']}/status"
    assert client.get(status).get_json() == {"state": "waiting", "version": 0}
    prompt = emu.device.scan_login(f"http://x/login/scan?qr={config['id']}")
    scanned = client.get(status).get_json()
    assert scanned == {"state": "scanned", "version": 1, "name": emu.device.user.name}
    prompt.cancel()
    assert client.get(status).get_json()["state"] == "cancelled"
    assert client.get("/login/qr/nope/status").status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"redirect_uri": "http://evil.example/callback"}, UNREGISTERED_REDIRECT),
        ({"redirect_uri": "https://127.0.0.1/callback"}, UNREGISTERED_REDIRECT),
        ({"appid": "dingnosuch"}, "应用不存在或appid不合法"),
        ({"appid": ""}, "缺少参数 appid"),
    ],
)
def test_qrconnect_refusals(
    client: FlaskClient, emu: Emulator, params: dict[str, str], message: str
) -> None:
    """A foreign redirect_uri, an unknown app or a missing appid get an error page, no QR."""
    response = qrconnect(client, **params)
    assert error_of(response.get_data(as_text=True)) == message
    assert "__DDEMU_QR__" not in response.get_data(as_text=True)
    assert emu.platform.qr_logins.all() == []


def test_sns_authorize_refuses_a_foreign_redirect(client: FlaskClient, emu: Emulator) -> None:
    """A loginTmpCode cannot be spent on a redirect_uri the app did not register."""
    _, tmp = confirmed_tmp_code(client, emu)
    query = {"appid": KEY, "redirect_uri": "http://evil.example/", "loginTmpCode": tmp}
    response = client.get("/connect/oauth2/sns_authorize", query_string=query)
    assert response.status_code == 200
    assert error_of(response.get_data(as_text=True)) == UNREGISTERED_REDIRECT


def test_sns_authorize_refuses_another_apps_tmp_code(client: FlaskClient, emu: Emulator) -> None:
    """A loginTmpCode of one app is no good for another app."""
    _, tmp = confirmed_tmp_code(client, emu)
    query = {"appid": OTHER_KEY, "redirect_uri": "http://127.0.0.1/cb", "loginTmpCode": tmp}
    response = client.get("/connect/oauth2/sns_authorize", query_string=query)
    assert "临时登录码无效" in error_of(response.get_data(as_text=True))


def test_embedded_iframe_posts_tmp_code(client: FlaskClient) -> None:
    """qrcode.htm takes appid, redirect_uri from goto; posts the loginTmpCode to its parent."""
    goto = "http://localhost/connect/oauth2/sns_authorize?" + urlencode(
        {"appid": KEY, "response_type": "code", "state": "S", "redirect_uri": CALLBACK}
    )
    page = client.get("/login/qrcode.htm", query_string={"goto": goto}).get_data(as_text=True)
    assert config_of(page)["then"] == "postTmpCode"
    assert "window.parent.postMessage(news.loginTmpCode" in page
    evil = goto.replace("127.0.0.1%3A5000", "evil.example")
    bad = client.get("/login/qrcode.htm", query_string={"goto": evil}).get_data(as_text=True)
    assert error_of(bad) == UNREGISTERED_REDIRECT


def oauth2(client: FlaskClient, **params: str) -> Any:
    query = {
        "client_id": KEY,
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "scope": "openid corpid",
        "state": "xyz",
        "prompt": "consent",
        **params,
    }
    return client.get("/oauth2/auth", query_string=query)


def test_oauth2_auth_page_and_redirect(client: FlaskClient, emu: Emulator) -> None:
    """The new flow's page redirects on confirm; iframe=true posts to the parent instead."""
    config = config_of(oauth2(client).get_data(as_text=True))
    assert config["then"] == "redirect"
    emu.device.scan_login(f"http://x/login/scan?qr={config['id']}").confirm()
    url = client.get(f"/login/qr/{config['id']}/status").get_json()["redirectUrl"]
    query = parse_qs(urlsplit(url).query)
    assert query["authCode"] == query["code"] and query["state"] == ["xyz"]
    framed = config_of(oauth2(client, iframe="true").get_data(as_text=True))
    assert framed["then"] == "postRedirect"


def test_oauth2_refusals(client: FlaskClient) -> None:
    """A foreign redirect_uri gets an error page; a bad scope goes back with error=."""
    page = oauth2(client, redirect_uri="http://evil.example/cb").get_data(as_text=True)
    assert error_of(page) == UNREGISTERED_REDIRECT
    assert error_of(oauth2(client, client_id="").get_data(as_text=True)) == "缺少参数 client_id"
    response = oauth2(client, scope="email")
    assert response.status_code == 302
    assert response.headers["Location"] == CALLBACK + "?error=invalid_scope&state=xyz"


def test_phone_page_scans_and_confirms(client: FlaskClient, emu: Emulator) -> None:
    """Opening the QR's URL is the scan; the confirm button's POST confirms."""
    config = config_of(qrconnect(client).get_data(as_text=True))
    page = client.get("/login/scan", query_string={"qr": config["id"]}).get_data(as_text=True)
    assert emu.device.user.name in page and "Hello ddemu" in page
    login = emu.platform.qr_logins.get(config["id"])
    assert login is not None and (login.state, login.device) == (QrState.SCANNED, "phone")
    answer = client.post(f"/login/scan/{config['id']}/confirm").get_json()
    assert answer["state"] == "confirmed"
    again = client.post(f"/login/scan/{config['id']}/cancel")
    assert again.status_code == 409 and "confirmed" in again.get_json()["error"]


def test_phone_page_of_another_device(client: FlaskClient, emu: Emulator) -> None:
    """?device=NAME scans as that device's user; a second phone cannot take the scan over."""
    lisi = emu.add_device("lisi-phone", userid="lisi")
    config = config_of(qrconnect(client).get_data(as_text=True))
    query = {"qr": config["id"], "device": "lisi-phone"}
    assert lisi.user.name in client.get("/login/scan", query_string=query).get_data(as_text=True)
    taken = client.get("/login/scan", query_string={"qr": config["id"]}).get_data(as_text=True)
    assert error_of(taken) == "二维码已被扫描"


def test_phone_pages_need_the_token_beyond_loopback(client: FlaskClient, emu: Emulator) -> None:
    """From another machine the phone's pages answer 403 without ddemu's token."""
    config = config_of(qrconnect(client).get_data(as_text=True))
    remote = {"REMOTE_ADDR": "192.168.1.20"}
    query = {"qr": config["id"]}
    refused = client.get("/login/scan", query_string=query, environ_base=remote)
    assert refused.status_code == 403
    allowed = client.get(
        "/login/scan", query_string={**query, "token": emu.token}, environ_base=remote
    )
    assert allowed.status_code == 200


def test_photo_upload_scans_as_the_device(client: FlaskClient, emu: Emulator) -> None:
    """A photo of the QR code posted by a phone scans it; a photo of nothing is refused."""
    config = config_of(qrconnect(client).get_data(as_text=True))
    png = client.get(urlsplit(config["image"]).path).data
    answer = client.post("/login/phone/photo", data=png, content_type="image/png").get_json()
    assert answer["loginId"] == config["id"]
    pending = client.get("/login/phone/pending").get_json()["pending"]
    assert pending["loginId"] == config["id"] and pending["name"] == emu.device.user.name
    bad = client.post("/login/phone/photo", data=b"not a picture", content_type="image/png")
    assert bad.status_code == 422 and "not an image" in bad.get_json()["error"]


def test_alibabacloud_sdk_redeems_a_scanned_login(ddemu: Emulator) -> None:
    """The real SDK trades the QR login's authCode for the person who confirmed (users/me)."""
    from alibabacloud_dingtalk.contact_1_0 import models as contact_models
    from alibabacloud_dingtalk.contact_1_0.client import Client as ContactClient
    from alibabacloud_dingtalk.oauth2_1_0 import models as oauth_models
    from alibabacloud_dingtalk.oauth2_1_0.client import Client as OAuthClient
    from alibabacloud_tea_openapi.models import Config
    from alibabacloud_tea_util.models import RuntimeOptions
    from Tea.exceptions import TeaException

    from .conftest import CORP, SECRET

    lisi = ddemu.add_device("lisi-phone", userid="lisi")
    login = ddemu.platform.qr_logins.create("oauth2", KEY, CALLBACK, "s", "openid corpid")
    lisi.scan_login(f"{ddemu.openapi_url}login/scan?qr={login.id}").confirm()
    confirmed = ddemu.platform.qr_logins.get(login.id)
    assert confirmed is not None
    code = parse_qs(urlsplit(confirmed.redirect_url).query)["authCode"][0]
    config = Config(protocol="http", endpoint=urlsplit(ddemu.openapi_url).netloc)
    oauth = OAuthClient(config)
    request = oauth_models.GetUserTokenRequest(
        client_id=KEY, client_secret=SECRET, code=code, grant_type="authorization_code"
    )
    token = oauth.get_user_token(request).body
    assert token.corp_id == CORP
    me = ContactClient(config).get_user_with_options(
        "me",
        contact_models.GetUserHeaders(x_acs_dingtalk_access_token=token.access_token),
        RuntimeOptions(),
    )
    assert (me.body.nick, me.body.union_id) == (lisi.user.name, lisi.user.unionid)
    with pytest.raises(TeaException) as reused:
        oauth.get_user_token(request)
    assert reused.value.data["statusCode"] == 400

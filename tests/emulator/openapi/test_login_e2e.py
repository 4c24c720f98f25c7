"""End to end: a page gets a login-free code through the real dingtalk-jsapi, a backend
exchanges it through the real dingtalk-sdk, in headless Chromium."""

from __future__ import annotations

import re

import pytest
from dingtalk.client import AppKeyClient
from playwright.sync_api import Page, expect

from emulator import Emulator

from .conftest import KEY, SECRET

pytestmark = pytest.mark.browser


def test_page_code_exchanged_for_the_phones_user(ddemu: Emulator, ddemu_page: Page) -> None:
    """The sample app's auth code, exchanged by dingtalk-sdk, is the phone's user."""
    auth_code = ddemu_page.locator("#auth-code")
    expect(auth_code).to_have_text(re.compile(r"^[0-9a-f]{32}$"))
    code = auth_code.inner_text()
    backend = AppKeyClient(ddemu.device.corp_id, KEY, SECRET)
    backend.API_BASE_URL = ddemu.openapi_url
    result = backend.post("/topapi/v2/user/getuserinfo", {"code": code})["result"]
    user = ddemu.device.user
    assert (result["userid"], result["unionid"], result["name"]) == (
        user.userid,
        user.unionid,
        user.name,
    )
    assert ddemu.openapi_log.paths() == ["/gettoken", "/topapi/v2/user/getuserinfo"]

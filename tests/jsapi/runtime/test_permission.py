"""Tests of jsapi.runtime.permission: dd.config and login-free auth codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import InvalidParams
from emulator.device import Device
from emulator.platform import Platform

CORP = "ding8d6f3c1a0e5b7f29"  # zhangsan's first corp, the default one
OTHER_CORP = "ding2b9e7d4f1c6a8035"  # the same person is manager01 there


def test_auth_code_recorded_and_redeemable(
    call_jsapi: Callable[..., Any], device: Device, platform: Platform
) -> None:
    """requestAuthCode gives a code, recorded on the device, that names the user."""
    code = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    assert device.auth_codes == [code]
    redeemed = platform.auth_codes.redeem(code, CORP)
    assert redeemed is not None
    assert (redeemed.corp_id, redeemed.userid) == (CORP, "zhangsan")


def test_auth_code_single_use(call_jsapi: Callable[..., Any], platform: Platform) -> None:
    """A code can be redeemed once only."""
    code = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    assert platform.auth_codes.redeem(code, CORP) is not None
    assert platform.auth_codes.redeem(code, CORP) is None


def test_auth_codes_are_fresh(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Each request gives a new code."""
    first = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    second = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    assert first != second
    assert device.auth_codes == [first, second]


def test_other_corp_of_same_person(call_jsapi: Callable[..., Any], platform: Platform) -> None:
    """A code for another corp of the signed-in person names their userid there."""
    code = call_jsapi("runtime.permission.requestAuthCode", {"corpId": OTHER_CORP})["code"]
    redeemed = platform.auth_codes.redeem(code, OTHER_CORP)
    assert redeemed is not None
    assert redeemed.userid == "manager01"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"corpId": "dingnosuchcorp"}, "not a corp of the signed-in user"),
        ({}, "param 'corpId' is required"),
        ({"corpId": ""}, "must not be empty"),
        ({"corpId": 123}, "must be a string"),
    ],
)
def test_bad_corp(
    call_jsapi: Callable[..., Any], device: Device, params: dict[str, Any], message: str
) -> None:
    """A missing, empty or foreign corpId fails with InvalidParams and issues no code."""
    with pytest.raises(InvalidParams, match=message):
        call_jsapi("runtime.permission.requestAuthCode", params)
    assert device.auth_codes == []


def test_corp_of_another_person(call_jsapi: Callable[..., Any], device: Device) -> None:
    """After signing in as someone of one corp only, the other corp is refused."""
    device.sign_in("lisi")
    with pytest.raises(InvalidParams):
        call_jsapi("runtime.permission.requestAuthCode", {"corpId": OTHER_CORP})


def test_config_recorded(call_jsapi: Callable[..., Any], device: Device) -> None:
    """dd.config's params are recorded on the device."""
    params = {
        "corpId": CORP,
        "agentId": 3001001,
        "timeStamp": "1700000000",
        "nonceStr": "abc",
        "signature": "sig",
        "jsApiList": ["biz.util.scan"],
    }
    assert call_jsapi("runtime.permission.requestJsApis", params) == {}
    assert device.configs == [params]


def test_config_bad_list(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A jsApiList that is not an array fails and records nothing."""
    with pytest.raises(InvalidParams, match="jsApiList"):
        call_jsapi("runtime.permission.requestJsApis", {"jsApiList": "biz.util.scan"})
    assert device.configs == []

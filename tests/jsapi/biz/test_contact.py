"""Tests of jsapi.biz.contact: the people and department pickers over the org."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import ConfigError, InvalidParams
from emulator.device import Device

CORP = "ding8d6f3c1a0e5b7f29"


def test_complex_picker_default_is_the_required_and_picked(
    call_jsapi: Callable[..., Any],
) -> None:
    """The default answer is the required and picked people, with their details."""
    result = call_jsapi(
        "biz.contact.complexPicker",
        {"corpId": CORP, "pickedUsers": ["lisi"], "requiredUsers": ["wangwu"], "multiple": True},
    )
    assert result["selectedCount"] == 2
    assert [u["emplId"] for u in result["users"]] == ["wangwu", "lisi"]
    assert result["users"][1] == {
        "name": "李四",
        "avatar": "",
        "emplId": "lisi",
        "selectDeptId": 6,
        "selectDeptName": "移动端组 Mobile",
        "corpId": CORP,
    }
    assert result["departments"] == []


def test_complex_picker_queued_people_and_departments(
    call_jsapi: Callable[..., Any], device: Device
) -> None:
    """Queued userids and department ids become users and departments; counts add up."""
    device.platform.media.base_url = "http://127.0.0.1:9/"
    device.ui.queue("biz.contact.complexPicker", {"users": ["liuyang"], "departments": [2]})
    result = call_jsapi("biz.contact.complexPicker", {"corpId": CORP})
    assert result["users"][0]["avatar"].startswith("http://127.0.0.1:9/media/avatar/")
    # R&D (2) holds zhangsan and chenjing, and Mobile (6) under it lisi, zhouba, sophia.
    assert result["departments"] == [{"id": "2", "name": "研发部 R&D", "number": 5}]
    assert result["selectedCount"] == 6


def test_response_user_only_expands_departments(
    call_jsapi: Callable[..., Any], device: Device
) -> None:
    """With responseUserOnly the departments picked come back as their people."""
    device.ui.queue("biz.contact.complexPicker", {"departments": [6]})
    result = call_jsapi("biz.contact.complexPicker", {"responseUserOnly": True})
    assert sorted(u["emplId"] for u in result["users"]) == ["lisi", "sophia", "zhouba"]
    assert result["departments"] == []


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"corpId": "dingOther"}, "'corpId'"),
        ({"pickedUsers": ["nobody"]}, r"'pickedUsers\[0\]'"),
        ({"pickedUsers": "lisi"}, "'pickedUsers'"),
        ({"requiredUsers": ["lisi"], "disabledUsers": ["lisi"]}, "'requiredUsers'"),
        ({"requiredUsers": ["lisi", "wangwu"], "maxUsers": 1}, "'maxUsers'"),
        ({"maxUsers": 0}, "'maxUsers'"),
        ({"multiple": "yes"}, "'multiple'"),
        ({"pickedDepartments": ["99"]}, r"'pickedDepartments\[0\]'"),
    ],
)
def test_complex_picker_params(
    call_jsapi: Callable[..., Any], params: dict[str, Any], named: str
) -> None:
    """Foreign corps, unknown people, contradictions and bad limits answer "3" by name."""
    with pytest.raises(InvalidParams, match=named):
        call_jsapi("biz.contact.complexPicker", params)


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ({"users": ["chenjing"]}, "disabled"),
        ({"users": ["lisi", "wangwu", "zhaoliu"]}, "more than the maximum 2"),
        ({"users": ["ghost"]}, "no user 'ghost'"),
        ({"people": ["lisi"]}, "takes users and departments"),
    ],
)
def test_wrong_scripted_answers(
    call_jsapi: Callable[..., Any], device: Device, answer: dict[str, Any], why: str
) -> None:
    """A script picking someone disabled, too many or unknown people is a ConfigError."""
    device.ui.queue("biz.contact.complexPicker", answer)
    with pytest.raises(ConfigError, match=why):
        call_jsapi("biz.contact.complexPicker", {"disabledUsers": ["chenjing"], "maxUsers": 2})


def test_choose(call_jsapi: Callable[..., Any], device: Device) -> None:
    """biz.contact.choose answers a list of {name, avatar, emplId}; single picks one."""
    assert call_jsapi("biz.contact.choose", {"users": ["lisi"], "multiple": True}) == [
        {"name": "李四", "avatar": "", "emplId": "lisi"}
    ]
    device.ui.queue("biz.contact.choose", {"users": ["lisi", "wangwu"]})
    with pytest.raises(ConfigError, match="takes one"):
        call_jsapi("biz.contact.choose", {"multiple": False})
    with pytest.raises(InvalidParams, match="'max'"):
        call_jsapi("biz.contact.choose", {"max": -1})


def test_departments_picker(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Departments with their headcounts; userCount counts each person once."""
    device.ui.queue("biz.contact.departmentsPicker", {"departments": ["2", 6]})
    assert call_jsapi("biz.contact.departmentsPicker", {"corpId": CORP}) == {
        "userCount": 5,
        "departments": [
            {"id": "2", "name": "研发部 R&D", "number": 5},
            {"id": "6", "name": "移动端组 Mobile", "number": 3},
        ],
        "departmentsCount": 2,
    }
    assert call_jsapi("biz.contact.departmentsPicker", {"pickedDepartments": ["3"]})[
        "departments"
    ] == [{"id": "3", "name": "产品部 Product", "number": 3}]


def test_sheet_carries_the_org_tree(call_jsapi: Callable[..., Any], device: Device) -> None:
    """The request the shell draws holds the corp's tree and the picker's rules."""
    device.ui.set_policy("wait")
    call_jsapi("biz.contact.complexPicker", {"title": "审批人", "disabledUsers": ["zhangsan"]})
    request = device.ui.wait_for("picker.contact")
    sheet = request.params
    assert sheet["title"] == "审批人"
    assert sheet["disabledUsers"] == ["zhangsan"]
    root = sheet["tree"][0]
    assert root["name"] == "云杉科技"
    assert [u["userid"] for u in root["users"]] == ["liuyang"]
    assert "研发部 R&D" in [c["name"] for c in root["children"]]
    request.cancel()


def test_choose_org(call_jsapi: Callable[..., Any], device: Device) -> None:
    """chooseOrg offers the person's corps; default the current one, or the one queued."""
    assert call_jsapi("biz.contact.chooseOrg", {}) == {"selectCorpId": CORP}
    other = next(c for c in device.corps() if c != CORP)
    device.ui.queue("biz.contact.chooseOrg", {"corpId": other})
    assert call_jsapi("biz.contact.chooseOrg", {}) == {"selectCorpId": other}
    device.ui.set_policy("wait")
    call_jsapi("biz.contact.chooseOrg", {})
    names = [o["key"] for o in device.ui.wait_for("picker.chosen").params["options"]]
    assert names[0] == "云杉科技 Spruce Tech" and len(names) == 2
    device.ui.clear()

"""Tests of jsapi.pickers.contacts: the rules of the contact pickers, data in and data out."""

from __future__ import annotations

import pytest

from bridge.errors import ConfigError, InvalidParams
from emulator.org import load_org
from jsapi.pickers.contacts import (
    check_corp,
    choose_picker,
    complex_picker,
    custom_picker,
    departments_picker,
)
from jsapi.pickers.directory import Directory

CORP = "ding8d6f3c1a0e5b7f29"


@pytest.fixture
def directory() -> Directory:
    return Directory(load_org().corp(CORP))


def test_required_people_are_always_picked(directory: Directory) -> None:
    """A person cannot untick the required: they come first in every answer."""
    request = complex_picker("biz.contact.complexPicker", {"requiredUsers": ["liuyang"]}, directory)
    got = request.shape({"users": ["lisi"]})
    assert [u["emplId"] for u in got["users"]] == ["liuyang", "lisi"]
    assert request.sheet["pickedUsers"] == ["liuyang"]
    assert request.sheet["requiredUsers"] == ["liuyang"]


def test_single_pickers_take_one(directory: Directory) -> None:
    """multiple: false refuses a second person, and several required ones."""
    request = choose_picker("biz.contact.choose", {"multiple": False}, directory)
    assert request.shape({"users": ["lisi"]}) == [{"name": "李四", "avatar": "", "emplId": "lisi"}]
    with pytest.raises(ConfigError, match="takes one"):
        request.shape({"users": ["lisi", "wangwu"]})
    with pytest.raises(InvalidParams, match="'multiple'"):
        choose_picker(
            "biz.contact.choose",
            {"multiple": False, "requiredUsers": ["lisi", "wangwu"]},
            directory,
        )


def test_departments_picker_limits(directory: Directory) -> None:
    """maxDepartments holds; people are not departments."""
    request = departments_picker("biz.contact.departmentsPicker", {"maxDepartments": 1}, directory)
    assert request.sheet["mode"] == "departments"
    with pytest.raises(ConfigError, match="more than 1"):
        request.shape({"departments": [2, 3]})
    with pytest.raises(ConfigError, match="not users"):
        request.shape({"users": ["lisi"]})


def test_custom_picker_offers_only_its_people(directory: Directory) -> None:
    """The sheet lists the page's people instead of the tree."""
    request = custom_picker(
        "biz.customContact.multipleChoose", {"users": ["lisi", "wangwu"]}, directory, multiple=True
    )
    assert request.sheet["tree"] == []
    assert [c["userid"] for c in request.sheet["candidates"]] == ["lisi", "wangwu"]
    assert request.default == {"users": [], "departments": []}


def test_corp_must_be_the_devices() -> None:
    """An empty corpId passes; another corp's is refused by name."""
    check_corp({"corpId": ""}, CORP)
    check_corp({"corpId": CORP}, CORP)
    with pytest.raises(InvalidParams, match="'corpId' 'dingX'"):
        check_corp({"corpId": "dingX"}, CORP)

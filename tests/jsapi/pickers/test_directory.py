"""Tests of jsapi.pickers.directory: a corp's address book for the contact pickers."""

from __future__ import annotations

import pytest

from bridge.errors import InvalidParams
from emulator.org import load_org
from jsapi.pickers.directory import Directory

CORP = "ding8d6f3c1a0e5b7f29"


@pytest.fixture
def directory() -> Directory:
    return Directory(load_org().corp(CORP), "http://127.0.0.1:9/")


def test_people_and_departments_by_id(directory: Directory) -> None:
    """Userids and department ids (numbers or their digits) find the corp's entries."""
    assert directory.user("lisi").name == "李四"
    assert directory.department("6") == directory.department(6)
    with pytest.raises(InvalidParams, match="'approvers': no user 'ghost'"):
        directory.user("ghost", "approvers")
    with pytest.raises(InvalidParams, match="no department 'R&D'"):
        directory.department("R&D")
    with pytest.raises(InvalidParams, match="no department True"):
        directory.department(True)


def test_lists_are_checked_and_deduplicated(directory: Directory) -> None:
    """A list param keeps its order, once each; a wrong entry is named with its index."""
    assert directory.userids(["lisi", "wangwu", "lisi"], "users") == ["lisi", "wangwu"]
    assert directory.dept_ids(["2", 2, 6], "departments") == [2, 6]
    with pytest.raises(InvalidParams, match=r"'users\[1\]' must be a userid"):
        directory.userids(["lisi", 7], "users")
    with pytest.raises(InvalidParams, match="must be an array"):
        directory.userids("lisi", "users")


def test_members_include_sub_departments(directory: Directory) -> None:
    """A department's people include those of the departments under it, each once."""
    rnd = {u.userid for u in directory.members([2])}
    assert {"zhangsan", "chenjing", "lisi", "zhouba"} <= rnd
    assert len(directory.members([2, 6])) == len(rnd)
    assert directory.unit(directory.department(2)) == {
        "id": "2",
        "name": "研发部 R&D",
        "number": len(rnd),
    }


def test_people_entries_and_avatars(directory: Directory) -> None:
    """A person is {name, avatar, emplId}; with detail, their department and corp."""
    user = directory.user("lisi")
    assert directory.person(user) == {
        "name": "李四",
        "avatar": f"http://127.0.0.1:9/media/avatar/{user.unionid}.png",
        "emplId": "lisi",
    }
    detail = directory.person(user, detail=True)
    assert (detail["selectDeptId"], detail["corpId"]) == (6, CORP)
    assert Directory(directory.corp).avatar(user) == ""


def test_tree_nests_departments_with_their_people(directory: Directory) -> None:
    """The tree starts at the root department; each node lists its own people."""
    (root,) = directory.tree()
    assert root["name"] == "云杉科技"
    mobile = next(
        c for d in root["children"] if d["id"] == "2" for c in d["children"] if c["id"] == "6"
    )
    assert "lisi" in [u["userid"] for u in mobile["users"]]

"""Tests of the legacy host's contacts: users and departments (openapi.contacts)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from .conftest import OTHER_KEY, OTHER_SECRET, ZHANGSAN_UNIONID, get_token, topapi

USER_GET = "/topapi/v2/user/get"
LISTSUB = "/topapi/v2/department/listsub"
LISTSIMPLE = "/topapi/user/listsimple"
BYUNIONID = "/topapi/user/getbyunionid"


def test_user_get(client: FlaskClient, token: str) -> None:
    """A user's details come from the org: names, departments, leadership, manager."""
    body = topapi(client, USER_GET, token, {"userid": "lisi", "language": "zh_CN"})
    assert body["errcode"] == 0
    user = body["result"]
    assert {k: user[k] for k in ("userid", "name", "title", "mobile", "job_number")} == {
        "userid": "lisi",
        "name": "李四",
        "title": "高级工程师",
        "mobile": "13800000002",
        "job_number": "S0002",
    }
    assert user["unionid"] == "UaB3kF0s8QvTr2mN7cXyWw"
    assert user["dept_id_list"] == [6]
    assert user["leader_in_dept"] == [{"dept_id": 6, "leader": False}]
    assert user["manager_userid"] == "sophia"  # the leader of department 6
    assert (user["admin"], user["boss"], user["active"]) == (False, False, True)


def test_user_get_leader_has_manager_above(client: FlaskClient, token: str) -> None:
    """A department's leader reports to the leader of the department above."""
    user = topapi(client, USER_GET, token, {"userid": "sophia"})["result"]
    assert user["leader_in_dept"] == [{"dept_id": 6, "leader": True}]
    assert user["manager_userid"] == "zhangsan"


def test_user_get_boss_has_no_manager(client: FlaskClient, token: str) -> None:
    """The boss has no manager field, and boss is true."""
    user = topapi(client, USER_GET, token, {"userid": "liuyang"})["result"]
    assert user["boss"] is True
    assert "manager_userid" not in user


@pytest.mark.parametrize(
    ("body", "errcode"),
    [({"userid": "nosuch"}, 60121), ({"userid": "sales02"}, 60121), ({}, 40035)],
)
def test_user_get_errors(
    client: FlaskClient, token: str, body: dict[str, Any], errcode: int
) -> None:
    """An unknown userid (or one of another corp) is 60121; none is 40035."""
    assert topapi(client, USER_GET, token, body)["errcode"] == errcode


def test_listsub_root(client: FlaskClient, token: str) -> None:
    """The root's direct sub-departments, root by default."""
    result = topapi(client, LISTSUB, token, {})["result"]
    assert [d["dept_id"] for d in result] == [2, 3, 4, 5]
    assert result[0] == {
        "dept_id": 2,
        "name": "研发部 R&D",
        "parent_id": 1,
        "create_dept_group": True,
        "auto_add_user": True,
    }
    assert topapi(client, LISTSUB, token, {"dept_id": 1})["result"] == result


def test_listsub_below(client: FlaskClient, token: str) -> None:
    """A department lists only its direct children; a leaf lists none."""
    assert [d["dept_id"] for d in topapi(client, LISTSUB, token, {"dept_id": 2})["result"]] == [6]
    assert topapi(client, LISTSUB, token, {"dept_id": 6})["result"] == []


def test_listsub_unknown(client: FlaskClient, token: str) -> None:
    """An unknown department is 60003 "部门不存在"."""
    body = topapi(client, LISTSUB, token, {"dept_id": 99})
    assert (body["errcode"], body["errmsg"]) == (60003, "部门不存在")


def test_listsub_other_corp(client: FlaskClient) -> None:
    """The token's corp decides which departments are seen."""
    other = get_token(client, OTHER_KEY, OTHER_SECRET)
    result = topapi(client, LISTSUB, other, {"dept_id": 1})["result"]
    assert [d["name"] for d in result] == ["销售部 Sales"]


def test_listsimple_pages(client: FlaskClient, token: str) -> None:
    """Paging with cursor and size walks every direct member once."""
    seen: list[str] = []
    cursor = 0
    while True:
        result = topapi(client, LISTSIMPLE, token, {"dept_id": 3, "cursor": cursor, "size": 2})[
            "result"
        ]
        seen += [u["userid"] for u in result["list"]]
        if not result["has_more"]:
            assert "next_cursor" not in result
            break
        cursor = result["next_cursor"]
    assert seen == ["wangwu", "zhouba", "emily"]
    assert {"userid": "wangwu", "name": "王五"} in topapi(
        client, LISTSIMPLE, token, {"dept_id": 3, "cursor": 0, "size": 100}
    )["result"]["list"]


def test_listsimple_form_strings(client: FlaskClient, token: str) -> None:
    """A form body's numbers arrive as strings and are read as numbers."""
    response = client.post(
        LISTSIMPLE,
        query_string={"access_token": token},
        data={"dept_id": "6", "cursor": "0", "size": "10"},
    )
    result = response.get_json()["result"]
    assert [u["userid"] for u in result["list"]] == ["lisi", "zhouba", "sophia"]
    assert result["has_more"] is False


@pytest.mark.parametrize(
    ("body", "errmsg"),
    [
        ({"dept_id": 3, "cursor": 0, "size": 101}, "不合法的参数 size: 1 to 100"),
        ({"dept_id": 3, "cursor": 0, "size": 0}, "不合法的参数 size: 1 to 100"),
        ({"dept_id": 3, "cursor": -1, "size": 10}, "不合法的参数 cursor"),
        ({"dept_id": 3, "size": 10}, "缺少参数 cursor"),
        ({"dept_id": 3, "cursor": 0}, "缺少参数 size"),
        ({"cursor": 0, "size": 10}, "缺少参数 dept_id"),
        ({"dept_id": "three", "cursor": 0, "size": 10}, "不合法的参数 dept_id"),
    ],
)
def test_listsimple_bad_params(
    client: FlaskClient, token: str, body: dict[str, Any], errmsg: str
) -> None:
    """Missing or out-of-range paging params answer 40035 naming the param."""
    answer = topapi(client, LISTSIMPLE, token, body)
    assert (answer["errcode"], answer["errmsg"]) == (40035, errmsg)


def test_getbyunionid(client: FlaskClient, token: str) -> None:
    """A unionid maps to the person's userid in the token's corp."""
    result = topapi(client, BYUNIONID, token, {"unionid": ZHANGSAN_UNIONID})["result"]
    assert result == {"contact_type": 0, "userid": "zhangsan"}
    other = get_token(client, OTHER_KEY, OTHER_SECRET)
    assert topapi(client, BYUNIONID, other, {"unionid": ZHANGSAN_UNIONID})["result"] == {
        "contact_type": 0,
        "userid": "manager01",
    }


def test_getbyunionid_not_in_corp(client: FlaskClient, token: str) -> None:
    """A person who is not in the token's corp is 60121."""
    grace = "UtC4nB7xP0wR3kM6vS9dFh"  # only in the other corp
    assert topapi(client, BYUNIONID, token, {"unionid": grace})["errcode"] == 60121


def test_avatars_are_served_for_known_people_only(client: FlaskClient) -> None:
    """user/get's avatar URL serves a PNG; an unknown person's avatar is 404."""
    token = get_token(client)
    user = topapi(client, "/topapi/v2/user/get", token, {"userid": "lisi"})["result"]
    path = user["avatar"].removeprefix("http://localhost")
    response = client.get(path)
    assert (response.status_code, response.mimetype) == (200, "image/png")
    assert response.data.startswith(b"\x89PNG")
    assert client.get("/media/avatar/nosuch.png").status_code == 404

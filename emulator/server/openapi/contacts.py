"""Legacy host: the contacts of the token's corp (topapi, POST, JSON or form).

- ``/topapi/v2/user/get`` ``{"userid"}`` -> the user's details; 60121 if unknown;
- ``/topapi/v2/department/listsub`` ``{"dept_id"}`` (root 1 by default) -> the
  direct sub-departments; 60003 if unknown;
- ``/topapi/user/listsimple`` ``{"dept_id", "cursor", "size"<=100}`` -> a page of
  the department's direct members, ``{has_more, next_cursor?, list}``;
- ``/topapi/user/getbyunionid`` ``{"unionid"}`` -> ``{contact_type, userid}``.

Every answer is limited to the corp the token's app belongs to.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from ...org import Corp
from .auth import legacy_app_token, platform
from .envelopes import LegacyError, legacy_ok
from .params import legacy_params, need_str, opt_int
from .people import user_detail

__all__ = ["LISTSIMPLE_MAX_SIZE", "bp"]

bp = Blueprint("openapi_contacts", __name__)

#: ``size`` of ``/topapi/user/listsimple`` is at most this.
LISTSIMPLE_MAX_SIZE = 100


def _corp_and_params() -> tuple[Corp, dict[str, Any]]:
    token = legacy_app_token()
    return platform().org.corp(token.corp_id), legacy_params()


def _department(corp: Corp, params: dict[str, Any], default: int | None) -> int:
    dept_id = opt_int(params, "dept_id", default)
    if dept_id is None:
        raise LegacyError(40035, "缺少参数 dept_id")
    if dept_id not in corp.departments:
        raise LegacyError(60003)
    return dept_id


@bp.post("/topapi/v2/user/get")
def user_get() -> Response:
    """A user's details: names, titles, departments, leadership, admin and boss flags."""
    corp, params = _corp_and_params()
    userid = need_str(params, "userid")
    user = corp.users.get(userid)
    if user is None:
        raise LegacyError(60121)
    return legacy_ok(result=user_detail(corp, user, request.host_url))


@bp.post("/topapi/v2/department/listsub")
def department_listsub() -> Response:
    """The direct sub-departments of ``dept_id``."""
    corp, params = _corp_and_params()
    dept_id = _department(corp, params, 1)
    result = [
        {
            "dept_id": dept.id,
            "name": dept.name,
            "parent_id": dept.parent_id,
            "create_dept_group": True,
            "auto_add_user": True,
        }
        for dept in corp.departments.values()
        if dept.parent_id == dept_id
    ]
    return legacy_ok(result=result)


@bp.post("/topapi/user/listsimple")
def user_listsimple() -> Response:
    """A page of the department's direct members, ``{userid, name}`` each."""
    corp, params = _corp_and_params()
    dept_id = _department(corp, params, None)
    cursor = opt_int(params, "cursor")
    size = opt_int(params, "size")
    if cursor is None:
        raise LegacyError(40035, "缺少参数 cursor")
    if size is None:
        raise LegacyError(40035, "缺少参数 size")
    if cursor < 0:
        raise LegacyError(40035, "不合法的参数 cursor")
    if not 0 < size <= LISTSIMPLE_MAX_SIZE:
        raise LegacyError(40035, f"不合法的参数 size: 1 to {LISTSIMPLE_MAX_SIZE}")
    members = [u for u in corp.users.values() if dept_id in u.depts]
    page = members[cursor : cursor + size]
    result: dict[str, Any] = {
        "has_more": cursor + size < len(members),
        "list": [{"userid": u.userid, "name": u.name} for u in page],
    }
    if result["has_more"]:
        result["next_cursor"] = cursor + size
    return legacy_ok(result=result)


@bp.post("/topapi/user/getbyunionid")
def user_getbyunionid() -> Response:
    """The userid, in the token's corp, of the person with ``unionid``."""
    corp, params = _corp_and_params()
    unionid = need_str(params, "unionid")
    for user in corp.users.values():
        if user.unionid == unionid:
            return legacy_ok(result={"contact_type": 0, "userid": user.userid})
    raise LegacyError(60121)

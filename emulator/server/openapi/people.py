"""How the platform's APIs show a person: the fields of each answer, from the org.

Fields the org has no data for (hired date, extension ...) are omitted, as
the real APIs omit empty optional fields. Avatars are generated and served by
the platform itself (``media/avatar/<unionid>.png``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from ...org import Corp, User

__all__ = [
    "avatar_url",
    "device_id",
    "login_info",
    "me",
    "open_id",
    "sys_level",
    "user_detail",
]


def avatar_url(base_url: str, user: User) -> str:
    """The absolute URL of the person's avatar on the platform at ``base_url``."""
    return f"{base_url.rstrip('/')}/media/avatar/{user.unionid}.png"


def sys_level(user: User) -> int:
    """1 main admin, 100 boss, 0 anyone else (2, sub-admin, is not modelled)."""
    if user.admin:
        return 1
    return 100 if user.boss else 0


def device_id(corp_id: str, userid: str) -> str:
    """A stable id of the person's phone."""
    return hashlib.md5(f"ddemu-device:{corp_id}:{userid}".encode()).hexdigest()


def open_id(app_key: str, unionid: str) -> str:
    """The person's id as seen by one app."""
    return hashlib.sha256(f"ddemu-openid:{app_key}:{unionid}".encode()).hexdigest()[:24]


def login_info(corp: Corp, user: User) -> dict[str, Any]:
    """``result`` of ``/topapi/v2/user/getuserinfo``."""
    return {
        "userid": user.userid,
        "unionid": user.unionid,
        "device_id": device_id(corp.corp_id, user.userid),
        "sys": user.admin,
        "sys_level": sys_level(user),
        "name": user.name,
    }


def _manager(corp: Corp, user: User) -> str | None:
    """The leader of the user's first department, looking up the tree past the user."""
    dept_id: int | None = user.depts[0] if user.depts else None
    while dept_id is not None:
        for other in corp.users.values():
            if dept_id in other.leader_in and other.userid != user.userid:
                return other.userid
        dept = corp.departments.get(dept_id)
        dept_id = dept.parent_id if dept is not None else None
    return None


def user_detail(corp: Corp, user: User, base_url: str) -> dict[str, Any]:
    """``result`` of ``/topapi/v2/user/get``; avatars are served at ``base_url``."""
    detail: dict[str, Any] = {
        "userid": user.userid,
        "unionid": user.unionid,
        "name": user.name,
        "avatar": avatar_url(base_url, user),
        "state_code": "86",
        "mobile": user.mobile,
        "hide_mobile": False,
        "telephone": "",
        "job_number": user.job_number,
        "title": user.title,
        "email": user.email,
        "exclusive_account": False,
        "dept_id_list": list(user.depts),
        "dept_order_list": [{"dept_id": d, "order": i + 1} for i, d in enumerate(user.depts)],
        "active": True,
        "real_authed": True,
        "senior": False,
        "admin": user.admin,
        "boss": user.boss,
        "leader_in_dept": [{"dept_id": d, "leader": d in user.leader_in} for d in user.depts],
        "role_list": [],
    }
    manager = _manager(corp, user)
    if manager is not None:
        detail["manager_userid"] = manager
    return detail


def me(app_key: str, user: User, base_url: str) -> dict[str, Any]:
    """``/v1.0/contact/users/{unionId}``: the person's own profile, no userid."""
    return {
        "nick": user.name,
        "avatarUrl": avatar_url(base_url, user),
        "mobile": user.mobile,
        "openId": open_id(app_key, user.unionid),
        "unionId": user.unionid,
        "email": user.email,
        "stateCode": "86",
    }

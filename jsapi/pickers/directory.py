"""One corp's address book as the contact pickers show it and answer it.

The pickers (``biz.contact.choose``, ``complexPicker``, ``departmentsPicker``,
``biz.customContact.*``) name people by ``emplId`` (the userid) and departments
by ``id``, with avatars served by the emulated platform. :class:`Directory`
answers those shapes from :class:`~emulator.org.Corp`, and draws the tree the
shell shows a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bridge.errors import InvalidParams

if TYPE_CHECKING:
    from emulator.org import Corp, Department, User

__all__ = ["Directory"]

#: Where the platform serves a person's avatar, relative to its root (see
#: ``emulator/server/openapi/media.py``).
_AVATAR = "media/avatar/{unionid}.png"


class Directory:
    """The people and departments of one corp, for the contact pickers.

    Args:
        corp: The corp whose address book this is.
        platform_url: The open platform's root URL, where avatars are served;
            empty when it is not serving (avatars are then empty strings).
    """

    def __init__(self, corp: Corp, platform_url: str = "") -> None:
        self.corp = corp
        self.platform_url = platform_url

    # -- looking things up --------------------------------------------------

    def user(self, userid: str, param: str = "users") -> User:
        """The person ``userid``.

        Raises:
            InvalidParams: Naming ``param``, for someone the corp does not have.
        """
        user = self.corp.users.get(userid)
        if user is None:
            raise InvalidParams(
                f"param {param!r}: no user {userid!r} in corp {self.corp.corp_id!r}"
            )
        return user

    def department(self, dept_id: str | int, param: str = "departments") -> Department:
        """The department ``dept_id`` (a number, or its digits as the typings send them).

        Raises:
            InvalidParams: Naming ``param``, for an id the corp does not have.
        """
        try:
            key = int(dept_id)
        except (TypeError, ValueError):
            key = -1
        dept = self.corp.departments.get(key)
        if dept is None or isinstance(dept_id, bool):
            raise InvalidParams(
                f"param {param!r}: no department {dept_id!r} in corp {self.corp.corp_id!r}"
            )
        return dept

    def userids(self, values: Any, param: str) -> list[str]:
        """Check a list of userids given in ``param``; returns them in order, once each.

        Raises:
            InvalidParams: If it is not a list of strings, or names someone unknown.
        """
        if values is None:
            return []
        if not isinstance(values, list):
            raise InvalidParams(f"param {param!r} must be an array of userids, got {values!r}")
        out: list[str] = []
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise InvalidParams(f"param '{param}[{index}]' must be a userid, got {value!r}")
            self.user(value, f"{param}[{index}]")
            if value not in out:
                out.append(value)
        return out

    def dept_ids(self, values: Any, param: str) -> list[int]:
        """Check a list of department ids given in ``param``; returns them as numbers.

        Raises:
            InvalidParams: If it is not a list of ids, or names an unknown department.
        """
        if values is None:
            return []
        if not isinstance(values, list):
            raise InvalidParams(f"param {param!r} must be an array of department ids")
        out: list[int] = []
        for index, value in enumerate(values):
            dept = self.department(value, f"{param}[{index}]")
            if dept.id not in out:
                out.append(dept.id)
        return out

    def subtree(self, dept_id: int) -> list[int]:
        """``dept_id`` and every department under it."""
        found = [dept_id]
        for current in found:
            found.extend(d.id for d in self.corp.departments.values() if d.parent_id == current)
        return found

    def members(self, dept_ids: Iterable[int]) -> list[User]:
        """The people in these departments or under them, each once, in directory order."""
        wanted: set[int] = set()
        for dept_id in dept_ids:
            wanted.update(self.subtree(dept_id))
        return [u for u in self.corp.users.values() if wanted.intersection(u.depts)]

    # -- answer shapes ------------------------------------------------------

    def avatar(self, user: User) -> str:
        """The URL of the person's avatar on the platform, or ``""`` when it is not serving."""
        if not self.platform_url:
            return ""
        return self.platform_url.rstrip("/") + "/" + _AVATAR.format(unionid=user.unionid)

    def person(self, user: User, *, detail: bool = False) -> dict[str, Any]:
        """``{name, avatar, emplId}``; with ``detail``, also the department and corp.

        ``complexPicker`` adds ``selectDeptId``, ``selectDeptName`` and ``corpId``.
        """
        entry: dict[str, Any] = {
            "name": user.name,
            "avatar": self.avatar(user),
            "emplId": user.userid,
        }
        if detail:
            dept = self.corp.departments[user.depts[0]] if user.depts else None
            if dept is not None:
                entry["selectDeptId"] = dept.id
                entry["selectDeptName"] = dept.name
            entry["corpId"] = self.corp.corp_id
        return entry

    def unit(self, dept: Department) -> dict[str, Any]:
        """``{id, name, number}``: the id as a string, as the typings say; number = headcount."""
        return {"id": str(dept.id), "name": dept.name, "number": len(self.members([dept.id]))}

    # -- what the shell draws -----------------------------------------------

    def tree(self) -> list[dict[str, Any]]:
        """The corp as nested ``{id, name, users, children}`` for the picker sheet.

        ``users`` are the people directly in the department:
        ``{userid, name, title, avatar}``.
        """

        def node(dept: Department) -> dict[str, Any]:
            return {
                "id": str(dept.id),
                "name": dept.name,
                "number": len(self.members([dept.id])),
                "users": [
                    {
                        "userid": u.userid,
                        "name": u.name,
                        "title": u.title,
                        "avatar": self.avatar(u),
                    }
                    for u in self.corp.users.values()
                    if dept.id in u.depts
                ],
                "children": [
                    node(d) for d in self.corp.departments.values() if d.parent_id == dept.id
                ],
            }

        roots = [d for d in self.corp.departments.values() if d.parent_id is None]
        return [node(d) for d in roots]

"""The contact pickers: people and departments of the signed-in person's corp.

``biz.contact.choose``, ``biz.contact.complexPicker``,
``biz.contact.departmentsPicker``, ``biz.customContact.choose`` and
``multipleChoose`` all draw the ``picker.contact`` sheet over a
:class:`~jsapi.pickers.directory.Directory`, and all take the same answer:
``users`` (userids) and ``departments`` (department ids). Required people and
departments are always part of the answer, as a person cannot untick them;
disabled ones, more than the maximum, or several in a single picker are a
wrong answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bridge.errors import ConfigError, InvalidParams

from .basic import PickerRequest, chosen_picker
from .directory import Directory

__all__ = [
    "check_corp",
    "org_picker",
    "choose_picker",
    "complex_picker",
    "custom_picker",
    "departments_picker",
]


@dataclass
class _Rules:
    """What a person may pick: who is pre-ticked, required, disabled, how many."""

    picked_users: list[str]
    picked_depts: list[int]
    required_users: list[str]
    required_depts: list[int]
    disabled_users: list[str]
    disabled_depts: list[int]
    multiple: bool
    max_users: int | None
    max_depts: int | None
    candidates: list[str] | None = None  # customContact: only these people


def _bool(params: Mapping[str, Any], name: str, default: bool) -> bool:
    value = params.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidParams(f"param {name!r} must be true or false, got {value!r}")
    return value


def _limit(params: Mapping[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParams(f"param {name!r} must be a whole number >= 1, got {value!r}")
    return value


def check_corp(params: Mapping[str, Any], corp_id: str) -> None:
    """A picker's ``corpId`` must be the corp the person is signed in to.

    Raises:
        InvalidParams: Naming ``corpId`` and the device's corp.
    """
    given = params.get("corpId")
    if given in (None, ""):
        return
    if given != corp_id:
        raise InvalidParams(
            f"param 'corpId' {given!r} is not the corp the user is signed in to ({corp_id!r})"
        )


def _read_rules(
    params: Mapping[str, Any],
    directory: Directory,
    *,
    users: str = "pickedUsers",
    max_users: str = "maxUsers",
    multiple: bool = True,
) -> _Rules:
    rules = _Rules(
        picked_users=directory.userids(params.get(users), users),
        picked_depts=directory.dept_ids(params.get("pickedDepartments"), "pickedDepartments"),
        required_users=directory.userids(params.get("requiredUsers"), "requiredUsers"),
        required_depts=directory.dept_ids(params.get("requiredDepartments"), "requiredDepartments"),
        disabled_users=directory.userids(params.get("disabledUsers"), "disabledUsers"),
        disabled_depts=directory.dept_ids(params.get("disabledDepartments"), "disabledDepartments"),
        multiple=_bool(params, "multiple", multiple),
        max_users=_limit(params, max_users),
        max_depts=_limit(params, "maxDepartments"),
    )
    for userid in rules.required_users:
        if userid in rules.disabled_users:
            raise InvalidParams(f"param 'requiredUsers': {userid!r} is also in 'disabledUsers'")
    for dept in rules.required_depts:
        if dept in rules.disabled_depts:
            raise InvalidParams(f"param 'requiredDepartments': {dept} is also disabled")
    if rules.max_users is not None and len(rules.required_users) > rules.max_users:
        raise InvalidParams(
            f"param {max_users!r} is {rules.max_users}, "
            f"fewer than the {len(rules.required_users)} 'requiredUsers'"
        )
    if not rules.multiple and len(rules.required_users) + len(rules.required_depts) > 1:
        raise InvalidParams("param 'multiple' is false but several are required")
    return rules


def _sheet(
    params: Mapping[str, Any], directory: Directory, rules: _Rules, mode: str
) -> dict[str, Any]:
    people = rules.candidates
    return {
        "mode": mode,  # "users", "users+departments" or "departments"
        "title": params.get("title", ""),
        "corpName": directory.corp.name,
        "tree": directory.tree() if people is None else [],
        "candidates": (
            [
                {
                    "userid": u,
                    "name": directory.user(u).name,
                    "title": directory.user(u).title,
                    "avatar": directory.avatar(directory.user(u)),
                }
                for u in people
            ]
            if people is not None
            else None
        ),
        "multiple": rules.multiple,
        "maxUsers": rules.max_users,
        "maxDepartments": rules.max_depts,
        "limitTips": params.get("limitTips", ""),
        "pickedUsers": _union(rules.required_users, rules.picked_users),
        "pickedDepartments": [str(d) for d in _union(rules.required_depts, rules.picked_depts)],
        "requiredUsers": rules.required_users,
        "requiredDepartments": [str(d) for d in rules.required_depts],
        "disabledUsers": rules.disabled_users,
        "disabledDepartments": [str(d) for d in rules.disabled_depts],
    }


def _union(first: list[Any], second: list[Any]) -> list[Any]:
    return first + [x for x in second if x not in first]


def _selection(
    method: str, answer: Mapping[str, Any], directory: Directory, rules: _Rules
) -> tuple[list[str], list[int]]:
    """The userids and department ids an answer picks, checked against the rules."""
    unknown = set(answer) - {"users", "departments"}
    if unknown:
        raise ConfigError(f"an answer to {method} takes users and departments, not {unknown}")
    try:
        users = directory.userids(list(answer.get("users") or []), "users")
        depts = directory.dept_ids(list(answer.get("departments") or []), "departments")
    except InvalidParams as exc:
        raise ConfigError(f"an answer to {method}: {exc.message}") from None
    for userid in users:
        if userid in rules.disabled_users:
            raise ConfigError(f"an answer to {method}: {userid!r} cannot be picked (disabled)")
        if rules.candidates is not None and userid not in rules.candidates:
            raise ConfigError(f"an answer to {method}: {userid!r} is not among the 'users' offered")
    for dept in depts:
        if dept in rules.disabled_depts:
            raise ConfigError(f"an answer to {method}: department {dept} is disabled")
    users = _union(rules.required_users, users)
    depts = _union(rules.required_depts, depts)
    if not rules.multiple and len(users) + len(depts) > 1:
        raise ConfigError(f"an answer to {method}: the picker takes one, got {users + depts}")
    if rules.max_users is not None and len(users) > rules.max_users:
        raise ConfigError(
            f"an answer to {method}: {len(users)} people, more than the maximum {rules.max_users}"
        )
    if rules.max_depts is not None and len(depts) > rules.max_depts:
        raise ConfigError(
            f"an answer to {method}: {len(depts)} departments, more than {rules.max_depts}"
        )
    return users, depts


def _default(rules: _Rules) -> dict[str, Any]:
    return {
        "users": _union(rules.required_users, rules.picked_users),
        "departments": _union(rules.required_depts, rules.picked_depts),
    }


def complex_picker(method: str, params: Mapping[str, Any], directory: Directory) -> PickerRequest:
    """``biz.contact.complexPicker``: people and departments.

    Answers ``{selectedCount, users, departments}``; ``selectedCount`` counts
    the people picked plus the people in the departments picked, each once.
    With ``responseUserOnly`` the departments are given as their people.

    Raises:
        InvalidParams: For a foreign ``corpId``, unknown people or departments,
            a required one also disabled, or more required than ``maxUsers``.
    """
    check_corp(params, directory.corp.corp_id)
    rules = _read_rules(params, directory)
    users_only = _bool(params, "responseUserOnly", False)
    sheet = _sheet(params, directory, rules, "users+departments")

    def shape(answer: Mapping[str, Any]) -> dict[str, Any]:
        users, depts = _selection(method, answer, directory, rules)
        people = [directory.user(u) for u in users]
        members = directory.members(depts)
        everyone = {u.userid for u in people} | {u.userid for u in members}
        if users_only:
            people += [u for u in members if u.userid not in users]
            depts = []
        return {
            "selectedCount": len(everyone),
            "users": [directory.person(u, detail=True) for u in people],
            "departments": [directory.unit(directory.department(d)) for d in depts],
        }

    return PickerRequest(method, "picker.contact", sheet, _default(rules), shape)


def choose_picker(method: str, params: Mapping[str, Any], directory: Directory) -> PickerRequest:
    """``biz.contact.choose``: people of the corp, ``users`` pre-ticked, at most ``max``.

    Answers a list of ``{name, avatar, emplId}``.

    Raises:
        InvalidParams: For a foreign ``corpId``, unknown people or a bad ``max``.
    """
    check_corp(params, directory.corp.corp_id)
    rules = _read_rules(params, directory, users="users", max_users="max")
    sheet = _sheet(params, directory, rules, "users")

    def shape(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
        users, _ = _selection(method, {"users": answer.get("users") or []}, directory, rules)
        return [directory.person(directory.user(u)) for u in users]

    return PickerRequest(
        method, "picker.contact", sheet, _default(rules) | {"departments": []}, shape
    )


def departments_picker(
    method: str, params: Mapping[str, Any], directory: Directory
) -> PickerRequest:
    """``biz.contact.departmentsPicker``: departments, at most ``maxDepartments``.

    Answers ``{userCount, departments, departmentsCount}``; ``userCount`` is
    the people in the departments picked, each once.

    Raises:
        InvalidParams: For a foreign ``corpId`` or unknown departments.
    """
    check_corp(params, directory.corp.corp_id)
    rules = _read_rules(params, directory)
    sheet = _sheet(params, directory, rules, "departments")

    def shape(answer: Mapping[str, Any]) -> dict[str, Any]:
        if answer.get("users"):
            raise ConfigError(f"an answer to {method} picks departments, not users")
        _, depts = _selection(method, answer, directory, rules)
        return {
            "userCount": len(directory.members(depts)),
            "departments": [directory.unit(directory.department(d)) for d in depts],
            "departmentsCount": len(depts),
        }

    return PickerRequest(
        method, "picker.contact", sheet, {"departments": _default(rules)["departments"]}, shape
    )


def custom_picker(
    method: str, params: Mapping[str, Any], directory: Directory, *, multiple: bool
) -> PickerRequest:
    """``biz.customContact.choose`` / ``multipleChoose``: people from the page's own list.

    ``users`` lists the people offered, ``selectedUsers`` those ticked
    (multiple), ``disabledUsers`` those greyed out, ``max`` the limit.
    Answers a list of ``{name, avatar, emplId}``. The default policy keeps
    ``selectedUsers``; a single picker takes the first person offered.

    Raises:
        InvalidParams: For no ``users``, unknown people or a foreign ``corpId``.
    """
    check_corp(params, directory.corp.corp_id)
    offered = directory.userids(params.get("users"), "users")
    if not offered:
        raise InvalidParams("param 'users' must list the people to choose from")
    rules = _read_rules(
        params, directory, users="selectedUsers", max_users="max", multiple=multiple
    )
    rules.multiple = multiple
    rules.candidates = offered
    for index, userid in enumerate(rules.picked_users):
        if userid not in offered:
            raise InvalidParams(f"param 'selectedUsers[{index}]' {userid!r} is not in 'users'")
    sheet = _sheet(params, directory, rules, "users")
    if multiple:
        default = _default(rules)
    else:
        free = [u for u in offered if u not in rules.disabled_users]
        default = {"users": free[:1], "departments": []}

    def shape(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
        users, _ = _selection(method, {"users": answer.get("users") or []}, directory, rules)
        return [directory.person(directory.user(u)) for u in users]

    return PickerRequest(method, "picker.contact", sheet, default, shape)


def org_picker(method: str, corps: Mapping[str, str], current: str) -> PickerRequest:
    """``biz.contact.chooseOrg``: one of the person's corps (``corp_id`` to name).

    Drawn as a ``picker.chosen`` sheet of corp names; a script answers
    ``corpId`` (or ``index``). Answers ``{selectCorpId}``; the default policy
    keeps the corp the device is signed in to.
    """
    source = [{"key": name, "value": corp_id} for corp_id, name in corps.items()]
    request = chosen_picker(method, {"source": source, "selectedKey": corps.get(current)})
    pick = request.shape

    def shape(answer: Mapping[str, Any]) -> dict[str, str]:
        if "corpId" in answer:
            answer = {"value": answer["corpId"]}
        return {"selectCorpId": str(pick(answer)["value"])}

    request.shape = shape
    return request

"""Legacy host: work notifications, delivered to the emulated users' inbox.

``POST /topapi/message/corpconversation/asyncsend_v2`` with ``agent_id`` (the
token's app's), ``msg``, and recipients: ``userid_list`` ("u1,u2", at most 100),
``dept_id_list`` ("1,2", at most 20: their members and their sub-departments'),
or ``to_all_user``. Answers ``{"task_id"}``. A send over a delivery limit is
still answered with success, as on the real platform; see :mod:`emulator.inbox`.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response

from ...inbox import MAX_DEPTS_PER_CALL, MAX_USERIDS_PER_CALL
from ...org import Corp
from .auth import legacy_app_token, platform
from .envelopes import LegacyError, legacy_ok
from .params import id_list, legacy_params, need_str, opt_bool, opt_int, opt_object

__all__ = ["MAX_MSG_BYTES", "MSGTYPES", "bp"]

bp = Blueprint("openapi_messages", __name__)

#: Every message type, with the fields its section must have.
MSGTYPES: dict[str, tuple[str, ...]] = {
    "text": ("content",),
    "image": ("media_id",),
    "voice": ("media_id", "duration"),
    "file": ("media_id",),
    "link": ("messageUrl", "picUrl", "title", "text"),
    "oa": ("message_url", "head", "body"),
    "markdown": ("title", "text"),
    "action_card": ("title", "markdown"),
}

#: ``msg`` may take at most this many bytes of JSON.
MAX_MSG_BYTES = 2048


def _message(params: dict[str, Any]) -> dict[str, Any]:
    """The ``msg`` parameter, checked against its ``msgtype``."""
    msg = opt_object(params, "msg")
    if msg is None:
        raise LegacyError(40035, "缺少参数 msg")
    msgtype = msg.get("msgtype")
    if not msgtype:
        raise LegacyError(40035, "缺少参数 msg.msgtype")
    if msgtype not in MSGTYPES:
        raise LegacyError(40035, f"不合法的参数 msg.msgtype: {msgtype}")
    section = msg.get(msgtype)
    if not isinstance(section, dict):
        raise LegacyError(40035, f"缺少参数 msg.{msgtype}")
    for name in MSGTYPES[msgtype]:
        if section.get(name) in (None, "", {}):
            raise LegacyError(40035, f"缺少参数 msg.{msgtype}.{name}")
    if len(json.dumps(msg, ensure_ascii=False).encode()) > MAX_MSG_BYTES:
        raise LegacyError(40035, f"不合法的参数 msg: over {MAX_MSG_BYTES} bytes")
    return msg


def _subtree(corp: Corp, dept_id: int) -> set[int]:
    """``dept_id`` and every department below it."""
    found = {dept_id}
    grew = True
    while grew:
        below = {d.id for d in corp.departments.values() if d.parent_id in found}
        grew = not below <= found
        found |= below
    return found


def _recipients(corp: Corp, params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The userids to deliver to, and the given userids that are not in the corp."""
    userids = id_list(params, "userid_list")
    dept_ids = id_list(params, "dept_id_list")
    to_all = opt_bool(params, "to_all_user")
    if not (userids or dept_ids or to_all):
        raise LegacyError(40035, "缺少参数 userid_list, dept_id_list or to_all_user")
    if len(userids) > MAX_USERIDS_PER_CALL:
        raise LegacyError(40035, f"不合法的参数 userid_list: at most {MAX_USERIDS_PER_CALL}")
    if len(dept_ids) > MAX_DEPTS_PER_CALL:
        raise LegacyError(40035, f"不合法的参数 dept_id_list: at most {MAX_DEPTS_PER_CALL}")
    if not all(d.isdigit() for d in dept_ids):
        raise LegacyError(40035, "不合法的参数 dept_id_list")
    depts: set[int] = set()
    for dept_id in dept_ids:  # unknown departments reach nobody
        if int(dept_id) in corp.departments:
            depts |= _subtree(corp, int(dept_id))
    recipients = [u for u in userids if u in corp.users]
    recipients += [u.userid for u in corp.users.values() if to_all or set(u.depts) & depts]
    invalid = [u for u in userids if u not in corp.users]
    return recipients, invalid


@bp.post("/topapi/message/corpconversation/asyncsend_v2")
def asyncsend_v2() -> Response:
    """Send a work notification from the token's app; answers its ``task_id``."""
    token = legacy_app_token()
    params = legacy_params()
    found = platform().find_app(token.app_key)
    if found is None:  # the org was swapped since the token was issued
        raise LegacyError(40014, wrapped=True)
    corp, app = found
    need_str(params, "agent_id")
    if opt_int(params, "agent_id") != app.agent_id:
        raise LegacyError(40035, "不合法的参数 agent_id: not the agent of this access_token")
    msg = _message(params)
    recipients, invalid = _recipients(corp, params)
    task = platform().inbox.send(
        corp_id=corp.corp_id,
        app_key=app.app_key,
        agent_id=app.agent_id,
        msg=msg,
        recipients=recipients,
        invalid=invalid,
    )
    return legacy_ok(task_id=task.task_id)

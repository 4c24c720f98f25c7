"""Tests of work notifications over HTTP (openapi.messages)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from emulator import Emulator

from .conftest import AGENT_ID, CORP, OTHER_KEY, OTHER_SECRET, get_token, topapi

SEND = "/topapi/message/corpconversation/asyncsend_v2"
TEXT = {"msgtype": "text", "text": {"content": "月度报表已生成"}}


def send(client: FlaskClient, token: str, **params: Any) -> dict[str, Any]:
    return topapi(client, SEND, token, {"agent_id": AGENT_ID, "msg": TEXT, **params})


def received(emu: Emulator, userid: str) -> list[str]:
    return [n.text for n in emu.platform.inbox.of(CORP, userid)]


def test_text_reaches_the_device(client: FlaskClient, token: str, emu: Emulator) -> None:
    """A text sent to the phone's user shows in device.notifications."""
    body = send(client, token, userid_list="zhangsan")
    assert body["errcode"] == 0 and body["errmsg"] == "ok"
    assert isinstance(body["task_id"], int)
    [note] = emu.device.notifications
    assert (note.text, note.msgtype, note.agent_id) == ("月度报表已生成", "text", AGENT_ID)
    assert note.task_id == body["task_id"]
    assert note.at == pytest.approx(emu.clock.now(), abs=5)


def test_userid_list(client: FlaskClient, token: str, emu: Emulator) -> None:
    """Each user of userid_list gets the message; unknown userids are skipped."""
    body = send(client, token, userid_list="lisi,wangwu,nosuch")
    assert body["errcode"] == 0
    assert received(emu, "lisi") == received(emu, "wangwu") == ["月度报表已生成"]
    assert received(emu, "zhangsan") == []
    task = emu.platform.inbox.task(body["task_id"])
    assert task is not None and task.invalid == ("nosuch",)


def test_dept_id_list_includes_sub_departments(
    client: FlaskClient, token: str, emu: Emulator
) -> None:
    """A department's members and its sub-departments' members get the message."""
    send(client, token, dept_id_list="2")
    reached = {u for u in emu.org.corp(CORP).users if received(emu, u)}
    assert reached == {"zhangsan", "chenjing", "lisi", "zhouba", "sophia"}


def test_to_all_user(client: FlaskClient, token: str, emu: Emulator) -> None:
    """to_all_user reaches everyone in the corp, and no one in another."""
    send(client, token, to_all_user=True)
    assert all(received(emu, u) for u in emu.org.corp(CORP).users)
    assert emu.platform.inbox.of("ding2b9e7d4f1c6a8035", "sales02") == []


def test_markdown_from_a_form(client: FlaskClient, token: str, emu: Emulator) -> None:
    """In a form body, msg is JSON text and to_all_user the text "false"."""
    msg = {"msgtype": "markdown", "markdown": {"title": "周报", "text": "# 本周\n- 完成"}}
    response = client.post(
        SEND,
        query_string={"access_token": token},
        data={
            "agent_id": str(AGENT_ID),
            "userid_list": "zhangsan",
            "to_all_user": "false",
            "msg": json.dumps(msg),
        },
    )
    assert response.get_json()["errcode"] == 0
    assert [(n.msgtype, n.text) for n in emu.device.notifications] == [("markdown", "周报")]


def test_same_content_once_a_day(client: FlaskClient, token: str, emu: Emulator) -> None:
    """The same content twice is answered with success but delivered once."""
    first = send(client, token, userid_list="zhangsan")
    second = send(client, token, userid_list="zhangsan")
    assert first["errcode"] == second["errcode"] == 0
    assert first["task_id"] != second["task_id"]
    assert len(emu.device.notifications) == 1


@pytest.mark.parametrize(
    ("msg", "errmsg"),
    [
        (None, "缺少参数 msg"),
        ({"text": {"content": "x"}}, "缺少参数 msg.msgtype"),
        ({"msgtype": "sms", "sms": {}}, "不合法的参数 msg.msgtype: sms"),
        ({"msgtype": "text"}, "缺少参数 msg.text"),
        ({"msgtype": "text", "text": {}}, "缺少参数 msg.text.content"),
        ({"msgtype": "link", "link": {"title": "t"}}, "缺少参数 msg.link.messageUrl"),
        (
            {"msgtype": "text", "text": {"content": "长" * 700}},
            "不合法的参数 msg: over 2048 bytes",
        ),
        ("not json", "不合法的参数 msg"),
    ],
)
def test_bad_messages(client: FlaskClient, token: str, msg: Any, errmsg: str) -> None:
    """A message without a known msgtype, its section or its fields answers 40035."""
    body = topapi(client, SEND, token, {"agent_id": AGENT_ID, "userid_list": "lisi", "msg": msg})
    assert (body["errcode"], body["errmsg"]) == (40035, errmsg)


@pytest.mark.parametrize(
    ("params", "errmsg"),
    [
        ({}, "缺少参数 userid_list, dept_id_list or to_all_user"),
        ({"userid_list": ",".join(f"u{i}" for i in range(101))}, "at most 100"),
        ({"dept_id_list": ",".join(str(i) for i in range(21))}, "at most 20"),
        ({"dept_id_list": "2,R&D"}, "不合法的参数 dept_id_list"),
        ({"userid_list": "lisi", "agent_id": 3002001}, "not the agent of this access_token"),
        ({"userid_list": "lisi", "agent_id": ""}, "缺少参数 agent_id"),
    ],
)
def test_bad_recipients_or_agent(
    client: FlaskClient, token: str, params: dict[str, Any], errmsg: str, emu: Emulator
) -> None:
    """No recipients, too many, or another app's agent_id answer 40035; nothing is delivered."""
    body = topapi(client, SEND, token, {"agent_id": AGENT_ID, "msg": TEXT, **params})
    assert body["errcode"] == 40035
    assert errmsg in body["errmsg"]
    assert received(emu, "lisi") == []


def test_other_corps_app(client: FlaskClient, emu: Emulator) -> None:
    """Another corp's app reaches its own users."""
    token = get_token(client, OTHER_KEY, OTHER_SECRET)
    body = topapi(client, SEND, token, {"agent_id": 3002001, "msg": TEXT, "userid_list": "sales02"})
    assert body["errcode"] == 0
    assert [n.text for n in emu.platform.inbox.of("ding2b9e7d4f1c6a8035", "sales02")] == [
        "月度报表已生成"
    ]


def test_reset_forgets_notifications(client: FlaskClient, token: str, emu: Emulator) -> None:
    """emu.reset() empties every inbox."""
    send(client, token, userid_list="zhangsan")
    emu.reset()
    assert emu.device.notifications == []

"""Tests of emulator.inbox: delivery of work notifications within the platform's limits."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.clock import Clock
from emulator.device import Device
from emulator.inbox import (
    MAX_PER_USER_PER_DAY,
    MAX_RECIPIENTS_PER_CALL,
    MAX_RECIPIENTS_PER_MINUTE,
    Inbox,
    SendTask,
)
from emulator.platform import Platform

#: 2023-11-14 22:13:20 UTC, 2023-11-15 06:13:20 in China.
T0 = 1_700_000_000.0


def text(content: str) -> dict[str, Any]:
    return {"msgtype": "text", "text": {"content": content}}


@pytest.fixture
def inbox() -> Inbox:
    clock = Clock()
    clock.freeze(T0)
    return Inbox(clock)


def send(inbox: Inbox, msg: dict[str, Any], *users: str, app_key: str = "k") -> SendTask:
    return inbox.send(corp_id="c", app_key=app_key, agent_id=1, msg=msg, recipients=users)


def test_delivers_to_each_recipient(inbox: Inbox) -> None:
    """Each recipient's box gets the message once, with the task's id and time."""
    task = send(inbox, text("hi"), "a", "b", "a")
    assert task.delivered == ("a", "b") and task.dropped == {}
    [note] = inbox.of("c", "a")
    assert (note.task_id, note.text, note.msgtype, note.at) == (task.task_id, "hi", "text", T0)
    assert inbox.of("c", "b")[0].text == "hi"
    assert inbox.of("other-corp", "a") == []
    assert inbox.task(task.task_id) == task


def test_task_ids_are_distinct(inbox: Inbox) -> None:
    """Every send gets its own task id."""
    assert send(inbox, text("1"), "a").task_id != send(inbox, text("2"), "a").task_id


def test_same_content_once_a_day(inbox: Inbox) -> None:
    """The same content reaches a user once a (China) day; another app may send it too."""
    send(inbox, text("hi"), "a")
    again = send(inbox, text("hi"), "a", "b")
    assert again.delivered == ("b",)
    assert again.dropped == {"a": "the same content was sent to this user today"}
    assert send(inbox, text("hi"), "a", app_key="other").delivered == ("a",)
    inbox.clock.advance(18 * 3600)  # past midnight in China, T0 being 06:13 there
    assert send(inbox, text("hi"), "a").delivered == ("a",)


def test_day_starts_at_midnight_in_china(inbox: Inbox) -> None:
    """Days turn at 16:00 UTC, midnight in China."""
    inbox.clock.freeze(1_700_063_999.0)  # 2023-11-15 23:59:59 in China
    send(inbox, text("hi"), "a")
    inbox.clock.advance(1)
    assert send(inbox, text("hi"), "a").delivered == ("a",)


def test_daily_limit_per_user(inbox: Inbox) -> None:
    """A user receives at most 500 messages a day from one app."""
    for i in range(MAX_PER_USER_PER_DAY):
        inbox.clock.advance(1)
        assert send(inbox, text(str(i)), "a").delivered == ("a",)
    inbox.clock.advance(1)
    over = send(inbox, text("one more"), "a", "b")
    assert over.delivered == ("b",)
    assert over.dropped == {"a": "over 500 messages to this user today"}
    assert len(inbox.of("c", "a")) == MAX_PER_USER_PER_DAY


def test_too_many_recipients_in_one_call(inbox: Inbox) -> None:
    """A call reaching more than 5000 people delivers to nobody."""
    users = [f"u{i}" for i in range(MAX_RECIPIENTS_PER_CALL + 1)]
    task = send(inbox, text("all hands"), *users)
    assert task.delivered == ()
    assert set(task.dropped.values()) == {"over 5000 recipients in one call"}
    assert inbox.of("c", "u0") == []


def test_recipients_per_minute(inbox: Inbox) -> None:
    """An app reaches at most 5000 people in 60 s; later calls pass again."""
    users = [f"u{i}" for i in range(MAX_RECIPIENTS_PER_MINUTE)]
    assert len(send(inbox, text("first"), *users).delivered) == MAX_RECIPIENTS_PER_MINUTE
    inbox.clock.advance(59)
    blocked = send(inbox, text("second"), "x")
    assert blocked.dropped == {"x": "over 5000 recipients a minute for this app"}
    assert send(inbox, text("second"), "x", app_key="other").delivered == ("x",)
    inbox.clock.advance(1)
    assert send(inbox, text("second"), "x").delivered == ("x",)


@pytest.mark.parametrize(
    ("msg", "headline"),
    [
        ({"msgtype": "markdown", "markdown": {"title": "周报", "text": "# x"}}, "周报"),
        ({"msgtype": "action_card", "action_card": {"title": "审批", "markdown": "x"}}, "审批"),
        ({"msgtype": "oa", "oa": {"head": {}, "body": {"title": "请假单"}}}, "请假单"),
        ({"msgtype": "link", "link": {"title": "新闻", "text": "x"}}, "新闻"),
    ],
)
def test_notification_text(inbox: Inbox, msg: dict[str, Any], headline: str) -> None:
    """A notification's text is the line a phone shows first for its type."""
    send(inbox, msg, "a")
    assert inbox.of("c", "a")[0].text == headline


def test_clear(inbox: Inbox) -> None:
    """clear() forgets notifications, tasks and the daily counts."""
    task = send(inbox, text("hi"), "a")
    inbox.clear()
    assert inbox.of("c", "a") == [] and inbox.task(task.task_id) is None
    assert send(inbox, text("hi"), "a").delivered == ("a",)


def test_device_reads_its_users_box(platform: Platform, device: Device) -> None:
    """device.notifications is the box of the person signed in, in the device's corp."""
    platform.inbox.send(
        corp_id=device.corp_id, app_key="k", agent_id=1, msg=text("hi"), recipients=["zhangsan"]
    )
    assert [n.text for n in device.notifications] == ["hi"]
    device.sign_in("lisi")
    assert device.notifications == []
    device.sign_in("manager01", "ding2b9e7d4f1c6a8035")  # 张三 again, in the other corp
    assert device.notifications == []

"""Work notifications: what ``asyncsend_v2`` delivers, kept per corp and user.

A device reads the notifications of the person signed in on it
(``emu.device.notifications``). The real platform's delivery limits apply,
counted on the virtual clock; a send over a limit is still answered with
success and a ``task_id``, but is not delivered (to everyone, or to the users
concerned), as on the real platform (``reference/dingtalk-server-api.md`` §5):

- at most 5000 recipients in one call, and 5000 a minute per app;
- the same content reaches a user once a day (per app);
- at most 500 messages a day per user (per app).

Days are counted in China's time zone (UTC+8), as the platform does.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock

__all__ = [
    "MAX_DEPTS_PER_CALL",
    "MAX_PER_USER_PER_DAY",
    "MAX_RECIPIENTS_PER_CALL",
    "MAX_RECIPIENTS_PER_MINUTE",
    "MAX_USERIDS_PER_CALL",
    "Inbox",
    "Notification",
    "SendTask",
]

#: ``userid_list`` may name at most this many users.
MAX_USERIDS_PER_CALL = 100
#: ``dept_id_list`` may name at most this many departments.
MAX_DEPTS_PER_CALL = 20
#: A call reaching more people than this is not delivered at all.
MAX_RECIPIENTS_PER_CALL = 5000
#: Recipients an app may reach in any 60 s; calls beyond it are not delivered.
MAX_RECIPIENTS_PER_MINUTE = 5000
#: Messages of one app a user receives in one day; more are not delivered.
MAX_PER_USER_PER_DAY = 500

_CHINA_OFFSET = 8 * 3600.0

#: Where each message type keeps the text a phone shows first.
_HEADLINE = {
    "text": ("text", "content"),
    "markdown": ("markdown", "title"),
    "link": ("link", "title"),
    "action_card": ("action_card", "title"),
    "file": ("file", "media_id"),
    "image": ("image", "media_id"),
    "voice": ("voice", "media_id"),
}


@dataclass(frozen=True)
class Notification:
    """A work notification as the recipient's phone holds it."""

    task_id: int
    corp_id: str
    userid: str
    agent_id: int
    app_key: str
    msg: Mapping[str, Any]
    at: float

    @property
    def msgtype(self) -> str:
        return str(self.msg.get("msgtype", ""))

    @property
    def text(self) -> str:
        """The line a phone shows first: the text, or the title of a card or markdown."""
        if self.msgtype == "oa":
            body = self.msg.get("oa", {}).get("body", {})
            return str(body.get("title") or body.get("content") or "")
        section, key = _HEADLINE.get(self.msgtype, ("", ""))
        return str(self.msg.get(section, {}).get(key, ""))


@dataclass(frozen=True)
class SendTask:
    """One ``asyncsend_v2`` call and what became of it.

    Attributes:
        delivered: The users who received the message.
        dropped: Users it did not reach, with the limit that stopped it.
        invalid: Userids that are not in the corp.
    """

    task_id: int
    corp_id: str
    app_key: str
    agent_id: int
    delivered: tuple[str, ...]
    dropped: Mapping[str, str] = field(default_factory=dict)
    invalid: tuple[str, ...] = ()
    at: float = 0.0


class Inbox:
    """Every corp's users' work notifications, with the delivery limits; thread-safe."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._next_task = 256_000_000_000 + secrets.randbelow(1_000_000_000)
        self._boxes: dict[tuple[str, str], list[Notification]] = {}
        self._tasks: dict[int, SendTask] = {}
        self._daily: dict[tuple[str, str, str, int], list[str]] = {}  # contents sent that day
        self._minute: dict[str, deque[tuple[float, int]]] = {}  # app_key -> (time, recipients)

    def send(
        self,
        *,
        corp_id: str,
        app_key: str,
        agent_id: int,
        msg: Mapping[str, Any],
        recipients: Iterable[str],
        invalid: Iterable[str] = (),
    ) -> SendTask:
        """Deliver ``msg`` to ``recipients`` (userids of ``corp_id``) within the limits.

        Returns:
            The task: its id, who received the message and who did not, and why.
        """
        now = self.clock.now()
        day = int((now + _CHINA_OFFSET) // 86400)
        users = list(dict.fromkeys(recipients))
        content = json.dumps(msg, sort_keys=True, ensure_ascii=False)
        delivered: list[str] = []
        dropped: dict[str, str] = {}
        with self._lock:
            task_id = self._next_task
            self._next_task += 1
            reason = self._call_limit(app_key, len(users), now)
            for userid in users:
                sent = self._daily.setdefault((app_key, corp_id, userid, day), [])
                if reason:
                    dropped[userid] = reason
                elif content in sent:
                    dropped[userid] = "the same content was sent to this user today"
                elif len(sent) >= MAX_PER_USER_PER_DAY:
                    dropped[userid] = f"over {MAX_PER_USER_PER_DAY} messages to this user today"
                else:
                    sent.append(content)
                    delivered.append(userid)
                    self._boxes.setdefault((corp_id, userid), []).append(
                        Notification(task_id, corp_id, userid, agent_id, app_key, dict(msg), now)
                    )
            task = SendTask(
                task_id, corp_id, app_key, agent_id, tuple(delivered), dropped, tuple(invalid), now
            )
            self._tasks[task_id] = task
        return task

    def _call_limit(self, app_key: str, count: int, now: float) -> str:
        """Why a whole call of ``count`` recipients is not delivered, or ``""``."""
        if count > MAX_RECIPIENTS_PER_CALL:
            return f"over {MAX_RECIPIENTS_PER_CALL} recipients in one call"
        window = self._minute.setdefault(app_key, deque())
        while window and window[0][0] <= now - 60:
            window.popleft()
        if sum(n for _, n in window) + count > MAX_RECIPIENTS_PER_MINUTE:
            return f"over {MAX_RECIPIENTS_PER_MINUTE} recipients a minute for this app"
        window.append((now, count))
        return ""

    def of(self, corp_id: str, userid: str) -> list[Notification]:
        """The notifications ``userid`` of ``corp_id`` received, oldest first."""
        with self._lock:
            return list(self._boxes.get((corp_id, userid), ()))

    def task(self, task_id: int) -> SendTask | None:
        """The send task ``task_id``, or None."""
        with self._lock:
            return self._tasks.get(task_id)

    def clear(self) -> None:
        """Forget every notification, task and counter."""
        with self._lock:
            self._boxes.clear()
            self._tasks.clear()
            self._daily.clear()
            self._minute.clear()

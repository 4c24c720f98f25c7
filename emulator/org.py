"""The emulated organisation: corps, departments, people and micro-apps.

Loaded from TOML (the built-in demo lives in ``emulator/data/demo_org.toml``).
A person may belong to several corps: the same ``unionid`` with a ``userid``
of its own in each, as on the real platform.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from bridge.errors import ConfigError

__all__ = ["App", "Corp", "Department", "Org", "User", "load_org"]


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    parent_id: int | None = None


@dataclass(frozen=True)
class User:
    """A person's membership of one corp."""

    userid: str
    unionid: str
    name: str
    title: str = ""
    mobile: str = ""
    email: str = ""
    job_number: str = ""
    depts: tuple[int, ...] = ()
    leader_in: tuple[int, ...] = ()
    admin: bool = False
    boss: bool = False


@dataclass(frozen=True)
class App:
    """A micro-app registered in a corp."""

    name: str
    agent_id: int
    app_key: str
    app_secret: str
    redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corp:
    corp_id: str
    name: str
    departments: Mapping[int, Department] = field(default_factory=dict)
    users: Mapping[str, User] = field(default_factory=dict)
    apps: tuple[App, ...] = ()


@dataclass(frozen=True)
class Org:
    """Every corp the emulated platform knows, and who the phone is by default."""

    corps: Mapping[str, Corp]
    default_corp_id: str
    default_userid: str

    def corp(self, corp_id: str) -> Corp:
        """Return the corp ``corp_id``.

        Raises:
            ConfigError: Naming the known corps.
        """
        try:
            return self.corps[corp_id]
        except KeyError:
            raise ConfigError(
                f"no corp {corp_id!r}; known corps: {', '.join(self.corps)}"
            ) from None

    def user(self, corp_id: str, userid: str) -> User:
        """Return ``userid`` of ``corp_id``.

        Raises:
            ConfigError: If the corp or the user does not exist.
        """
        corp = self.corp(corp_id)
        try:
            return corp.users[userid]
        except KeyError:
            raise ConfigError(f"no user {userid!r} in corp {corp_id!r}") from None

    def memberships(self, unionid: str) -> dict[str, User]:
        """Return the person's user in each corp they belong to, by corp id."""
        return {
            corp.corp_id: user
            for corp in self.corps.values()
            for user in corp.users.values()
            if user.unionid == unionid
        }


def load_org(source: str | Path | None = None) -> Org:
    """Load an organisation from a TOML file, or the built-in demo.

    Raises:
        ConfigError: For a file that cannot be read, is not TOML, or misses a
            field; the message names the file, the line and the field.
    """
    if source is None:
        text = (files("emulator") / "data" / "demo_org.toml").read_text("utf-8")
        where = "built-in demo_org.toml"
    else:
        path = Path(source)
        where = str(path)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read organisation file {where}: {exc.strerror}") from None
    return parse_org(text, where)


def parse_org(text: str, where: str = "<org>") -> Org:
    """Parse organisation TOML text; see :func:`load_org`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    reader = _Reader(text, where)
    corps: dict[str, Corp] = {}
    for c, raw in enumerate(_list(data, "corps", where)):
        reader.section = ("corps", c)
        corp_id = reader.get(raw, "corp_id", str)
        if corp_id in corps:
            raise reader.error(f"corp_id {corp_id!r} appears twice")
        departments: dict[int, Department] = {}
        for d, dep in enumerate(_list(raw, "departments", where)):
            reader.section = ("corps.departments", reader.count("corps.departments", c, d, data))
            dept = Department(
                reader.get(dep, "id", int),
                reader.get(dep, "name", str),
                reader.get(dep, "parent_id", int, None),
            )
            departments[dept.id] = dept
        users: dict[str, User] = {}
        for u, usr in enumerate(_list(raw, "users", where)):
            reader.section = ("corps.users", reader.count("corps.users", c, u, data))
            user = User(
                userid=reader.get(usr, "userid", str),
                unionid=reader.get(usr, "unionid", str),
                name=reader.get(usr, "name", str),
                title=reader.get(usr, "title", str, ""),
                mobile=reader.get(usr, "mobile", str, ""),
                email=reader.get(usr, "email", str, ""),
                job_number=reader.get(usr, "job_number", str, ""),
                depts=tuple(reader.get(usr, "depts", list, [1])),
                leader_in=tuple(reader.get(usr, "leader_in", list, [])),
                admin=reader.get(usr, "admin", bool, False),
                boss=reader.get(usr, "boss", bool, False),
            )
            for dept_id in user.depts:
                if dept_id not in departments:
                    raise reader.error(f"user {user.userid!r} is in unknown department {dept_id}")
            users[user.userid] = user
        apps = []
        for a, app in enumerate(_list(raw, "apps", where)):
            reader.section = ("corps.apps", reader.count("corps.apps", c, a, data))
            apps.append(
                App(
                    name=reader.get(app, "name", str),
                    agent_id=reader.get(app, "agent_id", int),
                    app_key=reader.get(app, "app_key", str),
                    app_secret=reader.get(app, "app_secret", str),
                    redirect_uris=tuple(reader.get(app, "redirect_uris", list, [])),
                )
            )
        reader.section = ("corps", c)
        corps[corp_id] = Corp(
            corp_id, reader.get(raw, "name", str), departments, users, tuple(apps)
        )
    if not corps:
        raise ConfigError(f"{where}: no [[corps]] defined")
    default = data.get("default", {})
    reader.section = ("default", 0)
    corp_id = reader.get(default, "corp_id", str, next(iter(corps)))
    if corp_id not in corps:
        raise reader.error(f"default corp_id {corp_id!r} is not a corp of this file")
    users_of = corps[corp_id].users
    userid = reader.get(default, "userid", str, next(iter(users_of), ""))
    if userid not in users_of:
        raise reader.error(f"default userid {userid!r} is not a user of corp {corp_id!r}")
    return Org(corps, corp_id, userid)


def _list(table: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


class _Reader:
    """Reads typed fields and names the line of the table they sit in."""

    _MISSING = object()

    def __init__(self, text: str, where: str) -> None:
        self.where = where
        self.lines = text.splitlines()
        self.section: tuple[str, int] = ("corps", 0)

    def count(self, header: str, corp: int, index: int, data: Mapping[str, Any]) -> int:
        """The document-order index of sub-table ``index`` of corp ``corp``."""
        key = header.split(".")[1]
        before = sum(len(c.get(key, [])) for c in data["corps"][:corp])
        return before + index

    def line(self) -> int | None:
        header, index = self.section
        pattern = re.compile(r"^\s*\[\[?\s*" + re.escape(header) + r"\s*\]\]?\s*(#.*)?$")
        seen = -1
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                seen += 1
                if seen == index:
                    return number
        return None

    def error(self, message: str) -> ConfigError:
        line = self.line()
        at = f"line {line}" if line else f"[{self.section[0]}]"
        return ConfigError(f"{self.where}, {at}: {message}")

    def get(self, table: Mapping[str, Any], key: str, kind: type, default: Any = _MISSING) -> Any:
        value = table.get(key, self._MISSING)
        if value is self._MISSING:
            if default is self._MISSING:
                raise self.error(f"missing field {key!r} in [{self.section[0]}]")
            return default
        if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
            raise self.error(
                f"field {key!r} must be a {kind.__name__}, got {type(value).__name__} {value!r}"
            )
        return value

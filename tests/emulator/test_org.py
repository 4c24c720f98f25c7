"""Tests of emulator.org: the demo organisation and loading one from TOML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bridge.errors import ConfigError
from emulator.org import load_org

GOOD = """\
[[corps]]
corp_id = "dingA"
name = "Corp A"

  [[corps.departments]]
  id = 1
  name = "A"

  [[corps.users]]
  userid = "u1"
  unionid = "U1"
  name = "One"

[[corps]]
corp_id = "dingB"
name = "Corp B"

  [[corps.departments]]
  id = 1
  name = "B"

  [[corps.users]]
  userid = "u2"
  unionid = "U2"
  name = "Two"

  [[corps.users]]
  userid = "u3"
  unionid = "U1"
  name = "One again"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the ``occurrence``-th line containing ``needle``."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


# -- the demo ------------------------------------------------------------------


def test_demo_org_size() -> None:
    """The demo corp has at least 4 departments and 12 people."""
    org = load_org()
    corp = org.corp(org.default_corp_id)
    assert len(corp.departments) >= 4
    assert len(corp.users) >= 12
    assert corp.apps


def test_demo_org_names() -> None:
    """The demo has both Chinese and English names."""
    corp = load_org().corp("ding8d6f3c1a0e5b7f29")
    names = [u.name for u in corp.users.values()]
    assert any(re.search(r"[\u4e00-\u9fff]", n) for n in names)
    assert any(re.fullmatch(r"[A-Za-z]+ [A-Za-z]+", n) for n in names)


def test_demo_person_in_two_corps() -> None:
    """The default person belongs to two corps under one unionid."""
    org = load_org()
    me = org.user(org.default_corp_id, org.default_userid)
    memberships = org.memberships(me.unionid)
    assert len(memberships) == 2
    assert {u.name for u in memberships.values()} == {me.name}


def test_departments_are_linked() -> None:
    """Every demo department's parent and every user's department exist."""
    for corp in load_org().corps.values():
        for dept in corp.departments.values():
            assert dept.parent_id is None or dept.parent_id in corp.departments
        for user in corp.users.values():
            assert set(user.depts) <= set(corp.departments)


def test_unknown_corp_and_user() -> None:
    """Looking up a corp or user that does not exist names what is missing."""
    org = load_org()
    with pytest.raises(ConfigError, match="ding8d6f3c1a0e5b7f29"):
        org.corp("dingnope")
    with pytest.raises(ConfigError, match="'ghost'"):
        org.user(org.default_corp_id, "ghost")


# -- loading a file --------------------------------------------------------------


def test_load_good_file(tmp_path: Path) -> None:
    """A file with two corps loads, the first corp and user being the default."""
    org = load_org(write(tmp_path, GOOD))
    assert list(org.corps) == ["dingA", "dingB"]
    assert (org.default_corp_id, org.default_userid) == ("dingA", "u1")
    assert set(org.memberships("U1")) == {"dingA", "dingB"}
    assert org.user("dingA", "u1").depts == (1,)


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist fails, naming it."""
    path = tmp_path / "missing.toml"
    with pytest.raises(ConfigError, match=re.escape(str(path))):
        load_org(path)


def test_not_toml(tmp_path: Path) -> None:
    """A file that is not TOML fails, naming it."""
    path = write(tmp_path, "[[corps]\nname = 1\n")
    with pytest.raises(ConfigError, match=re.escape(str(path))):
        load_org(path)


def test_wrong_type_names_file_and_line(tmp_path: Path) -> None:
    """A field of the wrong type names the file, the line of its table, and the field."""
    text = GOOD.replace('userid = "u3"', "userid = 3")
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_org(path)
    message = str(info.value)
    assert str(path) in message
    assert f"line {line_of(text, '[[corps.users]]', 3)}:" in message
    assert "'userid'" in message and "int" in message


def test_missing_field_names_line(tmp_path: Path) -> None:
    """A missing field names the line of the table that lacks it."""
    text = GOOD.replace('  name = "B"\n', "")
    with pytest.raises(ConfigError) as info:
        load_org(write(tmp_path, text))
    message = str(info.value)
    assert f"line {line_of(text, '[[corps.departments]]', 2)}:" in message
    assert "missing field 'name'" in message


def test_missing_corp_field(tmp_path: Path) -> None:
    """A corp without a name is refused at its own [[corps]] line."""
    text = GOOD.replace('name = "Corp B"\n', "")
    with pytest.raises(ConfigError) as info:
        load_org(write(tmp_path, text))
    assert f"line {line_of(text, '[[corps]]', 2)}:" in str(info.value)
    assert "'name'" in str(info.value)


def test_bool_is_not_an_int(tmp_path: Path) -> None:
    """true where a number is expected is refused."""
    text = GOOD.replace('  id = 1\n  name = "A"', '  id = true\n  name = "A"')
    with pytest.raises(ConfigError, match="'id' must be a int"):
        load_org(write(tmp_path, text))


def test_unknown_department(tmp_path: Path) -> None:
    """A user in a department the corp does not have is refused at that user's line."""
    text = GOOD.replace('name = "Two"', 'name = "Two"\n  depts = [1, 9]')
    with pytest.raises(ConfigError) as info:
        load_org(write(tmp_path, text))
    message = str(info.value)
    assert "unknown department 9" in message and "'u2'" in message
    assert f"line {line_of(text, '[[corps.users]]', 2)}:" in message


def test_duplicate_corp(tmp_path: Path) -> None:
    """Two corps with one corp_id are refused at the second one."""
    text = GOOD.replace('corp_id = "dingB"', 'corp_id = "dingA"')
    with pytest.raises(ConfigError, match="appears twice") as info:
        load_org(write(tmp_path, text))
    assert f"line {line_of(text, '[[corps]]', 2)}:" in str(info.value)


def test_no_corps(tmp_path: Path) -> None:
    """A file without corps is refused."""
    with pytest.raises(ConfigError, match="no \\[\\[corps\\]\\]"):
        load_org(write(tmp_path, "# nothing\n"))


def test_bad_default(tmp_path: Path) -> None:
    """A default user who is not in the default corp is refused."""
    text = GOOD + '\n[default]\ncorp_id = "dingA"\nuserid = "u2"\n'
    with pytest.raises(ConfigError, match="'u2'") as info:
        load_org(write(tmp_path, text))
    assert f"line {line_of(text, '[default]')}:" in str(info.value)


def test_chosen_default(tmp_path: Path) -> None:
    """[default] chooses who the phone is signed in as."""
    org = load_org(write(tmp_path, GOOD + '\n[default]\ncorp_id = "dingB"\nuserid = "u3"\n'))
    assert (org.default_corp_id, org.default_userid) == ("dingB", "u3")

"""Tests of emulator.tomlconfig: typed fields and the lines that errors name."""

from __future__ import annotations

import pytest

from bridge.errors import ConfigError
from emulator.tomlconfig import TomlDocument, format_path

TEXT = '''\
title = "x"                    # line 1
[server]                       # line 2
port = 8080
notes = """
[not.a.table]
port = "not a key"
"""
hosts = [
  "a",   # ] a bracket in a comment
  "b]",
]
limits.qps = 3                 # line 12

[[apps]]                       # line 14
name = "one"

[[apps]]                       # line 17
name = "two"
  [[apps.packages]]            # line 19
  qpm = 1
  [apps.extra]                 # line 21
  "odd key.with dot" = { a = 1 }
'''


def test_lines_of_tables_keys_and_arrays() -> None:
    """Tables, keys, dotted keys and arrays of tables are found at their lines."""
    doc = TomlDocument(TEXT, "t.toml")
    assert doc.line(("title",)) == 1
    assert doc.line(("server",)) == 2
    assert doc.line(("server", "port")) == 3
    assert doc.line(("server", "limits", "qps")) == 12
    assert doc.line(("apps", 0, "name")) == 15
    assert doc.line(("apps", 1)) == 17
    assert doc.line(("apps", 1, "packages", 0, "qpm")) == 20
    assert doc.line(("apps", 1, "extra")) == 21
    assert doc.line(("apps", 1, "extra", "odd key.with dot", "a")) == 22


def test_multiline_values_are_skipped() -> None:
    """Text inside multi-line strings and arrays is not read as keys or tables."""
    doc = TomlDocument(TEXT, "t.toml")
    assert doc.line(("not",)) is None
    assert doc.line(("server", "hosts")) == 8
    assert doc.data["server"]["limits"] == {"qps": 3}


def test_missing_path_falls_back_to_its_ancestor() -> None:
    """A field that is absent is placed at the table that should hold it."""
    doc = TomlDocument(TEXT, "t.toml")
    assert doc.line(("apps", 1, "packages", 0, "qpd")) == 19


def test_get_checks_types() -> None:
    """get() returns a typed field, widens int to float, and never takes bool for int."""
    doc = TomlDocument("[a]\nn = 3\nflag = true\n", "t.toml")
    table = doc.table(("a",), ("n", "flag"))
    assert doc.get(table, ("a",), "n", int) == 3
    assert doc.get(table, ("a",), "n", float) == 3.0
    assert doc.get(table, ("a",), "missing", int, 7) == 7
    with pytest.raises(ConfigError, match=r"^t.toml, line 3: field a.flag must be an integer"):
        doc.get(table, ("a",), "flag", int)
    with pytest.raises(ConfigError, match=r"^t.toml, line 1: missing field a.other$"):
        doc.get(table, ("a",), "other", str)


def test_table_refuses_unknown_keys_and_non_tables() -> None:
    """table() names an unknown key at its line, and a value that is not a table."""
    doc = TomlDocument("a = 1\n[b]\nx = 1\ny = 2\n", "t.toml")
    with pytest.raises(ConfigError, match=r"^t.toml, line 4: unknown field b.y \(known: x\)$"):
        doc.table(("b",), ("x",))
    with pytest.raises(ConfigError, match=r"^t.toml, line 1: a must be a table, got int 1$"):
        doc.table(("a",))
    assert doc.table(("nothing", "here")) == {}


def test_syntax_error() -> None:
    """Text that is not TOML names the line and column."""
    with pytest.raises(ConfigError, match=r"^t.toml, line 2, column 5: not valid TOML: "):
        TomlDocument("a = 1\nb = \n", "t.toml")


def test_format_path() -> None:
    """Paths are spelt as TOML keys, quoting what needs it."""
    assert format_path(("apps", "ding key", "packages", 0, "qpm")) == (
        'apps."ding key".packages[0].qpm'
    )
    assert format_path(("apis", "/user/list")) == 'apis."/user/list"'

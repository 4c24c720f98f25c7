"""Typed reading of TOML configuration, with errors that name file, line and field.

:class:`TomlDocument` parses the text with :mod:`tomllib` and reads fields from
it by their path in the document (``("apps", "dingabc", "packages", 0)``).
Every mistake becomes a :class:`~bridge.errors.ConfigError` such as::

    flow.toml, line 12: field apps.dingabc.api.qps must be an integer, got str '20'

The line is found by a small scan of the text that follows table headers,
arrays of tables and dotted keys; it runs only when there is an error to report.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
from typing import Any

from bridge.errors import ConfigError

__all__ = ["KeyPath", "TomlDocument", "format_path"]

#: A path in a TOML document: table keys, and indexes into arrays of tables.
KeyPath = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_KEY})\s*=(.*)$")
_SYNTAX = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")
_MISSING: Any = object()


def format_path(path: KeyPath) -> str:
    """Spell a key path the way TOML would: ``apps."my app".packages[0].qpm``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = part if _BARE.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
        out += f".{text}" if out else text
    return out


class TomlDocument:
    """A parsed TOML text that reads typed fields and names the line of each.

    Args:
        text: The TOML source.
        where: How errors name the source (a file path, "built-in x.toml").

    Raises:
        ConfigError: If the text is not TOML; the message has line and column.
    """

    def __init__(self, text: str, where: str) -> None:
        self.where = where
        self._text = text
        self._lines: dict[KeyPath, int] | None = None
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = _SYNTAX.match(str(exc))
            if match is None:  # pragma: no cover - tomllib always says where
                raise ConfigError(f"{where}: not valid TOML: {exc}") from None
            message, line, column = match.groups()
            raise ConfigError(
                f"{where}, line {line}, column {column}: not valid TOML: {message}"
            ) from None

    def line(self, path: KeyPath) -> int | None:
        """The line of the key or table at ``path``, or of its nearest ancestor."""
        if self._lines is None:
            self._lines = _locate(self._text)
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return None

    def error(self, path: KeyPath, message: str) -> ConfigError:
        """Return (for the caller to raise) an error located at ``path``."""
        line = self.line(path)
        at = f", line {line}" if line else ""
        return ConfigError(f"{self.where}{at}: {message}")

    def table(self, path: KeyPath, allowed: Collection[str] | None = None) -> Mapping[str, Any]:
        """Return the table at ``path`` (empty if absent), refusing unknown keys.

        Args:
            path: Where the table is.
            allowed: Its known keys; None for a table of free names (paths, ids).

        Raises:
            ConfigError: If the value there is not a table, or holds a key
                outside ``allowed``.
        """
        value: Any = self.data
        for part in path:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part, {})
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                value = {}
        if not isinstance(value, dict):
            raise self.error(path, f"{format_path(path)} must be a table, got {_describe(value)}")
        if allowed is not None:
            self.check_keys(value, path, allowed)
        return value

    def check_keys(self, table: Mapping[str, Any], path: KeyPath, allowed: Collection[str]) -> None:
        """Refuse keys of ``table`` (found at ``path``) that are not in ``allowed``."""
        for key in table:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.error(
                    (*path, key), f"unknown field {format_path((*path, key))} (known: {known})"
                )

    def get(
        self, table: Mapping[str, Any], path: KeyPath, key: str, kind: type, default: Any = _MISSING
    ) -> Any:
        """Return field ``key`` of ``table`` (found at ``path``), checked to be a ``kind``.

        An ``int`` is accepted where a ``float`` is asked for; a ``bool`` is
        never taken for a number.

        Raises:
            ConfigError: If the field is missing and has no default, or has
                another type.
        """
        value = table.get(key, _MISSING)
        field = format_path((*path, key))
        if value is _MISSING:
            if default is _MISSING:
                raise self.error(path, f"missing field {field}")
            return default
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
            raise self.error(
                (*path, key), f"field {field} must be {_ARTICLE[kind]}, got {_describe(value)}"
            )
        return value


_ARTICLE: dict[type, str] = {
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    str: "a string",
    list: "an array",
    dict: "a table",
}


def _describe(value: Any) -> str:
    kind = {dict: "table", list: "array", str: "string", bool: "boolean"}.get(type(value))
    return f"{kind or type(value).__name__} {value!r}"


def _split_key(text: str) -> tuple[str, ...]:
    """The parts of a (dotted, maybe quoted) key, as TOML reads them."""
    node: Any = tomllib.loads(f"{text} = 0")
    parts: list[str] = []
    while isinstance(node, dict):
        ((name, node),) = node.items()
        parts.append(name)
    return tuple(parts)


def _locate(text: str) -> dict[KeyPath, int]:
    """Map each table and key path of a valid TOML text to its 1-based line."""
    lines: dict[KeyPath, int] = {}
    arrays: dict[KeyPath, int] = {}  # array-of-tables path -> elements so far
    current: KeyPath = ()
    scanner = _ValueScanner()
    for number, line in enumerate(text.splitlines(), 1):
        if scanner.open:  # inside a multi-line array, inline table or string
            scanner.feed(line)
            continue
        header = _HEADER.match(line)
        if header:
            keys = _split_key(header.group(2))
            prefix: KeyPath = ()
            for part in keys[:-1]:
                prefix = (*prefix, part)
                lines.setdefault(prefix, number)  # a table defined implicitly here
                if prefix in arrays:
                    prefix = (*prefix, arrays[prefix] - 1)
            current = (*prefix, keys[-1])
            if header.group(1) == "[[":
                arrays[current] = arrays.get(current, 0) + 1
                lines.setdefault(current, number)
                current = (*current, arrays[current] - 1)
            lines.setdefault(current, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            keys = _split_key(assign.group(1))
            for end in range(1, len(keys) + 1):
                lines.setdefault((*current, *keys[:end]), number)
            scanner.feed(assign.group(2))
    return lines


class _ValueScanner:
    """Follows brackets and strings of a value that may span several lines."""

    def __init__(self) -> None:
        self.depth = 0
        self.string: str | None = None  # the open multi-line delimiter, if any

    @property
    def open(self) -> bool:
        return self.depth > 0 or self.string is not None

    def feed(self, text: str) -> None:
        i = 0
        while i < len(text):
            if self.string is not None:
                if self.string == '"""' and text[i] == "\\":
                    i += 2
                    continue
                if text.startswith(self.string, i):
                    i += 3
                    self.string = None
                    continue
                i += 1
                continue
            char = text[i]
            if char == "#":
                return
            if text.startswith('"""', i) or text.startswith("'''", i):
                self.string = text[i : i + 3]
                i += 3
            elif char in "\"'":
                i = _end_of_string(text, i)
            else:
                self.depth += (char in "[{") - (char in "]}")
                i += 1


def _end_of_string(text: str, start: int) -> int:
    """The index after the single-line string that opens at ``start``."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
        elif text[i] == quote:
            return i + 1
        else:
            i += 1
    return i

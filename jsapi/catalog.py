"""The catalog of every native method the DingTalk container answers.

One data file, ``catalog.json`` (package data), holds per native method: the
client platforms that have it and their minimum client version, the exports of
``dingtalk-jsapi`` that reach it, the parameter schema, the result shape and
whether ddemu answers it deeply (a handler reading the device) or with the
documented default stored here. It is the single source of the registry, of
parameter validation, of the generated docs and of ddemu's own ``dd``.

The file is generated; never edit it by hand. Change ``catalog_overlay.toml``
(summaries, schemas, result shapes, defaults) and run::

    python scripts/gen_catalog.py ../shared/reference/dingtalk-jsapi-apis.tsv

which also rewrites the generated table of ``docs/api.md``
(``python -m jsapi.catalog --markdown`` prints that table alone).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Literal, cast

from bridge.errors import InvalidParams

__all__ = [
    "PLATFORMS",
    "Catalog",
    "CatalogAction",
    "CatalogEvent",
    "CatalogMethod",
    "Depth",
    "Param",
    "catalog_markdown",
    "load_catalog",
    "parse_catalog",
    "unavailable_reason",
    "validate_params",
    "version_key",
]

#: The client platforms of ``dingtalk-jsapi``, as ``dd.env.platform`` names them.
PLATFORMS: tuple[str, ...] = ("ios", "android", "harmony", "pc")

#: ``deep``: a handler answers from the emulated device; ``default``: the
#: catalog's documented default answer.
Depth = Literal["deep", "default"]

_TYPE_NAMES: dict[type, str] = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}

#: Schema type names in ``catalog.json`` and the Python types they check.
_SCHEMA_TYPES: dict[str, type] = {
    "boolean": bool,
    "integer": int,
    "number": float,
    "string": str,
    "array": list,
    "object": dict,
}


@dataclass(frozen=True)
class Param:
    """What one parameter of a native method accepts.

    Args:
        type: The JSON type: ``str``, ``int``, ``float`` (any number), ``bool``,
            ``list`` or ``dict``; a tuple accepts any of them.
        required: Whether the call fails without it.
        choices: The only values accepted, when the set is closed.
    """

    type: type | tuple[type, ...]
    required: bool = False
    choices: tuple[Any, ...] | None = None

    def check(self, name: str, value: Any) -> None:
        """Raise :class:`~bridge.errors.InvalidParams` naming ``name`` if ``value`` is wrong."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if not any(_is_json_type(value, t) for t in types):
            wanted = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            raise InvalidParams(f"param {name!r} must be {wanted}, got {_json_type(value)}")
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise InvalidParams(f"param {name!r} must be one of {allowed}, got {value!r}")

    @classmethod
    def from_json(cls, spec: Mapping[str, Any]) -> Param:
        """Build a Param from its ``catalog.json`` form, ``{"type": "string", ...}``."""
        names = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
        types = tuple(_SCHEMA_TYPES[n] for n in names)
        choices = spec.get("choices")
        return cls(
            types[0] if len(types) == 1 else types,
            required=bool(spec.get("required", False)),
            choices=None if choices is None else tuple(choices),
        )

    def describe(self) -> str:
        """The schema in the docs' words, e.g. ``string, required``."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        names = {t: n for n, t in _SCHEMA_TYPES.items()}
        text = " or ".join(names.get(t, t.__name__) for t in types)
        if self.choices is not None:
            text += " (" + ", ".join(json.dumps(c, ensure_ascii=False) for c in self.choices) + ")"
        return text + (", required" if self.required else "")


def _is_json_type(value: Any, wanted: type) -> bool:
    if isinstance(value, bool):
        return wanted is bool
    if wanted is float:
        return isinstance(value, int | float)
    return isinstance(value, wanted)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    for t, name in _TYPE_NAMES.items():
        if _is_json_type(value, t):
            return name.split(" ", 1)[1]
    return type(value).__name__


def validate_params(schema: Mapping[str, Param], params: Mapping[str, Any], where: str) -> None:
    """Check ``params`` against ``schema``; unknown extra keys are allowed, as in the client.

    Raises:
        InvalidParams: Naming the first parameter that is missing or wrong.
    """
    for name, spec in schema.items():
        value = params.get(name)
        if value is None:
            if spec.required:
                raise InvalidParams(f"param {name!r} is required by {where}")
            continue
        spec.check(name, value)


def version_key(version: str) -> tuple[int, ...]:
    """The numeric parts of a client version, for comparing: ``"8.3.15"`` → ``(8, 3, 15)``.

    Anything after the leading dotted numbers (``-Release.1``) is ignored, and
    missing parts count as 0, so ``"2.15"`` equals ``"2.15.0"``.
    """
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    parts = [int(p) for p in match.group(0).split(".")] if match else [0]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def unavailable_reason(
    name: str, platforms: Mapping[str, str], platform: str, version: str
) -> str | None:
    """Why ``name`` does not exist for a client, or None when it does.

    Args:
        name: The native method, for the message.
        platforms: Its minimum client version per platform.
        platform: The client's platform (the device's persona).
        version: The client's DingTalk version.
    """
    if platform not in platforms:
        where = ", ".join(p for p in PLATFORMS if p in platforms) or "no platform"
        return f"{name} does not exist on {platform}: DingTalk has it on {where} only"
    needed = platforms[platform]
    if version_key(version) < version_key(needed):
        return (
            f"{name} does not exist in DingTalk {version} on {platform}: it needs {needed} or later"
        )
    return None


def _frozen_params(raw: Mapping[str, Any]) -> Mapping[str, Param]:
    return MappingProxyType({k: Param.from_json(v) for k, v in raw.items()})


@dataclass(frozen=True)
class CatalogAction:
    """One ``_action`` of ``runtime.h5nuvabridge.exec`` (iBeacon and Bluetooth)."""

    name: str
    summary: str
    platforms: Mapping[str, str]
    exports: tuple[str, ...]
    params: Mapping[str, Param]
    result: Any
    default: Any


@dataclass(frozen=True)
class CatalogMethod:
    """One native method as the catalog describes it.

    Attributes:
        name: The wire name, e.g. ``"device.geolocation.get"``.
        summary: One line on what it does.
        platforms: The minimum DingTalk version per platform that has it; a
            platform that is missing does not have it.
        exports: The ``dingtalk-jsapi`` exports that call it (``dd.<export>``).
        depth: ``"deep"`` or ``"default"``.
        params: The parameter schema; it checks only what is certain.
        result: The result shape: field → type, or one type such as ``"string[]"``.
        default: The answer of a ``default`` method (None for a deep one).
        watch: The client calls back again on each later event (a tap, a shake).
        auth: The method needs ``dd.config`` ("需要鉴权"): once the page's config
            is verified, a call outside its ``jsApiList`` answers "7" (see
            :mod:`jsapi.pageauth`).
        actions: For ``runtime.h5nuvabridge.exec``, its ``_action`` values.
        answers: For a deep method, where its answer comes from (docs).
        python: For a deep method, how a test changes that answer (docs).
    """

    name: str
    summary: str
    platforms: Mapping[str, str]
    exports: tuple[str, ...]
    depth: Depth
    params: Mapping[str, Param]
    result: Any
    default: Any = None
    watch: bool = False
    auth: bool = False
    actions: Mapping[str, CatalogAction] = field(default_factory=dict)
    answers: str = ""
    python: str = ""

    def unavailable(self, platform: str, version: str) -> str | None:
        """Why this method does not exist on ``platform`` at ``version``, or None."""
        return unavailable_reason(self.name, self.platforms, platform, version)


@dataclass(frozen=True)
class CatalogEvent:
    """A ``bizEvent.*`` the page subscribes to with ``dd.on`` (and its flat exports)."""

    name: str
    platforms: Mapping[str, str]
    on: tuple[str, ...]
    off: tuple[str, ...]


class Catalog(Mapping[str, CatalogMethod]):
    """Every native method, by wire name, plus the ``bizEvent.*`` events.

    Args:
        methods: The methods.
        events: The events.
        library: The ``dingtalk-jsapi`` release the facts come from.
    """

    def __init__(
        self,
        methods: Mapping[str, CatalogMethod],
        events: Mapping[str, CatalogEvent] | None = None,
        library: str = "",
    ) -> None:
        self._methods = dict(sorted(methods.items()))
        self.events: Mapping[str, CatalogEvent] = MappingProxyType(dict(events or {}))
        self.library = library

    def __getitem__(self, name: str) -> CatalogMethod:
        return self._methods[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._methods)

    def __len__(self) -> int:
        return len(self._methods)

    def __repr__(self) -> str:
        return f"<Catalog {len(self)} methods from {self.library or 'nowhere'}>"

    def on_platform(self, platform: str, version: str | None = None) -> list[CatalogMethod]:
        """The methods a client of ``platform`` (at ``version``, if given) has."""
        return [
            m
            for m in self._methods.values()
            if platform in m.platforms
            and (version is None or m.unavailable(platform, version) is None)
        ]


def _method(name: str, raw: Mapping[str, Any]) -> CatalogMethod:
    actions = {
        a: CatalogAction(
            name=a,
            summary=spec["summary"],
            platforms=MappingProxyType(dict(spec["platforms"])),
            exports=tuple(spec.get("exports", ())),
            params=_frozen_params(spec.get("params", {})),
            result=spec.get("result"),
            default=spec.get("default"),
        )
        for a, spec in raw.get("actions", {}).items()
    }
    depth = raw.get("depth", "default")
    if depth not in ("deep", "default"):
        raise ValueError(f"{name}: depth must be 'deep' or 'default', got {depth!r}")
    return CatalogMethod(
        name=name,
        summary=raw["summary"],
        platforms=MappingProxyType(dict(raw["platforms"])),
        exports=tuple(raw.get("exports", ())),
        depth=cast(Depth, depth),
        params=_frozen_params(raw.get("params", {})),
        result=raw.get("result"),
        default=raw.get("default"),
        watch=bool(raw.get("watch", False)),
        auth=bool(raw.get("auth", False)),
        actions=MappingProxyType(actions),
        answers=raw.get("answers", ""),
        python=raw.get("python", ""),
    )


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    """Build a :class:`Catalog` from the JSON form of ``catalog.json``.

    Raises:
        KeyError, ValueError: If the data is not a catalog.
    """
    methods = {name: _method(name, raw) for name, raw in data["methods"].items()}
    events = {
        name: CatalogEvent(
            name=name,
            platforms=MappingProxyType(dict(raw["platforms"])),
            on=tuple(raw.get("on", ())),
            off=tuple(raw.get("off", ())),
        )
        for name, raw in data.get("events", {}).items()
    }
    return Catalog(methods, events, library=data.get("library", ""))


@cache
def load_catalog() -> Catalog:
    """Return the catalog shipped with ddemu, read once and then shared: treat it as read-only."""
    text = (files("jsapi") / "catalog.json").read_text("utf-8")
    return parse_catalog(json.loads(text))


# -- the generated docs tables -------------------------------------------------


def _code(value: Any) -> str:
    return "`" + json.dumps(value, ensure_ascii=False).replace("|", "\\|") + "`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _versions(platforms: Mapping[str, str]) -> str:
    return " | ".join(platforms.get(p, "–") for p in PLATFORMS)


def catalog_markdown(catalog: Catalog) -> str:
    """The reference tables of ``docs/api.md``: methods, exec actions, events.

    Every method gets one row: whether ddemu answers it deeply or by default,
    whether it needs ``dd.config`` ("auth"), its platforms with their minimum
    DingTalk version (– where the platform has no such method), and what it
    answers.
    """
    lines = [
        "| native method | depth | auth | ios | android | harmony | pc | what it does | answers |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in catalog.values():
        if m.depth == "deep":
            answers = _cell(m.answers)
            if m.python:
                answers += "; change it with " + _cell(m.python)
        elif m.actions:
            answers = "per `_action`, below"
        else:
            answers = _code(m.default)
        summary = _cell(m.summary) + (" (watch)" if m.watch else "")
        aliases = [f"`dd.{e}`" for e in m.exports if e != m.name]
        if aliases:
            summary += " Also " + ", ".join(aliases) + "."
        auth = "yes" if m.auth else ""
        versions = _versions(m.platforms)
        lines.append(f"| `{m.name}` | {m.depth} | {auth} | {versions} | {summary} | {answers} |")
    for m in catalog.values():
        if not m.actions:
            continue
        lines += [
            "",
            f"`{m.name}` dispatches on `params._action`; each action is answered by default:",
            "",
            "| `_action` | export | what it does | params | answers |",
            "|---|---|---|---|---|",
        ]
        for a in m.actions.values():
            params = ", ".join(f"`{k}` {p.describe()}" for k, p in a.params.items())
            exports = ", ".join(f"`dd.{e}`" for e in a.exports)
            lines.append(
                f"| `{a.name}` | {exports} | {_cell(a.summary)} | {params} | {_code(a.default)} |"
            )
    checked = [(m.name, k, p) for m in catalog.values() for k, p in m.params.items()]
    if checked:
        lines += [
            "",
            "The parameters ddemu checks (any other parameter passes unchecked, as in the client):",
            "",
            "| native method | param | schema |",
            "|---|---|---|",
        ]
        lines += [f"| `{name}` | `{k}` | {p.describe()} |" for name, k, p in checked]
    if catalog.events:
        lines += [
            "",
            "Events the page subscribes to with `dd.on`, delivered as `dtBizBridgeEvent`:",
            "",
            "| event | ios | android | harmony | pc | exports |",
            "|---|---|---|---|---|---|",
        ]
        for e in catalog.events.values():
            exports = ", ".join(f"`dd.{x}`" for x in (*e.on, *e.off))
            lines.append(f"| `{e.name}` | {_versions(e.platforms)} | {exports} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """``python -m jsapi.catalog --markdown``: print the generated docs tables."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--markdown"]:
        sys.stdout.write(catalog_markdown(load_catalog()))
    else:
        sys.stderr.write("usage: python -m jsapi.catalog --markdown\n")
        raise SystemExit(2)


if __name__ == "__main__":
    main()

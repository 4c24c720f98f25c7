"""Flow-control settings: the limits, traffic packages and their TOML format.

The defaults are the platform's published limits where there are any
(``emulator/data/flowcontrol.toml``); docs/reference/flowcontrol.md has the
format and where each default comes from. :mod:`emulator.flowcontrol` counts
calls against these settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bridge.errors import ConfigError

from .tomlconfig import KeyPath, TomlDocument, format_path

__all__ = [
    "ApiLimits",
    "AppLimits",
    "FlowConfig",
    "TrafficPackage",
    "load_flow_config",
    "matches",
    "parse_flow_config",
]


@dataclass(frozen=True)
class ApiLimits:
    """Limits of one app on one API; ``None`` inherits, ``0`` means no limit.

    ``global_qps`` and ``global_ban`` are the API's cap over all apps and are
    only read from the top-level ``[api]`` and ``[apis."..."]`` tables.
    """

    qps: int | None = None
    qpm: int | None = None
    qpd: int | None = None
    ban: float | None = None
    global_qps: int | None = None
    global_ban: float | None = None

    def over(self, base: ApiLimits) -> ApiLimits:
        """These limits, with the unset ones taken from ``base``."""
        return ApiLimits(
            *(
                mine if mine is not None else theirs
                for mine, theirs in zip(_astuple(self), _astuple(base), strict=True)
            )
        )


@dataclass(frozen=True)
class TrafficPackage:
    """A second-level allowance of an app: for ``"all"`` APIs, one ``"api"`` or a ``"group"``."""

    name: str
    kind: str
    apis: tuple[str, ...] = ()  # the path ("api") or paths and prefixes ("group")
    qpm: int = 0
    qpd: int = 0

    def covers(self, api: str) -> bool:
        """Whether calls of ``api`` may be charged to this package."""
        if self.kind == "all":
            return True
        return any(matches(pattern, api) for pattern in self.apis)


@dataclass(frozen=True)
class AppLimits:
    """What one app key changes from the defaults."""

    enabled: bool = True
    qpd: int | None = None
    org: str | None = None  # whose monthly quota the app's calls count against
    api: ApiLimits = ApiLimits()
    apis: Mapping[str, ApiLimits] = field(default_factory=dict)
    packages: tuple[TrafficPackage, ...] = ()


@dataclass(frozen=True)
class FlowConfig:
    """All flow-control settings; ``FlowConfig()`` itself limits nothing.

    The platform's defaults come from :func:`load_flow_config`. An app's own
    settings win over the shared ones: ``apps[k].apis[path]``, then
    ``apps[k].api``, then ``apis[path]``, then ``api``.
    """

    enabled: bool = True
    app_qpd: int = 0
    api: ApiLimits = ApiLimits(0, 0, 0, 1.0, 0, 1.0)
    apis: Mapping[str, ApiLimits] = field(default_factory=dict)
    org_monthly: int = 0
    exempt: tuple[str, ...] = ()
    orgs: Mapping[str, int] = field(default_factory=dict)
    apps: Mapping[str, AppLimits] = field(default_factory=dict)


def matches(pattern: str, api: str) -> bool:
    """A pattern ending in ``/`` or ``*`` is a prefix; any other is a whole path."""
    if pattern.endswith("*"):
        return api.startswith(pattern[:-1])
    return api.startswith(pattern) if pattern.endswith("/") else api == pattern


def lookup(table: Mapping[str, ApiLimits], api: str) -> ApiLimits | None:
    """The exact path's entry, else the longest prefix pattern matching ``api``."""
    if api in table:
        return table[api]
    best = max((p for p in table if p[-1:] in "/*" and matches(p, api)), key=len, default=None)
    return table[best] if best is not None else None


def _astuple(limits: ApiLimits) -> tuple[Any, ...]:
    return (limits.qps, limits.qpm, limits.qpd, limits.ban, limits.global_qps, limits.global_ban)


# -- loading ----------------------------------------------------------------------------------

_API_KEYS = ("qps", "qpm", "qpd", "ban", "global_qps", "global_ban")
_APP_API_KEYS = ("qps", "qpm", "qpd", "ban")


def load_flow_config(source: str | Path | None = None) -> FlowConfig:
    """Load flow-control settings from a TOML file, over the built-in defaults.

    Args:
        source: A TOML file; what it does not set keeps its default. None
            gives the defaults, ``emulator/data/flowcontrol.toml``.

    Raises:
        ConfigError: For a file that cannot be read, is not TOML, or has an
            unknown field or a value of the wrong type; the message names the
            file, the line and the field.
    """
    if source is None:
        return _defaults()
    path = Path(source)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read flow-control file {path}: {exc.strerror}") from None
    return parse_flow_config(text, str(path))


def parse_flow_config(
    text: str, where: str = "<flowcontrol>", *, base: FlowConfig | None = None
) -> FlowConfig:
    """Parse flow-control TOML text over ``base`` (the built-in defaults if None).

    Raises:
        ConfigError: See :func:`load_flow_config`.
    """
    doc = TomlDocument(text, where)
    base = base if base is not None else _defaults()
    top = doc.table((), ("enabled", "app", "api", "apis", "org", "orgs", "apps"))
    app = doc.table(("app",), ("qpd",))
    org = doc.table(("org",), ("monthly", "exempt"))
    apis = dict(base.apis)
    for pattern in doc.table(("apis",)):
        path: KeyPath = ("apis", pattern)
        _check_pattern(doc, path, pattern)
        apis[pattern] = _api_limits(doc, path, _API_KEYS, apis.get(pattern, ApiLimits()))
    orgs = dict(base.orgs)
    for corp in doc.table(("orgs",)):
        table = doc.table(("orgs", corp), ("monthly",))
        if corp not in orgs:
            doc.get(table, ("orgs", corp), "monthly", int)  # required for a new corp
        orgs[corp] = _count(doc, table, ("orgs", corp), "monthly", orgs.get(corp))
    apps = dict(base.apps)
    for app_key in doc.table(("apps",)):
        apps[app_key] = _app_limits(doc, ("apps", app_key))
    exempt = base.exempt
    if "exempt" in org:
        exempt = tuple(_patterns(doc, org, ("org",), "exempt"))
    return FlowConfig(
        enabled=doc.get(top, (), "enabled", bool, base.enabled),
        app_qpd=_count(doc, app, ("app",), "qpd", base.app_qpd),
        api=_api_limits(doc, ("api",), _API_KEYS, base.api),
        apis=MappingProxyType(apis),
        org_monthly=_count(doc, org, ("org",), "monthly", base.org_monthly),
        exempt=exempt,
        orgs=MappingProxyType(orgs),
        apps=MappingProxyType(apps),
    )


@cache
def _defaults() -> FlowConfig:
    text = (files("emulator") / "data" / "flowcontrol.toml").read_text("utf-8")
    return parse_flow_config(text, "built-in flowcontrol.toml", base=FlowConfig())


def _count(
    doc: TomlDocument, table: Mapping[str, Any], path: KeyPath, key: str, default: Any
) -> Any:
    value = doc.get(table, path, key, int, default)
    if value is not None and value < 0:
        name = format_path((*path, key))
        raise doc.error((*path, key), f"field {name} must be 0 (no limit) or more, got {value}")
    return value


def _seconds(
    doc: TomlDocument, table: Mapping[str, Any], path: KeyPath, key: str, default: Any
) -> Any:
    value = doc.get(table, path, key, float, default)
    if value is not None and value < 0:
        raise doc.error((*path, key), f"field {format_path((*path, key))} must be 0 or more")
    return value


def _api_limits(
    doc: TomlDocument, path: KeyPath, keys: tuple[str, ...], base: ApiLimits
) -> ApiLimits:
    table = doc.table(path, keys)
    return ApiLimits(
        *(
            (_seconds if key.endswith("ban") else _count)(doc, table, path, key, inherited)
            if key in keys
            else None
            for key, inherited in zip(_API_KEYS, _astuple(base), strict=True)
        )
    )


def _check_pattern(doc: TomlDocument, path: KeyPath, pattern: str) -> None:
    if not pattern.startswith("/") or "*" in pattern[:-1]:
        raise doc.error(
            path,
            f"{format_path(path)}: an API is a path starting with '/', optionally ending "
            f"in '/' or '*' to match a prefix; got {pattern!r}",
        )


def _patterns(doc: TomlDocument, table: Mapping[str, Any], path: KeyPath, key: str) -> list[str]:
    values = doc.get(table, path, key, list)
    for value in values:
        if not isinstance(value, str):
            raise doc.error(
                (*path, key), f"field {format_path((*path, key))} must hold strings, got {value!r}"
            )
        _check_pattern(doc, (*path, key), value)
    return list(values)


def _app_limits(doc: TomlDocument, path: KeyPath) -> AppLimits:
    table = doc.table(path, ("enabled", "qpd", "org", "api", "apis", "packages"))
    apis = {}
    for pattern in doc.table((*path, "apis")):
        _check_pattern(doc, (*path, "apis", pattern), pattern)
        apis[pattern] = _api_limits(doc, (*path, "apis", pattern), _APP_API_KEYS, ApiLimits())
    raw = doc.get(table, path, "packages", list, [])
    packages: list[TrafficPackage] = []
    for index, item in enumerate(raw):
        where: KeyPath = (*path, "packages", index)
        if not isinstance(item, dict):
            raise doc.error(where, f"{format_path(where)} must be a table ([[...packages]])")
        packages.append(_package(doc, where, item, index))
        if packages[-1].name in {p.name for p in packages[:-1]}:
            raise doc.error(where, f"package name {packages[-1].name!r} appears twice")
    return AppLimits(
        enabled=doc.get(table, path, "enabled", bool, True),
        qpd=_count(doc, table, path, "qpd", None),
        org=doc.get(table, path, "org", str, None),
        api=_api_limits(doc, (*path, "api"), _APP_API_KEYS, ApiLimits()),
        apis=MappingProxyType(apis),
        packages=tuple(packages),
    )


def _package(doc: TomlDocument, path: KeyPath, table: dict[str, Any], index: int) -> TrafficPackage:
    doc.check_keys(table, path, ("name", "api", "apis", "qpm", "qpd"))
    if "api" in table and "apis" in table:
        raise doc.error(path, f"{format_path(path)}: give either api (one API) or apis (a group)")
    if "api" in table:
        kind, apis = "api", [doc.get(table, path, "api", str)]
        _check_pattern(doc, (*path, "api"), apis[0])
    elif "apis" in table:
        kind, apis = "group", _patterns(doc, table, path, "apis")
    else:
        kind, apis = "all", []
    qpm = _count(doc, table, path, "qpm", 0)
    qpd = _count(doc, table, path, "qpd", 0)
    if not qpm and not qpd:
        raise doc.error(path, f"{format_path(path)}: a package needs a qpm or a qpd above 0")
    name = doc.get(table, path, "name", str, f"package{index + 1}")
    return TrafficPackage(name, kind, tuple(apis), qpm, qpd)

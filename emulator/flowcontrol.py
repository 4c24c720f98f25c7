"""Flow control of the emulated open platform, measured on the shared clock.

The model follows the platform's two levels (docs/reference/flowcontrol.md):

* **First level.** Per app and API: QPS (over it, every call of that app and
  API is refused for ``ban`` seconds), QPM and QPD. Per app over all APIs: QPD.
  Besides these, two limits no app can buy its way past: an API's global cap
  over all apps (``global_qps``, 90002) and an org's monthly quota (90020),
  which token, auth and contacts APIs do not count against.
* **Second level.** Traffic packages of an app, for all APIs, one API or a
  group of APIs, each with a QPM and/or QPD. A call the app's own first-level
  limits refuse passes if a package covering the API has room, and is then
  charged to that package instead of to the first level.

Windows are fixed and keyed by their start: the second, the minute, the
calendar day and month in Asia/Shanghai (UTC+8). A refused call is not counted.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from .clock import Clock
from .flowconfig import (
    ApiLimits,
    AppLimits,
    FlowConfig,
    TrafficPackage,
    load_flow_config,
    lookup,
    matches,
)

__all__ = ["SHANGHAI", "FlowControl", "Limited"]

#: The platform counts days and months in China Standard Time.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
_UTC8 = 8 * 3600
_DAY = 86400


@dataclass(frozen=True)
class Limited:
    """Why a call was refused, with the answer each host gives."""

    level: str  # "app-qpd", "api-qps", "api-qpm", "api-qpd", "api-global", "org-month",
    # "package-all", "package-api", "package-group"
    legacy_code: int  # errcode on the legacy host, e.g. 90018
    new_code: str  # code on the new host, e.g. "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"
    http_status: int  # on the new host, e.g. 403
    message: str  # errmsg / message, on the real 90002 template
    retry_after: float  # seconds until a retry can pass


# -- answers ----------------------------------------------------------------------------------

_SECOND, _MINUTE, _DAILY, _MONTH = "second", "minute", "day", "month"

#: (legacy errcode, new-host code, HTTP status) per level, or per package window.
_ANSWERS: dict[str, tuple[int, str, int]] = {
    "api-qps": (90018, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", 403),
    "api-qpm": (90018, "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi", 403),
    "api-qpd": (45009, "daily.call.limit", 400),
    "app-qpd": (45009, "daily.call.limit", 400),
    "api-global": (90002, "Forbidden.AccessDenied.QpsLimitForApi", 403),
    "org-month": (90020, "Forbidden.AccessDenied.ApiCountLimitForOrg", 403),
    _MINUTE: (90018, "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi", 403),
    _DAILY: (45009, "daily.call.limit", 400),
}

_WHO: dict[str, tuple[str, str]] = {
    "api-global": ("您的服务器", "当前接口"),
    "app-qpd": ("您的企业应用", "所有接口"),
    "org-month": ("您的组织", "计入每月调用量的接口"),
}


@dataclass
class _Refusal:
    level: str
    key: tuple[str, ...]
    start: int  # the window that is full, for the message
    end: int
    limit: int
    free_at: float
    ban: float = 0.0  # seconds to ban for, if this refusal sticks
    answer: str = ""  # key into _ANSWERS, defaults to level


@dataclass(frozen=True)
class _Plan:
    """Everything a check of one app and API needs, resolved once."""

    enabled: bool
    limits: ApiLimits  # fully resolved
    app_qpd: int
    org: str
    counted: bool  # against the org's monthly quota
    packages: tuple[TrafficPackage, ...]  # covering the API, most specific first
    # Counter keys, built once: api-global, api-qps, api-qpm, api-qpd, app-qpd, org-month.
    keys: tuple[tuple[str, ...], ...]
    package_keys: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]  # name -> qpm, qpd


class FlowControl:
    """Counts calls per app and API on ``clock`` and refuses those over a limit.

    Thread-safe: every method holds one lock for a few dict operations.

    Args:
        clock: The emulator's clock; windows and bans are measured on it.
        config: The settings; None loads the built-in defaults.
    """

    def __init__(self, clock: Clock, config: FlowConfig | None = None) -> None:
        self.clock = clock
        self._config = config if config is not None else load_flow_config()
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, ...], list[int]] = {}  # key -> [window start, count]
        self._bans: dict[tuple[str, ...], _Refusal] = {}
        self._plans: dict[tuple[str, str], _Plan] = {}
        self._month = (0, 0)

    @property
    def config(self) -> FlowConfig:
        """The settings in force; assigning new ones keeps the counts and bans."""
        return self._config

    @config.setter
    def config(self, config: FlowConfig) -> None:
        with self._lock:
            self._config = config
            self._plans.clear()

    def check(self, app_key: str, api: str, org: str | None = None) -> Limited | None:
        """Count one call of ``api`` by ``app_key`` now, or say why it is refused.

        Args:
            app_key: The calling app.
            api: The path called, like ``"/topapi/v2/user/get"``.
            org: The corp whose monthly quota the call counts against; by
                default the app's ``org`` setting, or else the app key itself.

        Returns:
            None if the call may proceed (it has been counted), else a
            :class:`Limited` to answer with (the call has not been counted).
        """
        with self._lock:
            plan = self._plan(app_key, api)
            if not plan.enabled:
                return None
            now = self.clock.now()
            sec, minute, day, month = self._windows(now)
            lim = plan.limits
            global_key, qps_key, qpm_key, qpd_key, app_qpd_key, org_key = plan.keys
            if org is not None:
                org_key = ("org-month", org)
            monthly = self._monthly(org_key[1]) if plan.counted else 0
            refused = self._refused
            # Limits no package lifts: the API's cap over all apps, the org's month.
            hard = _present(
                refused("api-global", global_key, sec, lim.global_qps, now, lim.global_ban),
                refused("org-month", org_key, month, monthly, now),
            )
            # The app's own first level, which its packages extend.
            soft = _present(
                refused("api-qps", qps_key, sec, lim.qps, now, lim.ban),
                refused("api-qpm", qpm_key, minute, lim.qpm, now),
                refused("api-qpd", qpd_key, day, lim.qpd, now),
                refused("app-qpd", app_qpd_key, day, plan.app_qpd, now),
            )
            charges: tuple[tuple[tuple[str, ...], tuple[int, int]], ...] = ()
            exhausted: list[_Refusal] = []
            if not hard and not soft:
                charges = ((qps_key, sec), (qpm_key, minute), (qpd_key, day), (app_qpd_key, day))
            elif not hard:
                for package in plan.packages:
                    full = self._package_refusal(package, plan.package_keys, minute, day)
                    if full is None:
                        qpm, qpd = plan.package_keys[package.name]
                        charges = ((qpm, minute), (qpd, day))
                        break
                    exhausted.append(full)
            if charges:  # charged to the first level or to a package
                add = self._add
                add(global_key, sec[0])
                if plan.counted:
                    add(org_key, month[0])
                for key, window in charges:
                    add(key, window[0])
                return None
            return self._refuse(hard, soft, exhausted, api, now)

    def reset(self) -> None:
        """Forget every count and ban."""
        with self._lock:
            self._counts.clear()
            self._bans.clear()
            self._plans.clear()

    def usage(self, app_key: str, api: str | None = None, org: str | None = None) -> dict[str, int]:
        """The calls counted in the current windows, by level.

        Keys: ``app-qpd`` and ``org-month``; with ``api`` also ``api-qps``,
        ``api-qpm``, ``api-qpd`` and ``api-global`` (all apps); and
        ``package:<name>:qpm`` / ``package:<name>:qpd`` for each of the app's
        packages (those covering ``api`` when it is given).
        """
        with self._lock:
            plan = self._plan(app_key, api or "")
            sec, minute, day, month = self._windows(self.clock.now())
            out = {
                "app-qpd": self._count(("app-qpd", app_key), day[0]),
                "org-month": self._count(
                    ("org-month", org if org is not None else plan.org), month[0]
                ),
            }
            if api is not None:
                out["api-qps"] = self._count(("api-qps", app_key, api), sec[0])
                out["api-qpm"] = self._count(("api-qpm", app_key, api), minute[0])
                out["api-qpd"] = self._count(("api-qpd", app_key, api), day[0])
                out["api-global"] = self._count(("api-global", api), sec[0])
                packages = plan.packages
            else:
                app = self._config.apps.get(app_key)
                packages = app.packages if app else ()
            for package in packages:
                name = package.name
                out[f"package:{name}:qpm"] = self._count(("package-qpm", app_key, name), minute[0])
                out[f"package:{name}:qpd"] = self._count(("package-qpd", app_key, name), day[0])
            return out

    # -- counting ---------------------------------------------------------------------------

    def _count(self, key: tuple[str, ...], start: int) -> int:
        entry = self._counts.get(key)
        return entry[1] if entry is not None and entry[0] == start else 0

    def _add(self, key: tuple[str, ...], start: int) -> None:
        entry = self._counts.get(key)
        if entry is None or entry[0] != start:  # a new window replaces the old bucket
            self._counts[key] = [start, 1]
        else:
            entry[1] += 1

    def _refused(
        self,
        level: str,
        key: tuple[str, ...],
        window: tuple[int, int],
        limit: int | None,
        now: float,
        ban: float | None = None,
    ) -> _Refusal | None:
        if ban:
            banned = self._bans.get(key)
            if banned is not None:
                if now < banned.free_at:
                    return banned
                del self._bans[key]
        if not limit or self._count(key, window[0]) < limit:
            return None
        return _Refusal(level, key, *window, limit, max(window[1], now + (ban or 0.0)), ban or 0.0)

    def _package_refusal(
        self,
        package: TrafficPackage,
        keys: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
        minute: tuple[int, int],
        day: tuple[int, int],
    ) -> _Refusal | None:
        level = f"package-{package.kind}"
        full = None
        qpm_key, qpd_key = keys[package.name]
        for limit, window, key, answer in (
            (package.qpm, minute, qpm_key, _MINUTE),
            (package.qpd, day, qpd_key, _DAILY),
        ):
            if limit and self._count(key, window[0]) >= limit:
                full = _Refusal(level, key, *window, limit, window[1], answer=answer)
        return full  # the day, when both are full: it frees last

    def _refuse(
        self,
        hard: list[_Refusal],
        soft: list[_Refusal],
        exhausted: list[_Refusal],
        api: str,
        now: float,
    ) -> Limited:
        for refusal in (*hard, *soft):
            if refusal.ban:
                self._bans[refusal.key] = replace(refusal, ban=0.0)
        candidates = list(hard)
        if soft:
            # The first level frees when all its refusals have; a package may free sooner.
            first = max(soft, key=lambda r: r.free_at)
            if exhausted:
                package = min(exhausted, key=lambda r: r.free_at)
                first = replace(package, free_at=min(first.free_at, package.free_at))
            candidates.append(first)
        report = max(candidates, key=lambda r: r.free_at)
        legacy, code, status = _ANSWERS[report.answer or report.level]
        until = _format(report.free_at)
        start, end = _format(report.start), _format(report.end - 1)
        who, scope = _WHO.get(report.level, ("您的企业应用", "当前接口"))
        if report.level.startswith("package-"):
            scope = f"流量包 {report.key[2]} 覆盖的接口"
        message = (
            f"{who}调用钉钉开放平台{scope}的所有请求都被暂时禁用了, apiPath({_api_name(api)}), "
            f"从 {start} 到 {end} 请求总次数超过了 {report.limit} 次, 处罚将在 {until} 结束."
        )
        return Limited(report.level, legacy, code, status, message, float(report.free_at - now))

    # -- resolving --------------------------------------------------------------------------

    def _windows(self, now: float) -> tuple[tuple[int, int], ...]:
        sec = int(now // 1)
        minute = int(now // 60) * 60
        day = int((now + _UTC8) // _DAY) * _DAY - _UTC8
        if not self._month[0] <= now < self._month[1]:
            start = datetime.fromtimestamp(now, SHANGHAI).replace(
                day=1, hour=0, minute=0, second=0, microsecond=0
            )
            following = (start + timedelta(days=32)).replace(day=1)
            self._month = (int(start.timestamp()), int(following.timestamp()))
        return (sec, sec + 1), (minute, minute + 60), (day, day + _DAY), self._month

    def _monthly(self, org: str) -> int:
        return self._config.orgs.get(org, self._config.org_monthly)

    def _plan(self, app_key: str, api: str) -> _Plan:
        plan = self._plans.get((app_key, api))
        if plan is None:
            if len(self._plans) > 10_000:  # paths come from clients; keep the cache bounded
                self._plans.clear()
            plan = self._plans[(app_key, api)] = _resolve(self._config, app_key, api)
        return plan


def _present(*refusals: _Refusal | None) -> list[_Refusal]:
    return [r for r in refusals if r is not None]


def _resolve(config: FlowConfig, app_key: str, api: str) -> _Plan:
    app = config.apps.get(app_key, AppLimits())
    limits = config.api
    shared = lookup(config.apis, api)
    if shared is not None:
        limits = shared.over(limits)
    own = replace(app.api, global_qps=None, global_ban=None)
    limits = own.over(limits)
    override = lookup(app.apis, api)
    if override is not None:
        limits = replace(override, global_qps=None, global_ban=None).over(limits)
    order = {"api": 0, "group": 1, "all": 2}
    packages = sorted((p for p in app.packages if p.covers(api)), key=lambda p: order[p.kind])
    org = app.org or app_key
    return _Plan(
        enabled=config.enabled and app.enabled,
        limits=limits,
        app_qpd=app.qpd if app.qpd is not None else config.app_qpd,
        org=org,
        counted=not any(matches(pattern, api) for pattern in config.exempt),
        packages=tuple(packages),
        keys=(
            ("api-global", api),
            ("api-qps", app_key, api),
            ("api-qpm", app_key, api),
            ("api-qpd", app_key, api),
            ("app-qpd", app_key),
            ("org-month", org),
        ),
        package_keys={
            p.name: (("package-qpm", app_key, p.name), ("package-qpd", app_key, p.name))
            for p in app.packages
        },
    )


def _api_name(api: str) -> str:
    """How the platform names an API in its messages: TOP name for topapi paths."""
    if api.startswith("/topapi/"):
        return "dingtalk.oapi." + api[len("/topapi/") :].strip("/").replace("/", ".")
    return api


def _format(timestamp: float) -> str:
    return _format_second(int(timestamp // 1))


@lru_cache(maxsize=256)
def _format_second(second: int) -> str:
    return datetime.fromtimestamp(second, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")

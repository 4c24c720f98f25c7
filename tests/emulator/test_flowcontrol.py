"""Tests of emulator.flowcontrol: both levels of limits, on the virtual clock."""

from __future__ import annotations

import re
import threading
from datetime import datetime

import pytest

from bridge.errors import ConfigError
from emulator.clock import Clock
from emulator.flowconfig import FlowConfig, load_flow_config, parse_flow_config
from emulator.flowcontrol import SHANGHAI, FlowControl, Limited

API = "/topapi/processinstance/create"  # counted against the monthly quota
ONLY_QPM = "[api]\nqps = 0\nqpm = 5\n"
ONLY_QPD = "[api]\nqps = 0\nqpm = 0\nqpd = 3\n"


def at(year: int, month: int, day: int, hour: int, minute: int, second: int) -> float:
    """Seconds since the epoch of a wall-clock time in Asia/Shanghai."""
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI).timestamp()


T0 = at(2024, 5, 15, 10, 0, 0)  # mid-month, on a minute boundary


def make(text: str = "", when: float = T0) -> tuple[FlowControl, Clock]:
    clock = Clock()
    clock.freeze(when)
    return FlowControl(clock, parse_flow_config(text, "test.toml")), clock


def passes(flow: FlowControl, n: int, app: str = "app", api: str = API) -> int:
    """Make ``n`` calls and return how many passed."""
    return sum(flow.check(app, api) is None for _ in range(n))


def refused(flow: FlowControl, app: str = "app", api: str = API) -> Limited:
    result = flow.check(app, api)
    assert result is not None, "the call passed"
    return result


# -- defaults ------------------------------------------------------------------------------


def test_defaults_file() -> None:
    """The built-in defaults carry the published figures."""
    config = load_flow_config()
    assert (config.api.qps, config.api.ban, config.api.qpm, config.api.qpd) == (20, 1.0, 1500, 0)
    assert config.org_monthly == 10000 and config.app_qpd == 0
    assert config.apis["/user/list"].global_qps == 300
    assert {"/gettoken", "/v1.0/oauth2/", "/topapi/v2/user/", "/v1.0/contact/"} <= set(
        config.exempt
    )


def test_no_config_means_defaults() -> None:
    """FlowControl without a config uses the built-in defaults."""
    flow = FlowControl(Clock())
    assert flow.config == load_flow_config()


def test_bare_flowconfig_limits_nothing() -> None:
    """FlowConfig() refuses no call."""
    clock = Clock()
    clock.freeze(T0)
    assert passes(FlowControl(clock, FlowConfig()), 2000) == 2000


# -- first level: per app per API -----------------------------------------------------------


def test_qps_trips_at_twenty() -> None:
    """The 21st call in one second is refused with 90018 / QpsLimitForAppkeyAndApi."""
    flow, _ = make()
    assert passes(flow, 20) == 20
    limited = refused(flow)
    assert limited.level == "api-qps"
    assert (limited.legacy_code, limited.new_code, limited.http_status) == (
        90018,
        "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
        403,
    )
    assert limited.retry_after == 1.0


def test_qps_frees_at_the_second_boundary() -> None:
    """A trip at the start of a second is lifted exactly one second later."""
    flow, clock = make()
    passes(flow, 21)
    clock.freeze(T0 + 0.999)
    assert refused(flow).retry_after == pytest.approx(0.001, abs=1e-6)
    clock.freeze(T0 + 1)
    assert passes(flow, 20) == 20


def test_qps_ban_outlasts_the_window() -> None:
    """A trip mid-second bans the app and API for one second, into the next window."""
    flow, clock = make(when=T0 + 0.5)
    passes(flow, 21)
    clock.freeze(T0 + 1.25)  # a new one-second window, still banned
    limited = refused(flow)
    assert limited.level == "api-qps"
    assert limited.retry_after == 0.25
    clock.freeze(T0 + 1.5)
    assert passes(flow, 20) == 20


def test_qps_without_a_trip_frees_at_the_boundary() -> None:
    """Without a refusal there is no ban: the next second allows 20 again."""
    flow, clock = make(when=T0 + 0.75)
    assert passes(flow, 20) == 20
    clock.freeze(T0 + 1)
    assert passes(flow, 20) == 20


def test_qps_is_per_app_and_per_api() -> None:
    """One app's ban on one API leaves other apps and other APIs alone."""
    flow, _ = make()
    passes(flow, 21)
    assert flow.check("other-app", API) is None
    assert flow.check("app", "/topapi/processinstance/get") is None


def test_refused_calls_are_not_counted() -> None:
    """Refused calls count in no window."""
    flow, clock = make(ONLY_QPM + "[app]\nqpd = 100\n")
    assert passes(flow, 15) == 5
    assert flow.usage("app", API) | {} == {
        "app-qpd": 5,
        "org-month": 5,
        "api-qps": 5,
        "api-qpm": 5,
        "api-qpd": 5,
        "api-global": 5,
    }
    clock.advance(60)
    assert passes(flow, 6) == 5


def test_calls_refused_during_a_ban_are_not_counted() -> None:
    """Hammering during a ban does not eat into the next second."""
    flow, clock = make()
    passes(flow, 100)
    clock.advance(1)
    assert passes(flow, 21) == 20


def test_qpm_trips_and_frees_at_the_minute() -> None:
    """Over the QPM: QpmLimitForAppkeyAndApi until the minute ends."""
    flow, clock = make(ONLY_QPM, when=T0 + 30)
    assert passes(flow, 5) == 5
    limited = refused(flow)
    assert limited.level == "api-qpm"
    assert (limited.legacy_code, limited.new_code, limited.http_status) == (
        90018,
        "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi",
        403,
    )
    assert limited.retry_after == 30
    clock.freeze(T0 + 59.999)
    assert flow.check("app", API) is not None
    clock.freeze(T0 + 60)
    assert passes(flow, 5) == 5


def test_qpd_trips_and_frees_at_shanghai_midnight() -> None:
    """Over the per-API QPD: the daily code until 00:00 in Asia/Shanghai."""
    flow, clock = make(ONLY_QPD, when=at(2024, 5, 15, 23, 59, 59))
    assert passes(flow, 3) == 3
    limited = refused(flow)
    assert limited.level == "api-qpd"
    assert (limited.legacy_code, limited.new_code, limited.http_status) == (
        45009,
        "daily.call.limit",
        400,
    )
    assert limited.retry_after == 1
    clock.advance(1)
    assert passes(flow, 3) == 3


def test_day_does_not_end_at_utc_midnight() -> None:
    """UTC midnight (08:00 in Shanghai) does not start a new day."""
    flow, clock = make(ONLY_QPD, when=at(2024, 5, 16, 7, 59, 0))
    passes(flow, 3)
    clock.advance(120)
    assert refused(flow).retry_after == pytest.approx(16 * 3600 - 60)


def test_app_qpd_counts_all_apis() -> None:
    """The app's QPD counts its calls of every API, until the next day."""
    flow, clock = make("[app]\nqpd = 4\n")
    for n in range(4):
        assert flow.check("app", f"/topapi/x/{n}") is None
    limited = refused(flow, api="/topapi/x/9")
    assert limited.level == "app-qpd"
    assert "所有接口" in limited.message
    assert flow.check("other-app", "/topapi/x/9") is None
    clock.freeze(at(2024, 5, 15, 23, 59, 59))
    assert refused(flow, api="/topapi/x/9").retry_after == 1
    clock.freeze(at(2024, 5, 16, 0, 0, 0))
    assert flow.check("app", "/topapi/x/9") is None


def test_longest_wait_is_reported() -> None:
    """Over both the QPS and the QPD, the answer is the QPD's, with its wait."""
    flow, _ = make("[api]\nqps = 1\nqpd = 1\n", when=at(2024, 5, 15, 23, 0, 0))
    flow.check("app", API)
    limited = refused(flow)
    assert limited.level == "api-qpd"
    assert limited.retry_after == 3600


# -- first level: an API over all apps, and the org's month ---------------------------------


def test_global_cap_over_all_apps() -> None:
    """An API's global cap counts every app's calls: 90002 / QpsLimitForApi."""
    flow, clock = make('[apis."/user/list"]\nglobal_qps = 3\n')
    for app in "abc":
        assert flow.check(app, "/user/list") is None
    limited = refused(flow, app="d", api="/user/list")
    assert limited.level == "api-global"
    assert (limited.legacy_code, limited.new_code, limited.http_status) == (
        90002,
        "Forbidden.AccessDenied.QpsLimitForApi",
        403,
    )
    assert flow.check("e", "/user/other") is None
    clock.advance(1)
    assert flow.check("d", "/user/list") is None


def test_90002_message_is_the_real_one() -> None:
    """The 90002 errmsg reproduces the body the real platform sent for /user/list."""
    flow, _ = make("[api]\nqps = 0\n", when=at(2019, 2, 13, 20, 40, 4) + 0.25)
    assert passes(flow, 300, api="/user/list") == 300
    assert refused(flow, api="/user/list").message == (
        "您的服务器调用钉钉开放平台当前接口的所有请求都被暂时禁用了, apiPath(/user/list), "
        "从 2019-02-13 20:40:04 到 2019-02-13 20:40:04 请求总次数超过了 300 次, "
        "处罚将在 2019-02-13 20:40:05 结束."
    )


def test_global_ban_holds_every_app_for_a_second() -> None:
    """After a 90002 trip every app is refused that API for global_ban seconds."""
    flow, clock = make('[apis."/user/list"]\nglobal_qps = 1\n', when=T0 + 0.5)
    flow.check("a", "/user/list")
    refused(flow, app="b", api="/user/list")
    clock.freeze(T0 + 1.25)
    assert refused(flow, app="c", api="/user/list").retry_after == 0.25
    clock.freeze(T0 + 1.5)
    assert flow.check("c", "/user/list") is None


def test_topapi_paths_are_named_as_top_methods() -> None:
    """apiPath() names a topapi call by its TOP method, as the real 90002 does."""
    flow, _ = make("[api]\nqps = 0\n")
    assert passes(flow, 100, api="/topapi/process/listbyuserid") == 100
    message = refused(flow, api="/topapi/process/listbyuserid").message
    assert "apiPath(dingtalk.oapi.process.listbyuserid)" in message
    assert "请求总次数超过了 100 次" in message


def test_messages_follow_the_90002_template() -> None:
    """Every level's message names the API, the window, the count and the end."""
    template = re.compile(
        r"^\S+调用钉钉开放平台\S+的所有请求都被暂时禁用了, apiPath\(.+\), "
        r"从 [\d-]+ [\d:]+ 到 [\d-]+ [\d:]+ 请求总次数超过了 \d+ 次, 处罚将在 [\d-]+ [\d:]+ 结束\.$"
    )
    for text in (ONLY_QPM, ONLY_QPD, "[org]\nmonthly = 1\n", "[app]\nqpd = 1\n", ""):
        flow, _ = make(text)
        passes(flow, 21)
        assert template.match(refused(flow).message), text


def test_org_monthly_quota() -> None:
    """The org's 10001st counted call of the month answers 90020 / ApiCountLimitForOrg."""
    flow, clock = make("[api]\nqps = 0\nqpm = 0\n", when=at(2024, 5, 31, 23, 59, 0))
    assert passes(flow, 10000) == 10000
    limited = refused(flow)
    assert limited.level == "org-month"
    assert (limited.legacy_code, limited.new_code, limited.http_status) == (
        90020,
        "Forbidden.AccessDenied.ApiCountLimitForOrg",
        403,
    )
    assert limited.retry_after == 60
    assert "从 2024-05-01 00:00:00 到 2024-05-31 23:59:59" in limited.message
    clock.advance(60)  # June in Shanghai, still May 31st in UTC
    assert flow.check("app", API) is None


@pytest.mark.parametrize(
    "api",
    [
        "/gettoken",
        "/get_jsapi_ticket",
        "/v1.0/oauth2/accessToken",
        "/user/getuserinfo",
        "/topapi/v2/user/getuserinfo",
        "/topapi/v2/user/get",
        "/topapi/v2/department/listsub",
        "/topapi/user/listsimple",
        "/v1.0/contact/users/me",
    ],
)
def test_org_monthly_excludes_token_auth_and_contacts(api: str) -> None:
    """Token, auth and contacts APIs pass an exhausted month and do not count."""
    flow, _ = make("[org]\nmonthly = 2\n")
    passes(flow, 2)
    assert refused(flow).level == "org-month"
    assert passes(flow, 5, api=api) == 5
    assert flow.usage("app", api)["org-month"] == 2


def test_org_exempt_list_is_configurable() -> None:
    """A file's exempt list replaces the default one."""
    flow, _ = make('[org]\nmonthly = 1\nexempt = ["/topapi/processinstance/"]\n')
    assert passes(flow, 5) == 5
    flow.check("app", "/gettoken")
    assert refused(flow, api="/gettoken").level == "org-month"


def test_org_quota_is_shared_by_the_org_apps() -> None:
    """Apps of one org share its month: set by the app's org or by the caller."""
    flow, _ = make('[org]\nmonthly = 2\n[apps.a]\norg = "corp"\n[apps.b]\norg = "corp"\n')
    flow.check("a", API)
    flow.check("b", API)
    assert refused(flow, app="a").level == "org-month"
    assert flow.check("c", API) is None  # its own org by default
    assert flow.check("c", API, org="corp") is not None
    assert flow.usage("a")["org-month"] == 2


def test_org_override() -> None:
    """[orgs."id"] monthly = 0 lifts one org's monthly quota."""
    flow, _ = make("[org]\nmonthly = 1\n[orgs.corp]\nmonthly = 0\n[api]\nqps = 0\n")
    assert passes(flow, 50, app="x") == 1
    assert sum(flow.check("y", API, org="corp") is None for _ in range(50)) == 50


# -- second level: traffic packages ---------------------------------------------------------


def test_package_for_all_apis_extends_and_is_consumed() -> None:
    """An all-APIs package takes calls past the first level, for every API."""
    text = ONLY_QPM + '[[apps.app.packages]]\nname = "p"\nqpm = 4\n'
    flow, _ = make(text)
    assert passes(flow, 7) == 7
    usage = flow.usage("app", API)
    assert (usage["api-qpm"], usage["package:p:qpm"]) == (5, 2)
    assert passes(flow, 7, api="/topapi/other") == 7
    assert flow.usage("app", API)["package:p:qpm"] == 4
    limited = refused(flow, api="/topapi/other")
    assert limited.level == "package-all"
    assert (limited.legacy_code, limited.new_code) == (
        90018,
        "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi",
    )
    assert "流量包 p 覆盖的接口" in limited.message
    assert flow.check("other-app", "/topapi/other") is None


def test_package_for_one_api_covers_only_it() -> None:
    """A one-API package extends that API only."""
    flow, _ = make(ONLY_QPM + '[[apps.app.packages]]\napi = "/topapi/a"\nqpd = 2\n')
    assert passes(flow, 10, api="/topapi/a") == 7
    assert passes(flow, 10, api="/topapi/b") == 5
    assert refused(flow, api="/topapi/b").level == "api-qpm"
    limited = refused(flow, api="/topapi/a")
    assert limited.level == "package-api"
    assert (limited.legacy_code, limited.new_code, limited.http_status) == (
        45009,
        "daily.call.limit",
        400,
    )


def test_package_for_a_group_covers_paths_and_prefixes() -> None:
    """A group package covers its listed paths and prefixes, nothing else."""
    text = ONLY_QPM + '[[apps.app.packages]]\napis = ["/topapi/a", "/v1.0/b/"]\nqpm = 100\n'
    flow, _ = make(text)
    assert passes(flow, 10, api="/topapi/a") == 10
    assert passes(flow, 10, api="/v1.0/b/c/d") == 10
    assert passes(flow, 10, api="/topapi/ab") == 5
    assert refused(flow, api="/topapi/ab").level == "api-qpm"
    assert flow.usage("app", "/topapi/a")["package:package1:qpm"] == 10


def test_most_specific_package_is_consumed_first() -> None:
    """One API's package is used before a group's, a group's before all APIs'."""
    text = (
        ONLY_QPM + '[[apps.app.packages]]\nname = "all"\nqpm = 1\n'
        '[[apps.app.packages]]\nname = "group"\napis = ["/topapi/"]\nqpm = 1\n'
        '[[apps.app.packages]]\nname = "one"\napi = "' + API + '"\nqpm = 1\n'
    )
    flow, _ = make(text)
    assert passes(flow, 6) == 6
    assert flow.usage("app", API) == {
        **flow.usage("app", API),
        "package:one:qpm": 1,
        "package:group:qpm": 0,
        "package:all:qpm": 0,
    }
    passes(flow, 2)
    usage = flow.usage("app", API)
    assert (usage["package:group:qpm"], usage["package:all:qpm"]) == (1, 1)
    assert refused(flow).level == "package-api"


def test_package_lifts_the_qps_without_a_ban() -> None:
    """A package takes calls over 20 QPS; the ban only starts once it is used up."""
    flow, clock = make("[[apps.app.packages]]\nqpm = 10\n")
    assert passes(flow, 30) == 30
    limited = refused(flow)
    assert limited.level == "package-all"
    assert limited.retry_after == 1.0  # the first level frees before the package
    clock.advance(1)
    assert passes(flow, 21) == 20


def test_package_refills_with_its_window() -> None:
    """A package's QPM comes back at the next minute."""
    flow, clock = make(ONLY_QPM + "[[apps.app.packages]]\nqpm = 2\nqpd = 100\n")
    assert passes(flow, 10) == 7
    clock.advance(60)
    assert passes(flow, 10) == 7
    assert flow.usage("app")["package:package1:qpd"] == 4


def test_package_does_not_lift_global_or_monthly_limits() -> None:
    """No package passes the API's global cap or the org's monthly quota."""
    text = (
        '[org]\nmonthly = 1\n[orgs.big]\nmonthly = 0\n[apis."/topapi/g"]\nglobal_qps = 1\n'
        "[[apps.app.packages]]\nqpm = 100\n"
    )
    flow, _ = make(text)
    flow.check("app", API)
    assert refused(flow).level == "org-month"
    assert flow.check("app", "/topapi/g", org="big") is None
    limited = flow.check("app", "/topapi/g", org="big")
    assert limited is not None and limited.level == "api-global"
    assert flow.usage("app")["package:package1:qpm"] == 0


# -- overrides and switches -----------------------------------------------------------------


def test_app_override_for_every_api() -> None:
    """[apps.K.api] changes that app's limits only."""
    flow, _ = make("[apps.slow.api]\nqps = 2\n")
    assert passes(flow, 5, app="slow") == 2
    assert passes(flow, 25, app="other") == 20


def test_app_override_for_one_api() -> None:
    """[apps.K.apis."/path"] changes one API of one app."""
    flow, _ = make('[apps.app.apis."/topapi/a"]\nqps = 1\n')
    assert passes(flow, 5, api="/topapi/a") == 1
    assert passes(flow, 25, api="/topapi/b") == 20


def test_api_override_by_prefix_longest_wins() -> None:
    """An exact path beats the longest prefix, which beats a shorter one."""
    text = (
        '[apis."/topapi/*"]\nqps = 5\n[apis."/topapi/v2/"]\nqps = 3\n'
        '[apis."/topapi/v2/user/get"]\nqps = 1\n'
    )
    flow, _ = make(text)
    assert passes(flow, 10, api="/topapi/x") == 5
    assert passes(flow, 10, api="/topapi/v2/x") == 3
    assert passes(flow, 10, api="/topapi/v2/user/get") == 1
    assert passes(flow, 25, api="/v1.0/x") == 20


def test_app_api_override_beats_shared_api_override() -> None:
    """An app's own settings, even for every API, win over a shared per-API one."""
    flow, _ = make('[apis."/topapi/a"]\nqps = 1\n[apps.app.api]\nqps = 4\n')
    assert passes(flow, 10, api="/topapi/a") == 4
    assert passes(flow, 10, app="other", api="/topapi/a") == 1


def test_file_layers_over_the_defaults() -> None:
    """A file changes only what it sets; shared API entries merge field by field."""
    config = parse_flow_config('[api]\nqps = 5\n[apis."/user/list"]\nqps = 2\n')
    defaults = load_flow_config()
    assert (config.api.qps, config.api.qpm) == (5, defaults.api.qpm)
    assert config.exempt == defaults.exempt
    assert (config.apis["/user/list"].qps, config.apis["/user/list"].global_qps) == (2, 300)


def test_disabled_refuses_and_counts_nothing() -> None:
    """enabled = false switches flow control off."""
    flow, _ = make("enabled = false\n")
    assert passes(flow, 1000) == 1000
    assert set(flow.usage("app", API).values()) == {0}


def test_disabled_for_one_app() -> None:
    """[apps.K] enabled = false exempts one app."""
    flow, _ = make("[apps.free]\nenabled = false\n")
    assert passes(flow, 100, app="free") == 100
    assert passes(flow, 100, app="other") == 20


def test_reset_forgets_counts_and_bans() -> None:
    """reset() lifts bans and empties every window."""
    flow, _ = make()
    passes(flow, 30)
    flow.reset()
    assert set(flow.usage("app", API).values()) == {0}
    assert passes(flow, 21) == 20


def test_new_config_applies_at_once_and_keeps_counts() -> None:
    """Assigning flow.config changes the limits of the next call, not the counts."""
    flow, _ = make()
    assert passes(flow, 10) == 10
    flow.config = parse_flow_config("[api]\nqps = 12\n")
    assert passes(flow, 10) == 2


def test_usage_without_api_lists_app_levels_and_packages() -> None:
    """usage(app) gives the app's day, its org's month and every package."""
    flow, _ = make('[[apps.app.packages]]\napi = "/topapi/a"\nqpm = 1\n')
    flow.check("app", API)
    assert flow.usage("app") == {
        "app-qpd": 1,
        "org-month": 1,
        "package:package1:qpm": 0,
        "package:package1:qpd": 0,
    }


def test_threads_never_exceed_the_limit() -> None:
    """Threads hammering one app and API get exactly the QPS through."""
    flow, _ = make()
    passed: list[int] = []
    start = threading.Barrier(8)

    def hammer() -> None:
        start.wait()
        passed.append(passes(flow, 200))

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(passed) == 20
    assert flow.usage("app", API)["api-qps"] == 20


# -- bad files ------------------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_flow_config(text, "flow.toml")
    return str(info.value)


def test_syntax_error_names_file_line_and_column() -> None:
    """Text that is not TOML is reported with its line and column."""
    message = error_of("enabled = true\n[api]\nqps = \n")
    assert message.startswith("flow.toml, line 3, column 7: not valid TOML: ")


def test_unknown_key_names_line_and_field() -> None:
    """An unknown field is named with its line and the known ones."""
    text = "enabled = true\n\n[api]\nqps = 20\nqsp = 3\n"
    message = error_of(text)
    assert message.startswith(f"flow.toml, line {line_of(text, 'qsp')}: unknown field api.qsp")
    assert "qps" in message


def test_unknown_top_level_table() -> None:
    """A misspelt table is an unknown field at its header's line."""
    text = "enabled = true\n[aps.x]\nqps = 1\n"
    assert error_of(text).startswith("flow.toml, line 2: unknown field aps")


def test_wrong_type_names_line_and_field() -> None:
    """A string where a count belongs is refused at its line."""
    text = '[api]\nqps = "20"\n'
    assert error_of(text) == (
        "flow.toml, line 2: field api.qps must be an integer, got string '20'"
    )


def test_boolean_is_not_a_count() -> None:
    """true is not taken for 1."""
    text = '[apps."ding key".apis."/topapi/a"]\nqps = true\n'
    assert error_of(text) == (
        'flow.toml, line 2: field apps."ding key".apis."/topapi/a".qps must be an integer, '
        "got boolean True"
    )


def test_error_in_a_later_package_names_its_line() -> None:
    """A bad field in the second package is found at its own line."""
    text = (
        "[apps.k]\nqpd = 10\n\n"
        '[[apps.k.packages]]\nname = "a"\nqpm = 1\n\n'
        '[[apps.k.packages]]\nname = "b"\nqpm = 1\nqpd = 1.5\n'
    )
    assert error_of(text) == (
        f"flow.toml, line {line_of(text, 'qpd = 1.5')}: field apps.k.packages[1].qpd "
        "must be an integer, got float 1.5"
    )


def test_error_after_a_multiline_array_names_its_line() -> None:
    """Lines inside a multi-line array do not throw the line count off."""
    text = '[org]\nexempt = [\n  "/gettoken",\n  "[api]",\n]\nmontly = 5\n'
    assert error_of(text).startswith("flow.toml, line 6: unknown field org.montly")


def test_negative_count() -> None:
    """A negative count is refused."""
    text = "[app]\n\nqpd = -1\n"
    assert error_of(text) == (
        "flow.toml, line 3: field app.qpd must be 0 (no limit) or more, got -1"
    )


def test_global_cap_is_not_per_app() -> None:
    """global_qps belongs to the shared [apis] tables, not to an app's."""
    text = "[apps.k.api]\nglobal_qps = 3\n"
    assert error_of(text).startswith("flow.toml, line 2: unknown field apps.k.api.global_qps")


def test_api_path_must_start_with_a_slash() -> None:
    """An API key that is not a path is refused at its table."""
    text = 'enabled = true\n[apis."user/list"]\nqps = 1\n'
    assert error_of(text).startswith('flow.toml, line 2: apis."user/list": an API is a path')


@pytest.mark.parametrize(
    ("package", "expected"),
    [
        ('api = "/a"\napis = ["/b"]\nqpm = 1', "give either api (one API) or apis (a group)"),
        ('name = "x"', "a package needs a qpm or a qpd above 0"),
        ('apis = ["/a", 3]\nqpm = 1', "must hold strings, got 3"),
        ("qmp = 1", "unknown field apps.k.packages[0].qmp"),
    ],
)
def test_bad_package(package: str, expected: str) -> None:
    """Packages must say what they cover and give some allowance."""
    message = error_of(f"[[apps.k.packages]]\n{package}\n")
    assert message.startswith("flow.toml, line ")
    assert expected in message


def test_duplicate_package_names() -> None:
    """Two packages of one app cannot share a name."""
    text = '[[apps.k.packages]]\nqpm = 1\n[[apps.k.packages]]\nname = "package1"\nqpm = 1\n'
    assert error_of(text) == "flow.toml, line 3: package name 'package1' appears twice"


def test_new_org_needs_its_monthly() -> None:
    """An [orgs."id"] table must set monthly."""
    assert error_of("[orgs.corp]\n") == "flow.toml, line 1: missing field orgs.corp.monthly"


def test_unreadable_file() -> None:
    """A missing file is a ConfigError naming it."""
    with pytest.raises(ConfigError, match="cannot read flow-control file /nonexistent/flow.toml"):
        load_flow_config("/nonexistent/flow.toml")

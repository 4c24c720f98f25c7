"""Every picker from a page with the real dingtalk-jsapi: queued, by policy, clicked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, expect

from emulator import Emulator
from jsapi.pickers.datefmt import to_millis
from tests.e2e.pages import bundled_app, ready, watched_shell

pytestmark = pytest.mark.browser

CORP = "ding8d6f3c1a0e5b7f29"

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>pickers</title>
<script src="/dd.js"></script>
<script>
  // call("biz.util.chosen", {...}) -> {ok: result} or {err: {errorCode, errorMessage}}
  window.call = function (path, params) {
    var parts = path.split("."), fn = dd;
    for (var i = 0; i < parts.length; i++) fn = fn[parts[i]];
    return fn(params).then(function (r) { return { ok: r }; }, function (e) { return { err: e }; });
  };
  // start(...) then answer in the shell, then `await window.answered`
  window.start = function (path, params) { window.answered = call(path, params); };
  dd.ready(function () { window.ready = true; });
</script>
</head>
<body><p>pickers</p></body>
</html>
"""

#: 2024-05-01 10:20 in Hangzhou, when every test runs.
NOW = to_millis(datetime(2024, 5, 1, 10, 20)) / 1000
LEAVE = [
    {"key": "年假", "value": "annual"},
    {"key": "事假", "value": "personal"},
    {"key": "病假", "value": "sick"},
]


def ms(*args: int) -> int:
    return to_millis(datetime(*args))  # type: ignore[arg-type]


ddemu_app = bundled_app("pickers", PAGE)


@pytest.fixture
def frozen(ddemu: Emulator) -> Emulator:
    """The emulator with its clock stopped at :data:`NOW`."""
    ddemu.clock.freeze(NOW)
    return ddemu


@pytest.fixture
def app(frozen: Emulator, ddemu_page: Page) -> Page:
    """The page on the phone, with no shell open: scripts and the policy answer."""
    return ready(ddemu_page, "window.ready === true", 20_000)


@pytest.fixture
def shell(frozen: Emulator, ddemu_context: Any) -> Iterator[Page]:
    """The device shell with the page in its frame, a person looking at it."""
    with watched_shell(frozen, ddemu_context) as page:
        ready(frozen.app_frame(page), "window.ready === true", 20_000)
        yield page


def in_shell(ddemu: Emulator, shell: Page, method: str, params: dict[str, Any]) -> Frame:
    """Start ``method`` in the shell's app and wait for its sheet."""
    frame: Frame = ddemu.app_frame(shell)
    frame.evaluate("([path, params]) => start(path, params)", [method, params])
    expect(shell.locator(".dd-picker")).to_be_visible()
    return frame


def answered(frame: Frame) -> Any:
    return frame.evaluate("window.answered")


# -- a script queues the answer --------------------------------------------------------------


QUEUED = [
    (
        "biz.util.datepicker",
        {"format": "yyyy年MM月dd日"},
        {"value": "2024-06-01"},
        {"value": "2024年06月01日"},
    ),
    ("biz.util.timepicker", {"format": "HH:mm"}, {"value": "18:45"}, {"value": "18:45"}),
    (
        "biz.util.datetimepicker",
        {"format": "yyyy-MM-dd HH:mm"},
        {"value": datetime(2024, 5, 2, 9, 30)},
        {"value": "2024-05-02 09:30", "date": "2024-05-02 09:30"},
    ),
    (
        "biz.util.chosen",
        {"source": LEAVE, "selectedKey": "年假"},
        {"key": "病假"},
        {"key": "病假", "value": "sick"},
    ),
    ("biz.util.multiSelect", {"options": ["A", "B", "C"]}, {"selected": ["A", "C"]}, [0, 2]),
    (
        "biz.util.chooseRegion",
        {},
        {"name": "西湖区"},
        {"regionCode": "330106", "regionName": "西湖区", "regionFullName": "浙江省杭州市西湖区"},
    ),
    (
        "biz.calendar.chooseInterval",
        {},
        {"start": "2024-05-06", "end": "2024-05-08"},
        {"start": ms(2024, 5, 6), "end": ms(2024, 5, 8), "timezone": 8},
    ),
    (
        "biz.contact.departmentsPicker",
        {"corpId": CORP, "multiple": True},
        {"departments": [3]},
        {
            "userCount": 3,
            "departments": [{"id": "3", "name": "产品部 Product", "number": 3}],
            "departmentsCount": 1,
        },
    ),
]


@pytest.mark.parametrize(("method", "params", "answer", "expected"), QUEUED)
def test_queued_answer_reaches_the_page(
    ddemu: Emulator,
    app: Page,
    method: str,
    params: dict[str, Any],
    answer: dict[str, Any],
    expected: Any,
) -> None:
    """An answer queued in natural values comes back in the shape the page expects."""
    ddemu.device.ui.queue(method, answer)
    got = app.evaluate("([path, params]) => call(path, params)", [method, params])
    assert got == {"ok": expected}
    assert ddemu.device.ui.history[-1].source == "script"


def test_queued_people_carry_name_avatar_and_empl_id(ddemu: Emulator, app: Page) -> None:
    """complexPicker answers the queued userids as people, avatars served by the platform."""
    ddemu.device.ui.queue("biz.contact.complexPicker", {"users": ["wangwu", "sunqi"]})
    got = app.evaluate(
        "([p]) => call('biz.contact.complexPicker', p)",
        [{"corpId": CORP, "multiple": True, "maxUsers": 3}],
    )["ok"]
    assert got["selectedCount"] == 2
    assert [(u["name"], u["emplId"]) for u in got["users"]] == [
        ("王五", "wangwu"),
        ("孙七", "sunqi"),
    ]
    avatar = got["users"][0]["avatar"]
    assert avatar.startswith(ddemu.openapi_url)
    assert app.request.get(avatar).headers["content-type"] == "image/png"


# -- nobody answers: the device's policy --------------------------------------------------


DEFAULTS = [
    ("biz.util.datepicker", {}, {"value": "2024-05-01"}),
    ("biz.util.timepicker", {}, {"value": "10:20"}),
    ("biz.util.chosen", {"source": LEAVE}, {"key": "年假", "value": "annual"}),
    ("biz.util.multiSelect", {"options": ["A", "B"], "selectOption": ["B"]}, [1]),
    (
        "biz.util.chooseRegion",
        {"selectedCode": "440305"},
        {"regionCode": "440305", "regionName": "南山区", "regionFullName": "广东省深圳市南山区"},
    ),
    ("biz.calendar.chooseOneDay", {}, {"chosen": ms(2024, 5, 1), "timezone": 8}),
    (
        "biz.contact.choose",
        {"corpId": CORP, "users": ["lisi"], "multiple": True},
        [{"name": "李四", "emplId": "lisi"}],
    ),
    (
        "biz.customContact.choose",
        {"users": ["lisi", "wangwu"], "disabledUsers": ["lisi"]},
        [{"name": "王五", "emplId": "wangwu"}],
    ),
]


@pytest.mark.parametrize(("method", "params", "expected"), DEFAULTS)
def test_default_policy(
    ddemu: Emulator, app: Page, method: str, params: dict[str, Any], expected: Any
) -> None:
    """Nobody looking and nothing queued: today, the first or given option, the picked people."""
    got = app.evaluate("([path, params]) => call(path, params)", [method, params])["ok"]
    if method.startswith(("biz.contact.", "biz.customContact.")):
        assert all(person.pop("avatar").endswith(".png") for person in got)
    assert got == expected
    assert ddemu.device.ui.history[-1].source == "policy"


def test_cancel_policy_is_minus_one(ddemu: Emulator, app: Page) -> None:
    """Under the cancel policy every picker fails with "-1", as the user backing out."""
    ddemu.device.ui.set_policy("cancel")
    got = app.evaluate("([p]) => call('biz.contact.complexPicker', p)", [{"corpId": CORP}])
    assert got["err"]["errorCode"] == "-1"


@pytest.mark.parametrize(
    ("method", "params", "named"),
    [
        ("biz.contact.complexPicker", {"corpId": "dingSomeoneElse"}, "'corpId'"),
        ("biz.contact.complexPicker", {"pickedUsers": ["ghost"]}, "'pickedUsers[0]'"),
        ("biz.contact.choose", {"max": 0}, "'max'"),
        ("biz.util.datepicker", {"format": "yyyy-MM-dd", "value": "1 May"}, "'value'"),
        ("biz.util.chosen", {"source": []}, "'source'"),
    ],
)
def test_bad_params_answer_three(
    app: Page, method: str, params: dict[str, Any], named: str
) -> None:
    """Wrong params fail in the container's shape, naming the param."""
    got = app.evaluate("([path, params]) => call(path, params)", [method, params])
    assert got["err"]["errorCode"] == "3"
    assert named in got["err"]["errorMessage"]


# -- a person clicks in the shell ---------------------------------------------------------


def test_person_picks_a_date_on_the_wheels(ddemu: Emulator, shell: Page) -> None:
    """Tapping 20日 on the day wheel and 确定 answers that day in the page's format."""
    frame = in_shell(ddemu, shell, "biz.util.datepicker", {"format": "yyyy/MM/dd"})
    shell.click("[data-dd-wheel=day] >> text=20日")
    shell.click(".dd-sheet-ok")
    assert answered(frame) == {"ok": {"value": "2024/05/20"}}
    assert ddemu.device.ui.history[-1].source == "person"


def test_person_picks_a_time(ddemu: Emulator, shell: Page) -> None:
    """The hour and minute wheels make the time."""
    frame = in_shell(ddemu, shell, "biz.util.timepicker", {"format": "HH:mm"})
    shell.click("[data-dd-wheel=hour] [data-value='18']")
    shell.click("[data-dd-wheel=minute] [data-value='45']")
    shell.click(".dd-sheet-ok")
    assert answered(frame) == {"ok": {"value": "18:45"}}


def test_person_picks_a_range_on_the_calendar(ddemu: Emulator, shell: Page) -> None:
    """Two taps on the month grid make a range of local midnights."""
    frame = in_shell(ddemu, shell, "biz.calendar.chooseInterval", {})
    shell.click("[data-date='2024-05-06']")
    shell.click("[data-date='2024-05-08']")
    shell.click(".dd-sheet-ok")
    assert answered(frame) == {
        "ok": {"start": ms(2024, 5, 6), "end": ms(2024, 5, 8), "timezone": 8}
    }


def test_person_picks_an_option(ddemu: Emulator, shell: Page) -> None:
    """A tap on 事假 and 确定 answers {key, value}."""
    frame = in_shell(ddemu, shell, "biz.util.chosen", {"source": LEAVE})
    shell.click(".dd-option >> text=事假")
    shell.click(".dd-sheet-ok")
    assert answered(frame) == {"ok": {"key": "事假", "value": "personal"}}


def test_person_ticks_several_options(ddemu: Emulator, shell: Page) -> None:
    """Ticked boxes answer their indexes; a preset box can be unticked."""
    frame = in_shell(
        ddemu, shell, "biz.util.multiSelect", {"options": ["A", "B", "C"], "selectOption": ["A"]}
    )
    shell.click(".dd-check >> text=A")
    shell.click(".dd-check >> text=C")
    shell.click(".dd-sheet-ok")
    assert answered(frame) == {"ok": [2]}


def test_person_picks_a_district(ddemu: Emulator, shell: Page) -> None:
    """Province, then city, then district."""
    frame = in_shell(ddemu, shell, "biz.util.chooseRegion", {})
    shell.click("[data-dd-wheel=province] >> text=浙江省")
    shell.click("[data-dd-wheel=city] >> text=杭州市")
    shell.click("[data-dd-wheel=district] >> text=西湖区")
    shell.click(".dd-sheet-ok")
    assert answered(frame)["ok"]["regionFullName"] == "浙江省杭州市西湖区"


def test_person_picks_people_in_the_org_tree(ddemu: Emulator, shell: Page) -> None:
    """Search finds a person, the tree another; required ones stay; the maximum holds."""
    frame = in_shell(
        ddemu,
        shell,
        "biz.contact.complexPicker",
        {
            "title": "选择审批人",
            "corpId": CORP,
            "multiple": True,
            "maxUsers": 3,
            "limitTips": "最多3人",
            "requiredUsers": ["liuyang"],
            "disabledUsers": ["zhangsan"],
        },
    )
    expect(shell.locator(".dd-sheet-title")).to_have_text("选择审批人")
    shell.fill(".dd-contact-search", "王五")
    shell.click("[data-userid=wangwu]")
    shell.fill(".dd-contact-search", "")
    shell.click("[data-dept='2'] .dd-contact-enter")
    expect(shell.locator("[data-userid=zhangsan] input")).to_be_disabled()
    shell.click("[data-userid=chenjing]")
    shell.click("[data-userid=chenjing]")  # untick
    shell.click("[data-dept='6'] .dd-contact-enter")
    shell.click("[data-userid=lisi]")
    shell.click("[data-userid=zhouba]")  # a fourth: over the maximum
    expect(shell.locator(".dd-contact-tip")).to_have_text("最多3人")
    shell.click(".dd-sheet-ok")
    got = answered(frame)["ok"]
    assert [u["emplId"] for u in got["users"]] == ["liuyang", "wangwu", "lisi"]
    assert got["selectedCount"] == 3


def test_person_picks_departments(ddemu: Emulator, shell: Page) -> None:
    """departmentsPicker: tick departments by their boxes."""
    frame = in_shell(
        ddemu, shell, "biz.contact.departmentsPicker", {"corpId": CORP, "multiple": True}
    )
    shell.click("[aria-label='选择产品部 Product']")
    shell.click("[aria-label='选择市场部 Marketing']")
    shell.click(".dd-sheet-ok")
    got = answered(frame)["ok"]
    assert [d["name"] for d in got["departments"]] == ["产品部 Product", "市场部 Marketing"]
    assert got["departmentsCount"] == 2


def test_person_cancels(ddemu: Emulator, shell: Page) -> None:
    """取消 fails the call with "-1"; the sheet goes away."""
    frame = in_shell(ddemu, shell, "biz.customContact.choose", {"users": ["lisi", "wangwu"]})
    shell.click(".dd-sheet-cancel")
    assert answered(frame)["err"]["errorCode"] == "-1"
    expect(shell.locator(".dd-picker")).to_have_count(0)


def test_a_script_answers_while_the_shell_shows_the_sheet(ddemu: Emulator, shell: Page) -> None:
    """A request pending in the shell can still be answered from Python; the sheet closes."""
    frame = in_shell(ddemu, shell, "biz.util.chosen", {"source": LEAVE})
    ddemu.device.ui.answer("biz.util.chosen", {"key": "病假"})
    assert answered(frame) == {"ok": {"key": "病假", "value": "sick"}}
    expect(shell.locator(".dd-picker")).to_have_count(0)


@pytest.mark.parametrize("ddemu_persona", ["pc"])
def test_pc_client_answers_the_pickers_it_has(ddemu: Emulator, ddemu_app_frame: Frame) -> None:
    """On PC (postMessage host) the contact pickers answer too; phone-only ones are refused."""
    ready(ddemu_app_frame, "window.ready === true", 20_000)
    ddemu.device.ui.queue("biz.contact.choose", {"users": ["lisi"]})
    got = ddemu_app_frame.evaluate(
        "([p]) => call('biz.contact.choose', p)", [{"corpId": CORP, "multiple": True}]
    )
    assert [p["emplId"] for p in got["ok"]] == ["lisi"]
    chosen = ddemu_app_frame.evaluate("([p]) => call('biz.util.chosen', p)", [{"source": LEAVE}])
    # The library itself refuses biz.util.chosen on PC; no sheet is asked for.
    assert chosen["err"]["errorCode"] == 4050
    assert len(ddemu.device.ui.history) == 1

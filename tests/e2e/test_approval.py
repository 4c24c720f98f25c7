"""The approval sample app: a leave request filled and submitted, by script and by a person."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, expect

from emulator import Emulator
from jsapi.pickers.datefmt import to_millis
from tests.e2e.pages import watched_shell

APP = Path(__file__).parents[2] / "sample_apps" / "approval"

pytestmark = pytest.mark.browser

#: The form behaves the same on both phones (Android's setRight answers differently).
PHONES = pytest.mark.parametrize("ddemu_persona", ["ios", "android"])


@pytest.fixture
def ddemu_app() -> Path:
    if not (APP / "dist" / "app.js").is_file():
        pytest.skip("sample_apps/approval/dist/app.js is not built (make setup)")
    return APP


@pytest.fixture
def form(ddemu: Emulator, ddemu_page: Page) -> Page:
    """The form on the phone, once it has set its navigation bar."""
    ddemu.clock.freeze(to_millis(datetime(2024, 5, 1, 9, 0)) / 1000)
    ddemu.calls.wait_for("biz.navigation.setRight", timeout=20)
    # setRight's first answer settles before its taps count (see the app).
    ddemu_page.wait_for_timeout(50)
    return ddemu_page


@pytest.fixture
def shell(ddemu: Emulator, ddemu_context: Any) -> Iterator[Page]:
    """The device shell showing the form, a person looking at it."""
    with watched_shell(ddemu, ddemu_context) as page:
        ddemu.calls.wait_for("biz.navigation.setRight", timeout=20)
        yield page


@PHONES
def test_scripted_leave_request_is_submitted(ddemu: Emulator, form: Page) -> None:
    """Queued picker answers fill the form; the right button and a confirm submit it."""
    assert ddemu.device.navigation.title == "请假申请"
    ui = ddemu.device.ui
    ui.queue("biz.util.chosen", {"key": "事假"})
    ui.queue("biz.calendar.chooseInterval", {"start": "2024-05-06", "end": "2024-05-08"})
    ui.queue("biz.contact.complexPicker", {"users": ["wangwu", "sunqi"]})
    ui.queue("biz.contact.departmentsPicker", {"departments": [5]})
    ui.queue("device.notification.confirm", {"buttonIndex": 0})

    form.click("#pick-type")
    expect(form.locator("#leave-type")).to_have_text("事假")
    form.click("#pick-dates")
    expect(form.locator("#dates")).to_have_text("2024-05-06 ~ 2024-05-08")
    expect(form.locator("#days")).to_have_text("3")
    form.fill("#reason", "回老家")
    form.click("#pick-approvers")
    expect(form.locator("#approvers")).to_have_text("王五、孙七")
    form.click("#pick-cc")
    expect(form.locator("#cc")).to_have_text("人事行政部 HR & Admin")

    assert ddemu.device.navigation.tap_right() is True
    expect(form.locator("#status")).to_have_text("已提交，等待 王五 审批")
    assert json.loads(form.text_content("#submitted") or "") == {
        "type": "personal",
        "start": "2024-05-06",
        "end": "2024-05-08",
        "days": 3,
        "reason": "回老家",
        "approvers": ["wangwu", "sunqi"],
        "cc": ["5"],
    }
    confirm = ddemu.calls.wait_for("device.notification.confirm")
    assert confirm.params["message"] == "事假 3 天，提交给 王五、孙七 审批？"
    ddemu.calls.wait_for("device.notification.toast", where=lambda c: c.params["text"] == "已提交")
    assert [t.text for t in ddemu.device.toasts][-1] == "已提交"
    assert ddemu.calls.of("device.notification.showPreloader")


@PHONES
def test_default_policy_leaves_approvers_missing(ddemu: Emulator, form: Page) -> None:
    """By default the pickers give the first type and today, but no approver: submit refuses."""
    form.click("#pick-type")
    expect(form.locator("#leave-type")).to_have_text("年假")
    form.click("#pick-dates")
    expect(form.locator("#dates")).to_have_text("2024-05-01 ~ 2024-05-01")
    form.click("#pick-approvers")
    form.click("#submit")
    ddemu.calls.wait_for(
        "device.notification.toast", where=lambda c: c.params["text"] == "请选择审批人"
    )
    assert not ddemu.calls.of("device.notification.confirm")
    expect(form.locator("#status")).to_be_empty()


@PHONES
def test_cancelled_confirm_does_not_submit(ddemu: Emulator, form: Page) -> None:
    """Cancelling the pickers changes nothing; cancelling the confirm sends nothing."""
    ddemu.device.ui.set_policy("cancel", "picker.chosen")
    form.click("#pick-type")
    ddemu.calls.wait_for("biz.util.chosen")
    expect(form.locator("#leave-type")).to_be_empty()
    ddemu.device.ui.queue("biz.util.chosen", {"key": "病假"})
    ddemu.device.ui.queue("biz.contact.complexPicker", {"users": ["liuyang"]})
    ddemu.device.ui.queue("device.notification.confirm", {"buttonIndex": 1})
    form.click("#pick-type")
    form.click("#pick-dates")
    form.click("#pick-approvers")
    expect(form.locator("#approvers")).to_have_text("刘洋")
    form.click("#submit")
    ddemu.calls.wait_for("device.notification.confirm")
    form.wait_for_timeout(200)
    expect(form.locator("#status")).to_be_empty()


def test_a_person_fills_the_form_in_the_shell(ddemu: Emulator, shell: Page) -> None:
    """Clicks in the shell's sheets fill the form; the right button and 提交 send it."""
    ddemu.clock.freeze(to_millis(datetime(2024, 5, 1, 9, 0)) / 1000)
    app: Frame = ddemu.app_frame(shell)
    expect(shell.locator("#dd-nav")).to_contain_text("请假申请")

    app.click("#pick-type")
    shell.click(".dd-option >> text=调休")
    shell.click(".dd-sheet-ok")
    expect(app.locator("#leave-type")).to_have_text("调休")

    app.click("#pick-dates")
    shell.click("[data-date='2024-05-09']")
    shell.click("[data-date='2024-05-10']")
    shell.click(".dd-sheet-ok")
    expect(app.locator("#days")).to_have_text("2")

    app.click("#pick-approvers")
    shell.fill(".dd-contact-search", "sunqi")
    shell.click("[data-userid=sunqi]")
    shell.click(".dd-sheet-ok")
    expect(app.locator("#approvers")).to_have_text("孙七")

    shell.click("#dd-nav >> text=提交")
    expect(shell.locator(".dd-dialog")).to_contain_text("调休 2 天，提交给 孙七 审批？")
    shell.locator(".dd-dialog-buttons").get_by_text("提交", exact=True).click()
    expect(app.locator("#status")).to_have_text("已提交，等待 孙七 审批")
    assert [r.source for r in ddemu.device.ui.history] == ["person"] * 4

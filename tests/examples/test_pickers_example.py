from pathlib import Path

import pytest
from playwright.sync_api import expect

APPROVAL = Path(__file__).parents[2] / "sample_apps" / "approval"


@pytest.fixture
def ddemu_app():
    return APPROVAL


@pytest.mark.browser
def test_leave_request_is_sent(ddemu, ddemu_page):
    """docs/reference/pickers.md: queued answers fill the approval form."""
    ui = ddemu.device.ui
    ui.queue("biz.util.chosen", {"key": "事假"})
    ui.queue("biz.calendar.chooseInterval", {"start": "2024-05-06", "end": "2024-05-08"})
    ui.queue("biz.contact.complexPicker", {"users": ["wangwu"]})
    ui.queue("device.notification.confirm", {"buttonIndex": 0})  # 提交
    for field in ("#pick-type", "#pick-dates", "#pick-approvers"):
        ddemu_page.click(field)
    expect(ddemu_page.locator("#approvers")).to_have_text("王五")
    ddemu_page.click("#submit")
    expect(ddemu_page.locator("#status")).to_have_text("已提交，等待 王五 审批")

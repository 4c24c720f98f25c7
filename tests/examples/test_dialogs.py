import pytest

CONFIRM = "dd.device.notification.confirm({message: '提交?', buttonLabels: ['提交', '取消']})"


@pytest.mark.browser
def test_confirm_three_ways(ddemu, ddemu_app_frame):
    """docs/reference/shell.md: a queued answer, the default policy, then a cancel."""
    ddemu_app_frame.wait_for_function("window.dd && dd.env.platform !== 'notInDingTalk'")
    ui = ddemu.device.ui
    ui.queue("device.notification.confirm", {"buttonIndex": 1})  # 取消
    assert ddemu_app_frame.evaluate(CONFIRM) == {"buttonIndex": 1}
    assert ddemu_app_frame.evaluate(CONFIRM) == {"buttonIndex": 0}  # nothing queued: 提交
    ui.set_policy("cancel")
    error = ddemu_app_frame.evaluate(f"{CONFIRM}.catch(e => e)")
    assert error["errorCode"] == "-1"
    assert [r.source for r in ui.history] == ["script", "policy", "policy"]

"""Tests of jsapi.device.notification: toasts, the preloader and the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bridge.errors import Cancelled, ConfigError, InvalidParams
from emulator.device import Device, Toast
from emulator.platform import Platform


def test_toast_recorded(call_jsapi: Callable[..., Any], device: Device, platform: Platform) -> None:
    """A toast is recorded with its text, icon, duration and the clock's time."""
    platform.clock.freeze(1_700_000_000.0)
    params = {"text": "保存成功", "icon": "success", "duration": 3}
    assert call_jsapi("device.notification.toast", params) == {}
    assert device.toasts == [Toast("保存成功", "success", 3.0, 1_700_000_000.0)]


def test_toast_defaults(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A bare toast has no text or icon and lasts 2 seconds."""
    call_jsapi("device.notification.toast", {})
    [toast] = device.toasts
    assert (toast.text, toast.icon, toast.duration) == ("", "", 2.0)


def test_toasts_in_order(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Toasts are recorded oldest first."""
    call_jsapi("device.notification.toast", {"text": "one"})
    call_jsapi("device.notification.toast", {"text": "two"})
    assert [t.text for t in device.toasts] == ["one", "two"]


@pytest.mark.parametrize("params", [{"text": 5}, {"duration": "3"}, {"icon": True}])
def test_toast_bad_params(
    call_jsapi: Callable[..., Any], device: Device, params: dict[str, Any]
) -> None:
    """A toast with a wrong param fails and records nothing."""
    with pytest.raises(InvalidParams):
        call_jsapi("device.notification.toast", params)
    assert device.toasts == []


# -- dialogs, through the device's UI broker -------------------------------------


def test_alert_default_and_shown_params(call_jsapi: Callable[..., Any], device: Device) -> None:
    """An alert answers {} under the default policy, recorded with the client's defaults."""
    assert call_jsapi("device.notification.alert", {"message": "已提交"}) == {}
    [request] = device.ui.history
    assert request.kind == "alert"
    assert request.params == {"message": "已提交", "title": "", "buttonName": "确定"}


def test_confirm_default_first_button(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Under the default policy a confirm answers its first button."""
    params = {"message": "删除?", "buttonLabels": ["删除", "取消"]}
    assert call_jsapi("device.notification.confirm", params) == {"buttonIndex": 0}


def test_confirm_queued_answer(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A queued answer for the method is what the page gets."""
    device.ui.queue("device.notification.confirm", {"buttonIndex": 1})
    assert call_jsapi("device.notification.confirm", {"message": "?"}) == {"buttonIndex": 1}


def test_confirm_cancel_policy(call_jsapi: Callable[..., Any], device: Device) -> None:
    """The cancel policy answers "-1", which the library turns into onCancel on iOS."""
    device.ui.set_policy("cancel")
    with pytest.raises(Cancelled) as info:
        call_jsapi("device.notification.confirm", {"message": "?"})
    assert info.value.code == "-1"


def test_confirm_answer_out_of_range(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Answering a button the dialog does not have is refused, naming the range."""
    device.ui.set_policy("wait")
    future = call_jsapi("device.notification.confirm", {"buttonLabels": ["a", "b"]})
    with pytest.raises(ConfigError, match=r"0\.\.1 for 2 buttons"):
        device.ui.answer("confirm", {"buttonIndex": 2})
    device.ui.answer("confirm", {"buttonIndex": 1})
    assert future.result(timeout=1) == {"buttonIndex": 1}


def test_confirm_bad_labels(call_jsapi: Callable[..., Any]) -> None:
    """buttonLabels that are not an array fail with "3" naming the param."""
    with pytest.raises(InvalidParams, match="buttonLabels"):
        call_jsapi("device.notification.confirm", {"buttonLabels": "ok"})


def test_prompt_default_text(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A prompt answers its first button and its default text; a script gives the value."""
    params = {"message": "名字", "defaultText": "小明"}
    assert call_jsapi("device.notification.prompt", params) == {"buttonIndex": 0, "value": "小明"}
    device.ui.queue("prompt", {"buttonIndex": 0, "value": "小红"})
    assert call_jsapi("device.notification.prompt", params) == {"buttonIndex": 0, "value": "小红"}


def test_action_sheet(call_jsapi: Callable[..., Any], device: Device) -> None:
    """An action sheet answers the first button; cancelling is buttonIndex -1, not an error."""
    params = {"title": "分享", "cancelButton": "取消", "otherButtons": ["钉钉", "微信"]}
    assert call_jsapi("device.notification.actionSheet", params) == {"buttonIndex": 0}
    device.ui.queue("actionSheet", {"buttonIndex": 1}, Cancelled)
    assert call_jsapi("device.notification.actionSheet", params) == {"buttonIndex": 1}
    assert call_jsapi("device.notification.actionSheet", params) == {"buttonIndex": -1}
    device.ui.set_policy("wait")
    future = call_jsapi("device.notification.actionSheet", params)
    device.ui.cancel("actionSheet")
    assert future.result(timeout=1) == {"buttonIndex": -1}


def test_modal_and_extend_modal(call_jsapi: Callable[..., Any], device: Device) -> None:
    """modal and extendModal answer {buttonIndex}; both draw as a modal."""
    params = {"title": "新功能", "content": "...", "buttonLabels": ["知道了"]}
    assert call_jsapi("device.notification.modal", params) == {"buttonIndex": 0}
    cells = [{"image": "a.png", "title": "第一页", "content": "x"}]
    assert call_jsapi("device.notification.extendModal", {"cells": cells}) == {"buttonIndex": 0}
    assert [r.kind for r in device.ui.history] == ["modal", "modal"]
    assert device.ui.history[1].method == "device.notification.extendModal"


def test_preloader(call_jsapi: Callable[..., Any], device: Device) -> None:
    """showPreloader shows its text until hidePreloader."""
    call_jsapi("device.notification.showPreloader", {"text": "加载中", "showIcon": True})
    assert device.ui.preloader == "加载中"
    call_jsapi("device.notification.hidePreloader", {})
    assert device.ui.preloader is None


def test_hide_toast(call_jsapi: Callable[..., Any], device: Device, platform: Platform) -> None:
    """hideToast hides the toasts shown before it (the shell no longer draws them)."""
    platform.clock.freeze(1_700_000_000.0)
    call_jsapi("device.notification.toast", {"text": "x"})
    call_jsapi("device.notification.hideToast", {})
    assert device.ui.toasts_hidden_at == 1_700_000_000.0

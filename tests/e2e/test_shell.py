"""The device shell in Chromium: the navigation bar and the dialogs, for a person or a script.

The app inside the shell loads the real dingtalk-jsapi bundle
(``sample_apps/hello/dist/dd.js``) and calls ``dd.device.notification.*``; the
tests click the shell as a person would, queue answers from Python, or leave
them to the device's default policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from bridge.errors import ConfigError
from emulator import Emulator
from tests.e2e.pages import bundled_app, ready, settled

pytestmark = [pytest.mark.browser]


PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>Shell test</title>
<script src="/dd.js"></script>
<script>
  window.seen = { ready: false, rights: [], lefts: [], menus: [], backs: 0, popstates: 0,
                  results: {}, cancels: {} };
  var prevent = /[?&]prevent=1/.test(location.search);
  document.addEventListener("backbutton", function (e) {
    seen.backs++;
    if (prevent) e.preventDefault();
  });
  window.addEventListener("popstate", function () { seen.popstates++; });
  dd.ready(function () { seen.ready = true; });
  // Call dd.device.notification[name]; the outcome lands in seen.results[key].
  window.ask = function (key, name, params) {
    params = Object.assign({}, params, {
      onCancel: function (e) { seen.cancels[key] = e; }
    });
    dd.device.notification[name](params).then(
      function (r) { seen.results[key] = { ok: r }; },
      function (e) { seen.results[key] = { error: e }; }
    );
  };
  window.watch = {
    right: function () {
      return dd.biz.navigation.setRight({
        control: true, text: "提交", onSuccess: function (r) { seen.rights.push(r); }
      });
    },
    left: function () {
      return dd.biz.navigation.setLeft({
        control: true, android: true, text: "关闭", onSuccess: function (r) { seen.lefts.push(r); }
      });
    },
    menu: function () {
      return dd.biz.navigation.setMenu({
        items: [{ id: "share", text: "分享" }, { id: "help", text: "帮助" }],
        onSuccess: function (r) { seen.menus.push(r); }
      });
    }
  };
</script>
</head>
<body><p>shell test</p></body>
</html>
"""

CONFIRM = {"title": "提交", "message": "确定提交吗?", "buttonLabels": ["提交", "取消"]}
PROMPT = {"title": "备注", "message": "请输入备注", "defaultText": "无"}
SHEET = {"title": "分享到", "cancelButton": "取消", "otherButtons": ["钉钉", "微信", "邮件"]}
MODAL = {"title": "新功能", "content": "审批可以加签了", "buttonLabels": ["知道了", "去看看"]}


ddemu_app = bundled_app("shell", PAGE)


@pytest.fixture
def open_shell(ddemu: Emulator, ddemu_browser: Browser) -> Iterator[Any]:
    """Return ``open(query="")``: the shell page and its app frame, once dd.ready fired."""
    context = ddemu_browser.new_context(**ddemu.context_options(shell=True))
    # As in ddemu_context: the shim in every frame. The shell itself must stay
    # out of the bridge, and the app's iframe must still connect.
    context.add_init_script(ddemu.shim())

    def open_(query: str = "") -> tuple[Page, Frame]:
        page = context.new_page()
        page.goto(ddemu.shell_url + query)
        frame = ddemu.app_frame(page)
        return page, ready(frame)

    yield open_
    context.close()


@pytest.fixture
def shell(open_shell: Any) -> tuple[Page, Frame]:
    """The shell with a person at it."""
    page, frame = open_shell()
    return page, frame


def outcome(frame: Frame, key: str) -> dict[str, Any]:
    """Wait for the app's call ``key`` to settle; its ``{ok: result}`` or ``{error: ...}``."""
    result: dict[str, Any] = settled(frame, f"seen.results[{key!r}]")
    return result


def dialog(page: Page) -> Any:
    return page.locator("#dd-layers [data-request]")


# -- the navigation bar ---------------------------------------------------------------


@pytest.mark.parametrize("ddemu_persona", ["ios", "android"])
def test_click_on_right_button_fires_the_apps_callback(
    ddemu: Emulator, ddemu_persona: str, shell: tuple[Page, Frame]
) -> None:
    """setRight draws the button in the bar; each click calls the app's onSuccess."""
    page, frame = shell
    frame.evaluate("watch.right()")
    button = page.locator('#dd-nav [data-dd="right"]')
    expect(button).to_have_text("提交")
    before = 1 if ddemu_persona == "android" else 0  # Android's first answer calls it too
    button.click()
    button.click()
    frame.wait_for_function(f"seen.rights.length === {before + 2}", timeout=5_000)
    assert frame.evaluate("seen.rights") == [{}] * (before + 2)


def test_title_follows_the_page(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """The bar shows the page's <title> until the page sets one with setTitle."""
    page, frame = shell
    title = page.locator("#dd-nav .dd-nav-title-text")
    expect(title).to_have_text("Shell test")
    frame.evaluate("dd.biz.navigation.setTitle({title: '请假申请', subTitle: '草稿'})")
    expect(title).to_have_text("请假申请")
    expect(page.locator("#dd-nav .dd-nav-title small")).to_have_text("草稿")


def test_menu_items_and_controlled_left_button(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """Menu items tap back with their id; a controlled left button calls back, not back."""
    page, frame = shell
    frame.evaluate("watch.menu()")
    frame.evaluate("watch.left()")
    page.locator('#dd-nav [data-dd="menu"][data-id="help"]').click()
    frame.wait_for_function("seen.menus.length === 1", timeout=5_000)
    assert frame.evaluate("seen.menus") == [{"id": "help"}]
    left = page.locator('#dd-nav [data-dd="left"]')
    expect(left).to_have_text("关闭")
    left.click()
    frame.wait_for_function("seen.lefts.length === 1", timeout=5_000)
    assert frame.evaluate("seen.backs") == 0


@pytest.mark.parametrize("prevent", [False, True])
def test_back_arrow_fires_backbutton_and_goes_back_unless_prevented(
    ddemu: Emulator, open_shell: Any, prevent: bool
) -> None:
    """The bar's back arrow fires backbutton; the app goes back unless it prevents it."""
    app_url = ddemu.home_url + ("&prevent=1" if prevent else "")
    page, frame = open_shell("?url=" + quote(app_url, safe=""))
    frame.evaluate("history.pushState(null, '', '#second')")
    page.locator('#dd-nav [data-dd="left"]').click()
    frame.wait_for_function("seen.backs === 1", timeout=5_000)
    if prevent:
        frame.wait_for_timeout(300)
        assert frame.evaluate("seen.popstates") == 0 and frame.url.endswith("#second")
    else:
        frame.wait_for_function("seen.popstates === 1", timeout=5_000)
        assert "#second" not in frame.url


def test_go_back_and_replace_move_the_app(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """biz.navigation.goBack goes back in the app's history; replace loads another page."""
    _, frame = shell
    frame.evaluate("history.pushState(null, '', '#second')")
    frame.evaluate("dd.biz.navigation.goBack({})")
    frame.wait_for_function("seen.popstates === 1", timeout=5_000)
    assert "#second" not in frame.url
    frame.evaluate("dd.biz.navigation.replace({url: '/?corpId=x&replaced=1'})")
    frame.wait_for_url("**/?corpId=x&replaced=1", timeout=5_000)
    assert ddemu.device.navigation.actions == [("back", ""), ("replace", "/?corpId=x&replaced=1")]


def test_close_shows_the_page_closed_until_reopened(
    ddemu: Emulator, shell: tuple[Page, Frame]
) -> None:
    """After biz.navigation.close the shell shows the app closed; a click opens it again."""
    page, frame = shell
    frame.evaluate("dd.biz.navigation.close({})")
    closed = page.locator(".dd-closed")
    expect(closed).to_contain_text("页面已关闭")
    closed.get_by_role("button", name="重新打开").click()
    expect(closed).to_have_count(0)
    assert not ddemu.device.navigation.closed
    ready(ddemu.app_frame(page))


def test_hide_bar(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """hideBar hides the navigation bar; hidden: false shows it again."""
    page, frame = shell
    frame.evaluate("dd.biz.navigation.hideBar({hidden: true})")
    expect(page.locator("#dd-nav")).to_be_hidden()
    frame.evaluate("dd.biz.navigation.hideBar({hidden: false})")
    expect(page.locator("#dd-nav")).to_be_visible()


# -- dialogs answered by a person -------------------------------------------------------


def test_alert_clicked(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """An alert shows its title, message and button; the click resolves it with {}."""
    page, frame = shell
    frame.evaluate("ask('a', 'alert', {title: '提示', message: '已保存', buttonName: '好的'})")
    expect(dialog(page)).to_contain_text("已保存")
    expect(dialog(page)).to_contain_text("提示")
    assert not frame.evaluate("'a' in seen.results")  # it waits for the person
    dialog(page).get_by_role("button", name="好的").click()
    assert outcome(frame, "a") == {"ok": {}}
    expect(dialog(page)).to_have_count(0)
    assert ddemu.device.ui.history[-1].source == "person"


def test_confirm_clicked(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """A confirm's second button gives buttonIndex 1."""
    page, frame = shell
    frame.evaluate(f"ask('c', 'confirm', {CONFIRM})")
    dialog(page).get_by_role("button", name="取消").click()
    assert outcome(frame, "c") == {"ok": {"buttonIndex": 1}}


def test_prompt_typed(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """A prompt starts with its default text; what the person types comes back."""
    page, frame = shell
    frame.evaluate(f"ask('p', 'prompt', {PROMPT})")
    field = dialog(page).locator("input")
    expect(field).to_have_value("无")
    field.fill("下午请假")
    # The library's flat prompt sends its labels as [cancel, OK]: 确定 is button 1.
    assert ddemu.device.ui.pending[0].params["buttonLabels"] == ["取消", "确定"]
    dialog(page).get_by_role("button", name="确定").click()
    assert outcome(frame, "p") == {"ok": {"buttonIndex": 1, "value": "下午请假"}}


def test_action_sheet_clicked_and_dismissed(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """A sheet option gives its index; its cancel button, or a tap above it, gives -1."""
    page, frame = shell
    frame.evaluate(f"ask('s1', 'actionSheet', {SHEET})")
    dialog(page).get_by_role("button", name="邮件").click()
    assert outcome(frame, "s1")["ok"]["buttonIndex"] == 2
    frame.evaluate(f"ask('s2', 'actionSheet', {SHEET})")
    dialog(page).get_by_role("button", name="取消").click()
    assert outcome(frame, "s2")["ok"]["buttonIndex"] == -1
    frame.evaluate(f"ask('s3', 'actionSheet', {SHEET})")
    dialog(page).click(position={"x": 20, "y": 20})  # the dimmed page above the sheet
    assert outcome(frame, "s3")["ok"]["buttonIndex"] == -1


def test_modal_clicked(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """A modal shows its content; its second button gives buttonIndex 1."""
    page, frame = shell
    frame.evaluate(f"ask('m', 'modal', {MODAL})")
    expect(dialog(page)).to_contain_text("审批可以加签了")
    dialog(page).get_by_role("button", name="去看看").click()
    assert outcome(frame, "m") == {"ok": {"buttonIndex": 1}}


def test_dialogs_shown_one_at_a_time(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """Two dialogs at once: the second shows once the first is answered."""
    page, frame = shell
    frame.evaluate("ask('one', 'alert', {message: '第一个'})")
    frame.evaluate("ask('two', 'alert', {message: '第二个'})")
    expect(dialog(page)).to_contain_text("第一个")
    ddemu.device.ui.wait_for("alert")
    dialog(page).get_by_role("button", name="确定").click()
    expect(dialog(page)).to_contain_text("第二个")
    dialog(page).get_by_role("button", name="确定").click()
    assert outcome(frame, "one") == outcome(frame, "two") == {"ok": {}}


# -- answered by a script, by Python, by the policy -------------------------------------


def test_queued_answer_wins_over_the_person(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """An answer queued for the method answers at once; nothing shows in the shell."""
    page, frame = shell
    ddemu.device.ui.queue("device.notification.confirm", {"buttonIndex": 1})
    ddemu.device.ui.queue("prompt", {"buttonIndex": 0, "value": "脚本"})
    frame.evaluate(f"ask('c', 'confirm', {CONFIRM})")
    frame.evaluate(f"ask('p', 'prompt', {PROMPT})")
    assert outcome(frame, "c") == {"ok": {"buttonIndex": 1}}
    assert outcome(frame, "p") == {"ok": {"buttonIndex": 0, "value": "脚本"}}
    expect(dialog(page)).to_have_count(0)


def test_python_answers_what_the_shell_shows(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """A test can answer a dialog the shell shows, from Python; the dialog goes away."""
    page, frame = shell
    frame.evaluate(f"ask('s', 'actionSheet', {SHEET})")
    request = ddemu.device.ui.wait_for("actionSheet", timeout=5)
    assert request.params["otherButtons"] == ["钉钉", "微信", "邮件"]
    expect(dialog(page)).to_have_count(1)
    request.answer({"buttonIndex": 1})
    assert outcome(frame, "s")["ok"]["buttonIndex"] == 1
    expect(dialog(page)).to_have_count(0)


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("alert", {"message": "x"}, {}),
        ("confirm", CONFIRM, {"buttonIndex": 0}),
        ("prompt", PROMPT, {"buttonIndex": 0, "value": "无"}),
        ("actionSheet", SHEET, {"buttonIndex": 0}),
        ("modal", MODAL, {"buttonIndex": 0}),
    ],
)
def test_default_policy_when_nobody_looks(
    ddemu: Emulator, open_shell: Any, name: str, params: dict[str, Any], expected: Any
) -> None:
    """A shell opened with person=0 only shows: the default policy answers at once."""
    page, frame = open_shell("?person=0")
    assert not ddemu.device.ui.people_watching
    frame.evaluate(f"ask('k', {name!r}, {params})")
    got = outcome(frame, "k")["ok"]
    assert {k: got[k] for k in expected} == expected
    assert ddemu.device.ui.history[-1].source == "policy"
    expect(dialog(page)).to_have_count(0)


@pytest.mark.parametrize("ddemu_persona", ["ios", "android"])
def test_cancel_is_minus_one(
    ddemu: Emulator, ddemu_persona: str, shell: tuple[Page, Frame]
) -> None:
    """A cancelled confirm rejects with errorCode "-1"; on iOS onCancel is called too."""
    page, frame = shell
    frame.evaluate(f"ask('c', 'confirm', {CONFIRM})")
    ddemu.device.ui.wait_for("confirm", timeout=5).cancel()
    error = outcome(frame, "c")["error"]
    assert error["errorCode"] == "-1"
    cancels = frame.evaluate("seen.cancels")
    assert ("c" in cancels) is (ddemu_persona == "ios")
    expect(dialog(page)).to_have_count(0)


def test_cancel_policy(ddemu: Emulator, open_shell: Any) -> None:
    """Under the cancel policy nobody's looking means every dialog is backed out of."""
    ddemu.device.ui.set_policy("cancel")
    _, frame = open_shell("?person=0")
    frame.evaluate(f"ask('c', 'confirm', {CONFIRM})")
    assert outcome(frame, "c")["error"]["errorCode"] == "-1"


def test_nobody_clicks_times_out_with_an_error(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """A dialog nobody answers fails with errorCode "11" after ui.timeout; the shell clears it."""
    page, frame = shell
    ddemu.device.ui.timeout = 1.0
    frame.evaluate(f"ask('c', 'confirm', {CONFIRM})")
    assert ddemu.device.ui.wait_for("confirm", timeout=5).source is None  # it waits
    error = outcome(frame, "c")["error"]
    assert error["errorCode"] == "11"
    assert "nobody answered the confirm" in error["errorMessage"]
    expect(dialog(page)).to_have_count(0)


# -- toasts and the preloader -----------------------------------------------------------


def test_toast_and_preloader_show(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """toast shows its text until it expires; showPreloader shows until hidePreloader."""
    page, frame = shell
    frame.evaluate("ask('t', 'toast', {icon: 'success', text: '提交成功', duration: 2})")
    expect(page.locator(".dd-toast")).to_contain_text("提交成功")
    expect(page.locator(".dd-toast")).to_have_count(0, timeout=10_000)
    frame.evaluate("ask('l', 'showPreloader', {text: '提交中'})")
    expect(page.locator(".dd-preloader")).to_contain_text("提交中")
    frame.evaluate("ask('h', 'hidePreloader', {})")
    expect(page.locator(".dd-preloader")).to_have_count(0)


def test_status_bar_follows_the_device(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """The status bar shows the virtual clock's time, the network and the battery."""
    page, _ = shell
    ddemu.clock.freeze(ddemu.clock.now())
    ddemu.device.battery.level = 15
    ddemu.device.network = "4g"
    status = page.locator("#dd-status")
    expect(status).to_contain_text("4G")
    expect(status).to_contain_text("15%")
    china = timezone(timedelta(hours=8))  # the phone's time zone
    expect(status).to_contain_text(
        datetime.fromtimestamp(ddemu.clock.now(), china).strftime("%H:%M")
    )


# -- a kind the shell has no renderer for -------------------------------------------


def test_unknown_kind_answered_as_json(ddemu: Emulator, shell: tuple[Page, Frame]) -> None:
    """A kind with no renderer shows its params and takes JSON; a refused answer says why."""
    page, _ = shell

    def check(result: dict[str, Any]) -> dict[str, Any]:
        if "code" not in result:
            raise ConfigError("the answer needs a code")
        return result

    future = ddemu.device.ui.request(
        "biz.example.pick", {"from": "python"}, kind="example.pick", default=dict, check=check
    )
    sheet = dialog(page)
    expect(sheet).to_have_attribute("data-kind", "example.pick")
    expect(sheet).to_contain_text('"from": "python"')
    sheet.locator("textarea").fill('{"nope": 1}')
    sheet.get_by_role("button", name="确定").click()
    expect(sheet.locator(".dd-error")).to_have_text("the answer needs a code")
    sheet.locator("textarea").fill('{"code": "A1"}')
    sheet.get_by_role("button", name="确定").click()
    assert isinstance(future, Future) and future.result(timeout=5) == {"code": "A1"}
    expect(dialog(page)).to_have_count(0)

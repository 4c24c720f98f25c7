"""A page that loads dingtalk.open.js from the CDN gets ddemu's own dd, offline."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame

from emulator import Emulator
from tests.e2e.pages import ready_frame

pytestmark = pytest.mark.browser

every_persona = pytest.mark.parametrize("ddemu_persona", ["ios", "android", "pc"])
mobile_only = pytest.mark.parametrize("ddemu_persona", ["ios", "android"])

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>cdn</title>
<script src="https://g.alicdn.com/dingding/dingtalk-jsapi/3.2.9/dingtalk.open.js"></script>
<script>
  window.seen = { ready: false, resumes: [], errors: [] };
  dd.on("resume", function (e) { seen.resumes.push(e.type); });
  dd.error(function (e) { seen.errors.push(e); });
  dd.ready(function () { seen.ready = true; });
</script>
</head>
<body><p>cdn</p></body>
</html>
"""


@pytest.fixture
def ddemu_app(tmp_path: Path) -> Path:
    """Serve a page that loads the library from the CDN."""
    (tmp_path / "index.html").write_text(PAGE, "utf-8")
    return tmp_path


app = ready_frame()


@every_persona
def test_env_and_ready(ddemu: Emulator, ddemu_persona: str, app: Frame) -> None:
    """dd.ready fired; dd.env and the platform flags name the persona."""
    env = app.evaluate("dd.env")
    assert env["platform"] == ddemu_persona
    assert env["platformSub"] == ("win" if ddemu_persona == "pc" else "noSub")
    assert env["appType"] == "WEB"
    assert env["version"] == ddemu.device.profile.dingtalk_version
    assert app.evaluate(f"dd.{ddemu_persona}") is True
    assert app.evaluate("dd.other") is False
    assert app.evaluate("typeof dd.version") == "string"


@every_persona
def test_callback_and_promise(app: Frame) -> None:
    """An export calls onSuccess and complete, and resolves its promise, with the result."""
    out: Any = app.evaluate(
        """() => new Promise(resolve => {
            const got = {};
            dd.device.base.getUUID({
                onSuccess: r => { got.callback = r; },
                complete: () => { got.complete = true; },
            }).then(r => { got.promise = r; resolve(got); });
        })"""
    )
    assert out["complete"] is True
    assert out["callback"] == out["promise"]
    assert isinstance(out["promise"], dict) and out["promise"]


@mobile_only
def test_cancel(ddemu_persona: str, app: Frame) -> None:
    """A scan with nothing queued cancels: onCancel (or onFail), and the promise rejects."""
    out: Any = app.evaluate(
        """persona => new Promise(resolve => {
            const got = {};
            const params = persona === "ios"
                ? { onCancel: e => { got.cancel = e.errorCode; } }
                : { onFail: e => { got.fail = e.errorCode; } };
            dd.biz.util.scan(params).then(
                () => resolve(got),
                e => { got.rejected = e.errorCode; resolve(got); },
            );
        })""",
        ddemu_persona,
    )
    assert out["rejected"] == "-1"
    assert out.get("cancel" if ddemu_persona == "ios" else "fail") == "-1"


@every_persona
def test_event(ddemu: Emulator, app: Frame) -> None:
    """dd.on hears an event the device fires."""
    ddemu.device.fire("resume")
    app.wait_for_function("seen.resumes.length === 1", timeout=5_000)
    assert app.evaluate("seen.resumes") == ["resume"]


@every_persona
def test_config_bad_signature(app: Frame) -> None:
    """dd.config with a wrong signature: dd.error gets 52013, dd.ready does not fire again."""
    app.evaluate(
        """() => {
            seen.ready2 = false;
            dd.config({
                corpId: "ding8d6f3c1a0e5b7f29",
                agentId: "3001001",
                timeStamp: String(Date.now()),
                nonceStr: "n0nce",
                signature: "0123456789abcdef0123456789abcdef01234567",
                jsApiList: ["device.base.getPhoneInfo"],
            });
            dd.ready(() => { seen.ready2 = true; });
        }"""
    )
    app.wait_for_function("seen.errors.length === 1", timeout=10_000)
    error = app.evaluate("seen.errors[0]")
    assert error["errorCode"] == "52013"
    time.sleep(0.2)
    assert app.evaluate("seen.ready2") is False


@every_persona
def test_foreign_cdn_is_routed(app: Frame) -> None:
    """In ddemu_context the CDN URL itself answers with ddemu's dd (pages not served by ddemu)."""
    text = app.evaluate(
        """() => fetch("https://g.alicdn.com/dingding/dingtalk-jsapi/3.2.9/dingtalk.open.js")
            .then(r => r.text())"""
    )
    assert text.startswith("window.__DDEMU_DD_TABLE__ = {")

"""dd.config end to end: the real dingtalk-jsapi under every persona, in headless Chromium.

A backend gets the app's JSAPI ticket from the emulated platform (``/gettoken``
then ``/get_jsapi_ticket``) and signs the page's URL the way the official
samples do; the page passes that to ``dd.config`` and watches ``dd.ready`` and
``dd.error``.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urlencode, urlsplit

import pytest
from playwright.sync_api import Frame

from emulator import Emulator
from emulator.profiles import PERSONAS
from jsapi.pageauth import ConfigState, PageAuth
from tests.e2e.pages import bundled_app, ready_frame

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("ddemu_persona", PERSONAS)]


PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>dd.config</title>
<script src="/dd.js"></script>
<script>
  window.seen = { ready: false, errors: [] };
  window.configure = function (params) {
    dd.config(params);
    dd.error(function (e) { seen.errors.push(e); });
    dd.ready(function () { seen.ready = true; });
  };
  // A call's outcome as data: {ok: result} or {error: {errorCode, errorMessage}}.
  window.settle = function (promise) {
    return promise.then(function (r) { return { ok: r }; }, function (e) { return { error: e }; });
  };
</script>
</head>
<body><p>dd.config</p></body>
</html>
"""

PICKER = "biz.contact.complexPicker"  # needs dd.config; listed below
UUID = "device.base.getUUID"  # needs dd.config; not listed
JS_API_LIST = [PICKER, "biz.navigation.setTitle"]


@dataclass
class Backend:
    """What an app's server does for dd.config: fetch the ticket, sign the page's URL."""

    corp_id: str
    agent_id: int
    ticket: str

    @classmethod
    def of(cls, ddemu: Emulator) -> Backend:
        app = ddemu.org.corp(ddemu.device.corp_id).apps[0]
        base = ddemu.openapi_url
        query = urlencode({"appkey": app.app_key, "appsecret": app.app_secret})
        token = get_json(f"{base}gettoken?{query}")["access_token"]
        ticket = get_json(f"{base}get_jsapi_ticket?access_token={token}")["ticket"]
        return cls(ddemu.device.corp_id, app.agent_id, ticket)

    def config(self, url: str, *, timestamp: int | None = None, **changes: Any) -> dict[str, Any]:
        """dd.config's params for a page at ``url``; ``changes`` apply after signing."""
        stamp = str(int(time.time() * 1000) if timestamp is None else timestamp)
        nonce = "e2e-nonce"
        # The official samples' decodeUrl: no fragment, query decoded, path raw.
        parts = urlsplit(url)
        signed = f"{parts.scheme}://{parts.netloc}{parts.path}"
        if parts.query:
            signed += "?" + unquote_plus(parts.query)
        plain = f"jsapi_ticket={self.ticket}&noncestr={nonce}&timestamp={stamp}&url={signed}"
        params: dict[str, Any] = {
            "agentId": str(self.agent_id),
            "corpId": self.corp_id,
            "timeStamp": stamp,
            "nonceStr": nonce,
            "signature": hashlib.sha256(plain.encode("utf-8")).hexdigest(),
            "type": 0,
            "jsApiList": JS_API_LIST,
        }
        params.update(changes)
        return params


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


ddemu_app = bundled_app("config", PAGE)
app = ready_frame("typeof window.configure === 'function'")


@pytest.fixture
def backend(ddemu: Emulator) -> Backend:
    return Backend.of(ddemu)


def outcome(app: Frame, call: str) -> dict[str, Any]:
    result: dict[str, Any] = app.evaluate(f"settle({call})")
    return result


def wait_until_pending(ddemu: Emulator, timeout: float = 5.0) -> None:
    """Wait until some page's dd.config is being verified."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in ddemu.sessions:
            if isinstance(session.page, PageAuth) and session.page.state is ConfigState.PENDING:
                return
        time.sleep(0.005)
    raise AssertionError("no dd.config became pending")


def test_good_signature_fires_ready_and_gates_by_jsapilist(
    ddemu: Emulator, app: Frame, backend: Backend
) -> None:
    """A right signature fires dd.ready; then a listed method works and an unlisted one is "7"."""
    params = backend.config(app.url)
    app.evaluate("params => configure(params)", params)
    app.wait_for_function("seen.ready", timeout=10_000)
    assert app.evaluate("seen.errors") == []
    assert len(ddemu.device.configs) == 1
    assert ddemu.device.configs[0]["signature"] == params["signature"]
    assert "ok" in outcome(app, f"dd.{PICKER}({{}})")
    denied = outcome(app, f"dd.{UUID}({{}})")["error"]
    assert denied["errorCode"] == "7"
    assert "not in the jsApiList" in denied["errorMessage"]
    assert "ok" in outcome(app, "dd.biz.navigation.setTitle({title: 'configured'})")
    assert ddemu.device.warnings == []


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("wrong signature", "52013"),
        ("wrong url", "52013"),
        ("old timestamp", "52018"),
        ("unknown agent", "52019"),
    ],
)
def test_refused_config_reaches_dd_error(
    ddemu: Emulator, app: Frame, backend: Backend, kind: str, code: str
) -> None:
    """Each refusal reaches dd.error as {errorCode, errorMessage}; dd.ready never fires."""
    if kind == "wrong signature":
        params = backend.config(app.url, nonceStr="not-what-was-signed")
    elif kind == "wrong url":
        params = backend.config("http://elsewhere.example/app/")
    elif kind == "old timestamp":
        params = backend.config(app.url, timestamp=int((time.time() - 3 * 86400) * 1000))
    else:
        params = backend.config(app.url, agentId="999")
    app.evaluate("params => configure(params)", params)
    app.wait_for_function("seen.errors.length > 0", timeout=10_000)
    errors = app.evaluate("seen.errors")
    assert len(errors) == 1
    assert errors[0]["errorCode"] == code
    assert isinstance(errors[0]["errorMessage"], str) and errors[0]["errorMessage"]
    if kind == "wrong url":
        assert "签名校验失败" in errors[0]["errorMessage"]
        assert app.url.split("#")[0] in errors[0]["errorMessage"]
    assert ddemu.device.configs == []
    assert outcome(app, f"dd.{PICKER}({{}})")["error"]["errorCode"] == "7"
    assert app.evaluate("seen.ready") is False


def test_call_fired_with_config_succeeds(ddemu: Emulator, app: Frame, backend: Backend) -> None:
    """A page that calls a listed method right after dd.config, without waiting, gets its answer."""
    ddemu.device.config_delay = 0.3
    result = app.evaluate(
        f"params => {{ configure(params); return settle(dd.{PICKER}({{}})); }}",
        backend.config(app.url),
    )
    assert "ok" in result
    assert app.evaluate("seen.ready") is True


def test_call_during_verification_is_retried(
    ddemu: Emulator, ddemu_persona: str, app: Frame, backend: Backend
) -> None:
    """A call during verification answers "7" and is re-sent; on Harmony (no retry) it waits."""
    ddemu.device.config_delay = 1.0
    app.evaluate("params => configure(params)", backend.config(app.url))
    wait_until_pending(ddemu)
    assert "ok" in outcome(app, f"dd.{PICKER}({{}})")
    answers = [call.error["errorCode"] if call.error else "ok" for call in ddemu.calls.of(PICKER)]
    assert answers == (["ok"] if ddemu_persona == "harmony" else ["7", "ok"])
    assert ddemu.device.warnings == []


def test_spa_route_change(
    ddemu: Emulator,
    ddemu_persona: str,
    app: Frame,
    backend: Backend,
    request: pytest.FixtureRequest,
) -> None:
    """After history.pushState, Android checks the entry URL; iOS and PC the current one."""
    entry = app.url
    app.evaluate("history.pushState({}, '', '/orders?id=7')")
    route = app.url
    assert route != entry
    app.evaluate("params => configure(params)", backend.config(route))
    app.wait_for_function("seen.ready || seen.errors.length > 0", timeout=10_000)
    errors = app.evaluate("seen.errors")
    if ddemu_persona == "android":
        assert errors[0]["errorCode"] == "52013"
        message = errors[0]["errorMessage"]
        assert "the URL the page was loaded at, as android clients sign it" in message
    else:
        assert errors == []

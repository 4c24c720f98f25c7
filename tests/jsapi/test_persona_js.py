"""Tests of the Harmony and PC persona files against a fake core, in node.

Each file gets a stand-in for ``window.__ddemu`` (core.js) that records calls,
so a test can answer them, push watch callbacks and events, and read what the
page's side received. tests/e2e/test_personas.py runs them with the real library.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.resources import files
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

HOST_PATH = "/__ddemu__/pc/host.html"

#: Runs one persona file (stdin: {"file", "script", "pathname", "top"}) with a
#: fake core, then the test's script; prints what the script put in ``out``.
HARNESS = r"""
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const calls = [], events = [], listeners = {}, out = [], errors = [];
const window = {
  __ddemu: {
    config: {persona: input.persona, pcHostPath: "/__ddemu__/pc/host.html"},
    call(method, params, onAnswer, onProgress) {
      calls.push({method, params, onAnswer, onProgress});
    },
    onEvent(fn) { events.push(fn); },
  },
  addEventListener(name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
};
window.top = input.top ? window : {};
const location = {pathname: input.pathname, protocol: "http:", port: "8000"};
const console = {error: (text) => errors.push(text), warn() {}, log() {}};
new Function("window", "location", "console", input.source)(window, location, console);
function frame(name) {
  return {postMessage(message, origin) { out.push({to: name, origin, message}); }};
}
function post(data, source, origin) {
  (listeners.message || []).forEach((fn) => fn({data, source, origin}));
}
function push(name, data) { events.forEach((fn) => fn({name, data})); }
eval(input.script);
process.stdout.write(JSON.stringify({
  out, errors, methods: calls.map((c) => [c.method, c.params]),
  listening: (listeners.message || []).length,
  harmony: typeof window.DingTalkJSBridge,
}));
"""


def run(
    name: str, script: str, *, persona: str, pathname: str = "/", top: bool = True
) -> dict[str, Any]:
    """Run ``jsapi/js/<name>`` on a fake core, then ``script``; return what it recorded."""
    source = (files("jsapi") / "js" / name).read_text("utf-8")
    stdin = json.dumps(
        {"source": source, "script": script, "persona": persona, "pathname": pathname, "top": top}
    )
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, "-e", HARNESS], input=stdin, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# -- Harmony ------------------------------------------------------------------


def test_harmony_answers_in_success_body_envelope() -> None:
    """A result answers {success: true, body}, an error {success: false, body: error}."""
    script = """
      window.DingTalkJSBridge.init(function () {});
      window.DingTalkJSBridge.call("device.base.getUUID", {a: 1}, (r) => out.push(r));
      window.DingTalkJSBridge.call("device.teleport.go", {}, (r) => out.push(r));
      calls[0].onAnswer(null, {uuid: "U"});
      calls[1].onAnswer({errorCode: "1", errorMessage: "not exist"});
    """
    got = run("harmony.js", script, persona="harmony")
    assert got["methods"] == [["device.base.getUUID", {"a": 1}], ["device.teleport.go", {}]]
    assert got["out"] == [
        {"success": True, "body": {"uuid": "U"}},
        {"success": False, "body": {"errorCode": "1", "errorMessage": "not exist"}},
    ]


def test_harmony_watch_answers_again_for_each_progress() -> None:
    """A watch call's later callbacks come as {success: true, body} again."""
    script = """
      window.DingTalkJSBridge.call("biz.navigation.setRight", {}, (r) => out.push(r));
      calls[0].onAnswer(null, {});
      calls[0].onProgress({tap: 1});
      calls[0].onProgress({tap: 2});
    """
    got = run("harmony.js", script, persona="harmony")
    assert got["out"] == [
        {"success": True, "body": {}},
        {"success": True, "body": {"tap": 1}},
        {"success": True, "body": {"tap": 2}},
    ]


@pytest.mark.parametrize("persona", ["ios", "android", "pc"])
def test_harmony_global_only_on_harmony(persona: str) -> None:
    """Other personas get no DingTalkJSBridge."""
    assert run("harmony.js", "", persona=persona)["harmony"] == "undefined"


# -- PC host shell ------------------------------------------------------------

REQUEST = {"type": "request", "containerId": "c1", "msgId": 41}


def test_pc_host_answers_requests_by_post_message() -> None:
    """Each request becomes a call; its answer goes back to the frame, at its origin."""
    script = f"""
      const app = frame("app");
      post({json.dumps({**REQUEST, "methodName": "device.base.getUUID", "body": {"x": 1}})},
           app, "http://127.0.0.1:8000");
      post({json.dumps({**REQUEST, "msgId": 42, "methodName": "nope", "body": {}})},
           app, "http://127.0.0.1:8000");
      calls[0].onAnswer(null, {{uuid: "U"}});
      calls[1].onAnswer({{errorCode: "1", errorMessage: "not exist"}});
    """
    got = run("pc.js", script, persona="pc", pathname=HOST_PATH)
    assert got["methods"] == [["device.base.getUUID", {"x": 1}], ["nope", {}]]
    origin = "http://127.0.0.1:8000"
    assert got["out"] == [
        {
            "to": "app",
            "origin": origin,
            "message": {"type": "response", "msgId": 41, "success": True, "body": {"uuid": "U"}},
        },
        {
            "to": "app",
            "origin": origin,
            "message": {
                "type": "response",
                "msgId": 42,
                "success": False,
                "body": {"errorCode": "1", "errorMessage": "not exist"},
            },
        },
    ]


def test_pc_host_pushes_events_on_the_event_channel() -> None:
    """Events go on the msgId of the frame's SYS_openAPIContainerInitEvent, never answered."""
    script = f"""
      const app = frame("app");
      push("resume", {{early: true}});  // before any dd.on: nobody listens yet
      post({json.dumps({**REQUEST, "methodName": "SYS_openAPIContainerInitEvent", "body": {}})},
           app, "http://127.0.0.1:8000");
      // The frame navigated and its new page subscribed again: only that one hears.
      post({json.dumps({**REQUEST, "msgId": 77, "methodName": "SYS_openAPIContainerInitEvent"})},
           app, "http://127.0.0.1:8000");
      push("resume", {{n: 1}});
    """
    got = run("pc.js", script, persona="pc", pathname=HOST_PATH)
    assert got["methods"] == []
    assert got["out"] == [
        {
            "to": "app",
            "origin": "http://127.0.0.1:8000",
            "message": {"type": "event", "msgId": 77, "eventName": "resume", "body": {"n": 1}},
        }
    ]


def test_pc_host_watch_progress_is_a_success_event() -> None:
    """A watch call's later callback is posted as the request's event "success"."""
    script = f"""
      post({json.dumps({**REQUEST, "methodName": "biz.navigation.setIcon", "body": {}})},
           frame("app"), "http://127.0.0.1:8000");
      calls[0].onProgress({{tap: 1}});
    """
    got = run("pc.js", script, persona="pc", pathname=HOST_PATH)
    message = got["out"][0]["message"]
    assert message == {"type": "event", "msgId": 41, "eventName": "success", "body": {"tap": 1}}


def test_pc_host_ignores_what_is_not_a_request() -> None:
    """Responses, events, strings and source-less messages are not calls."""
    script = """
      post({type: "response", msgId: 1, success: true, body: {}}, frame("a"), "http://x");
      post("hello", frame("a"), "http://x");
      post({type: "request", msgId: 2, methodName: "m"}, null, "http://x");
    """
    got = run("pc.js", script, persona="pc", pathname=HOST_PATH)
    assert got["methods"] == [] and got["out"] == []


def test_pc_host_answers_a_sandboxed_frame() -> None:
    """A frame with the opaque origin "null" is answered with target origin "*"."""
    script = f"""
      post({json.dumps({**REQUEST, "methodName": "m"})}, frame("app"), "null");
      calls[0].onAnswer(null, {{}});
    """
    got = run("pc.js", script, persona="pc", pathname=HOST_PATH)
    assert got["out"][0]["origin"] == "*"


def test_pc_app_page_is_left_to_the_library() -> None:
    """In the app's own page pc.js listens to nothing; a top-level one says where to go."""
    top = run("pc.js", "", persona="pc", pathname="/index.html", top=True)
    assert top["listening"] == 0
    assert "h5.dingtalk.com:8000/__ddemu__/pc/host.html" in top["errors"][0]
    framed = run("pc.js", "", persona="pc", pathname="/index.html", top=False)
    assert framed["listening"] == 0 and framed["errors"] == []


@pytest.mark.parametrize("persona", ["ios", "android", "harmony"])
def test_pc_file_idle_on_other_personas(persona: str) -> None:
    """pc.js does nothing unless the persona is pc."""
    got = run("pc.js", "", persona=persona, pathname=HOST_PATH)
    assert got["listening"] == 0 and got["errors"] == []

"""The pytest plugin, run through pytester as a user's suite would use it."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_state_is_reset_between_tests(pytester: pytest.Pytester, app_dir: str) -> None:
    """What one test changes on the device is gone in the next, over the same servers."""
    pytester.makepyfile(
        """
        seen = []

        def test_one(ddemu):
            seen.append(ddemu.url)
            ddemu.device.location.set(1.0, 2.0)
            ddemu.device.scan.queue("left over")
            ddemu.clock.advance(3600)

        def test_two(ddemu):
            assert ddemu.url == seen[0]
            assert ddemu.device.location.fix.latitude != 1.0
            assert ddemu.device.scan.pending == []
            assert abs(ddemu.clock.now() - __import__("time").time()) < 60
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", f"--ddemu-app={app_dir}")
    result.assert_outcomes(passed=2)


def test_persona_can_be_parametrized(pytester: pytest.Pytester, app_dir: str) -> None:
    """Parametrizing ddemu_persona gives each test a device of that persona."""
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("ddemu_persona", ["ios", "android", "harmony", "pc"])
        def test_persona(ddemu, ddemu_persona):
            assert ddemu.device.persona == ddemu_persona
            ua = ddemu.device.profile.user_agent
            assert ("iPhone" in ua) == (ddemu_persona == "ios")
            assert ("OpenHarmony" in ua) == (ddemu_persona == "harmony")
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", f"--ddemu-app={app_dir}")
    result.assert_outcomes(passed=4)


def test_persona_option_sets_the_default(pytester: pytest.Pytester, app_dir: str) -> None:
    """--ddemu-persona android makes every test's device an Android phone."""
    pytester.makepyfile(
        """
        def test_persona(ddemu):
            assert ddemu.device.persona == "android"
        """
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", f"--ddemu-app={app_dir}", "--ddemu-persona=android"
    )
    result.assert_outcomes(passed=1)


def test_handler_crash_fails_the_test(pytester: pytest.Pytester, app_dir: str) -> None:
    """A handler that crashes in the server thread fails the test that caused it."""
    pytester.makepyfile(
        """
        import json
        from websockets.sync.client import connect
        from jsapi.registry import Namespace

        def test_crash(ddemu):
            ns = Namespace("test.boom")

            @ns.method("go")
            def go(params, ctx):
                raise RuntimeError("kaboom")

            ddemu.registry.add(ns)
            config = ddemu.shim_config()
            with connect(config["bridgeUrl"]) as ws:
                ws.send(json.dumps({"id": 1, "method": "test.boom.go"}))
                answer = json.loads(ws.recv(timeout=5))
            assert answer["error"]["errorCode"] == "12"
            assert "kaboom" not in answer["error"]["errorMessage"]
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", f"--ddemu-app={app_dir}")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*ServerErrors*", "*RuntimeError: kaboom*"])


@pytest.mark.browser
def test_ddemu_page_is_the_phone(pytester: pytest.Pytester, app_dir: str) -> None:
    """ddemu_page opens the app's home with the persona's user agent and the shim."""
    pytester.makepyfile(
        """
        def test_page(ddemu, ddemu_page):
            assert ddemu_page.url == ddemu.home_url
            assert ddemu_page.evaluate("navigator.userAgent") == ddemu.device.profile.user_agent
            assert ddemu_page.evaluate("typeof window.WebViewJavascriptBridge") == "object"
            ddemu_page.wait_for_function("window.__ddemu.isOpen()")
            assert len(ddemu.sessions) == 1
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--ddemu-app={app_dir}")
    result.assert_outcomes(passed=1)


@pytest.mark.browser
def test_ddemu_page_on_pc_is_the_host_shell(pytester: pytest.Pytester, app_dir: str) -> None:
    """On PC ddemu_page is the host shell at h5.dingtalk.com; ddemu_app_frame the app in it."""
    pytester.makepyfile(
        """
        def test_page(ddemu, ddemu_page, ddemu_app_frame):
            assert ddemu_page.url == ddemu.pc_host_url
            assert ddemu_app_frame.url == ddemu.home_url
            assert ddemu_app_frame.parent_frame == ddemu_page.main_frame
            assert ddemu_app_frame.evaluate("JSON.parse(window.name).containerId") == "ddemu-phone"
            ddemu_page.wait_for_function("window.__ddemu.isOpen()")
            assert [s.hello["url"] for s in ddemu.sessions] == [ddemu.pc_host_url]
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", f"--ddemu-app={app_dir}", "--ddemu-persona=pc"
    )
    result.assert_outcomes(passed=1)

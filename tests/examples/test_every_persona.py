import pytest


@pytest.mark.parametrize("ddemu_persona", ["ios", "android", "harmony", "pc"])
def test_title(ddemu, ddemu_app_frame):
    """docs/reference/personas.md: one test body, the app's frame on every persona."""
    ddemu_app_frame.wait_for_function("window.dd && dd.env.platform !== 'notInDingTalk'")
    ddemu_app_frame.evaluate("dd.biz.navigation.setTitle({title: 'Hi'})")
    assert ddemu.device.navigation.title == "Hi"

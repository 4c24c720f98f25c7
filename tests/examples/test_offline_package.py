import pytest

from offline_packages import pack

APP_ID = "5000000002761167"
HOME = f"https://n.dingtalk.com/ddemu/offline-sample/index.html?dd_mini_app_id={APP_ID}"


@pytest.mark.browser
def test_offline(ddemu, ddemu_context, tmp_path):
    """docs/reference/offline-packages.md: publish, open from the package, then a bad update."""
    package = pack("sample_apps/offline", out_dir=tmp_path, fetch=lambda url: b"/* cdn */")
    owner = ddemu.org.corps[ddemu.device.corp_id].apps[0].app_key
    ddemu.platform.packages.deploy(APP_ID, package.path, owner=owner)  # 0.0.1, released

    page = ddemu_context.new_page()
    page.goto(HOME)  # the device fetches 0.0.1, verifies it, installs it
    page.wait_for_selector("#status:text('enable')")
    assert ddemu.offline.source(HOME) == f"package app 0.0.1 ({APP_ID})"

    ddemu.platform.packages.deploy(APP_ID, package.path, owner=owner)  # 0.0.2
    ddemu.offline.inject("bad-signature")
    page.goto(HOME)  # the update is refused: 0.0.1 stays in effect
    assert ddemu.offline.status(APP_ID).reason.startswith("signature mismatch")
    assert ddemu.offline.source(HOME) == f"package app 0.0.1 ({APP_ID})"

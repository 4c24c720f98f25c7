"""jsapi.biz.resource: getInfo reads the device's offline state for the page's dd_mini_app_id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from emulator import Emulator
from jsapi.biz.resource import get_info
from jsapi.context import Context
from offline_packages.manifest import Manifest, write_package

APP = "5000000002761167"


class FakeSession:
    """Only what the handler reads: the page's hello."""

    def __init__(self, url: str) -> None:
        self.hello: dict[str, Any] = {"url": url}


def test_the_pages_own_id_decides(tmp_path: Path) -> None:
    """A page whose dd_mini_app_id was not opened answers disable, the opened one enable."""
    emu = Emulator(app=tmp_path, data_dir=tmp_path / "data")
    path = tmp_path / "p.zip"
    write_package(
        path, [("a.com/i.html", b"x")], Manifest(("https://a.com/i.html",), biz_data={"k": 1})
    )
    emu.platform.packages.deploy(APP, path, owner="o")
    emu.offline.open(APP)
    opened = Context(
        emu.device, emu.platform, FakeSession(f"https://a.com/i.html?dd_mini_app_id={APP}")
    )  # type: ignore[arg-type]
    other = Context(emu.device, emu.platform, FakeSession("https://a.com/i.html?dd_mini_app_id=9"))  # type: ignore[arg-type]
    answer = get_info({}, opened)
    assert answer["status"] == "enable" and answer["detail"]["bizData"] == {"k": 1}
    assert get_info({}, other) == {"status": "disable"}

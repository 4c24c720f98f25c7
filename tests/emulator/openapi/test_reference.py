"""docs/reference/openapi.md lists every path the mock serves."""

from __future__ import annotations

import re
from pathlib import Path

from emulator import Emulator
from emulator.server import create_openapi_app

DOC = Path(__file__).resolve().parents[3] / "docs" / "reference" / "openapi.md"


def test_every_path_has_a_row(emu: Emulator) -> None:
    """Each route of the platform app has a table row, with its method, and no row is stale."""
    app = create_openapi_app({"DDEMU_EMULATOR": emu})
    served = {
        method + " " + re.sub(r"<([^>]*)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method in ("GET", "POST")
    }
    rows = set(re.findall(r"^\| `((?:GET|POST) /[^`]*)` \|", DOC.read_text("utf-8"), re.M))
    assert rows == served

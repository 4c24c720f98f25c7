"""Every export of the real dingtalk-jsapi settles under every persona: nothing hangs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame

from emulator import Emulator
from emulator.profiles import PERSONAS
from jsapi.catalog import load_catalog
from tests.e2e.pages import bundled_app, ready

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("ddemu_persona", PERSONAS)]


PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>every export</title>
<script src="/dd.js"></script>
<script>window.seen = { ready: false }; dd.ready(function () { seen.ready = true; });</script>
</head><body><p>every export</p></body></html>
"""

#: Call each export with empty params and race it against 2 seconds.
CALL_ALL = """async (names) => {
  const out = {};
  await Promise.all(names.map(async (name) => {
    const fn = name.split(".").reduce((o, k) => (o == null ? o : o[k]), dd);
    if (typeof fn !== "function") { out[name] = "missing"; return; }
    let call;
    try { call = Promise.resolve(fn({})); } catch (e) { out[name] = "threw"; return; }
    const late = new Promise((resolve) => setTimeout(() => resolve("timeout"), 2000));
    out[name] = await Promise.race([call.then(() => "resolved", () => "rejected"), late]);
  }));
  return out;
}"""


def exports() -> list[str]:
    """Every dd.* function the catalog knows: methods, h5nuvabridge actions, event subscriptions."""
    catalog = load_catalog()
    names = {e for m in catalog.values() for e in m.exports}
    names |= {e for m in catalog.values() for a in m.actions.values() for e in a.exports}
    names |= {e for ev in catalog.events.values() for e in (*ev.on, *ev.off)}
    return sorted(names)


ddemu_app = bundled_app("exports", PAGE)


def test_every_export_settles_within_two_seconds(
    ddemu: Emulator, ddemu_persona: str, ddemu_app_frame: Frame
) -> None:
    """All 452 exports resolve or reject (the platform's way) within 2 s; none hangs."""
    names = exports()
    assert len(names) >= 440
    ready(ddemu_app_frame)
    outcome = ddemu_app_frame.evaluate(CALL_ALL, names)
    hung = sorted(name for name, result in outcome.items() if result == "timeout")
    assert hung == [], f"{len(hung)} exports hung on {ddemu_persona}: {hung[:20]}"
    assert all(result != "missing" for result in outcome.values())
    # Each answered call went through the bridge and was logged; the page is still there.
    assert len(ddemu.calls) > 0
    assert ddemu_app_frame.evaluate("document.title") == "every export"

"""The JS injected into every page, built from real ``.js`` files shipped as package data.

The files run in :data:`LOAD_ORDER` after a JSON prelude that sets
``window.__DDEMU_CONFIG__``; the last one fires the persona's ready event. The
same text goes to every host: the mock server's ``<script>`` tag, Playwright's
``add_init_script`` and the desktop window.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["LOAD_ORDER", "build_shim", "shim_source"]

#: core: the websocket client and call table; env: ``__ddSDK.getEnv`` when the
#: user agent cannot carry the persona; ios/android/harmony: the persona's native
#: bridge global; pc: the PC host shell's postMessage answerer (nothing in the
#: app's own page); system: what the web view itself does (``navigator.onLine``
#: and window ``online``/``offline``, links opened in a new window); sensors:
#: the web view's devicemotion/deviceorientation events, fed by the device's
#: motion sensors; navigation: going back, replacing or closing the page for
#: ``biz.navigation``; finish: the ready event, once the bridge is connected.
#: Each persona file returns at once unless the config names its persona.
LOAD_ORDER: tuple[str, ...] = (
    "core.js",
    "env.js",
    "ios.js",
    "android.js",
    "harmony.js",
    "pc.js",
    "system.js",
    "sensors.js",
    "navigation.js",
    "finish.js",
)


@cache
def shim_source() -> str:
    """Return the concatenated JS files, without configuration."""
    js = files("jsapi") / "js"
    return "\n".join(f"// ddemu: {name}\n{(js / name).read_text('utf-8')}" for name in LOAD_ORDER)


def build_shim(config: Mapping[str, Any]) -> str:
    """Return the shim for one page: the config prelude, then :func:`shim_source`.

    Args:
        config: JSON-able settings: ``bridgeUrl`` (with its token), ``persona``,
            ``device``, ``version``, ``language`` and ``timeout`` (seconds);
            ``skipPaths``: paths of ddemu's own pages (the device shell) where
            the shim does nothing, though an init script puts it in every frame.
    """
    # "</" inside a JSON string would end an inline <script> early.
    prelude = json.dumps(dict(config), ensure_ascii=False).replace("</", "<\\/")
    skip = config.get("skipPaths")
    unless = f" && {json.dumps(list(skip))}.indexOf(location.pathname) < 0" if skip else ""
    # A page may get the shim twice (served <script> plus an init script): the
    # first one wins, so a page is never attached to two sessions. An iframe's
    # first about:blank gets the init script too, and keeps its window when it
    # goes on to a page of the same origin: it must not take the shim's place.
    return (
        f"if (!window.__ddemu && /^https?:$/.test(location.protocol){unless}) {{\n"
        f"window.__DDEMU_CONFIG__ = {prelude};\n{shim_source()}\n}}\n"
    )

"""The mock server: a Flask app factory with one blueprint per area.

- ``apphost``: the micro-app at the root of its origin, shim injected;
- ``assets``: ddemu's own files under ``/__ddemu__/`` (the shim);
- ``media``: the phone's chosen pictures and files (``/__ddemu__/media/...``);
- ``pchost``: the PC client's host shell, the app in its iframe (``pc`` persona);
- ``shell``: the device shell (status bar, navigation bar, dialogs) around the app;
- ``offline``: a device's offline packages for the desktop window (``/__ddemu__/offline/``);
- ``control``: a JSON view of the emulator for tools and the inspector.

The open platform (both hosts' APIs) is another app on its own origin, made
by :func:`create_openapi_app` from the ``openapi`` package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import apphost, assets, control, media, offline, openapi, pchost, shell
from .inject import inject_head

__all__ = ["create_app", "create_openapi_app", "inject_head"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the mock server's Flask app.

    Args:
        config: Flask settings. ``DDEMU_EMULATOR`` (required) is the
            :class:`~emulator.Emulator` whose app, devices and calls it serves.
    """
    # No Flask static route: "/static/..." belongs to the app being served.
    app = Flask("emulator.server", static_folder=None)
    app.config.update(config or {})
    if "DDEMU_EMULATOR" not in app.config:
        raise KeyError("create_app needs DDEMU_EMULATOR, the Emulator to serve")
    app.register_blueprint(assets.bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(control.bp)
    app.register_blueprint(pchost.bp)
    app.register_blueprint(shell.bp)
    app.register_blueprint(offline.bp)
    app.register_blueprint(apphost.bp)
    return app


def create_openapi_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the mock open platform's Flask app, both hosts at its root.

    Args:
        config: Flask settings. ``DDEMU_EMULATOR`` (required) is the
            :class:`~emulator.Emulator` whose platform it serves; every response
            is logged in its ``openapi_log`` and crashes in its ``errors``.
    """
    app = Flask("emulator.server.openapi", static_folder=None)
    app.config.update(config or {})
    if "DDEMU_EMULATOR" not in app.config:
        raise KeyError("create_openapi_app needs DDEMU_EMULATOR, the Emulator to serve")
    openapi.init_app(app)
    return app

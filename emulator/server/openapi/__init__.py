"""The mock open platform: both hosts' paths, served from the root of one origin.

The SDKs expect the platform at the root of their base URL, and the legacy
host's paths (``/gettoken``, ``/topapi/...``) never collide with the new
host's (``/v1.0/...``), so one origin (``emu.openapi_url``) serves both:

- ``legacy``: tokens, JSAPI tickets, login-free codes (``/gettoken`` ...);
- ``contacts``: users and departments (``/topapi/v2/user/get`` ...);
- ``messages``: work notifications (``/topapi/message/corpconversation/asyncsend_v2``);
- ``newhost``: OAuth2 tokens and the current user (``/v1.0/...``);
- ``packages``: the offline-package publish API and its object storage (``/v1.0/package/...``);
- ``login``: QR-code scan login pages, both flows (``/connect/qrconnect``, ``/oauth2/auth`` ...);
- ``sns``: the person behind a QR login's code (``/sns/getuserinfo_bycode``);
- ``media``: the people's generated avatars (``/media/avatar/<unionid>.png``);
- ``hooks``: envelopes for errors, the request log, the JSON style.

Paths, answers and errors are listed in ``docs/reference/openapi.md``.
"""

from __future__ import annotations

from flask import Flask

from . import contacts, hooks, legacy, login, media, messages, newhost, packages, sns

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register every area's blueprint and the common hooks on ``app``."""
    hooks.init_app(app)
    for module in (legacy, contacts, messages, newhost, packages, login, sns, media):
        app.register_blueprint(module.bp)

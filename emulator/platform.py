"""The emulated open platform's state, shared by every device and the mock server."""

from __future__ import annotations

from pathlib import Path

from bridge.errors import ConfigError
from offline_packages.store import PackageStore

from .authcodes import AuthCodes
from .clock import Clock
from .datadir import folder_or_temp
from .drive import Drive
from .flowconfig import FlowConfig, load_flow_config
from .flowcontrol import FlowControl
from .inbox import Inbox
from .mediastore import MediaStore
from .org import App, Corp, Org, load_org
from .qrlogin import QrLogins
from .tokens import OAuthCode, Tokens

__all__ = ["Platform"]


class Platform:
    """The organisation, the clock and what the platform has issued.

    Args:
        org: An :class:`~emulator.org.Org`, a TOML file, or None for the demo org.
        flow: Flow-control settings or a TOML file of them, over the platform's
            published limits; None for those limits alone.
        packages_dir: Where published offline packages are kept; None for a
            temporary folder removed with the platform.

    Attributes:
        auth_codes: Login-free codes issued to pages (``requestAuthCode``).
        tokens: App tokens, JSAPI tickets and OAuth grants issued to backends.
        inbox: Work notifications delivered to users.
        media: Files uploaded by clients and backends, by media id.
        drive: DingTalk Drive's spaces and files (attachments).
        qr_logins: QR-code scan logins of web sites (docs/reference/qr-login.md).
        flow: Flow control: ``flow.check(app_key, api)`` before each API answers.
        packages: Published offline packages and their release state.
    """

    def __init__(
        self,
        org: Org | str | Path | None = None,
        flow: FlowConfig | str | Path | None = None,
        packages_dir: str | Path | None = None,
    ) -> None:
        self.org = org if isinstance(org, Org) else load_org(org)
        self.clock = Clock()
        self.auth_codes = AuthCodes(self.clock)
        self.tokens = Tokens(self.clock)
        self.inbox = Inbox(self.clock)
        self.media = MediaStore(self.clock)
        self.drive = Drive(self.clock)
        self.qr_logins = QrLogins(self.clock, self.tokens)
        config = flow if isinstance(flow, FlowConfig) else load_flow_config(flow)
        self.flow = FlowControl(self.clock, config)
        packages = folder_or_temp(packages_dir, self, "ddemu-packages-")
        self.packages = PackageStore(packages, clock=self.clock.now)

    def find_app(self, app_key: str) -> tuple[Corp, App] | None:
        """The app whose ``app_key`` this is, with the corp it belongs to, or None."""
        for corp in self.org.corps.values():
            for app in corp.apps:
                if app.app_key == app_key:
                    return corp, app
        return None

    def issue_oauth_code(
        self, app_key: str, unionid: str, *, corp_id: str | None = None
    ) -> OAuthCode:
        """Issue a browser-login ``authCode``, as if the person had confirmed the login.

        Args:
            app_key: The app (``client_id``) the person logs in to.
            unionid: The person.
            corp_id: The corp the person chose, when the scope included ``corpid``.

        Returns:
            The code; exchange it at ``/v1.0/oauth2/userAccessToken``.

        Raises:
            ConfigError: For an unknown app or person, or a corp the person is not in.
        """
        if self.find_app(app_key) is None:
            raise ConfigError(f"no app with app_key {app_key!r}")
        memberships = self.org.memberships(unionid)
        if not memberships:
            raise ConfigError(f"no person with unionid {unionid!r}")
        if corp_id is not None and corp_id not in memberships:
            raise ConfigError(f"the person {unionid!r} is not in corp {corp_id!r}")
        return self.tokens.issue_oauth_code(app_key, unionid, corp_id)

    def reset(self) -> None:
        """Forget everything issued and put the clock back to real time."""
        self.clock.reset()
        self.auth_codes.clear()
        self.tokens.clear()
        self.inbox.clear()
        self.media.clear()
        self.drive.clear()
        self.qr_logins.clear()
        self.flow.reset()
        self.packages.clear()

"""The :class:`Emulator`: servers, devices and the platform, in one object.

It works without pytest::

    from emulator import Emulator

    with Emulator(app="sample_apps/hello", persona="ios") as emu:
        emu.device.location.set(30.27, 120.15)
        print(emu.home_url)      # open it in a browser, or with Playwright
        ...
        print(emu.calls.methods())

Three servers run in background threads, each on its own origin: the app
(:attr:`Emulator.url`), the websocket bridge, and the open platform
(:attr:`Emulator.openapi_url`, both hosts' APIs at its root). A fourth, small
websocket server pushes QR-login changes to the platform's login pages
(:attr:`Emulator.qr_push_url`).
"""

from __future__ import annotations

import errno
import logging
import secrets
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from bridge.errors import ConfigError, DdemuError
from bridge.server import BridgeServer
from bridge.sessions import Session
from jsapi.builtin import default_registry
from jsapi.device.geolocation import CONTINUOUS_METHODS
from jsapi.registry import Registry
from jsapi.shim import build_shim

from .calls import ApiLog, CallLog
from .clock import Clock
from .datadir import default_data_dir, device_dir
from .device import Device
from .dispatcher import Dispatcher
from .flowconfig import FlowConfig
from .offline import Offline
from .org import Org
from .platform import Platform
from .profiles import DeviceProfile, default_profile, get_profile
from .qrpush import QrPushServer
from .samples import builtin_app
from .server.pchost import PC_HOST_NAME, PC_HOST_PATH
from .server.shell import SHELL_PATH, shell_viewport

__all__ = ["DEFAULT_DEVICE", "Emulator", "ServerErrors"]

logger = logging.getLogger("ddemu.emulator")

#: The name of the device every emulator starts with.
DEFAULT_DEVICE = "phone"


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to the ``ddemu.http`` logger at debug level, not stderr."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logging.getLogger("ddemu.http").debug('"%s" %s %s', self.requestline, code, size)


class _PlatformHandler(_QuietHandler):
    """Answers with ``Server: DingTalk/1.0.0``, as the real open platform does."""

    def version_string(self) -> str:
        return "DingTalk/1.0.0"


class _ServerThread:
    """One werkzeug server (threaded) serving a WSGI app from a daemon thread."""

    def __init__(self, name: str, handler: type[WSGIRequestHandler] = _QuietHandler) -> None:
        self.name = name
        self.handler = handler
        self._server: BaseWSGIServer | None = None

    def start(self, app: Flask, host: str, port: int) -> int:
        """Bind ``host:port`` (0: a free port) and serve; returns the port."""
        try:
            server = make_server(host, port, app, threaded=True, request_handler=self.handler)
        except SystemExit:  # werkzeug exits the process when it cannot bind
            raise OSError(errno.EADDRINUSE, f"cannot serve on {host}:{port}: port in use") from None
        threading.Thread(target=server.serve_forever, name=self.name, daemon=True).start()
        self._server = server
        return server.server_port

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None


class ServerErrors(DdemuError):
    """Handlers failed in the server threads; raised by :meth:`Emulator.check_errors`."""

    def __init__(self, errors: list[BaseException]) -> None:
        lines = "\n".join(f"  {type(e).__name__}: {e}" for e in errors)
        super().__init__(f"{len(errors)} error(s) in ddemu's servers:\n{lines}")
        self.errors = errors


class Emulator:
    """An emulated DingTalk client serving one micro-app.

    Args:
        app: The app's folder; the built-in sample app by default.
        persona: ``"ios"``, ``"android"``, ``"harmony"`` or ``"pc"``: the default
            device's platform (docs/reference/personas.md).
        profile: A device profile (or its name); overrides ``persona``.
        org: An organisation TOML file or :class:`~emulator.org.Org`; the demo org by default.
        flow: A flow-control TOML file or :class:`~emulator.flowconfig.FlowConfig`, over the
            platform's published limits (docs/reference/flowcontrol.md).
        host: Interface for every server. Keep loopback unless you mean the LAN.
        port: The app server's port; 0 picks a free one.
        bridge_port: The websocket bridge's port; 0 picks a free one.
        openapi_port: The open platform's port; 0 picks a free one.
        home: The page the client opens, relative to the app's root. ``$CORPID$``
            is replaced by the device's corp, as the real client does.
        call_timeout: Seconds a call may wait for an answer (a scan, a picker).
        data_dir: Where devices keep their state between runs (domain storage),
            one folder per device; ``$DDEMU_HOME`` or ``~/.local/share/ddemu``
            by default (:func:`~emulator.datadir.default_data_dir`).

    You must call :meth:`start` (or use ``with``) before opening pages.
    """

    def __init__(
        self,
        app: str | Path | None = None,
        *,
        persona: str = "ios",
        profile: DeviceProfile | str | None = None,
        org: Org | str | Path | None = None,
        flow: FlowConfig | str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        bridge_port: int = 0,
        openapi_port: int = 0,
        home: str = "/?corpId=$CORPID$",
        call_timeout: float = 60.0,
        registry: Registry | None = None,
        data_dir: str | Path | None = None,
    ) -> None:
        self.app = app  # the setter resolves and checks it
        #: The root of what devices keep between runs; see :mod:`emulator.datadir`.
        self.data_dir = Path(data_dir).expanduser() if data_dir else default_data_dir()
        self.host = host
        self.home = home
        self.token = secrets.token_urlsafe(16)
        self.platform = Platform(org, flow)
        self.registry = registry or default_registry()
        self.calls = CallLog()
        #: Every request to the open platform, with the response it got.
        self.openapi_log = ApiLog()
        #: Unexpected exceptions raised in the server threads; see :meth:`check_errors`.
        self.errors: list[BaseException] = []
        self.devices: dict[str, Device] = {}
        self._default_profile = self._resolve_profile(persona, profile)
        self.add_device(DEFAULT_DEVICE, profile=self._default_profile)
        self._port = port
        self._bridge = BridgeServer(
            Dispatcher(self),
            host=host,
            port=bridge_port,
            token=self.token,
            call_timeout=call_timeout,
        )
        self._openapi_port = openapi_port
        self._http = _ServerThread("ddemu-http")
        self._openapi = _ServerThread("ddemu-openapi", _PlatformHandler)
        # QR login pages hear of the phone over their own websocket (emulator/qrpush.py).
        self._qrpush = QrPushServer(self.platform.qr_logins, host=host)
        #: Offline packages on the devices: opened, served, and why (emulator/offline.py).
        self.offline = Offline(self)

    # -- configuration ------------------------------------------------------

    @property
    def app(self) -> Path:
        """The app folder being served; assign a new one at any time."""
        return self._app

    @app.setter
    def app(self, value: str | Path | None) -> None:
        folder = builtin_app() if value is None else Path(value).resolve()
        if not folder.is_dir():
            raise ConfigError(f"app folder {folder} does not exist")
        self._app = folder

    @staticmethod
    def _resolve_profile(persona: str | None, profile: DeviceProfile | str | None) -> DeviceProfile:
        if isinstance(profile, DeviceProfile):
            return profile
        if profile is not None:
            return get_profile(profile)
        return default_profile(persona or "ios")

    @property
    def clock(self) -> Clock:
        """The virtual clock of the devices and the platform."""
        return self.platform.clock

    @property
    def org(self) -> Org:
        return self.platform.org

    @property
    def device(self) -> Device:
        """The default device, ``"phone"``."""
        return self.devices[DEFAULT_DEVICE]

    def add_device(
        self,
        name: str,
        *,
        persona: str | None = None,
        profile: DeviceProfile | str | None = None,
        userid: str | None = None,
        corp_id: str | None = None,
    ) -> Device:
        """Add another emulated phone, e.g. a second user for a QR-login demo.

        Pages attach to it with ``?ddemu_device=NAME`` in their URL, or through
        :meth:`shim` / :meth:`context_options` for Playwright.
        """
        if name in self.devices:
            raise ConfigError(f"there is already a device named {name!r}")
        chosen = self._resolve_profile(persona or self._default_profile.persona, profile)
        device = Device(
            name,
            chosen,
            self.platform,
            corp_id=corp_id,
            userid=userid,
            data_dir=device_dir(self.data_dir, name),
        )
        self.devices[name] = device
        return device

    def reset(
        self, *, persona: str | None = None, profile: DeviceProfile | str | None = None
    ) -> None:
        """Start over without restarting the servers.

        Every device is replaced by a fresh default device (of ``persona`` or
        ``profile`` if given), the call log and errors are cleared, issued codes
        are forgotten (codes, tokens, tickets, notifications, the open-platform
        log) and the clock runs in real time again. What the old devices
        stored (``util.domainStorage``) is deleted, on disk too.
        """
        if persona is not None or profile is not None:
            self._default_profile = self._resolve_profile(persona, profile)
        self.platform.reset()
        self.calls.clear()
        self.openapi_log.clear()
        self.errors.clear()
        self.offline.reset()  # installed packages and their request records
        for old in self.devices.values():
            old.storage.clear()  # a fresh phone: nothing stored (docs/reference/device.md)
        self.devices.clear()
        self.add_device(DEFAULT_DEVICE, profile=self._default_profile)
        # Pages still open move to the fresh device of the same name, so no
        # state of the old one leaks into the next test (its watch calls neither).
        for session in self.sessions:
            session.attached = self.devices.get(getattr(session.attached, "name", ""))
            if session.attached is not None:
                session.attached.attach(session)

    # -- servers ------------------------------------------------------------

    def start(self) -> Emulator:
        """Start the app server, the bridge and the open platform; returns self."""
        from .server import create_app, create_openapi_app

        if self._http.running:
            return self
        self._bridge.start()
        try:
            self._qrpush.start()
            config = {"DDEMU_EMULATOR": self}
            self._port = self._http.start(create_app(config), self.host, self._port)
            self._openapi_port = self._openapi.start(
                create_openapi_app(config), self.host, self._openapi_port
            )
            self.platform.media.base_url = self.openapi_url
            # The PC host shell is the app server under a *.dingtalk.com name:
            # its page opens the bridge from that origin (see pc_host_url).
            self._bridge.origins.add(f"http://{PC_HOST_NAME}:{self._port}")
            # Login pages are the platform's pages, on its origin (a LAN one with --lan).
            self._qrpush.origins.add(self.openapi_url.rstrip("/"))
        except BaseException:  # werkzeug exits (SystemExit) when it cannot bind
            self.stop()
            raise
        logger.info(
            "serving %s at %s, bridge at %s, open platform at %s",
            self.app,
            self.url,
            self.bridge_url,
            self.openapi_url,
        )
        return self

    def stop(self) -> None:
        """Stop every server; pages lose their bridge."""
        self._openapi.stop()
        self._http.stop()
        self._qrpush.stop()
        self._bridge.stop()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The root of the app's origin, e.g. ``http://127.0.0.1:50123/``."""
        return f"http://{self.host}:{self._port}/"

    @property
    def openapi_url(self) -> str:
        """The root of the open platform's origin, e.g. ``http://127.0.0.1:50124/``.

        Both hosts' APIs are served there: point ``dingtalk-sdk``'s
        ``API_BASE_URL`` and ``alibabacloud-dingtalk``'s ``Config(endpoint=...)`` at it.
        """
        return f"http://{self.host}:{self._openapi_port}/"

    @property
    def home_url(self) -> str:
        """The page the client opens: :attr:`url` plus ``home``, ``$CORPID$`` filled in."""
        return self.home_url_for()

    def home_url_for(self, device: str | None = None) -> str:
        """The home page of ``device`` (the default device): :attr:`home_url` for it.

        A device other than the default one gets ``ddemu_device=NAME`` in the
        query, so the app server gives the page that device's shim.

        Raises:
            ConfigError: For an unknown device.
        """
        name = device or DEFAULT_DEVICE
        chosen = self._device(name)
        url = self.url + self.home.lstrip("/").replace("$CORPID$", chosen.corp_id)
        if name != DEFAULT_DEVICE:
            url += ("&" if "?" in url else "?") + urlencode({"ddemu_device": name})
        return url

    @property
    def pc_host_url(self) -> str:
        """The PC client's host shell, with the app's home in its iframe.

        On the ``pc`` persona this is the page to open: the app runs in its
        iframe and talks to it by postMessage, as in the DingTalk PC client.
        Its host, ``h5.dingtalk.com``, must resolve to this machine (Chromium:
        ``--host-resolver-rules="MAP h5.dingtalk.com 127.0.0.1"``, which
        :func:`~emulator.browsers.chromium_launch_options` adds). Add
        ``?device=NAME`` for another PC device, ``&url=...`` for another page.
        """
        return f"http://{PC_HOST_NAME}:{self._port}{PC_HOST_PATH}"

    @property
    def launch_url(self) -> str:
        """What the client opens for the default device.

        :attr:`home_url` on a phone, :attr:`pc_host_url` (the app in an
        iframe) on the ``pc`` persona.
        """
        return self.pc_host_url if self.device.persona == "pc" else self.home_url

    @property
    def shell_url(self) -> str:
        """The device shell of the default device: :meth:`shell_url_for` it."""
        return self.shell_url_for()

    def shell_url_for(self, device: str | None = None) -> str:
        """The page showing ``device`` (the default device) as a phone, the app inside.

        The shell draws the status bar, the navigation bar the page sets, and
        the dialogs and pickers it asks for, and sends a person's clicks back
        (docs/reference/shell.md). A PC device has no phone frame: its shell
        is the PC client's host page (:attr:`pc_host_url`).

        Raises:
            ConfigError: For an unknown device.
        """
        name = device or DEFAULT_DEVICE
        if self._device(name).persona == "pc":
            return self.pc_host_url + ("" if device is None else f"?device={quote(name)}")
        query = "" if device is None else f"?device={quote(name)}"
        return f"{self.url.rstrip('/')}{SHELL_PATH}{query}"

    def app_frame(self, page: Any) -> Any:
        """The Playwright frame the app runs in, on a page opened at :attr:`launch_url`.

        The page's main frame on a phone; on PC, the host shell's iframe; on
        the device shell (:attr:`shell_url`), its iframe. Works with the sync
        and the async API: it only reads frame properties.

        Raises:
            LookupError: If the page is a shell whose iframe is not
                attached yet (call it after ``page.goto`` returns).
        """
        main = page.main_frame
        path = urlsplit(main.url).path
        if path == SHELL_PATH:
            for frame in main.child_frames:
                if frame.name == "ddemu-app":  # the device shell's iframe
                    return frame
            raise LookupError(f"the device shell {main.url} has no app frame yet")
        if path != PC_HOST_PATH:
            return main
        for frame in main.child_frames:
            if frame.name.startswith("{"):  # the shell's iframe: its name is the client's JSON
                return frame
        raise LookupError(f"the PC host shell {main.url} has no app frame yet")

    @property
    def qr_push_url(self) -> str:
        """The websocket that pushes QR-login changes to login pages: ``ws://HOST:PORT/qr/``."""
        return self._qrpush.url

    def allow_origin(self, origin: str) -> None:
        """Let pages of ``origin`` (``https://n.dingtalk.com``) open the bridge.

        Loopback origins are always allowed; an app served from an offline
        package runs on its own https origin.
        """
        self._bridge.origins.add(origin)

    @property
    def bridge_url(self) -> str:
        """The websocket URL of the bridge (without its token)."""
        return self._bridge.url

    @property
    def sessions(self) -> list[Session]:
        """The pages connected right now."""
        return list(self._bridge.sessions.values())

    # -- what pages get -----------------------------------------------------

    def _device(self, name: str) -> Device:
        chosen = self.devices.get(name)
        if chosen is None:
            raise ConfigError(f"no device named {name!r}; devices: {', '.join(self.devices)}")
        return chosen

    def shim_config(self, device: str | None = None) -> dict[str, Any]:
        """The ``window.__DDEMU_CONFIG__`` of a page on ``device``."""
        name = device or DEFAULT_DEVICE
        chosen = self._device(name)
        config: dict[str, Any] = {
            "bridgeUrl": f"{self.bridge_url}?token={self.token}&device={name}",
            "device": name,
            "persona": chosen.persona,
            "version": chosen.profile.dingtalk_version,
            "language": chosen.profile.language.replace("-", "_"),
            "network": chosen.network,
            "timeout": self._bridge.call_timeout,
            "connectTimeout": 10,
            # Calls the device calls back again after their answer, on each tap
            # or shake (docs/reference/events.md): the shim keeps them open.
            "watchMethods": self._watch_methods(),
            # The device shell draws the phone around the app; it is no app page.
            "skipPaths": [SHELL_PATH],
        }
        if chosen.persona == "pc":
            # On PC only the host shell talks to ddemu; the app's page does not.
            config["pcHostPath"] = PC_HOST_PATH
        return config

    def _watch_methods(self) -> list[str]:
        # Watch calls, and continuous ones the library sends without watch:true.
        watching = [spec.name for spec in self.registry if spec.native and spec.native.watch]
        return watching + [m for m in CONTINUOUS_METHODS if m in self.registry]

    def shim(self, device: str | None = None) -> str:
        """The JS to run at document start in a page on ``device``."""
        return build_shim(self.shim_config(device))

    def context_options(self, device: str | None = None, *, shell: bool = False) -> dict[str, Any]:
        """Playwright ``new_context`` options that make a browser look like ``device``.

        With ``shell=True`` the viewport fits the device shell (:attr:`shell_url`)
        around an app of the profile's viewport.
        """
        profile = self._device(device or DEFAULT_DEVICE).profile
        viewport = profile.viewport
        if shell and profile.persona != "pc":
            viewport = shell_viewport(profile)
        return {
            "user_agent": profile.user_agent,
            "viewport": viewport,
            "device_scale_factor": profile.pixel_ratio,
            "is_mobile": profile.is_mobile,
            "has_touch": profile.is_mobile,
            "locale": profile.language,
            # The phone is in China: the pickers and the pedometer count local
            # days in UTC+8, and the page must see the same days.
            "timezone_id": "Asia/Shanghai",
        }

    # -- errors -------------------------------------------------------------

    def check_errors(self) -> None:
        """Raise :class:`ServerErrors` if a handler failed since the last reset.

        Raises:
            ServerErrors: Listing each failure; its tracebacks are in the log.
        """
        if self.errors:
            errors, self.errors = list(self.errors), []
            raise ServerErrors(errors)

"""``ddemu demo qr-login``: a web site and a phone, side by side, for a presenter.

::

    ddemu demo qr-login            # a window: the site on the left, the phone on the right
    ddemu demo qr-login --auto     # the same, playing itself in a loop (an unattended screen)
    ddemu demo qr-login --lan      # a real phone on the same network can be the phone

It runs the emulator, the sample site ``sample_apps/qr_login_site`` (its
backend pointed at the emulated platform) and a "stage" page that shows both:
the site's sign-in page, and the phone's scanner (``/login/phone``) with its
confirm screen. The presenter clicks "Scan the code on screen" on the phone,
then "Confirm"; the site signs in as the phone's user. Without a display (or
without pywebview) it prints the URLs to open in any browser.

``--auto`` scans each new QR code by decoding its real image, confirms after
a pause, and lets the site sign out again after a while, round after round.

``--lan`` serves beyond loopback, on this machine's LAN address: the phone's
pages then need ddemu's token, which the stage shows as a QR code of the
scanner's URL for a real phone's camera. That phone takes or uploads a photo
of the site's QR code, decoded on the server.
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import io
import socket
import sys
import threading
from types import ModuleType
from urllib.parse import urlencode
from urllib.request import urlopen

import qrcode
from flask import Flask
from markupsafe import Markup
from werkzeug.serving import BaseWSGIServer, make_server

from bridge.errors import ConfigError, QrLoginError

from .emulator import Emulator
from .qrlogin import QrState
from .samples import SAMPLE_APPS

__all__ = ["DEMOS", "QrLoginDemo", "add_demo_commands", "run_demo_command"]

#: The demos ``ddemu demo`` knows.
DEMOS = ("qr-login",)

#: The demo org's app the sample site signs in to (its redirect URIs allow 127.0.0.1).
DEMO_APP_KEY = "dingapp8k2m4n6p8r0t2v4x"

_SITE = SAMPLE_APPS / "qr_login_site" / "app.py"


def add_demo_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``demo`` to the ``ddemu`` command's subcommands."""
    demo = commands.add_parser(
        "demo",
        help="run a demo: qr-login (a web site signed in by scanning with the phone)",
        description="Run a demo scenario. qr-login: the sample 'Sign in with DingTalk' site "
        "and the emulated phone side by side; scan, confirm, signed in.",
    )
    demo.add_argument("name", choices=DEMOS, metavar="DEMO", help="the demo: qr-login")
    demo.add_argument("--auto", action="store_true", help="play the demo by itself, in a loop")
    demo.add_argument(
        "--lan",
        action="store_true",
        help="serve on this machine's LAN address so a real phone can scan (needs the token)",
    )
    demo.add_argument(
        "--no-window", action="store_true", help="print the URLs instead of opening a window"
    )
    demo.add_argument(
        "--pause", type=float, default=2.5, help="seconds between the autopilot's steps"
    )
    demo.add_argument(
        "--rounds", type=int, default=0, help="with --auto: stop after N logins (0: never)"
    )
    demo.add_argument("-v", "--verbose", action="count", default=0, help="log more")


def lan_address() -> str:
    """This machine's address on its LAN (the interface of the default route).

    Raises:
        ConfigError: If the machine has no network beyond loopback.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: UDP only picks a route
            address = str(probe.getsockname()[0])
        except OSError:
            address = ""
    if not address or address.startswith("127."):
        raise ConfigError("--lan: this machine has no network address beyond loopback")
    return address


def load_site() -> ModuleType:
    """The sample site's module (``sample_apps/qr_login_site/app.py``).

    Raises:
        ConfigError: If the sample is not in this installation.
    """
    if not _SITE.is_file():
        raise ConfigError(
            f"the sample site is not in this installation ({_SITE}); run ddemu from its checkout"
        )
    spec = importlib.util.spec_from_file_location("qr_login_site", _SITE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png_data_url(text: str) -> str:
    buffer = io.BytesIO()
    qrcode.make(text, box_size=4, border=2).save(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


class QrLoginDemo:
    """The QR-login demo's servers: the emulator, the sample site and the stage page.

    Args:
        lan: Serve on the LAN address instead of loopback.
        signout_after: Seconds the site stays signed in before showing a new
            QR code (for an unattended loop); None to stay signed in.

    You must call :meth:`start`, and :meth:`stop` after.
    """

    def __init__(self, *, lan: bool = False, signout_after: float | None = None) -> None:
        self.host = lan_address() if lan else "127.0.0.1"
        self.lan = lan
        self.signout_after = signout_after
        self.emu = Emulator(host=self.host)
        self._servers: list[BaseWSGIServer] = []
        self.site_url = ""
        self.stage_url = ""

    @property
    def phone_url(self) -> str:
        """The phone's scanner page (with the token when it is reachable beyond loopback)."""
        query = {"device": "phone", **({"token": self.emu.token} if self.lan else {})}
        return f"{self.emu.openapi_url}login/phone?{urlencode(query)}"

    def start(self) -> QrLoginDemo:
        self.emu.start()
        found = self.emu.platform.find_app(DEMO_APP_KEY)
        if found is None:
            raise ConfigError(f"the organisation has no app {DEMO_APP_KEY} for the demo site")
        base = self.emu.openapi_url
        site = load_site().create_site(
            app_key=DEMO_APP_KEY,
            app_secret=found[1].app_secret,
            oapi=base,
            api=base,
            login=base,
            signout_after=self.signout_after,
        )
        self.site_url = self._serve(site, "ddemu-demo-site")
        self.stage_url = self._serve(self._stage(), "ddemu-demo-stage")
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()
        self.emu.stop()

    def _serve(self, app: Flask, name: str) -> str:
        server = make_server(self.host, 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
        self._servers.append(server)
        return f"http://{self.host}:{server.server_port}/"

    def _stage(self) -> Flask:
        stage = Flask("ddemu-demo-stage", static_folder=None)
        corp = self.emu.org.corp(self.emu.device.corp_id)
        lan = (
            Markup(
                '<figure><img src="{}" alt=""><figcaption>Your own phone: scan this, then '
                "photograph the site's code</figcaption></figure>"
            ).format(_png_data_url(self.phone_url))
            if self.lan
            else Markup("")
        )

        @stage.get("/")
        def index() -> str:
            return str(
                Markup(
                    '<!doctype html><html><head><meta charset="utf-8"><title>ddemu demo: QR login'
                    "</title><style>body{{margin:0;font-family:sans-serif;background:#eef1f4}}"
                    "header{{padding:8px 16px;font-size:14px;color:#444}}"
                    ".row{{display:flex;gap:16px;padding:0 16px}}"
                    "iframe{{border:1px solid #ccc;background:#fff;border-radius:8px}}"
                    "figure{{margin:0;font-size:12px;color:#555;width:200px}}</style></head>"
                    "<body><header><b>Sign in with DingTalk</b>: the web site (left) and "
                    "{user} @ {corp}'s phone (right). Scan, confirm, signed in.</header>"
                    '<div class="row"><iframe id="site" src="{site}" width="700" height="720">'
                    '</iframe><iframe id="phone" src="{phone}" width="390" height="720"></iframe>'
                    "{lan}</div></body></html>"
                ).format(
                    user=self.emu.device.user.name,
                    corp=corp.name,
                    site=self.site_url,
                    phone=self.phone_url,
                    lan=lan,
                )
            )

        return stage

    def autoplay(self, stop: threading.Event, *, pause: float = 2.5, rounds: int = 0) -> int:
        """Scan each new QR code from its image, confirm it, until ``stop`` (or ``rounds``).

        Returns:
            The number of logins confirmed.
        """
        logins = self.emu.platform.qr_logins
        done: set[str] = set()
        confirmed = 0
        while not stop.is_set() and (rounds <= 0 or confirmed < rounds):
            waiting = [x for x in logins.all() if x.state is QrState.WAITING and x.id not in done]
            if not waiting:
                stop.wait(0.3)
                continue
            login = waiting[-1]
            done.add(login.id)
            if stop.wait(pause):
                break
            with urlopen(f"{self.emu.openapi_url}login/qr/{login.id}.png", timeout=10) as image:
                picture = image.read()
            try:
                prompt = self.emu.device.scan_login_image(picture)
                print(f"phone: scanned, confirm screen for {prompt.name}", flush=True)
                if stop.wait(pause):
                    break
                prompt.confirm()
            except QrLoginError as exc:  # expired, or a person was quicker
                print(f"phone: {exc}", flush=True)
                continue
            confirmed += 1
            print(f"phone: confirmed ({confirmed})", flush=True)
        return confirmed


def run_demo_command(args: argparse.Namespace, stop: threading.Event) -> None:
    """Run ``ddemu demo NAME`` until ``stop`` (Ctrl+C, the window closed, the rounds done)."""
    from . import window

    demo = QrLoginDemo(lan=args.lan, signout_after=8.0 if args.auto else None)
    demo.start()
    try:
        print(
            f"ddemu demo qr-login · {demo.emu.device.user.name} signs in to the sample site\n"
            f"  stage: {demo.stage_url}\n"
            f"  site:  {demo.site_url}\n"
            f"  phone: {demo.phone_url}",
            flush=True,
        )
        if args.auto:

            def autopilot() -> None:
                demo.autoplay(stop, pause=args.pause, rounds=args.rounds)
                stop.set()

            threading.Thread(target=autopilot, name="ddemu-demo-autopilot", daemon=True).start()
        show = not args.no_window and window.has_display()
        if show:
            try:
                window.import_webview()
            except ConfigError as exc:
                print(f"ddemu: {exc}; open the stage URL in a browser", file=sys.stderr)
                show = False
        if show:
            window.open_window(
                demo.stage_url,
                demo.emu.device.profile,
                title="ddemu demo · QR login",
                size={"width": 1160, "height": 800},
                close=stop,
            )
        else:
            print("Open the stage URL in a browser. Press Ctrl+C to stop.", flush=True)
            while not stop.wait(0.5):
                pass
    finally:
        demo.stop()

"""The desktop window: an emulator's app in a real pywebview window (Qt backend).

The window only shows a URL with the device's user agent and viewport; the
page gets the shim from the app server, which puts ``<script
src="/__ddemu__/shim.js">`` first in every HTML page, so nothing is injected
here. pywebview is an extra (``ddemu[desktop]``) and is imported only when a
window opens::

    with Emulator() as emu:
        open_window(emu.home_url, emu.device.profile, title="ddemu")  # blocks

Qt needs the main thread and a display; :func:`has_display` tells whether
there is one (``QT_QPA_PLATFORM=offscreen`` counts: it renders without one).
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any

from bridge.errors import ConfigError

from .profiles import DeviceProfile

if TYPE_CHECKING:
    from .packageproxy import PackageProxy

__all__ = ["INSTALL_HINT", "NO_DISPLAY_MESSAGE", "has_display", "import_webview", "open_window"]

#: What to run when pywebview or Qt is missing.
INSTALL_HINT = "pip install 'ddemu[desktop]'"

#: Why no window opens on a Linux machine without a display, and what to do.
NO_DISPLAY_MESSAGE = (
    "no display (DISPLAY and WAYLAND_DISPLAY are not set): run under `xvfb-run`, "
    "or set QT_QPA_PLATFORM=offscreen to render without one"
)


def has_display() -> bool:
    """Tell whether a window can be shown here.

    On Linux and other Unix systems that means ``DISPLAY`` or
    ``WAYLAND_DISPLAY`` is set, or ``QT_QPA_PLATFORM`` names a platform that
    needs neither (``offscreen``, ``vnc`` ...). macOS and Windows always have one.
    """
    if sys.platform in ("darwin", "win32"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def import_webview() -> ModuleType:
    """Import pywebview and check that its Qt backend can load.

    Raises:
        ConfigError: If pywebview, QtPy or Qt WebEngine is missing, with the
            command that installs them.
    """
    try:
        import webview
    except ImportError as exc:
        raise ConfigError(f"the desktop window needs pywebview ({exc}): {INSTALL_HINT}") from None
    try:
        # pywebview's Qt backend goes through QtPy; WebEngine is a separate wheel.
        import qtpy.QtWebEngineWidgets  # noqa: F401
    except Exception as exc:  # QtPy raises its own errors for missing bindings
        raise ConfigError(
            f"the desktop window needs Qt WebEngine ({exc}): {INSTALL_HINT}"
        ) from None
    return webview


def _allow_root_sandbox() -> None:
    """Let Chromium run as root: QtWebEngine refuses to unless its sandbox is off."""
    if getattr(os, "geteuid", lambda: -1)() != 0:
        return
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags.split():
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()


def _map_pc_host() -> None:
    """Resolve the PC host shell's ``*.dingtalk.com`` name to this machine in QtWebEngine.

    Qt splits ``QTWEBENGINE_CHROMIUM_FLAGS`` on spaces, so the rule is quoted.
    """
    from .server.pchost import PC_HOST_NAME

    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--host-resolver-rules" not in flags:
        rule = f'--host-resolver-rules="MAP {PC_HOST_NAME} 127.0.0.1"'
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} {rule}".strip()


def _add_flags(*added: str) -> None:
    """Append Chromium flags to ``QTWEBENGINE_CHROMIUM_FLAGS`` (read when Qt WebEngine starts)."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([flags, *added]).strip()


def open_window(
    url: str,
    profile: DeviceProfile,
    *,
    title: str,
    devtools: bool = False,
    close: threading.Event | None = None,
    size: Mapping[str, int] | None = None,
    redirect: Callable[[str, bool], str | None] | None = None,
    proxy: PackageProxy | None = None,
) -> None:
    """Show ``url`` in a desktop window that looks like ``profile``'s phone.

    The window is the profile's viewport in CSS pixels and sends its user
    agent. This blocks until the window is closed: by the user, by SIGINT
    (Ctrl+C) or SIGTERM, or by setting ``close``. Call it on the main thread,
    after starting the servers that serve ``url``.

    Args:
        url: The page to open, usually :attr:`Emulator.home_url`.
        profile: The device to look like.
        title: The window's title.
        devtools: Open Chromium's developer tools beside the page.
        close: Set it, from any thread, to close the window; if it is set
            already, the window closes as soon as it is shown.
        size: ``{"width", "height"}`` of the window in CSS pixels, the
            profile's viewport by default; the device shell is taller
            (:func:`emulator.server.shell.shell_viewport`).
        redirect: Called with each request's URL and whether it loads a
            frame's document; a URL it returns replaces the request's (the
            offline packages' :meth:`~emulator.offline.Offline.window_redirect`).
        proxy: A started :class:`~emulator.packageproxy.PackageProxy`: https
            requests go through it, and certificates its CA issued are
            trusted (by its key; no other certificate error is let through),
            so offline packages answer at their own https URLs.

    Raises:
        ConfigError: If pywebview or Qt is missing (see :data:`INSTALL_HINT`).
    """
    webview = import_webview()
    _allow_root_sandbox()
    if profile.persona == "pc":
        _map_pc_host()
    if proxy is not None:
        _add_flags(*proxy.chromium_flags())
    window = webview.create_window(
        title,
        url,
        width=(size or profile.viewport)["width"],
        height=(size or profile.viewport)["height"],
        text_select=True,  # pywebview blocks selection by default; a phone's webview does not
    )
    close = threading.Event() if close is None else close
    closed = threading.Event()

    def watch() -> None:
        # destroy() waits until the window is shown, so never from a signal
        # handler: those run on the main thread, which Qt needs to show it.
        while not closed.is_set():
            if close.wait(0.1):
                window.destroy()
                return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        close.set()

    views: list[Any] = []
    window.events.shown += lambda: views.append(_browser_view(window))
    threading.Thread(target=watch, name="ddemu-window-close", daemon=True).start()
    # Python runs signal handlers only between bytecodes; pywebview's Qt loop
    # wakes Python up periodically, so these run while the window is open.
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    # pywebview swaps in its own SIGINT handler (QApplication.quit) just before
    # the Qt loop runs; a Ctrl+C in between would be lost, so it gets ours.
    backend: Any = importlib.import_module("webview.platforms.qt")
    interceptor = backend.BrowserView.RequestInterceptor
    if redirect is not None:
        backend.BrowserView.RequestInterceptor = _redirecting(interceptor, redirect)
    sigint_handler = getattr(backend, "_sigint_handler", None)
    if sigint_handler is not None:
        backend._sigint_handler = on_signal
    try:
        webview.start(gui="qt", user_agent=profile.user_agent, debug=devtools)
    finally:
        closed.set()
        backend.BrowserView.RequestInterceptor = interceptor
        if sigint_handler is not None:
            backend._sigint_handler = sigint_handler
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for view in views:
            _release_js_waiters(view)


def _redirecting(base: type[Any], redirect: Callable[[str, bool], str | None]) -> type[Any]:
    """pywebview's request interceptor, redirecting what ``redirect`` says first.

    A QtWebEngine scheme handler cannot take over ``https``, so requests an
    offline package answers can be redirected to the app server (the page
    then runs on loopback; ``proxy=`` keeps its https origin).
    """
    from qtpy.QtCore import QUrl
    from qtpy.QtWebEngineCore import QWebEngineUrlRequestInfo

    kinds = QWebEngineUrlRequestInfo.ResourceType
    documents = {kinds.ResourceTypeMainFrame, kinds.ResourceTypeSubFrame}

    class Redirecting(base):  # type: ignore[misc]
        def interceptRequest(self, info: Any) -> None:  # noqa: N802 (Qt's name)
            try:
                target = redirect(info.requestUrl().toString(), info.resourceType() in documents)
            except Exception:  # never let a failure escape into Qt's IO thread
                logging.getLogger("ddemu.window").exception("offline redirect failed")
                target = None
            if target is not None:
                info.redirect(QUrl(target))
                return
            super().interceptRequest(info)

    return Redirecting


def _browser_view(window: Any) -> Any:
    """The Qt widget behind a pywebview window, while it is open."""
    browser_view = getattr(window.gui, "BrowserView", None)
    return getattr(browser_view, "instances", {}).get(window.uid)


def _release_js_waiters(view: Any, timeout: float = 5.0) -> None:
    """Free pywebview threads left waiting for a script's result from a closed page.

    pywebview (6.2, Qt) injects its own JS from a non-daemon thread that waits
    for each script's result; a window closed while its page loads never
    answers, and the interpreter would hang at exit joining that thread. They
    get an empty result instead.
    """
    results = getattr(view, "_js_results", None)
    if not isinstance(results, dict):
        return
    deadline = time.monotonic() + timeout
    while results and time.monotonic() < deadline:
        for pending in list(results.values()):
            pending["semaphore"].release()
        time.sleep(0.05)

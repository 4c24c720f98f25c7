"""The native navigation bar of a device: title, buttons, menu, help icon, and their taps.

Pages set it with ``biz.navigation.setTitle/setRight/setLeft/setMenu/setIcon``;
this is the state the device shell draws. The buttons, the menu and the icon
are watch calls (:mod:`emulator.watches`): ``tap_right()``, ``tap_left()``,
``tap_menu(id)`` and ``tap_icon()`` call the page back on the call that set
them, each time, with the data of the client (reference §10: ``{}``, or
``{"id": ...}`` for a menu item).

When the page that set a button goes away, the button goes back to the
client's own (None here): its callback went with the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bridge.errors import ConfigError

from .events import PageSession
from .watches import Watches

__all__ = ["Menu", "MenuItem", "NavButton", "NavIcon", "Navigation"]

SET_RIGHT = "biz.navigation.setRight"
SET_LEFT = "biz.navigation.setLeft"
SET_MENU = "biz.navigation.setMenu"
SET_ICON = "biz.navigation.setIcon"


@dataclass(frozen=True)
class NavButton:
    """The right or left button as a page set it.

    Attributes:
        text: Its label; empty for the client's default one.
        show: False hides it.
        control: True makes each tap call the page back; otherwise the client
            handles the tap (the left button goes back).
        show_icon: Whether the client's icon shows next to the text.
        android: ``setLeft`` only: on Android the left button calls back only
            with ``android: true`` too (``api/biz/navigation/setLeft.d.ts``).
    """

    text: str = ""
    show: bool = True
    control: bool = False
    show_icon: bool = True
    android: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> NavButton:
        """Build a button from ``setRight``/``setLeft`` params, with the library's defaults."""
        return cls(
            text=str(params.get("text") or ""),
            show=bool(params.get("show", True)),
            control=bool(params.get("control", False)),
            show_icon=bool(params.get("showIcon", True)),
            android=bool(params.get("android", False)),
        )


@dataclass(frozen=True)
class MenuItem:
    """One button of a ``setMenu`` menu; ``id`` is what a tap gives back, as the page sent it."""

    id: Any
    text: str = ""
    icon_id: str = ""
    url: str = ""
    show_red_dot: bool = False
    badge: str = ""

    @classmethod
    def from_params(cls, item: Mapping[str, Any]) -> MenuItem:
        """Build an item from the page's ``{id, text, iconId, url, showRedDot, badge}``."""
        return cls(
            id=item.get("id", ""),
            text=str(item.get("text", "")),
            icon_id=str(item.get("iconId", "")),
            url=str(item.get("url", "")),
            show_red_dot=bool(item.get("showRedDot", False)),
            badge=str(item.get("badge", "")),
        )


@dataclass(frozen=True)
class Menu:
    """The buttons a page put at the right of the bar with ``setMenu``."""

    items: tuple[MenuItem, ...] = ()
    background_color: str = ""
    text_color: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Menu:
        """Build a menu from ``setMenu`` params: ``{items, backgroundColor, textColor}``.

        Every item must be an object ``{id, text, iconId, url, showRedDot, badge}``
        (the handler checks it).
        """
        items: Sequence[Mapping[str, Any]] = params.get("items") or ()
        return cls(
            tuple(MenuItem.from_params(item) for item in items),
            background_color=str(params.get("backgroundColor") or ""),
            text_color=str(params.get("textColor") or ""),
        )

    def item(self, item_id: Any) -> MenuItem:
        """The item whose id is ``item_id`` (``"2"`` finds the id ``2`` too).

        Raises:
            ConfigError: If there is none, listing the ids there are.
        """
        for item in self.items:
            if item.id == item_id or str(item.id) == str(item_id):
                return item
        ids = ", ".join(repr(i.id) for i in self.items) or "none"
        raise ConfigError(f"the menu has no item {item_id!r}; its items: {ids}")


@dataclass(frozen=True)
class NavIcon:
    """The help icon of ``setIcon``: shown or not, and which of the client's icons."""

    show: bool = True
    index: float = 0

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> NavIcon:
        """Build the icon from ``setIcon`` params: ``{showIcon, iconIndex}``."""
        return cls(show=bool(params.get("showIcon", True)), index=params.get("iconIndex") or 0)


class Navigation:
    """The navigation bar as the page set it, and its buttons to tap.

    Args:
        watches: The device's watch calls, which taps call back.
        persona: The device's platform (the left button differs on Android).
        go_back: What an uncontrolled tap of the left button does.
    """

    def __init__(
        self,
        watches: Watches | None = None,
        *,
        persona: str = "ios",
        go_back: Callable[[], object] | None = None,
    ) -> None:
        self.title = ""
        self.subtitle = ""
        #: The right button (``setRight``); None: the client's own.
        self.right: NavButton | None = None
        #: The left button (``setLeft``); None: the client's back arrow.
        self.left: NavButton | None = None
        #: The menu (``setMenu``); None: no menu.
        self.menu: Menu | None = None
        #: The help icon (``setIcon``); None: no icon.
        self.icon: NavIcon | None = None
        #: Whether the page hid the bar (``hideBar({hidden: true})``).
        self.hidden = False
        #: Whether the page closed its window (``close``, ``quit``); the shell
        #: shows it closed until reopened.
        self.closed = False
        #: What the page asked the web view to do, oldest first: ``("back", "")``
        #: for ``goBack``, ``("replace", url)``, ``("close", "")``.
        self.actions: list[tuple[str, str]] = []
        self._watches = watches if watches is not None else Watches()
        self._persona = persona
        self._go_back = go_back

    def __repr__(self) -> str:
        return f"<Navigation {self.title!r} right={self.right} menu={self.menu}>"

    # -- what pages set -------------------------------------------------------

    def set_right(
        self,
        params: Mapping[str, Any],
        *,
        page: PageSession | None = None,
        call_id: int | str | None = None,
    ) -> NavButton:
        """Show the right button as ``setRight``'s ``params`` describe it.

        Args:
            params: The page's params, with the library's defaults for what is missing.
            page, call_id: The page and its call, called back on each tap; None
                for a direct call, which nobody hears.
        """
        self.right = value = NavButton.from_params(params)
        self._watches.watch(SET_RIGHT, page, call_id)
        return value

    def set_left(
        self,
        params: Mapping[str, Any],
        *,
        page: PageSession | None = None,
        call_id: int | str | None = None,
    ) -> NavButton:
        """Show the left button as ``setLeft``'s ``params`` describe it.

        Args:
            params: The page's params, with the library's defaults for what is missing.
            page, call_id: The page and its call, called back on each tap; None
                for a direct call, which nobody hears.
        """
        self.left = value = NavButton.from_params(params)
        self._watches.watch(SET_LEFT, page, call_id)
        return value

    def set_menu(
        self,
        params: Mapping[str, Any],
        *,
        page: PageSession | None = None,
        call_id: int | str | None = None,
    ) -> Menu:
        """Show the menu as ``setMenu``'s ``params`` describe it.

        Args:
            params: The page's params, with the library's defaults for what is missing.
            page, call_id: The page and its call, called back on each tap; None
                for a direct call, which nobody hears.
        """
        self.menu = value = Menu.from_params(params)
        self._watches.watch(SET_MENU, page, call_id)
        return value

    def set_icon(
        self,
        params: Mapping[str, Any],
        *,
        page: PageSession | None = None,
        call_id: int | str | None = None,
    ) -> NavIcon:
        """Show the help icon as ``setIcon``'s ``params`` describe it.

        Args:
            params: The page's params, with the library's defaults for what is missing.
            page, call_id: The page and its call, called back on each tap; None
                for a direct call, which nobody hears.
        """
        self.icon = value = NavIcon.from_params(params)
        self._watches.watch(SET_ICON, page, call_id)
        return value

    def navigate(self, action: str, url: str = "") -> None:
        """Record what the page asked the web view to do: ``back``, ``replace`` or ``close``."""
        if action not in ("back", "replace", "close"):
            raise ConfigError(f"action must be back, replace or close, got {action!r}")
        self.actions.append((action, url))
        if action == "close":
            self.closed = True

    def forget(self, methods: Iterable[str]) -> None:
        """Give back to the client what the calls ``methods`` set (their page closed)."""
        for method in methods:
            if method == SET_RIGHT:
                self.right = None
            elif method == SET_LEFT:
                self.left = None
            elif method == SET_MENU:
                self.menu = None
            elif method == SET_ICON:
                self.icon = None

    # -- what the user taps ---------------------------------------------------

    def tap_right(self) -> bool:
        """Tap the right button.

        Returns:
            True if the page was called back (``{}``); False if the button is
            not under the page's control (``control: false``).

        Raises:
            ConfigError: If no page set the right button, or it is hidden.
        """
        button = self._shown(self.right, "right button", "setRight")
        return button.control and self._watches.deliver(SET_RIGHT, {})

    def tap_left(self) -> bool:
        """Tap the left button.

        Under the page's control (``control: true``, and on Android also
        ``android: true``) the page is called back (``{}``). Otherwise it is the
        back arrow: ddemu goes back as :meth:`Device.back
        <emulator.device.Device.back>` does, through a ``backbutton`` event.

        Returns:
            True if the page was called back, False if it went back instead.

        Raises:
            ConfigError: If the page hid the left button.
        """
        button = self.left
        if button is not None:
            self._shown(button, "left button", "setLeft")
            controlled = button.control and (self._persona != "android" or button.android)
            if controlled:
                return self._watches.deliver(SET_LEFT, {})
        if self._go_back is not None:
            self._go_back()
        return False

    def tap_menu(self, item_id: Any) -> bool:
        """Tap the menu item whose id is ``item_id``; the page gets ``{"id": item_id}``.

        Returns:
            True if the page was called back.

        Raises:
            ConfigError: If no page set a menu, or it has no such item.
        """
        if self.menu is None:
            raise ConfigError("no menu to tap: the page has not called biz.navigation.setMenu")
        item = self.menu.item(item_id)
        return self._watches.deliver(SET_MENU, {"id": item.id})

    def tap_icon(self) -> bool:
        """Tap the help icon; the page gets ``{}``.

        Returns:
            True if the page was called back.

        Raises:
            ConfigError: If no page set the icon, or it is hidden.
        """
        if self.icon is None:
            raise ConfigError("no help icon to tap: the page has not called biz.navigation.setIcon")
        if not self.icon.show:
            raise ConfigError("the help icon is hidden (setIcon showIcon: false)")
        return self._watches.deliver(SET_ICON, {})

    @staticmethod
    def _shown(button: NavButton | None, what: str, method: str) -> NavButton:
        if button is None:
            raise ConfigError(f"no {what} to tap: the page has not called biz.navigation.{method}")
        if not button.show:
            raise ConfigError(f"the {what} is hidden ({method} show: false)")
        return button

"""``device.notification``: the client's native dialogs, toasts and preloader.

Dialogs go through the device's UI broker (:mod:`emulator.ui`): a scripted
answer, else a person at the device shell, else the device's default policy
(the first button). A dialog the user backs out of answers ``errorCode`` "-1",
which the library turns into ``onCancel`` on iOS. The action sheet's cancel
button is an answer, ``{buttonIndex: -1}``, as the client gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import Any

from bridge.errors import Cancelled, ConfigError, InvalidParams

from ..context import Context
from ..registry import Namespace

__all__ = ["ns"]

ns = Namespace("device.notification")

Result = dict[str, Any] | Future[dict[str, Any]]


def _labels(params: Mapping[str, Any], name: str, default: list[str]) -> list[str]:
    """The button labels a dialog shows: ``params[name]`` if given, else the client's."""
    labels = params.get(name)
    if labels is None or labels == []:
        return default
    if not isinstance(labels, list):
        raise InvalidParams(f"param {name!r} must be an array of strings, got {labels!r}")
    return [str(label) for label in labels]


def _index(count: int, method: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Check an answer's ``buttonIndex`` against the ``count`` buttons shown."""

    def check(result: dict[str, Any]) -> dict[str, Any]:
        index = result.get("buttonIndex")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            raise ConfigError(
                f"{method}: buttonIndex must be 0..{count - 1} for {count} buttons, got {index!r}"
            )
        return {**result, "buttonIndex": index}

    return check


def _ask(
    ctx: Context,
    name: str,
    params: dict[str, Any],
    kind: str,
    default: dict[str, Any],
    check: Callable[[dict[str, Any]], dict[str, Any]],
) -> Result:
    return ctx.device.ui.request(
        f"{ns.name}.{name}", params, kind=kind, default=lambda: dict(default), check=check
    )


@ns.method("alert")
def alert(params: dict[str, Any], ctx: Context) -> Result:
    """Show an alert with one button; ``{}`` once it is tapped."""
    shown = {
        "message": str(params.get("message", "")),
        "title": str(params.get("title") or ""),
        "buttonName": str(params.get("buttonName") or "确定"),
    }
    return _ask(ctx, "alert", shown, "alert", {}, lambda result: {})


@ns.method("confirm")
def confirm(params: dict[str, Any], ctx: Context) -> Result:
    """Ask a question with two (or more) buttons; ``{buttonIndex}`` of the one tapped."""
    labels = _labels(params, "buttonLabels", ["确定", "取消"])
    shown = {
        "message": str(params.get("message", "")),
        "title": str(params.get("title") or ""),
        "buttonLabels": labels,
    }
    return _ask(
        ctx, "confirm", shown, "confirm", {"buttonIndex": 0}, _index(len(labels), "confirm")
    )


@ns.method("prompt")
def prompt(params: dict[str, Any], ctx: Context) -> Result:
    """Ask for a line of text; ``{buttonIndex, value}``."""
    labels = _labels(params, "buttonLabels", ["确定", "取消"])
    text = str(params.get("defaultText") or "")
    shown = {
        "message": str(params.get("message", "")),
        "title": str(params.get("title") or ""),
        "defaultText": text,
        "buttonLabels": labels,
    }
    check = _index(len(labels), "prompt")

    def shape(result: dict[str, Any]) -> dict[str, Any]:
        value = result.get("value", text)
        return {**check(result), "value": "" if value is None else str(value)}

    return _ask(ctx, "prompt", shown, "prompt", {"buttonIndex": 0, "value": text}, shape)


@ns.method("actionSheet")
def action_sheet(params: dict[str, Any], ctx: Context) -> Result:
    """Offer a list of buttons from the bottom; ``{buttonIndex}``, -1 for the cancel button."""
    buttons = _labels(params, "otherButtons", [])
    shown = {
        "title": str(params.get("title") or ""),
        "cancelButton": str(params.get("cancelButton") or "取消"),
        "otherButtons": buttons,
    }
    check = _index(len(buttons), "actionSheet")

    def shape(result: dict[str, Any]) -> dict[str, Any]:
        return result if result.get("buttonIndex") == -1 else check(result)

    default = {"buttonIndex": 0 if buttons else -1}
    try:
        value = _ask(ctx, "actionSheet", shown, "actionSheet", default, shape)
    except Cancelled:
        return {"buttonIndex": -1}  # backing out of a sheet is its cancel button
    if isinstance(value, Future):
        return _cancel_as_index(value)
    return value


def _cancel_as_index(value: Future[dict[str, Any]]) -> Future[dict[str, Any]]:
    out: Future[dict[str, Any]] = Future()

    def done(fut: Future[dict[str, Any]]) -> None:
        if fut.cancelled():
            out.cancel()
            return
        exc = fut.exception()
        if isinstance(exc, Cancelled):
            out.set_result({"buttonIndex": -1})
        elif exc is not None:
            out.set_exception(exc)
        else:
            out.set_result(fut.result())

    value.add_done_callback(done)
    out.add_done_callback(lambda fut: value.cancel() if fut.cancelled() else None)
    return out


@ns.method("modal")
def modal(params: dict[str, Any], ctx: Context) -> Result:
    """Show a card with an image, a title, text and buttons; ``{buttonIndex}``."""
    labels = _labels(params, "buttonLabels", ["确定"])
    shown = {
        "image": str(params.get("image") or ""),
        "title": str(params.get("title") or ""),
        "content": str(params.get("content") or ""),
        "buttonLabels": labels,
    }
    return _ask(ctx, "modal", shown, "modal", {"buttonIndex": 0}, _index(len(labels), "modal"))


@ns.method("extendModal")
def extend_modal(params: dict[str, Any], ctx: Context) -> Result:
    """Show several pages of image cards with buttons; ``{buttonIndex}``."""
    cells = params.get("cells") or []
    if not isinstance(cells, list):
        raise InvalidParams(f"param 'cells' must be an array, got {cells!r}")
    labels = _labels(params, "buttonLabels", ["确定"])
    first = cells[0] if cells and isinstance(cells[0], dict) else {}
    shown = {
        "image": str(first.get("image") or ""),
        "title": str(first.get("title") or ""),
        "content": str(first.get("content") or ""),
        "cells": cells,
        "buttonLabels": labels,
    }
    return _ask(
        ctx, "extendModal", shown, "modal", {"buttonIndex": 0}, _index(len(labels), "extendModal")
    )


@ns.method("toast")
def toast(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Show a toast; it is recorded on the device as :class:`~emulator.device.Toast`."""
    ctx.device.show_toast(
        params.get("text", ""),
        icon=params.get("icon", ""),
        duration=float(params.get("duration", 2)),
    )
    ctx.device.ui.changed()
    return {}


@ns.method("hideToast")
def hide_toast(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Hide the toast showing now, if any."""
    ctx.device.ui.hide_toast()
    return {}


@ns.method("showPreloader")
def show_preloader(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Show the loading indicator with ``text``; ``device.ui.preloader`` holds it."""
    ctx.device.ui.show_preloader(str(params.get("text") or ""))
    return {}


@ns.method("hidePreloader")
def hide_preloader(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Hide the loading indicator."""
    ctx.device.ui.hide_preloader()
    return {}

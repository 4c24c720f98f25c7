"""``biz.customContact``: pick people from a list the page gives (``users``)."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..pickers.contacts import custom_picker
from ..registry import Namespace
from .contact import directory
from .pickers import ask

__all__ = ["ns"]

ns = Namespace("biz.customContact")


@ns.method("choose")
def choose(params: dict[str, Any], ctx: Context) -> Any:
    """Pick one of ``users``: ``[{name, avatar, emplId}]``; default the first not disabled."""
    return ask(
        ctx, custom_picker("biz.customContact.choose", params, directory(ctx), multiple=False)
    )


@ns.method("multipleChoose")
def multiple_choose(params: dict[str, Any], ctx: Context) -> Any:
    """Pick several of ``users``: ``[{name, avatar, emplId}]``; default ``selectedUsers``."""
    return ask(
        ctx,
        custom_picker("biz.customContact.multipleChoose", params, directory(ctx), multiple=True),
    )

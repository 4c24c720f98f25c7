"""``device.nfc``: read and write NFC tags that Python taps against the phone.

Reads and writes wait for a tag (``device.nfc.tap(...)`` or a tag held with
``device.nfc.hold(...)``); ``nfcStop`` cancels them with "-1".
"""

from __future__ import annotations

from typing import Any

from bridge.errors import ConfigError, InvalidParams

from ..context import Context
from ..registry import Namespace, then

__all__ = ["ns"]

ns = Namespace("device.nfc")


@ns.method("nfcRead")
def nfc_read(params: dict[str, Any], ctx: Context) -> Any:
    """The text of the next tag tapped: ``{content}``."""
    return then(ctx.device.nfc.read(), lambda content: {"content": content})


@ns.method("nfcReadCardNumber")
def nfc_read_card_number(params: dict[str, Any], ctx: Context) -> Any:
    """The UID of the next tag tapped, in hex: ``{content}``."""
    return then(ctx.device.nfc.read_id(), lambda tag_id: {"content": tag_id})


@ns.method("nfcWrite")
def nfc_write(params: dict[str, Any], ctx: Context) -> Any:
    """Write ``content`` to the next tag tapped; ``{}`` once written."""
    content = params.get("content")
    if content is None:
        raise InvalidParams("param 'content' is required by device.nfc.nfcWrite")
    try:
        written = ctx.device.nfc.write(content)
    except ConfigError as exc:
        raise InvalidParams(f"param 'content': {exc}") from None
    return then(written, lambda _: {})


@ns.method("nfcStop")
def nfc_stop(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Stop reading or writing: the waiting calls fail with "-1"."""
    ctx.device.nfc.stop()
    return {}

"""``biz.util``: scanning (pickers and the rest arrive with later capabilities)."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..registry import Namespace, then

__all__ = ["ns"]

ns = Namespace("biz.util")


@ns.method("scan")
def scan(params: dict[str, Any], ctx: Context) -> Any:
    """Scan a code: the next text or image in the device's scan queue, else its default policy.

    ``qrCode`` reads 2D codes only, ``barCode`` linear ones, ``all`` both; an
    image without a code of that kind cancels the scan (``"-1"``).
    """
    wanted = {"qr": "qrCode", "bar": "barCode"}.get(params.get("type", "all"), params.get("type"))

    def shape(text: str) -> dict[str, Any]:
        # The typings say {code}, DingTalk's docs say {text}: the client gives both.
        return {"text": text, "code": text}

    return then(ctx.device.scan.take(wanted or "all"), shape)

"""``biz.file``: choosing files from the phone (docs/reference/media.md)."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..ranges import whole_in
from ..registry import Namespace
from .images import file_url

__all__ = ["MAX_FILES_CHOSEN", "ns"]

ns = Namespace("biz.file")

#: The most files one picker gives.
MAX_FILES_CHOSEN = 100


@ns.method("chooseFile")
def choose_file(params: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Files of the phone's storage: ``count`` with ``multiSelection``, else one; cancel "-1"."""
    count = whole_in(params, "count", 1, MAX_FILES_CHOSEN, MAX_FILES_CHOSEN)
    if params.get("multiSelection") is not True:
        count = 1
    picked = ctx.device.media.pick_files(count)
    return {"files": [{"name": f.name, "path": file_url(ctx, f), "size": f.size} for f in picked]}

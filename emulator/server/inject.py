"""Put the shim's ``<script>`` first in an HTML page's ``<head>``, without parsing it."""

from __future__ import annotations

import re

__all__ = ["inject_head"]

_HEAD = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_HTML = re.compile(rb"<html(?:\s[^>]*)?>", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!doctype[^>]*>", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)


def inject_head(html: bytes, tag: bytes) -> bytes:
    """Return ``html`` with ``tag`` as the first element of ``<head>``.

    Works on bytes so a page in any ASCII-compatible charset passes through
    unchanged. Pages without ``<head>`` get it after ``<html>``, then after the
    doctype, then at the very start: the browser puts it in the head anyway.
    A ``<head>`` inside a comment is skipped.
    """
    comments = [m.span() for m in _COMMENT.finditer(html)]

    def first(pattern: re.Pattern[bytes]) -> int | None:
        for match in pattern.finditer(html):
            if not any(start <= match.start() < end for start, end in comments):
                return match.end()
        return None

    for pattern in (_HEAD, _HTML, _DOCTYPE):
        at = first(pattern)
        if at is not None:
            return html[:at] + tag + html[at:]
    return tag + html

"""Put the shim's ``<script>`` first in an HTML page's ``<head>``, without parsing it."""

from __future__ import annotations

import re

__all__ = ["inject_head", "rewrite_cdn"]

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


# <script ... src="https://g.alicdn.com/.../dingtalk.open.js?x"> on any foreign
# host (absolute or protocol-relative URL): the CDN copy of dingtalk-jsapi.
_CDN_SRC = re.compile(
    rb"""(<script\b[^>]*?\bsrc\s*=\s*)(["']?)(?:https?:)?//[^"'\s>/]+/[^"'\s>]*?"""
    rb"""dingtalk\.open\.js(?:[?#][^"'\s>]*)?\2""",
    re.IGNORECASE,
)
_LOCAL_HOSTS = (b"//localhost", b"//127.0.0.1", b"//[::1]")


def rewrite_cdn(html: bytes, local_src: bytes) -> bytes:
    """Point each ``<script src>`` of a foreign ``dingtalk.open.js`` at ``local_src``.

    Pages served by ddemu then get ddemu's own ``dd`` instead of the CDN
    library, and work offline. Local URLs (localhost, 127.0.0.1) stay.
    """

    def replace(match: re.Match[bytes]) -> bytes:
        url = match.group(0)[len(match.group(1)) :]
        if any(host in url.lower() for host in _LOCAL_HOSTS):
            return match.group(0)
        quote = match.group(2) or b'"'
        return match.group(1) + quote + local_src + quote

    return _CDN_SRC.sub(replace, html)

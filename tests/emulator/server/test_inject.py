"""Tests of emulator.server.inject: the shim tag goes first in <head>."""

from __future__ import annotations

import pytest

from emulator.server.inject import inject_head

TAG = b'<script src="/__ddemu__/shim.js"></script>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            b"<!doctype html><html><head><title>t</title></head><body></body></html>",
            b"<!doctype html><html><head>" + TAG + b"<title>t</title></head><body></body></html>",
        ),
        (
            b'<html><head lang="zh-CN" data-x=1><meta charset="utf-8"></head></html>',
            b'<html><head lang="zh-CN" data-x=1>' + TAG + b'<meta charset="utf-8"></head></html>',
        ),
        (b"<HTML><HEAD></HEAD></HTML>", b"<HTML><HEAD>" + TAG + b"</HEAD></HTML>"),
        (
            b"<html>\n<head\n  lang=en>\n</head></html>",
            b"<html>\n<head\n  lang=en>" + TAG + b"\n</head></html>",
        ),
    ],
)
def test_after_head(html: bytes, expected: bytes) -> None:
    """The tag goes right after the opening <head>, whatever its attributes or case."""
    assert inject_head(html, TAG) == expected


def test_not_into_header() -> None:
    """A <header> element is not mistaken for <head>."""
    html = b'<html lang="en"><body><header>Top</header></body></html>'
    assert (
        inject_head(html, TAG)
        == b'<html lang="en">' + TAG + b"<body><header>Top</header></body></html>"
    )


def test_header_before_head() -> None:
    """A <header> seen before the real <head> does not get the tag."""
    html = b"<!-- x --><html><head></head><body><header></header></body></html>"
    out = inject_head(html, TAG)
    assert out.count(TAG) == 1
    assert b"<head>" + TAG in out


def test_not_inside_comment() -> None:
    """A <head> inside a comment is skipped for the real one."""
    html = b"<!-- old: <head> --><html><head><title>t</title></head></html>"
    assert (
        inject_head(html, TAG)
        == b"<!-- old: <head> --><html><head>" + TAG + b"<title>t</title></head></html>"
    )


def test_only_commented_head() -> None:
    """A page whose only <head> is commented out gets the tag after <html>."""
    html = b"<html><!--<head>--><body></body></html>"
    assert inject_head(html, TAG) == b"<html>" + TAG + b"<!--<head>--><body></body></html>"


def test_no_head_after_html() -> None:
    """Without <head>, the tag goes right after <html>."""
    html = b'<!DOCTYPE html><html lang="zh"><body>hi</body></html>'
    assert (
        inject_head(html, TAG)
        == b'<!DOCTYPE html><html lang="zh">' + TAG + b"<body>hi</body></html>"
    )


def test_no_html_after_doctype() -> None:
    """Without <html>, the tag goes right after the doctype."""
    html = b"<!DOCTYPE html>\n<p>hi</p>"
    assert inject_head(html, TAG) == b"<!DOCTYPE html>" + TAG + b"\n<p>hi</p>"


def test_nothing_prepended() -> None:
    """A bare fragment gets the tag at the very start."""
    assert inject_head(b"<p>hi</p>", TAG) == TAG + b"<p>hi</p>"
    assert inject_head(b"", TAG) == TAG


def test_only_first_head() -> None:
    """Only the first <head> gets the tag."""
    html = b"<html><head></head><body><template><head></head></template></body></html>"
    assert inject_head(html, TAG).count(TAG) == 1


@pytest.mark.parametrize("charset", ["gbk", "gb18030", "big5", "shift_jis", "utf-8"])
def test_other_charsets_pass_through(charset: str) -> None:
    """Pages in other charsets keep every byte; only the tag is added."""
    html = f'<html><head><meta charset="{charset}"><title>钉钉应用</title></head></html>'.encode(
        charset, errors="replace"
    )
    out = inject_head(html, TAG)
    assert out.replace(TAG, b"", 1) == html
    assert out.index(TAG) == html.index(b"<head>") + len(b"<head>")

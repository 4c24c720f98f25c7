"""The ``dd.config`` signature: what a backend computes and the container checks.

A page's backend signs four values with the app's JSAPI ticket (from
``GET /get_jsapi_ticket`` or ``POST /v1.0/oauth2/jsapiTickets``)::

    plain = "jsapi_ticket=" + ticket + "&noncestr=" + nonceStr
            + "&timestamp=" + timeStamp + "&url=" + signed_url(url)
    signature = lowercase hex of SHA-1 or SHA-256 of utf8(plain)

The keys are in that fixed order and the values are not escaped. The URL is
the page's ``location.href`` as the official ``decodeUrl`` rewrites it (see
:func:`signed_url`). Old official material hashes with SHA-1, the current
samples with SHA-256; which one the live client enforces is not documented, so
:func:`verify` accepts either, chosen by the signature's length.

This module is pure: no I/O, no state. Backends and tests use it too::

    from jsapi.signature import sign
    signature = sign(ticket, "nonce42", 1700000000000, "https://h5.example.com/app/")
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal
from urllib.parse import unquote_plus, urlsplit

__all__ = ["Algorithm", "algorithm_of", "sign", "signed_url", "string_to_sign", "verify"]

#: The hashes a signature may use: ``sha1`` (40 hex digits) or ``sha256`` (64).
Algorithm = Literal["sha1", "sha256"]

_HEX_LENGTHS: dict[int, Algorithm] = {40: "sha1", 64: "sha256"}
_HEX_DIGITS = frozenset("0123456789abcdef")


def signed_url(url: str) -> str:
    """The page URL as it is signed: the official ``decodeUrl``.

    The fragment is dropped and the query is percent-decoded (``+`` becomes a
    space). The path stays as it is (``%20`` is kept). An explicit port is
    kept, so ``http://h:80/`` and ``http://h/`` differ. Nothing else is
    normalised, and no trailing ``/`` is added.
    """
    parts = urlsplit(url)
    text = parts.scheme + ":" if parts.scheme else ""
    if parts.netloc:
        text += "//" + parts.netloc
    text += parts.path
    if parts.query:
        text += "?" + unquote_plus(parts.query, encoding="utf-8")
    return text


def _text(value: str | int) -> str:
    # A page sends timeStamp as a number or a string; the number is signed as
    # JavaScript prints it, which for an integer is its decimal digits.
    return str(value)


def string_to_sign(
    ticket: str, nonce: str, timestamp: str | int, url: str, *, decode: bool = True
) -> str:
    """The plain text the signature hashes.

    ``url`` is rewritten by :func:`signed_url`, unless ``decode`` is false: then
    it is used as given, the way some backends get it wrong.
    """
    page = signed_url(url) if decode else url
    return f"jsapi_ticket={ticket}&noncestr={nonce}&timestamp={_text(timestamp)}&url={page}"


def sign(
    ticket: str,
    nonce: str,
    timestamp: str | int,
    url: str,
    algorithm: Algorithm = "sha256",
    *,
    decode: bool = True,
) -> str:
    """Sign a ``dd.config`` as a backend does.

    Args:
        ticket: The app's JSAPI ticket.
        nonce: The ``nonceStr`` the page will pass to ``dd.config``.
        timestamp: The ``timeStamp`` the page will pass, seconds or milliseconds.
        url: The page's URL; its fragment is dropped and its query decoded here.
        algorithm: ``"sha256"`` (current official samples) or ``"sha1"`` (older ones).
        decode: False to sign ``url`` exactly as given, skipping :func:`signed_url`.

    Returns:
        The lowercase hex digest.
    """
    plain = string_to_sign(ticket, nonce, timestamp, url, decode=decode).encode("utf-8")
    return hashlib.new(algorithm, plain).hexdigest()


def algorithm_of(signature: str) -> Algorithm | None:
    """The hash a signature was made with, by its length, or None if it is no hex digest.

    Upper-case hex digits are accepted.
    """
    text = signature.lower()
    if not set(text) <= _HEX_DIGITS:
        return None
    return _HEX_LENGTHS.get(len(text))


def verify(
    signature: str,
    ticket: str,
    nonce: str,
    timestamp: str | int,
    url: str,
    *,
    decode: bool = True,
) -> bool:
    """Whether ``signature`` signs these values, with SHA-1 or SHA-256 (by its length).

    A signature that is not a 40- or 64-digit hex string never verifies.
    ``decode`` is as for :func:`sign`.
    """
    algorithm = algorithm_of(signature)
    if algorithm is None:
        return False
    expected = sign(ticket, nonce, timestamp, url, algorithm, decode=decode)
    return hmac.compare_digest(expected, signature.lower())

"""URL parsing as Node's ``new URL`` does it, for the names of package entries.

The official packer names each entry after a URL parsed by the WHATWG URL
parser (``new URL(url)`` in Node), and joins a folder's files onto a prefix with
``new URL(path.join(prefix.pathname, file), prefix.origin)``. To name entries
byte for byte as it does, :func:`parse_url` implements the parts of that parser
that matter for web URLs with a host (``http``, ``https``, ``ws``, ``wss``,
``ftp``): stripping of spaces and tabs, backslashes read as slashes, hosts
lowercased (``0x7f.1`` read as ``127.0.0.1``, IPv6 compressed, international
names in punycode), default ports dropped, ``.`` and ``..`` segments resolved,
and the percent-encoding sets of Node 20 for path, query and fragment.

International host names go through a close approximation of UTS 46 (NFKC,
lower case, punycode); ASCII hosts are exact. ``file:`` and non-web schemes are
refused, since no package entry can be named after them.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["ParsedURL", "node_path_join", "parse_url"]

#: The web schemes with a host, and their default ports.
SPECIAL_PORTS: dict[str, int | None] = {
    "ftp": 21,
    "http": 80,
    "https": 443,
    "ws": 80,
    "wss": 443,
}

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
# Node 20 (ada): what each part percent-encodes, on top of C0 controls and
# everything above U+007E. Checked against `new URL` in tests/offline_packages.
_PATH_SET = frozenset(' "<>`{}')
_QUERY_SET = frozenset(" \"#<>'")
_FRAGMENT_SET = frozenset(' "<>`')
_FORBIDDEN_DOMAIN = frozenset(" #%/:<>?@[\\]^|\x7f")
_HEX = b"0123456789abcdefABCDEF"
_SINGLE_DOT = (".", "%2e")
_DOUBLE_DOT = ("..", ".%2e", "%2e.", "%2e%2e")
_IDEOGRAPHIC_STOPS = ("\u3002", "\uff0e", "\uff61")


@dataclass(frozen=True)
class ParsedURL:
    """A URL with a host, serialized part by part as ``URL`` does in Node.

    Attributes:
        scheme: Lower case, without the colon (``"https"``).
        host: The serialized host: ``"example.com"``, ``"127.0.0.1"``,
            ``"[::1]"``, ``"xn--fsqu00a.xn--0zwm56d"``.
        port: The port, or ``None`` when absent or the scheme's default.
        path: The percent-encoded path; always starts with ``/``.
        query: The percent-encoded query without ``?``, or ``None``.
        fragment: The percent-encoded fragment without ``#``, or ``None``.
    """

    scheme: str
    host: str
    port: int | None
    path: str
    query: str | None = None
    fragment: str | None = None

    @property
    def origin(self) -> str:
        """``scheme://host[:port]``, like ``URL.origin``."""
        port = "" if self.port is None else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}"

    @property
    def href(self) -> str:
        """The whole URL, like ``URL.href`` (without user info, which is not kept)."""
        query = "" if self.query is None else f"?{self.query}"
        fragment = "" if self.fragment is None else f"#{self.fragment}"
        return f"{self.origin}{self.path}{query}{fragment}"


def parse_url(text: str, base: ParsedURL | None = None) -> ParsedURL:
    """Parse ``text`` as ``new URL(text, base)`` does in Node.

    Args:
        text: An absolute URL, or one relative to ``base``.
        base: The URL that a relative ``text`` is resolved against.

    Returns:
        The parsed URL.

    Raises:
        ValueError: If ``text`` is not a valid URL, or its scheme is not a web
            scheme with a host (``file:``, ``data:``, ``mailto:`` ...).
    """
    text = _TAB_OR_NEWLINE.sub("", text.strip("".join(map(chr, range(0x21)))))
    match = _SCHEME.match(text)
    if match is None:
        if base is None:
            raise ValueError(f"not an absolute URL: {text!r}")
        return _relative(text, base)
    scheme = match.group()[:-1].lower()
    if scheme not in SPECIAL_PORTS:
        raise ValueError(f"unsupported scheme {scheme!r} in {text!r}")
    rest = text[match.end() :]
    if base is not None and base.scheme == scheme and not rest.startswith("//"):
        return _relative(rest, base)
    return _authority(scheme, rest.lstrip("/\\"))


def node_path_join(*parts: str) -> str:
    """Join and normalize like Node's POSIX ``path.join`` (one leading slash, no dots)."""
    joined = "/".join(part for part in parts if part)
    if not joined:
        return "."
    segments: list[str] = []
    absolute = joined.startswith("/")
    for segment in joined.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments and segments[-1] != "..":
                segments.pop()
            elif not absolute:
                segments.append("..")
            continue
        segments.append(segment)
    trailing = "/" if joined.endswith("/") and segments else ""
    body = "/".join(segments)
    if absolute:
        return "/" + body + trailing
    return (body or ".") + trailing


def _relative(text: str, base: ParsedURL) -> ParsedURL:
    if not text:
        return ParsedURL(base.scheme, base.host, base.port, base.path, base.query)
    if text[0] in "/\\":
        if len(text) > 1 and text[1] in "/\\":
            return _authority(base.scheme, text[2:].lstrip("/\\"))
        path, query, fragment = _path_query_fragment(text[1:], [])
    elif text[0] == "?":
        query, fragment = _query_fragment(text[1:])
        return ParsedURL(base.scheme, base.host, base.port, base.path, query, fragment)
    elif text[0] == "#":
        fragment = _encode(text[1:], _FRAGMENT_SET)
        return ParsedURL(base.scheme, base.host, base.port, base.path, base.query, fragment)
    else:
        path, query, fragment = _path_query_fragment(text, base.path.split("/")[1:-1])
    return ParsedURL(base.scheme, base.host, base.port, path, query, fragment)


def _authority(scheme: str, rest: str) -> ParsedURL:
    end = next((i for i, c in enumerate(rest) if c in "/\\?#"), len(rest))
    authority, remainder = rest[:end], rest[end:]
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        close = hostport.find("]")
        host_text, port_text = hostport[: close + 1], hostport[close + 1 :]
        if close < 0 or (port_text and not port_text.startswith(":")):
            raise ValueError(f"invalid IPv6 host in {authority!r}")
        port_text = port_text[1:]
    else:
        host_text, _, port_text = hostport.partition(":")
    if not host_text:
        raise ValueError(f"empty host in {scheme}://{rest}")
    port: int | None = None
    if port_text:
        if not port_text.isascii() or not port_text.isdigit():
            raise ValueError(f"invalid port {port_text!r}")
        port = int(port_text)
        if port > 65535:
            raise ValueError(f"port out of range: {port}")
        if port == SPECIAL_PORTS[scheme]:
            port = None
    host = _parse_host(host_text)
    if remainder[:1] in ("/", "\\"):
        remainder = remainder[1:]  # else "?" or "#" right after the host: the path is "/"
    path, query, fragment = _path_query_fragment(remainder, [])
    return ParsedURL(scheme, host, port, path, query, fragment)


def _path_query_fragment(text: str, segments: list[str]) -> tuple[str, str | None, str | None]:
    """Parse the path after its first slash, onto ``segments``, then query and fragment."""
    end = next((i for i, c in enumerate(text) if c in "?#"), len(text))
    pieces = re.split(r"[/\\]", text[:end])
    segments = list(segments)
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        buffer = _encode(piece, _PATH_SET)
        lowered = buffer.lower()
        if lowered in _DOUBLE_DOT:
            if segments:
                segments.pop()
            if last:
                segments.append("")
        elif lowered in _SINGLE_DOT:
            if last:
                segments.append("")
        else:
            segments.append(buffer)
    query: str | None = None
    fragment: str | None = None
    if text[end : end + 1] == "?":
        query, fragment = _query_fragment(text[end + 1 :])
    elif text[end : end + 1] == "#":
        fragment = _encode(text[end + 1 :], _FRAGMENT_SET)
    return "/" + "/".join(segments), query, fragment


def _query_fragment(text: str) -> tuple[str, str | None]:
    query, hash_sign, fragment = text.partition("#")
    return _encode(query, _QUERY_SET), (_encode(fragment, _FRAGMENT_SET) if hash_sign else None)


def _encode(text: str, extra: frozenset[str]) -> str:
    out: list[str] = []
    for char in text:
        code = ord(char)
        if 0x20 < code < 0x7F and char not in extra:
            out.append(char)
            continue
        if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: JS strings turn it into U+FFFD
            char = "\ufffd"
        out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _percent_decode(text: str) -> bytes:
    raw = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    index = 0
    while index < len(raw):
        byte = raw[index]
        hexdigits = raw[index + 1 : index + 3]
        if byte == 0x25 and len(hexdigits) == 2 and all(c in _HEX for c in hexdigits):
            out.append(int(hexdigits, 16))
            index += 3
        else:
            out.append(byte)
            index += 1
    return bytes(out)


def _parse_host(text: str) -> str:
    if text.startswith("["):
        if not text.endswith("]") or "%" in text:
            raise ValueError(f"invalid IPv6 host {text!r}")
        try:
            address = ipaddress.IPv6Address(text[1:-1])
        except ValueError:
            raise ValueError(f"invalid IPv6 host {text!r}") from None
        return f"[{_serialize_ipv6(address)}]"
    domain = _percent_decode(text).decode("utf-8", "replace")
    ascii_domain = _domain_to_ascii(domain)
    if any(c in _FORBIDDEN_DOMAIN or ord(c) < 0x20 for c in ascii_domain):
        raise ValueError(f"forbidden character in host {text!r}")
    if _ends_in_number(ascii_domain):
        return _parse_ipv4(ascii_domain)
    return ascii_domain


def _domain_to_ascii(domain: str) -> str:
    if domain.isascii():
        mapped = domain.lower()
    else:
        mapped = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", domain).lower())
        for stop in _IDEOGRAPHIC_STOPS:
            mapped = mapped.replace(stop, ".")
        mapped = mapped.replace("\u00ad", "")  # UTS 46 maps the soft hyphen to nothing
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label)
            continue
        if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs") for c in label) or (
            "\ufffd" in label
        ):
            raise ValueError(f"invalid character in host {domain!r}")
        labels.append("xn--" + label.encode("punycode").decode("ascii"))
    result = ".".join(labels)
    if not result:
        raise ValueError("empty host")
    return result


def _ends_in_number(domain: str) -> bool:
    parts = domain.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    if last and last.isascii() and last.isdigit():
        return True
    return _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    if not part:
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        part, radix = part[1:], 8
    if not part:
        return 0
    digits = {10: "0123456789", 16: "0123456789abcdefABCDEF", 8: "01234567"}[radix]
    if any(c not in digits for c in part):
        return None
    return int(part, radix)


def _parse_ipv4(domain: str) -> str:
    parts = domain.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        raise ValueError(f"invalid IPv4 host {domain!r}")
    numbers = []
    for part in parts:
        number = _ipv4_number(part)
        if number is None:
            raise ValueError(f"invalid IPv4 host {domain!r}")
        numbers.append(number)
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError(f"invalid IPv4 host {domain!r}")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number * 256 ** (3 - index)
    return str(ipaddress.IPv4Address(value))


def _serialize_ipv6(address: ipaddress.IPv6Address) -> str:
    """Serialize as the URL standard does: hex pieces, the longest zero run compressed."""
    packed = address.packed
    pieces = [int.from_bytes(packed[i : i + 2], "big") for i in range(0, 16, 2)]
    best_start, best_length = -1, 1
    index = 0
    while index < 8:
        if pieces[index] == 0:
            end = index
            while end < 8 and pieces[end] == 0:
                end += 1
            if end - index > best_length:
                best_start, best_length = index, end - index
            index = end
        else:
            index += 1
    if best_start < 0:
        return ":".join(f"{piece:x}" for piece in pieces)
    head = ":".join(f"{piece:x}" for piece in pieces[:best_start])
    tail = ":".join(f"{piece:x}" for piece in pieces[best_start + best_length :])
    return f"{head}::{tail}"

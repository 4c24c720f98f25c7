"""Tests of jsapi.signature: the dd.config signature, against the reference's worked examples."""

from __future__ import annotations

import pytest

from jsapi.signature import algorithm_of, sign, signed_url, string_to_sign, verify

#: dingtalk-server-api.md §2: ticket, nonceStr, timeStamp, url, SHA-1, SHA-256.
WORKED_EXAMPLES = [
    pytest.param(
        "mS5k98fdkdgDKxkXGEs8LORVREiweeWETE40P37wkidkfksDSKDJFD5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcKIDU8l",
        "Zn4zmLFKD0wzilzM",
        "1414588745",
        "http://open.dingtalk.com",
        "10de2b0a6763ec3685a50272b5b0eb2848098dc2",
        "6d6e0580d57aac61e427c1e82e7545cca4eed5c59ae6bb468c6bf6f89753cdb2",
        id="doc-2016",
    ),
    pytest.param(
        "zHoQdGJuH0ZDebwo7sLqLzHGUueLmkWCC4RycYgkuvDu3eoROgN5qhwnQLgfzwEXtuR9SDzh6BdhyVngzAjrxV",
        "abcdefgh",
        "1437027269927",
        "http://10.62.53.138:3000/jsapi",
        "810e6657e9f411e6491b3e97dfaf7660e89eb874",
        "f83d09ae579893dd206f49752d49c64ed5b1d495a2d769e9f63ba4d1909f90ed",
        id="java-demo",
    ),
    pytest.param(
        "TICKET123",
        "nonce42",
        "1700000000000",
        "https://h5.example.com/app/index.html?corpId=ding123&name=%E5%BC%A0%E4%B8%89#/home",
        "d36f200ccfab96dd61a1005e7dd94b63d8688f51",
        "d84951463736ce53d7be1f736e9f16372f2a84bb8591d6c647d105b77d5d7875",
        id="fragment-and-encoded-query",
    ),
]


@pytest.mark.parametrize(("ticket", "nonce", "timestamp", "url", "sha1", "sha256"), WORKED_EXAMPLES)
def test_worked_examples(
    ticket: str, nonce: str, timestamp: str, url: str, sha1: str, sha256: str
) -> None:
    """sign() gives the reference's SHA-1 and SHA-256 values, and verify() accepts both."""
    assert sign(ticket, nonce, timestamp, url, "sha1") == sha1
    assert sign(ticket, nonce, timestamp, url, "sha256") == sha256
    assert sign(ticket, nonce, timestamp, url) == sha256
    assert verify(sha1, ticket, nonce, timestamp, url)
    assert verify(sha256.upper(), ticket, nonce, timestamp, url)
    assert not verify(sha256, ticket, nonce + "x", timestamp, url)


def test_signed_url_of_the_third_example() -> None:
    """The fragment goes and the query is decoded: the reference's signed URL."""
    url = "https://h5.example.com/app/index.html?corpId=ding123&name=%E5%BC%A0%E4%B8%89#/home"
    assert signed_url(url) == "https://h5.example.com/app/index.html?corpId=ding123&name=张三"


@pytest.mark.parametrize(
    ("url", "signed"),
    [
        ("http://a.example/p%20q/?x=a%20b+c#frag", "http://a.example/p%20q/?x=a b c"),
        ("http://a.example:80/", "http://a.example:80/"),
        ("http://a.example", "http://a.example"),
        ("http://a.example/#/route?x=1", "http://a.example/"),
        ("http://a.example/?", "http://a.example/"),
        ("HTTP://Host.Example/Path", "http://Host.Example/Path"),
    ],
)
def test_signed_url_rules(url: str, signed: str) -> None:
    """decodeUrl: path raw, query decoded with + as space, port kept, nothing added."""
    assert signed_url(url) == signed


def test_string_to_sign_order_and_numbers() -> None:
    """The keys come in their fixed order; a numeric timeStamp is signed as its digits."""
    assert string_to_sign("T", "n", 1700000000, "http://a/#x") == (
        "jsapi_ticket=T&noncestr=n&timestamp=1700000000&url=http://a/"
    )
    assert sign("T", "n", 1700000000, "http://a/") == sign("T", "n", "1700000000", "http://a/")


def test_decode_false_signs_the_url_as_given() -> None:
    """decode=False signs the raw URL, as backends that skip decodeUrl do."""
    url = "http://a/?q=%E5%BC%A0#frag"
    raw = sign("T", "n", "1", url, decode=False)
    assert raw != sign("T", "n", "1", url)
    assert verify(raw, "T", "n", "1", url, decode=False)
    assert not verify(raw, "T", "n", "1", url)


@pytest.mark.parametrize(
    ("signature", "algorithm"),
    [
        ("a" * 40, "sha1"),
        ("A" * 64, "sha256"),
        ("a" * 39, None),
        ("g" * 40, None),
        ("", None),
        ("a" * 128, None),
    ],
)
def test_algorithm_by_length(signature: str, algorithm: str | None) -> None:
    """40 hex digits are SHA-1, 64 are SHA-256, anything else is no signature."""
    assert algorithm_of(signature) == algorithm
    if algorithm is None:
        assert not verify(signature, "T", "n", "1", "http://a/")

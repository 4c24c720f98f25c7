"""ddemu's own dd for CDN pages: the HTML rewrite and the served file."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.server import create_app
from emulator.server.inject import rewrite_cdn
from jsapi.catalog import load_catalog
from jsapi.cdn import export_table

LOCAL = b"/__ddemu__/dingtalk.open.js"


@pytest.mark.parametrize(
    "src",
    [
        b'"https://g.alicdn.com/dingding/dingtalk-jsapi/3.2.9/dingtalk.open.js"',
        b'"https://g.alicdn.com/dingding/open/dingtalk.open.js"',
        b"'//g.alicdn.com/dingding/dingtalk-jsapi/2.10.3/dingtalk.open.js?v=1'",
        b'"http://cdn.example.com/lib/dingtalk.open.js"',
    ],
)
def test_cdn_src_is_rewritten(src: bytes) -> None:
    page = b'<html><head><script type="text/javascript" src=' + src + b"></script></head></html>"
    out = rewrite_cdn(page, LOCAL)
    assert b"/__ddemu__/dingtalk.open.js" in out
    assert b"alicdn" not in out and b"example.com" not in out
    assert out.startswith(b'<html><head><script type="text/javascript" src=')


@pytest.mark.parametrize(
    "tag",
    [
        b'<script src="/dingtalk.open.js"></script>',
        b'<script src="dist/dingtalk.open.js"></script>',
        b'<script src="http://localhost:8080/dingtalk.open.js"></script>',
        b'<script src="https://g.alicdn.com/other/lib.js"></script>',
        b'<link href="https://g.alicdn.com/dingding/open/dingtalk.open.js">',
    ],
)
def test_other_sources_stay(tag: bytes) -> None:
    assert rewrite_cdn(tag, LOCAL) == tag


def test_export_table_from_catalog() -> None:
    table = export_table(load_catalog())
    exports = table["exports"]
    assert exports["device.base.getPhoneInfo"] == {
        "method": "device.base.getPhoneInfo",
        "watch": False,
    }
    assert exports["closeBluetoothAdapter"]["action"] == "closeBluetoothAdapter"
    assert exports["closeBluetoothAdapter"]["method"] == "runtime.h5nuvabridge.exec"
    assert any(spec["watch"] for spec in exports.values())
    assert table["events"]["bizEvent.BLECharacteristicValueChange"]["on"] == [
        "onBLECharacteristicValueChange"
    ]


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    page = (
        b"<!doctype html><html><head>"
        b'<script src="https://g.alicdn.com/dingding/dingtalk-jsapi/3.2.9/dingtalk.open.js">'
        b"</script></head><body>cdn</body></html>"
    )
    (tmp_path / "index.html").write_bytes(page)
    app = create_app({"TESTING": True, "DDEMU_EMULATOR": Emulator(app=tmp_path)})
    return app.test_client()


def test_served_page_is_rewritten(client: FlaskClient) -> None:
    body = client.get("/").data
    assert b'<script src="/__ddemu__/dingtalk.open.js"></script>' in body
    assert b"alicdn" not in body
    assert body.index(b"/__ddemu__/shim.js") < body.index(b"/__ddemu__/dingtalk.open.js")


def test_library_is_served(client: FlaskClient) -> None:
    response = client.get("/__ddemu__/dingtalk.open.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    text = response.get_data(as_text=True)
    assert text.startswith("window.__DDEMU_DD_TABLE__ = {")
    assert "device.base.getPhoneInfo" in text


def test_pc_page_gets_ddemus_dd_too(tmp_path: Path) -> None:
    """On PC too the CDN script is ddemu's dd, which talks to the host shell by postMessage."""
    src = b'<script src="https://g.alicdn.com/dingding/open/dingtalk.open.js"></script>'
    (tmp_path / "index.html").write_bytes(b"<html><head>" + src + b"</head></html>")
    emulator = Emulator(app=tmp_path)
    emulator.reset(persona="pc")
    client = create_app({"TESTING": True, "DDEMU_EMULATOR": emulator}).test_client()
    page = client.get("/").data
    assert src not in page
    assert b'<script src="/__ddemu__/dingtalk.open.js"></script>' in page

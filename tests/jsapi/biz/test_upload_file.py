"""Tests of jsapi.biz.upload_file: the client posts a file of the phone to a real server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, request
from werkzeug.serving import make_server

from bridge.errors import InvalidParams, Unavailable
from emulator.device import Device


@pytest.fixture
def server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A real HTTP server on 127.0.0.1 that records each upload; 418 on /teapot."""
    received: list[dict[str, Any]] = []
    app = Flask("uploads")

    @app.post("/upload")
    def upload() -> tuple[dict[str, Any], int, dict[str, str]]:
        file = request.files["photo"]
        received.append(
            {
                "name": file.filename,
                "data": file.read(),
                "form": request.form.to_dict(),
                "token": request.headers.get("X-Token"),
            }
        )
        return {"ok": True}, 201, {"X-Answer": "yes"}

    @app.post("/teapot")
    def teapot() -> tuple[str, int]:
        return "short and stout", 418

    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_port}", received
    http.shutdown()
    http.server_close()


def test_file_reaches_the_server(
    call_jsapi: Callable[..., Any], device: Device, server: tuple[str, list[dict[str, Any]]]
) -> None:
    """The file, the form fields and the headers arrive; the page gets the server's answer."""
    base, received = server
    (doc,) = device.media.add_files(("合同.pdf", b"%PDF-1.4 contract"))
    answer = call_jsapi(
        "biz.util.uploadFile",
        {
            "url": base + "/upload",
            "filePath": "http://127.0.0.1:1" + doc.path("phone"),
            "fileName": "photo",
            "formData": {"orderId": 42},
            "header": {"X-Token": "t-1"},
        },
    ).result(timeout=10)
    assert received == [
        {
            "name": "合同.pdf",
            "data": b"%PDF-1.4 contract",
            "form": {"orderId": "42"},
            "token": "t-1",
        }
    ]
    assert answer["statusCode"] == "201"
    assert answer["data"].strip() == '{"ok":true}'
    assert answer["header"]["X-Answer"] == "yes"


def test_error_status_is_an_answer(
    call_jsapi: Callable[..., Any], device: Device, server: tuple[str, list[dict[str, Any]]]
) -> None:
    """A 4xx from the server is still the page's answer, with its status."""
    (doc,) = device.media.add_files(("a.txt", b"hello"))
    answer = call_jsapi(
        "biz.util.uploadFile", {"url": server[0] + "/teapot", "filePath": doc.path("phone")}
    ).result(timeout=10)
    assert (answer["statusCode"], answer["data"]) == ("418", "short and stout")


def test_unreachable_server(call_jsapi: Callable[..., Any], device: Device) -> None:
    """A server that cannot be reached answers "9" naming the URL."""
    (doc,) = device.media.add_files(("a.txt", b"hello"))
    future = call_jsapi(
        "biz.util.uploadFile", {"url": "http://127.0.0.1:9/x", "filePath": doc.path("phone")}
    )
    assert isinstance(future.exception(timeout=10), Unavailable)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"url": "ftp://x/y", "filePath": "p"}, "'url'"),
        ({"url": "http://x/y", "filePath": "/not/a/phone/file"}, "'filePath'"),
        ({"url": "http://x/y"}, "'filePath' is required"),
    ],
)
def test_bad_params(call_jsapi: Callable[..., Any], params: dict[str, Any], named: str) -> None:
    """A URL that is not http(s) or a path no picker gave answer "3" naming it."""
    with pytest.raises(InvalidParams, match=named):
        call_jsapi("biz.util.uploadFile", params)

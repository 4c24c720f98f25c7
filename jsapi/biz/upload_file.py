"""``biz.util.uploadFile``: the client posts a file of the phone to the page's server.

As the client does, ddemu sends a ``multipart/form-data`` POST to ``url``: the
file at ``filePath`` (a path a picker gave the page) in the field ``fileName``,
the ``formData`` fields, the ``header`` headers. The page gets the server's
answer: ``{data, statusCode, header}``, whatever the status.
"""

from __future__ import annotations

import secrets
import threading
import urllib.error
import urllib.request
from concurrent.futures import Future
from typing import Any
from urllib.parse import urlsplit

from bridge.errors import InvalidParams, Unavailable
from bridge.futures import settle

from ..context import Context
from ..registry import Namespace

__all__ = ["UPLOAD_TIMEOUT", "ns"]

ns = Namespace("biz.util")

#: Seconds the client waits for the server's answer.
UPLOAD_TIMEOUT = 30.0


def _fields(params: dict[str, Any], name: str) -> dict[str, str]:
    value = params.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidParams(f"param {name!r} must be an object, got {value!r}")
    return {str(k): v if isinstance(v, str) else str(v) for k, v in value.items()}


def _body(field: str, name: str, mime: str, data: bytes, form: dict[str, str]) -> tuple[bytes, str]:
    boundary = "----ddemu" + secrets.token_hex(12)
    parts: list[bytes] = []
    for key, value in form.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
        f"Content-Type: {mime}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@ns.method("uploadFile")
def upload_file(params: dict[str, Any], ctx: Context) -> Future[dict[str, Any]]:
    """POST a file of the phone to ``url``; the server's ``{data, statusCode, header}``."""
    url = params.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise InvalidParams(f"param 'url' must be an http(s) URL, got {url!r}")
    path = params.get("filePath")
    file = ctx.device.media.file_at(path) if isinstance(path, str) else None
    if file is None:
        raise InvalidParams(f"param 'filePath' must be a path a picker gave the page, got {path!r}")
    field = params.get("fileName") or "file"
    if not isinstance(field, str):
        raise InvalidParams(f"param 'fileName' must be a string, got {field!r}")
    headers = _fields(params, "header")
    body, content_type = _body(field, file.name, file.mime, file.data, _fields(params, "formData"))
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    request.add_header("Content-Type", content_type)
    answer: Future[dict[str, Any]] = Future()

    def send() -> None:
        try:
            with urllib.request.urlopen(request, timeout=UPLOAD_TIMEOUT) as response:
                result = _result(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            result = _result(error.code, dict(error.headers), error.read())
        except (OSError, ValueError) as error:
            settle(answer, Unavailable(f"uploadFile: {url} could not be reached: {error}"))
            return
        settle(answer, result)

    threading.Thread(target=send, name="ddemu-upload", daemon=True).start()
    return answer


def _result(status: int, headers: dict[str, str], data: bytes) -> dict[str, Any]:
    return {"data": data.decode("utf-8", "replace"), "statusCode": str(status), "header": headers}

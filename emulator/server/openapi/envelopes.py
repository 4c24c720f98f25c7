"""The two hosts' envelopes (``reference/dingtalk-server-api.md`` §0, §6).

- Legacy host (``oapi``): always HTTP 200 with ``errcode``/``errmsg``; topapi
  paths add ``request_id`` and put data in ``result``; on topapi, auth and
  flow-control errors are wrapped as ``errcode`` 88 with a string ``sub_code``.
- New host (``api``, paths under ``/v1.0/``): bare JSON on success, HTTP
  4xx/5xx ``{code, message, requestid}`` on failure.

Handlers raise :class:`LegacyError` or :class:`NewHostError`; the error
handlers of the app turn them into responses with :func:`legacy_error` and
:func:`new_error`.
"""

from __future__ import annotations

import re
import secrets
import string
import uuid
from typing import Any

from flask import Response, jsonify, request

__all__ = [
    "LEGACY_MESSAGES",
    "LegacyError",
    "NewHostError",
    "is_new_host",
    "is_topapi",
    "legacy_error",
    "legacy_ok",
    "new_error",
    "top_api_name",
]

#: The ``errmsg`` of each legacy ``errcode`` the mock answers.
LEGACY_MESSAGES: dict[int, str] = {
    -1: "系统繁忙",
    22: "不合法ApiName",
    404: "请求的URI地址不存在",
    40000: "access_token is blank",
    40014: "不合法的access_token",
    40035: "不合法的参数",
    40078: "不存在的临时授权码",
    40089: "不合法的corpid或corpsecret",
    40096: "不合法的appKey或appSecret",
    41001: "缺少access_token参数",
    42001: "access_token超时",
    43001: "需要GET请求",
    43002: "需要POST请求",
    60003: "部门不存在",
    60121: "找不到该用户",
}

_NEW_HOST = re.compile(r"^/v\d+\.\d+/")
_ID_CHARS = string.ascii_lowercase + string.digits


class LegacyError(Exception):
    """An ``errcode`` answer of the legacy host.

    Args:
        errcode: The code, e.g. 40078.
        errmsg: The message; the code's usual one by default.
        wrapped: An auth or flow-control error, which topapi paths wrap as 88.
    """

    def __init__(self, errcode: int, errmsg: str | None = None, *, wrapped: bool = False) -> None:
        self.errcode = errcode
        self.errmsg = errmsg if errmsg is not None else LEGACY_MESSAGES.get(errcode, "")
        self.wrapped = wrapped
        super().__init__(f"{errcode} {self.errmsg}")


class NewHostError(Exception):
    """An error answer of the new host: HTTP ``status`` with ``{code, message, requestid}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(f"{status} {code} {message}")


def is_new_host(path: str) -> bool:
    """Whether ``path`` belongs to the new host (``/v1.0/...``)."""
    return _NEW_HOST.match(path) is not None


def is_topapi(path: str) -> bool:
    return path.startswith("/topapi/")


def top_api_name(path: str) -> str:
    """The TOP name of a topapi path: ``/topapi/v2/user/get`` -> ``dingtalk.oapi.v2.user.get``."""
    return "dingtalk.oapi." + path[len("/topapi/") :].strip("/").replace("/", ".")


def _legacy_request_id() -> str:
    return "".join(secrets.choice(_ID_CHARS) for _ in range(12))


def legacy_ok(**fields: Any) -> Response:
    """A legacy success: ``errcode`` 0, ``fields``, and ``request_id`` on topapi paths."""
    body: dict[str, Any] = {"errcode": 0, "errmsg": "ok", **fields}
    if is_topapi(request.path):
        body["request_id"] = _legacy_request_id()
    return jsonify(body)


def legacy_error(error: LegacyError) -> Response:
    """The body of a legacy error, HTTP 200, wrapped as 88 where topapi does it."""
    code, message = error.errcode, error.errmsg
    body: dict[str, Any]
    if not is_topapi(request.path):
        body = {"errcode": code, "errmsg": message}
    elif code == 22:
        # As the real gateway answers an unknown topapi path.
        detail = f"不合法ApiName，ApiName = {top_api_name(request.path)}"
        body = {"errcode": 22, "sub_msg": detail, "errmsg": f"Invalid method[submsg={detail}]"}
    elif error.wrapped:
        body = {
            "errcode": 88,
            "sub_code": str(code),
            "sub_msg": message,
            "errmsg": f"ding talk error[subcode={code},submsg={message}]",
        }
    else:
        body = {"errcode": code, "errmsg": message}
    if is_topapi(request.path):
        body["request_id"] = _legacy_request_id()
    return jsonify(body)


def new_error(error: NewHostError) -> Response:
    """The body of a new-host error, with its HTTP status."""
    body = {
        "code": error.code,
        "message": error.message,
        "requestid": str(uuid.uuid4()).upper(),
    }
    response = jsonify(body)
    response.status_code = error.status
    return response

"""What every request of the open-platform app goes through.

- JSON as the platform writes it: UTF-8 text (not ``\\u`` escapes), keys in order;
- the answers to errors: :class:`LegacyError` and :class:`NewHostError`; an
  unknown path (new host: 404 ``InvalidAction.NotFound``; topapi: 22; other
  legacy paths: errcode 404); a wrong method (new host: 404; legacy: 43001 needs
  GET, 43002 needs POST); a crash (recorded in ``emu.errors``; legacy -1, new 500);
- the log: every response, with the request that caused it, in ``emu.openapi_log``.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from ...calls import ApiCall
from .auth import emulator
from .envelopes import LegacyError, NewHostError, is_new_host, is_topapi, legacy_error, new_error
from .params import body_for_log

__all__ = ["init_app"]

logger = logging.getLogger("ddemu.openapi")

_NOT_FOUND = NewHostError(
    404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."
)


class _PlatformJson(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False


def init_app(app: Flask) -> None:
    """Install the JSON style, the error answers and the log on ``app``."""
    app.json = _PlatformJson(app)
    app.before_request(_start)
    app.after_request(_log)
    app.register_error_handler(LegacyError, legacy_error)
    app.register_error_handler(NewHostError, new_error)
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(MethodNotAllowed, _wrong_method)
    app.register_error_handler(Exception, _crash)


def _start() -> None:
    g.started = time.perf_counter()


def _not_found(error: NotFound) -> Response:
    if is_new_host(request.path):
        return new_error(_NOT_FOUND)
    return legacy_error(LegacyError(22 if is_topapi(request.path) else 404))


def _wrong_method(error: MethodNotAllowed) -> Response:
    if is_new_host(request.path):
        return new_error(_NOT_FOUND)
    return legacy_error(LegacyError(43002 if "POST" in (error.valid_methods or ()) else 43001))


def _crash(error: Exception) -> Response | HTTPException:
    if isinstance(error, HTTPException):
        return error
    logger.exception("open platform: %s %s failed", request.method, request.path)
    emulator().errors.append(error)
    if is_new_host(request.path):
        return new_error(NewHostError(500, "system.error", "系统错误"))
    return legacy_error(LegacyError(-1))


def _log(response: Response) -> Response:
    started = g.get("started", time.perf_counter())
    emu = emulator()
    emu.openapi_log.append(
        ApiCall(
            method=request.method,
            path=request.path,
            query=request.args.to_dict(),
            body=body_for_log(),
            status=response.status_code,
            response=response.get_json(silent=True),
            app_key=g.get("app_key"),
            duration=time.perf_counter() - started,
            at=emu.clock.now(),
        )
    )
    return response

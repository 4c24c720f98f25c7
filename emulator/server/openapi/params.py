"""Reading a request's parameters the way each host does.

- Legacy host: the query; on topapi paths also the body, JSON or form
  (the docs' curl examples send forms, the SDKs JSON). Form values are
  strings, so numbers, booleans and JSON objects are read from strings too.
  A missing parameter is 40035 "缺少参数 NAME", a wrong one 40035 "不合法的参数 NAME".
- New host: a JSON body only; anything else is 400 ``Missingbody`` ("body is
  mandatory for this action."), and a missing field 400 ``MissingNAME``, the
  way the API gateway names them.
"""

from __future__ import annotations

import json
from typing import Any

from flask import request

from .envelopes import LegacyError, NewHostError, is_topapi

__all__ = [
    "body_for_log",
    "id_list",
    "is_form",
    "json_body",
    "legacy_params",
    "need_field",
    "need_str",
    "opt_bool",
    "opt_int",
    "opt_object",
]

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_form() -> bool:
    """Whether the body is a form (urlencoded or multipart)."""
    return request.mimetype in _FORMS


def _missing(name: str) -> LegacyError:
    return LegacyError(40035, f"缺少参数 {name}")


def _invalid(name: str) -> LegacyError:
    return LegacyError(40035, f"不合法的参数 {name}")


def legacy_params() -> dict[str, Any]:
    """The query, overlaid on topapi paths with the body's fields.

    Raises:
        LegacyError: 40035 for a topapi body that is neither a form nor a JSON object.
    """
    params: dict[str, Any] = request.args.to_dict()
    if not is_topapi(request.path):
        return params
    if is_form():
        params.update(request.form.to_dict())
        return params
    data = request.get_data()
    if data.strip():
        try:
            body = json.loads(data)
        except ValueError:
            raise _invalid("body: not JSON") from None
        if not isinstance(body, dict):
            raise _invalid("body: not a JSON object")
        params.update(body)
    return params


def need_str(params: dict[str, Any], name: str) -> str:
    """A required text (or number) parameter."""
    value = params.get(name)
    if value is None or value == "":
        raise _missing(name)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _invalid(name)
    return str(value)


def opt_int(params: dict[str, Any], name: str, default: int | None = None) -> int | None:
    """An integer parameter, given as a number or a string of digits."""
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise _invalid(name)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _invalid(name) from None


def opt_bool(params: dict[str, Any], name: str) -> bool:
    """A boolean parameter: ``true``/``false`` as JSON or as form text."""
    value = params.get(name, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", ""):
        return value.lower() == "true"
    raise _invalid(name)


def opt_object(params: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A JSON-object parameter, given as an object or, in a form, as JSON text."""
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _invalid(name) from None
    if not isinstance(value, dict):
        raise _invalid(name)
    return value


def id_list(params: dict[str, Any], name: str) -> list[str]:
    """A list parameter such as ``userid_list``: ``"a,b"``, or a JSON array."""
    value = params.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    raise _invalid(name)


def json_body() -> dict[str, Any]:
    """The new host's JSON object body.

    Raises:
        NewHostError: 400 ``Missingbody`` unless the body is a JSON object sent as JSON.
    """
    missing = NewHostError(400, "Missingbody", "body is mandatory for this action.")
    if request.mimetype != "application/json":
        raise missing
    try:
        body = json.loads(request.get_data())
    except ValueError:
        raise missing from None
    if not isinstance(body, dict):
        raise missing
    return body


def need_field(body: dict[str, Any], name: str) -> str:
    """A required text field of a new-host body."""
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise NewHostError(400, f"Missing{name}", f"{name} is mandatory for this action.")
    return value


def body_for_log() -> Any:
    """The body as parsed for the log: a form or JSON, else its text, None if empty."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        return f"<{request.content_length} bytes, over the limit of {limit}: not read>"
    if is_form():  # before get_data(), which finds nothing once the form is parsed
        return request.form.to_dict() or None
    data = request.get_data()
    if not data:
        return None
    text = data.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text

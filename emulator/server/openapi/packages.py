"""New host: the offline-package publish API (``/v1.0/package/...``) and its object storage.

Both clients' paths are served: the official SDK's (``alibabacloud-dingtalk``
``package_1_0``) and the official CLI's (``dingtalk-h5package-opensdk``,
``OpenSDK.ts``). Common to both, under ``/v1.0/package``:

- ``GET /uploadTokens`` -> storage credentials and the object key;
- ``POST /h5/asyncUpload`` -> ``{taskId}``: builds the upload into the next version;
- ``GET /h5/uploadStatus`` -> ``{status, version, ...}`` ("1" built, "2" failed);
- ``GET /h5/versions`` (``pageNumber`` or the CLI's ``pageNum``, ``pageSize``);
- ``POST /h5/publish`` -> ``{success}``.

Where they differ (SDK | CLI):

- close: ``POST /h5/microApps/close`` | ``POST /h5/close``;
- open (agentId -> miniAppId): ``POST /h5/microApps/open`` | none;
- gray deploy, exit: ``POST /greys/deploy``, ``/greys/exit`` | ``/release/gray/deploy``, ``/exit``;
- gray percent: ``GET /greys/users/percents``, ``POST /greys/users/percents/release`` |
  ``GET`` and ``POST /release/gray/user/percent``;
- gray corps: ``GET /greys/organizations``, ``POST /greys/organizations/release`` |
  ``GET`` and ``POST /release/gray/org``;
- gray users: ``GET /greys/users`` | ``GET`` and ``POST /release/gray/user/staffIds``.

Parameters are read from the query and the JSON body alike (the CLI sends its
gray GETs' parameters in a body). Every call needs an app token in
``x-acs-dingtalk-access-token``; an app id belongs to the app that first asked
for an upload token for it (or opened it), and other apps get 403.

The upload token names ddemu's own object storage: the ``endpoint`` is the
open platform's origin, where ``PUT /<bucket>/<key>`` (or ``PUT /<key>`` with
the bucket in the ``Host``) stores the package, checked against the upload
credentials with OSS's signature (V1, HMAC-SHA1), as ``ali-oss`` signs it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, g, request

from offline_packages.store import BuildStatus, PackageStore, StoreError

from .auth import new_app_token, platform
from .envelopes import NewHostError, is_new_host

__all__ = ["OSS_BUCKET", "UPLOAD_TOKEN_LIFETIME", "bp"]

bp = Blueprint("openapi_packages", __name__, url_prefix="/v1.0/package")

#: The bucket name in upload tokens.
OSS_BUCKET = "ddemu-packages"
#: Seconds an upload token's credentials stay valid.
UPLOAD_TOKEN_LIFETIME = 3600


def _store() -> PackageStore:
    store: PackageStore = platform().packages
    return store


def _params() -> dict[str, Any]:
    """The query overlaid with the JSON body's fields, if it has any."""
    params: dict[str, Any] = request.args.to_dict()
    data = request.get_data()
    if data.strip():
        try:
            body = json.loads(data)
        except ValueError:
            raise NewHostError(400, "InvalidBody", "body is not valid JSON") from None
        if isinstance(body, dict):
            params.update(body)
    return params


def _need(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value is None or value == "":
        raise NewHostError(400, f"Missing{name}", f"{name} is mandatory for this action.")
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise NewHostError(400, f"invalidParameter.{name}", f"不合法的参数 {name}")
    return str(value)


def _owned_app(params: dict[str, Any]) -> str:
    """The ``miniAppId`` of the call, once the caller's token is known to own it."""
    token = new_app_token()
    app_id = _need(params, "miniAppId")
    _call(_store().check_owner, app_id, token.app_key)
    g.package_owner = token.app_key
    return app_id


def _call(action: Any, *args: Any) -> Any:
    try:
        return action(*args)
    except StoreError as exc:
        raise NewHostError(exc.status, exc.code, exc.message) from None


@bp.get("/uploadTokens")
def upload_tokens() -> dict[str, Any]:
    """Credentials for one upload to ddemu's storage, and the object key to use."""
    params = _params()
    token = new_app_token()
    app_id = _need(params, "miniAppId")
    store = _store()
    _call(store.register, app_id, token.app_key)
    creds = store.issue_upload(app_id, UPLOAD_TOKEN_LIFETIME)
    expiration = datetime.fromtimestamp(creds.expires_at, UTC)
    return {
        "accessKeyId": creds.access_key_id,
        "accessKeySecret": creds.secret,
        "stsToken": creds.sts_token,
        "bucket": OSS_BUCKET,
        "region": "oss-cn-ddemu",
        "endpoint": request.host_url.rstrip("/"),
        "name": creds.key,
        "expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


@bp.post("/h5/asyncUpload")
def async_upload() -> dict[str, Any]:
    """Build the uploaded object into the app's next version; answers the task id."""
    params = _params()
    app_id = _owned_app(params)
    key = _need(params, "ossObjectKey")
    task_id = _call(lambda: _store().build(app_id, key, creator=g.package_owner))
    return {"taskId": task_id}


@bp.get("/h5/uploadStatus")
def upload_status() -> dict[str, Any]:
    """A build task: ``status`` "1" done (with ``version``), "2" failed, as the CLI reads it."""
    params = _params()
    app_id = _owned_app(params)
    task: dict[str, Any] = _call(_store().poll, app_id, _need(params, "taskId"))
    if task["status"] == BuildStatus.PACKING:
        return task
    answer = {k: task[k] for k in ("status", "taskId", "finished", "buildTime", "packageSize")}
    if task["status"] == BuildStatus.SUCCESS:
        answer["version"] = task["version"]
    return answer


def _page(params: dict[str, Any], *names: str, default: int) -> int:
    for name in names:
        if name in params:
            try:
                value = int(params[name])
            except (TypeError, ValueError):
                raise NewHostError(
                    400, f"invalidParameter.{name}", f"不合法的参数 {name}"
                ) from None
            if value < 1:
                raise NewHostError(400, f"invalidParameter.{name}", f"不合法的参数 {name}")
            return value
    return default


@bp.get("/h5/versions")
def versions() -> dict[str, Any]:
    """The app's built versions, newest first, a page at a time."""
    params = _params()
    app_id = _owned_app(params)
    number = _page(params, "pageNumber", "pageNum", default=1)
    size = _page(params, "pageSize", default=20)
    found = _call(_store().versions, app_id)
    return {"list": found[(number - 1) * size : number * size], "totalCount": len(found)}


@bp.post("/h5/publish")
def publish() -> dict[str, Any]:
    """Release a version to every user of the app."""
    params = _params()
    app_id = _owned_app(params)
    _call(_store().publish, app_id, _need(params, "version"))
    return {"success": True}


@bp.post("/h5/close")
@bp.post("/h5/microApps/close")
def close() -> dict[str, Any]:
    """Switch the app's offline package off; devices go online."""
    app_id = _owned_app(_params())
    _call(_store().close, app_id)
    return {"result": True}


@bp.post("/h5/microApps/open")
def open_package() -> dict[str, Any]:
    """Give an internal app (by ``agentId``) its ``miniAppId``, opening offline packages."""
    params = _params()
    token = new_app_token()
    agent = _need(params, "agentId")
    found = platform().find_app(token.app_key)
    if found is None or str(found[1].agent_id) != agent:
        raise NewHostError(403, "Forbidden.AccessDenied", f"无权操作应用 {agent}")
    store = _store()
    app_id = store.app_for_agent(found[1].agent_id)
    if app_id is None:
        app_id = f"50000{found[1].agent_id:011d}"[-16:]
        _call(store.register, app_id, token.app_key)
        _call(store.set_agent, app_id, found[1].agent_id)
    return {"miniAppId": app_id}


@bp.post("/greys/deploy")
@bp.post("/release/gray/deploy")
def gray_deploy() -> dict[str, Any]:
    """Start a gray release of a version."""
    params = _params()
    app_id = _owned_app(params)
    _call(_store().gray_deploy, app_id, _need(params, "version"))
    return {"result": True}


@bp.post("/greys/exit")
@bp.post("/release/gray/exit")
def gray_exit() -> dict[str, Any]:
    """End a gray release (the SDK's model spells the answer ``reuslt``)."""
    params = _params()
    app_id = _owned_app(params)
    _call(_store().gray_exit, app_id, _need(params, "version"))
    return {"reuslt": True}


def _gray_get(field: str) -> dict[str, Any]:
    params = _params()
    app_id = _owned_app(params)
    gray = _call(_store().gray, app_id, _need(params, "version"))
    return {"value": gray[field]}


def _gray_set(field: str) -> dict[str, Any]:
    params = _params()
    app_id = _owned_app(params)
    if "value" not in params:
        raise NewHostError(400, "Missingvalue", "value is mandatory for this action.")
    _call(_store().set_gray, app_id, _need(params, "version"), field, params["value"])
    return {"result": True}


@bp.get("/greys/users/percents")
@bp.get("/release/gray/user/percent")
def gray_percent_get() -> dict[str, Any]:
    return _gray_get("percent")


@bp.post("/greys/users/percents/release")
@bp.post("/release/gray/user/percent")
def gray_percent_set() -> dict[str, Any]:
    return _gray_set("percent")


@bp.get("/greys/organizations")
@bp.get("/release/gray/org")
def gray_orgs_get() -> dict[str, Any]:
    return _gray_get("orgs")


@bp.post("/greys/organizations/release")
@bp.post("/release/gray/org")
def gray_orgs_set() -> dict[str, Any]:
    return _gray_set("orgs")


@bp.get("/greys/users")
@bp.get("/release/gray/user/staffIds")
def gray_users_get() -> dict[str, Any]:
    return _gray_get("users")


@bp.post("/release/gray/user/staffIds")
def gray_users_set() -> dict[str, Any]:
    return _gray_set("users")


# -- object storage ---------------------------------------------------------


def _oss_error(status: int, code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        f"<RequestId>{secrets.token_hex(12).upper()}</RequestId></Error>"
    )
    return Response(body, status, content_type="application/xml")


def _object_key() -> str | None:
    host = request.host.partition(":")[0]
    path = request.path.lstrip("/")
    if host.startswith(OSS_BUCKET + "."):
        return path
    prefix = OSS_BUCKET + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def _oss_signature(secret: str, key: str) -> str:
    headers = {k.lower(): v.strip() for k, v in request.headers.items()}
    lines = [
        "PUT",
        headers.get("content-md5", ""),
        headers.get("content-type", ""),
        headers.get("x-oss-date") or headers.get("date", ""),
    ]
    lines += [f"{k}:{headers[k]}" for k in sorted(headers) if k.startswith("x-oss-")]
    lines.append(f"/{OSS_BUCKET}/{key}")
    digest = hmac.new(secret.encode(), "\n".join(lines).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@bp.before_app_request
def object_storage() -> Response | None:
    """``PUT`` of an upload to ddemu's object storage; other requests pass on."""
    if request.method != "PUT" or is_new_host(request.path):
        return None
    key = _object_key()
    if key is None:
        return _oss_error(404, "NoSuchBucket", "The specified bucket does not exist.")
    store = _store()
    auth = request.headers.get("Authorization", "")
    access_key, _, signature = auth.removeprefix("OSS ").partition(":")
    creds = store.upload_credentials(access_key)
    if creds is None or not auth.startswith("OSS "):
        return _oss_error(
            403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist."
        )
    if platform().clock.now() >= creds.expires_at:
        return _oss_error(403, "InvalidAccessKeyId", "The security token you provided has expired.")
    if not hmac.compare_digest(request.headers.get("x-oss-security-token", ""), creds.sts_token):
        return _oss_error(
            403, "InvalidSecurityToken", "The security token you provided is invalid."
        )
    if not hmac.compare_digest(signature, _oss_signature(creds.secret, key)):
        return _oss_error(
            403, "SignatureDoesNotMatch", "The request signature we calculated does not match."
        )
    if key != creds.key:
        return _oss_error(403, "AccessDenied", "The upload token is for another object.")
    try:
        etag = store.put_object(key, request.get_data())
    except StoreError as exc:
        return _oss_error(400, exc.code, exc.message)
    response = Response(b"", 200)
    response.headers["ETag"] = etag
    response.headers["x-oss-request-id"] = secrets.token_hex(12).upper()
    response.headers["Date"] = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())
    return response

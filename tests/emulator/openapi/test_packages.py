"""The offline-package publish API: the official CLI deploys unchanged; SDK calls; both paths."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from alibabacloud_dingtalk.package_1_0 import models
from alibabacloud_dingtalk.package_1_0.client import Client
from alibabacloud_tea_openapi.models import Config
from alibabacloud_tea_util.models import RuntimeOptions
from flask.testing import FlaskClient
from Tea.exceptions import TeaException

from emulator import Emulator
from offline_packages.manifest import Manifest, write_package
from offline_packages.sign import PackageSignature, verify_signature
from tests.offline_packages.support import NODE, PACKER_CLI, needs_official_packer

from .conftest import AGENT_ID, KEY, OTHER_KEY, OTHER_SECRET, get_token

APP = "5000000002761167"
TOKEN_HEADER = "x-acs-dingtalk-access-token"


def call(
    client: FlaskClient, method: str, path: str, token: str, **body: Any
) -> tuple[int, dict[str, Any]]:
    """Call the new host as the CLI does: query for GETs, JSON body for POSTs."""
    headers = {TOKEN_HEADER: token}
    if method == "GET":
        response = client.get(path, query_string=body, headers=headers)
    else:
        response = client.post(path, json=body, headers=headers)
    return response.status_code, response.get_json()


def deploy(client: FlaskClient, emu: Emulator, token: str, tmp_path: Path, body: bytes) -> str:
    """Upload and build a package through the API and a direct store PUT; the version."""
    status, creds = call(client, "GET", "/v1.0/package/uploadTokens", token, miniAppId=APP)
    assert status == 200, creds
    emu.platform.packages.put_object(creds["name"], body)
    status, task = call(
        client, "POST", "/v1.0/package/h5/asyncUpload", token,
        miniAppId=APP, ossObjectKey=creds["name"],
    )  # fmt: skip
    assert status == 200, task
    status, done = call(
        client, "GET", "/v1.0/package/h5/uploadStatus", token, miniAppId=APP, taskId=task["taskId"]
    )
    assert done["status"] == "1", done
    version: str = done["version"]
    return version


def package_bytes(tmp_path: Path, text: bytes = b"<h1>hi</h1>") -> bytes:
    path = tmp_path / "p.zip"
    write_package(
        path,
        [("n.dingtalk.com/app/index.html", text)],
        Manifest(("https://n.dingtalk.com/app/index.html",)),
    )
    return path.read_bytes()


@pytest.fixture
def token(client: FlaskClient) -> str:
    return get_token(client)


def test_token_is_checked_as_on_the_new_host(client: FlaskClient) -> None:
    """No header: 400 MissingParameter; a wrong token: 400 InvalidAuthentication."""
    response = client.get("/v1.0/package/uploadTokens", query_string={"miniAppId": APP})
    assert (response.status_code, response.get_json()["code"]) == (
        400,
        "AuthenticationFailed.MissingParameter",
    )
    status, body = call(client, "GET", "/v1.0/package/uploadTokens", "nope", miniAppId=APP)
    assert (status, body["code"]) == (400, "InvalidAuthentication")


def test_another_app_cannot_touch_the_package(client: FlaskClient, token: str) -> None:
    """The first app to ask for an upload token owns the id; another app gets 403."""
    call(client, "GET", "/v1.0/package/uploadTokens", token, miniAppId=APP)
    other = get_token(client, OTHER_KEY, OTHER_SECRET)
    status, body = call(client, "GET", "/v1.0/package/h5/versions", other, miniAppId=APP)
    assert (status, body["code"]) == (403, "Forbidden.AccessDenied")


def test_both_path_variants_drive_one_release(
    client: FlaskClient, emu: Emulator, token: str, tmp_path: Path
) -> None:
    """The CLI's /release/gray/... and the SDK's /greys/... paths set the same gray release."""
    deploy(client, emu, token, tmp_path, package_bytes(tmp_path))
    v2 = deploy(client, emu, token, tmp_path, package_bytes(tmp_path, b"two"))
    assert v2 == "0.0.2"
    assert call(client, "POST", "/v1.0/package/h5/publish", token, miniAppId=APP, version="0.0.1")[
        1
    ] == {"success": True}
    ids = {"miniAppId": APP, "version": v2}
    assert call(client, "POST", "/v1.0/package/release/gray/deploy", token, **ids)[0] == 200
    call(client, "POST", "/v1.0/package/release/gray/org", token, **ids, value=["corpX"])
    call(client, "POST", "/v1.0/package/greys/users/percents/release", token, **ids, value=12.5)
    call(client, "POST", "/v1.0/package/release/gray/user/staffIds", token, **ids, value=["lisi"])
    assert call(client, "GET", "/v1.0/package/greys/organizations", token, **ids)[1] == {
        "value": ["corpX"]
    }
    # The CLI sends its gray GETs' parameters in a JSON body.
    response = client.open(
        "/v1.0/package/release/gray/user/percent",
        method="GET",
        json=ids,
        headers={TOKEN_HEADER: token},
    )
    assert response.get_json() == {"value": 12.5}
    assert call(client, "GET", "/v1.0/package/greys/users", token, **ids)[1] == {"value": ["lisi"]}
    store = emu.platform.packages
    assert store.release_for(APP, corp_id="corpX", userid="u").version == "0.0.2"
    assert store.release_for(APP, corp_id="corpY", userid="lisi").version == "0.0.2"
    assert call(client, "POST", "/v1.0/package/greys/exit", token, **ids)[1] == {"reuslt": True}
    assert store.release_for(APP, corp_id="corpX", userid="u").version == "0.0.1"
    status, body = call(client, "GET", "/v1.0/package/release/gray/org", token, **ids)
    assert (status, body["code"]) == (400, "invalidParameter.version")


def test_versions_pages_and_close(
    client: FlaskClient, emu: Emulator, token: str, tmp_path: Path
) -> None:
    """Versions newest first, paged by pageNumber or pageNum; both close paths work."""
    for text in (b"1", b"2", b"3"):
        deploy(client, emu, token, tmp_path, package_bytes(tmp_path, text))
    call(client, "POST", "/v1.0/package/h5/publish", token, miniAppId=APP, version="0.0.3")
    _, page = call(
        client, "GET", "/v1.0/package/h5/versions", token, miniAppId=APP, pageNumber=1, pageSize=2
    )
    assert page["totalCount"] == 3
    assert [(v["version"], v["avaliable"]) for v in page["list"]] == [("0.0.3", 1), ("0.0.2", 0)]
    _, second = call(
        client, "GET", "/v1.0/package/h5/versions", token, miniAppId=APP, pageNum=2, pageSize=2
    )
    assert [v["version"] for v in second["list"]] == ["0.0.1"]
    for path in ("/v1.0/package/h5/close", "/v1.0/package/h5/microApps/close"):
        assert call(client, "POST", path, token, miniAppId=APP) == (200, {"result": True})
    _, page = call(client, "GET", "/v1.0/package/h5/versions", token, miniAppId=APP)
    assert [v["avaliable"] for v in page["list"]] == [0, 0, 0]


def test_bad_requests_answer_in_the_new_hosts_shape(
    client: FlaskClient, emu: Emulator, token: str, tmp_path: Path
) -> None:
    """Missing fields, unknown tasks and versions, and percent out of range."""
    call(client, "GET", "/v1.0/package/uploadTokens", token, miniAppId=APP)
    status, body = call(client, "POST", "/v1.0/package/h5/publish", token, miniAppId=APP)
    assert (status, body["code"]) == (400, "Missingversion")
    status, body = call(
        client, "GET", "/v1.0/package/h5/uploadStatus", token, miniAppId=APP, taskId="x"
    )
    assert (status, body["code"]) == (404, "invalidParameter.taskId")
    status, body = call(
        client, "POST", "/v1.0/package/h5/asyncUpload", token, miniAppId=APP, ossObjectKey="none"
    )
    assert (status, body["code"]) == (400, "invalidParameter.ossObjectKey")
    deploy(client, emu, token, tmp_path, package_bytes(tmp_path))
    ids = {"miniAppId": APP, "version": "0.0.1"}
    call(client, "POST", "/v1.0/package/greys/deploy", token, **ids)
    status, body = call(
        client, "POST", "/v1.0/package/release/gray/user/percent", token, **ids, value=300
    )
    assert (status, body["code"]) == (400, "invalidParameter.value")


def test_a_broken_upload_builds_to_failed(client: FlaskClient, emu: Emulator, token: str) -> None:
    """Bytes that are no package end as status "2", which the CLI reports as failed."""
    _, creds = call(client, "GET", "/v1.0/package/uploadTokens", token, miniAppId=APP)
    emu.platform.packages.put_object(creds["name"], b"not a zip")
    _, task = call(
        client, "POST", "/v1.0/package/h5/asyncUpload", token,
        miniAppId=APP, ossObjectKey=creds["name"],
    )  # fmt: skip
    _, done = call(
        client, "GET", "/v1.0/package/h5/uploadStatus", token, miniAppId=APP, taskId=task["taskId"]
    )
    assert done["status"] == "2" and "version" not in done


def test_open_gives_an_internal_app_its_id(client: FlaskClient, token: str) -> None:
    """microApps/open takes the token's own agentId, the same id each time; others get 403."""
    first = call(client, "POST", "/v1.0/package/h5/microApps/open", token, agentId=AGENT_ID)
    again = call(client, "POST", "/v1.0/package/h5/microApps/open", token, agentId=AGENT_ID)
    assert first[0] == 200 and first == again
    assert len(first[1]["miniAppId"]) == 16
    status, _ = call(client, "POST", "/v1.0/package/h5/microApps/open", token, agentId=1)
    assert status == 403


def test_storage_put_checks_its_credentials(client: FlaskClient, token: str) -> None:
    """A PUT without the upload token's signature is refused in OSS's XML shape."""
    _, creds = call(client, "GET", "/v1.0/package/uploadTokens", token, miniAppId=APP)
    response = client.put(f"/ddemu-packages/{creds['name']}", data=b"x")
    assert response.status_code == 403 and b"<Code>InvalidAccessKeyId</Code>" in response.data
    response = client.put(
        f"/ddemu-packages/{creds['name']}",
        data=b"x",
        headers={
            "Authorization": f"OSS {creds['accessKeyId']}:bad",
            "x-oss-security-token": creds["stsToken"],
        },
    )
    assert b"SignatureDoesNotMatch" in response.data
    assert client.put("/elsewhere/x", data=b"x").status_code == 404


# -- real clients against a running emulator ---------------------------------------


@pytest.fixture
def running(tmp_path: Path) -> Any:
    with Emulator(app=tmp_path) as emu:
        yield emu


def sdk(emu: Emulator) -> Client:
    return Client(Config(protocol="http", endpoint=urlsplit(emu.openapi_url).netloc))


def app_token(emu: Emulator) -> str:
    corp, _ = emu.platform.find_app(KEY) or (None, None)
    assert corp is not None
    return emu.platform.tokens.issue_app_token(KEY, corp.corp_id).token


@needs_official_packer
def test_official_cli_packs_and_deploys_to_ddemu(running: Emulator, tmp_path: Path) -> None:
    """`h5package packAndDeploy` with `host` set to ddemu: uploaded, built, signed, published."""
    project = tmp_path / "project"
    (project / "dist").mkdir(parents=True)
    (project / "dist" / "index.html").write_text("<h1>offline</h1>")
    (project / "dist" / "app.js").write_text("console.log(1)")
    config = {
        "miniAppId": APP,
        "accessToken": app_token(running),
        "host": running.openapi_url,
        "assets": {"https://n.dingtalk.com/app": "./dist"},
    }
    (project / "localresource.json").write_text(json.dumps(config))
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(PACKER_CLI), "packAndDeploy"],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    # The CLI prints errors and exits 0 whatever happens; success deletes the zip.
    assert "create task is finished" in done.stdout, done.stdout + done.stderr
    assert not (project / f"{APP}.zip").exists()
    store = running.platform.packages
    release = store.release_for(APP, corp_id="any", userid="any")
    assert release.version == "0.0.1"
    verify_signature(
        release.package, PackageSignature.read(release.signature), store.public_key, app_id=APP
    )
    assert running.openapi_log.paths() == [
        "/v1.0/package/uploadTokens",
        f"/{release.package.parent.parent.name}/" + running.openapi_log[1].path.split("/")[-1],
        "/v1.0/package/h5/asyncUpload",
        "/v1.0/package/h5/uploadStatus",
        "/v1.0/package/h5/publish",
    ]


def test_sdk_client_calls(running: Emulator, tmp_path: Path) -> None:
    """alibabacloud-dingtalk's package_1_0 client: token, upload, status, versions, gray, close."""
    client = sdk(running)
    token = app_token(running)
    store = running.platform.packages

    def headers(kind: Any) -> Any:
        return kind(x_acs_dingtalk_access_token=token)

    opts = RuntimeOptions()
    creds = client.get_upload_token_with_options(
        models.GetUploadTokenRequest(mini_app_id=APP), headers(models.GetUploadTokenHeaders), opts
    ).body
    assert creds.endpoint == running.openapi_url.rstrip("/") and creds.bucket == "ddemu-packages"
    store.put_object(creds.name, package_bytes(tmp_path))
    task = client.h_upload_package_with_options(
        models.HUploadPackageRequest(mini_app_id=APP, oss_object_key=creds.name),
        headers(models.HUploadPackageHeaders), opts,
    ).body.task_id  # fmt: skip
    status = client.h_upload_package_status_with_options(
        models.HUploadPackageStatusRequest(mini_app_id=APP, task_id=task),
        headers(models.HUploadPackageStatusHeaders), opts,
    ).body  # fmt: skip
    assert (status.status, status.version, status.finished) == ("1", "0.0.1", True)
    assert client.h_publish_package_with_options(
        models.HPublishPackageRequest(mini_app_id=APP, version="0.0.1"),
        headers(models.HPublishPackageHeaders), opts,
    ).body.success  # fmt: skip
    listed = client.h_package_list_get_with_options(
        models.HPackageListGetRequest(mini_app_id=APP, page_number=1, page_size=10),
        headers(models.HPackageListGetHeaders), opts,
    ).body  # fmt: skip
    assert (listed.total_count, listed.list[0].avaliable) == (1, 1)
    ids = {"mini_app_id": APP, "version": "0.0.1"}
    client.release_gray_deploy_with_options(
        models.ReleaseGrayDeployRequest(**ids), headers(models.ReleaseGrayDeployHeaders), opts
    )
    client.release_gray_percent_set_with_options(
        models.ReleaseGrayPercentSetRequest(**ids, value=30.0),
        headers(models.ReleaseGrayPercentSetHeaders), opts,
    )  # fmt: skip
    assert (
        client.release_gray_percent_get_with_options(
            models.ReleaseGrayPercentGetRequest(**ids),
            headers(models.ReleaseGrayPercentGetHeaders),
            opts,
        ).body.value
        == 30.0
    )
    client.release_gray_org_set_with_options(
        models.ReleaseGrayOrgSetRequest(**ids, value=["corpZ"]),
        headers(models.ReleaseGrayOrgSetHeaders), opts,
    )  # fmt: skip
    assert client.release_gray_org_get_with_options(
        models.ReleaseGrayOrgGetRequest(**ids), headers(models.ReleaseGrayOrgGetHeaders), opts
    ).body.value == ["corpZ"]
    assert (
        client.release_gray_user_id_get_with_options(
            models.ReleaseGrayUserIdGetRequest(**ids),
            headers(models.ReleaseGrayUserIdGetHeaders),
            opts,
        ).body.value
        == []
    )
    assert (
        client.release_gray_exit_with_options(
            models.ReleaseGrayExitRequest(**ids), headers(models.ReleaseGrayExitHeaders), opts
        ).body.reuslt
        is True
    )
    opened = client.open_micro_app_package_with_options(
        models.OpenMicroAppPackageRequest(agent_id=AGENT_ID),
        headers(models.OpenMicroAppPackageHeaders), opts,
    ).body.mini_app_id  # fmt: skip
    assert opened and opened != APP
    assert (
        client.close_hpackage_with_options(
            models.CloseHPackageRequest(mini_app_id=APP), headers(models.CloseHPackageHeaders), opts
        ).body.result
        is True
    )
    with pytest.raises(TeaException) as caught:
        client.h_publish_package_with_options(
            models.HPublishPackageRequest(mini_app_id=APP, version="9.9.9"),
            headers(models.HPublishPackageHeaders), opts,
        )  # fmt: skip
    assert caught.value.code == "invalidParameter.version"


def test_a_build_can_answer_packing_first(
    client: FlaskClient, emu: Emulator, token: str, tmp_path: Path
) -> None:
    """With build_polls 2, uploadStatus says "0" (packing) twice, then "1" with the version."""
    emu.platform.packages.build_polls = 2
    _, creds = call(client, "GET", "/v1.0/package/uploadTokens", token, miniAppId=APP)
    emu.platform.packages.put_object(creds["name"], package_bytes(tmp_path))
    _, task = call(
        client, "POST", "/v1.0/package/h5/asyncUpload", token,
        miniAppId=APP, ossObjectKey=creds["name"],
    )  # fmt: skip
    answers = [
        call(
            client,
            "GET",
            "/v1.0/package/h5/uploadStatus",
            token,
            miniAppId=APP,
            taskId=task["taskId"],
        )[1]  # fmt: skip
        for _ in range(3)
    ]
    assert [a["status"] for a in answers] == ["0", "0", "1"]
    assert answers[0]["finished"] is False and answers[2]["version"] == "0.0.1"

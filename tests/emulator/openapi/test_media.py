"""The platform's media store over HTTP: backends upload and download, pages load."""

from __future__ import annotations

import io

from dingtalk.client import AppKeyClient
from flask.testing import FlaskClient

from emulator import Emulator
from emulator.mediastore import MAX_BYTES

from .conftest import CORP, KEY, SECRET


def upload(client: FlaskClient, token: str, data: bytes, kind: str = "image") -> dict:
    response = client.post(
        "/media/upload",
        query_string={"access_token": token, "type": kind},
        data={"media": (io.BytesIO(data), "photo.png", "image/png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    answer: dict = response.get_json()
    return answer


def upload_big(client: FlaskClient, token: str, kind: str, filename: str, size: int) -> dict:
    """Upload ``size`` bytes in a multipart body encoded by hand; the JSON answer.

    The test client would spool a big body to a file it never closes.
    """
    head = f'--B\r\nContent-Disposition: form-data; name="media"; filename="{filename}"\r\n\r\n'
    answer: dict = client.post(
        "/media/upload",
        query_string={"access_token": token, "type": kind},
        data=head.encode() + b"x" * size + b"\r\n--B--\r\n",
        content_type="multipart/form-data; boundary=B",
    ).get_json()
    return answer


def test_upload_then_download(client: FlaskClient, token: str, emu: Emulator) -> None:
    """An upload answers its media_id; downloadFile gives the bytes back."""
    answer = upload(client, token, b"\x89PNG not really a png")
    assert answer["errcode"] == 0 and answer["type"] == "image"
    assert answer["media_id"].startswith("@lADP")
    assert answer["created_at"] == emu.platform.media.get(answer["media_id"]).created_at
    got = client.get(
        "/media/downloadFile", query_string={"access_token": token, "media_id": answer["media_id"]}
    )
    assert got.status_code == 200 and got.data == b"\x89PNG not really a png"
    assert got.mimetype == "image/png"
    assert "photo.png" in got.headers["Content-Disposition"]


def test_static_url_for_pages(client: FlaskClient, token: str, emu: Emulator) -> None:
    """An uploaded image is public at its static URL, readable from other origins."""
    media_id = upload(client, token, b"GIF89a small")["media_id"]
    stored = emu.platform.media.get(media_id)
    assert stored is not None
    got = client.get(f"/media/static/{stored.static_name}")
    assert got.data == b"GIF89a small"
    assert got.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/media/static/lADPnothing.png").status_code == 404


def test_upload_errors(client: FlaskClient, token: str) -> None:
    """Missing or wrong type, missing file, too small or too big: 40035 naming it."""

    def post(query: dict, data: dict) -> dict:
        answer: dict = client.post(
            "/media/upload",
            query_string={"access_token": token, **query},
            data=data,
            content_type="multipart/form-data",
        ).get_json()
        return answer

    def file() -> dict:
        return {"media": (io.BytesIO(b"0123456789"), "f.bin")}

    assert post({}, file())["errmsg"] == "缺少参数 type"
    assert post({"type": "sticker"}, file())["errmsg"] == "不合法的参数 type: sticker"
    assert post({"type": "file"}, {})["errmsg"] == "缺少参数 media"
    small = post({"type": "file"}, {"media": (io.BytesIO(b"abc"), "f.bin")})
    assert small["errcode"] == 40035 and "over 5 bytes" in small["errmsg"]
    voice = upload_big(client, token, "voice", "v.amr", MAX_BYTES["voice"] + 1)
    assert voice["errcode"] == 40035 and "voice limit" in voice["errmsg"]


def test_download_errors(client: FlaskClient, token: str) -> None:
    """No token, no media_id, an unknown one: the legacy envelope's errors."""
    assert client.get("/media/downloadFile").get_json()["errcode"] == 41001
    missing = client.get("/media/downloadFile", query_string={"access_token": token})
    assert missing.get_json()["errmsg"] == "缺少参数 media_id"
    unknown = client.get(
        "/media/downloadFile", query_string={"access_token": token, "media_id": "@lADPno"}
    ).get_json()
    assert unknown["errcode"] == 40035 and "@lADPno" in unknown["errmsg"]


def test_dingtalk_sdk_round_trip(ddemu: Emulator) -> None:
    """dingtalk-sdk's media_upload and media_download_file work against the mock."""
    sdk = AppKeyClient(CORP, KEY, SECRET)
    sdk.API_BASE_URL = ddemu.openapi_url
    answer = sdk.message.media_upload("file", ("notes.txt", io.BytesIO(b"meeting at 10")))
    assert answer["type"] == "file"
    response = sdk.message.media_download_file(answer["media_id"])
    assert response.content == b"meeting at 10"


def test_upload_over_every_limit_is_not_read(
    client: FlaskClient, token: str, emu: Emulator
) -> None:
    """A body over the largest limit is refused from its length; the log does not read it."""
    answer = upload_big(client, token, "file", "big.bin", MAX_BYTES["file"] + 128 * 1024)
    assert answer == {
        "errcode": 40035,
        "errmsg": f"不合法的参数 media: over {MAX_BYTES['file']} bytes",
    }
    assert emu.errors == [] and emu.platform.media.all() == []
    assert "not read" in emu.openapi_log[-1].body

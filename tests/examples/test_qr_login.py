import base64
import hashlib
import hmac
import re
import time
from urllib.parse import parse_qs, quote, urlsplit

import requests

KEY = "dingapp8k2m4n6p8r0t2v4x"
SECRET = "ddemu-demo-secret-hello-0123456789abcdefghijklmnopqrstuv"


def person_behind(base, code):
    """What a site's backend does with the legacy flow's code: a signed getuserinfo_bycode."""
    timestamp = str(int(time.time() * 1000))
    digest = hmac.new(SECRET.encode(), timestamp.encode(), hashlib.sha256).digest()
    signature = quote(base64.b64encode(digest).decode(), safe="")  # URL-encode it!
    url = f"{base}sns/getuserinfo_bycode?accessKey={KEY}&timestamp={timestamp}"
    answer = requests.post(f"{url}&signature={signature}", json={"tmp_auth_code": code})
    return answer.json()


def test_scan_confirm_and_sign_in(ddemu):
    """docs/reference/qr-login.md: the site's QR page, the phone's scan, the backend's exchange."""
    base = ddemu.openapi_url
    page = requests.get(
        f"{base}connect/qrconnect",
        params={"appid": KEY, "response_type": "code", "scope": "snsapi_login",
                "state": "xyz", "redirect_uri": "http://127.0.0.1:5000/callback"},
    )  # fmt: skip
    image = re.search(r'<img id="qr" [^>]*src="([^"]+)"', page.text).group(1)
    prompt = ddemu.device.scan_login_image(requests.get(image).content)  # decodes the picture
    assert prompt.name == ddemu.device.user.name  # the confirm screen
    login = prompt.confirm()
    # The page now goes to sns_authorize with its loginTmpCode, which 302s to the site:
    sns = requests.get(
        f"{base}connect/oauth2/sns_authorize",
        params={"appid": KEY, "state": "xyz", "redirect_uri": "http://127.0.0.1:5000/callback",
                "loginTmpCode": login.login_tmp_code},
        allow_redirects=False,
    )  # fmt: skip
    callback = parse_qs(urlsplit(sns.headers["Location"]).query)
    assert callback["state"] == ["xyz"]  # unchanged: the site checks it
    answer = person_behind(base, callback["code"][0])
    assert answer["user_info"]["nick"] == ddemu.device.user.name
    assert person_behind(base, callback["code"][0])["errcode"] == 40078  # single use

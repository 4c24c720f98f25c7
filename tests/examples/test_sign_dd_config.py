import hashlib
import secrets
import time
from urllib.parse import unquote_plus, urlsplit


def dd_config_params(ticket, url, agent_id, corp_id, js_api_list):
    """What a backend hands its page for dd.config: the page's URL signed with the app's ticket."""
    nonce = secrets.token_hex(8)
    timestamp = str(int(time.time() * 1000))
    parts = urlsplit(url)  # decodeUrl: no #fragment, query decoded, path as it is
    page = f"{parts.scheme}://{parts.netloc}{parts.path}"
    if parts.query:
        page += "?" + unquote_plus(parts.query)
    plain = f"jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={page}"
    return {
        "agentId": str(agent_id),
        "corpId": corp_id,
        "timeStamp": timestamp,
        "nonceStr": nonce,
        "signature": hashlib.sha256(plain.encode("utf-8")).hexdigest(),
        "jsApiList": js_api_list,
    }


def test_backend_signature_is_what_the_container_checks():
    """docs/reference/config.md: the backend snippet signs what ddemu verifies."""
    from jsapi.signature import verify

    url = "https://h5.example.com/app/?name=%E5%BC%A0#/home"
    params = dd_config_params("TICKET", url, 3001001, "ding123", ["biz.util.uploadImage"])
    args = (params["signature"], "TICKET", params["nonceStr"], params["timeStamp"], url)
    assert verify(*args)

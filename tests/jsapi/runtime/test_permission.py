"""Tests of jsapi.runtime.permission: login-free auth codes and dd.config's checks."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pytest

from bridge.errors import ConfigRejected, InvalidParams, PermissionDenied
from bridge.sessions import Session
from emulator.device import Device
from emulator.platform import Platform
from emulator.profiles import PROFILES, default_profile
from jsapi.builtin import default_registry
from jsapi.context import Context
from jsapi.pageauth import ConfigState, VerifiedConfig, page_auth
from jsapi.signature import Algorithm, sign

CORP = "ding8d6f3c1a0e5b7f29"  # zhangsan's first corp, the default one
OTHER_CORP = "ding2b9e7d4f1c6a8035"  # the same person is manager01 there


def test_auth_code_recorded_and_redeemable(
    call_jsapi: Callable[..., Any], device: Device, platform: Platform
) -> None:
    """requestAuthCode gives a code, recorded on the device, that names the user."""
    code = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    assert device.auth_codes == [code]
    redeemed = platform.auth_codes.redeem(code, CORP)
    assert redeemed is not None
    assert (redeemed.corp_id, redeemed.userid) == (CORP, "zhangsan")


def test_auth_code_single_use(call_jsapi: Callable[..., Any], platform: Platform) -> None:
    """A code can be redeemed once only."""
    code = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    assert platform.auth_codes.redeem(code, CORP) is not None
    assert platform.auth_codes.redeem(code, CORP) is None


def test_auth_codes_are_fresh(call_jsapi: Callable[..., Any], device: Device) -> None:
    """Each request gives a new code."""
    first = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    second = call_jsapi("runtime.permission.requestAuthCode", {"corpId": CORP})["code"]
    assert first != second
    assert device.auth_codes == [first, second]


def test_other_corp_of_same_person(call_jsapi: Callable[..., Any], platform: Platform) -> None:
    """A code for another corp of the signed-in person names their userid there."""
    code = call_jsapi("runtime.permission.requestAuthCode", {"corpId": OTHER_CORP})["code"]
    redeemed = platform.auth_codes.redeem(code, OTHER_CORP)
    assert redeemed is not None
    assert redeemed.userid == "manager01"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"corpId": "dingnosuchcorp"}, "not a corp of the signed-in user"),
        ({}, "param 'corpId' is required"),
        ({"corpId": ""}, "must not be empty"),
        ({"corpId": 123}, "must be a string"),
    ],
)
def test_bad_corp(
    call_jsapi: Callable[..., Any], device: Device, params: dict[str, Any], message: str
) -> None:
    """A missing, empty or foreign corpId fails with InvalidParams and issues no code."""
    with pytest.raises(InvalidParams, match=message):
        call_jsapi("runtime.permission.requestAuthCode", params)
    assert device.auth_codes == []


def test_corp_of_another_person(call_jsapi: Callable[..., Any], device: Device) -> None:
    """After signing in as someone of one corp only, the other corp is refused."""
    device.sign_in("lisi")
    with pytest.raises(InvalidParams):
        call_jsapi("runtime.permission.requestAuthCode", {"corpId": OTHER_CORP})


# -- dd.config -------------------------------------------------------------------

KEY = "dingapp8k2m4n6p8r0t2v4x"  # the Hello ddemu app of CORP
AGENT_ID = 3001001
OTHER_KEY = "dingapp3c5e7g9j1l3n5q7s"  # the CRM app of OTHER_CORP
OTHER_AGENT_ID = 3002001
URL = f"http://127.0.0.1:8000/app/?corpId={CORP}"
REQUEST = "runtime.permission.requestJsApis"


def make_session(device: Device, url: str = URL) -> Session:
    """A page's bridge session on ``device``, loaded at ``url``."""
    session = Session(lambda message: None)
    session.hello = {"url": url}
    session.attached = device
    return session


def signed(
    ticket: str,
    url: str = URL,
    *,
    algorithm: Algorithm = "sha256",
    corp: str = CORP,
    agent: str | int = str(AGENT_ID),
    timestamp: str | int | None = None,
    decode: bool = True,
    **changes: Any,
) -> dict[str, Any]:
    """dd.config params signed as a backend signs them; ``changes`` apply after signing
    (a None value removes the param)."""
    stamp = str(int(time.time() * 1000)) if timestamp is None else timestamp
    params: dict[str, Any] = {
        "corpId": corp,
        "agentId": agent,
        "timeStamp": stamp,
        "nonceStr": "n0nce",
        "jsApiList": ["biz.contact.complexPicker", "device.geolocation.get"],
    }
    params["signature"] = sign(ticket, "n0nce", stamp, url, algorithm, decode=decode)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params


@pytest.fixture
def ticket(platform: Platform) -> str:
    """The JSAPI ticket the platform issued to the Hello ddemu app."""
    return platform.tokens.issue_jsapi_ticket(KEY).ticket


@pytest.fixture
def session(device: Device) -> Session:
    device.config_delay = 0  # verified at once; the pending window has its own tests
    return make_session(device)


@pytest.fixture
def configure(device: Device, platform: Platform, session: Session) -> Callable[..., Any]:
    """Return ``configure(params, name=REQUEST, session=session, device=device)``."""
    registry = default_registry()

    def call(
        params: dict[str, Any],
        name: str = REQUEST,
        session: Session | None = session,
        device: Device = device,
    ) -> Any:
        return registry.call(name, params, Context(device, platform, session, name))

    return call


def refusal(configure: Callable[..., Any], params: dict[str, Any], **kw: Any) -> ConfigRejected:
    with pytest.raises(ConfigRejected) as info:
        configure(params, **kw)
    return info.value


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_signed_config_is_verified(
    configure: Callable[..., Any],
    device: Device,
    session: Session,
    ticket: str,
    algorithm: Algorithm,
) -> None:
    """A config signed with the app's ticket, SHA-1 or SHA-256, is accepted and recorded."""
    params = signed(ticket, algorithm=algorithm)
    assert configure(params) == {}
    assert device.configs == [params]
    page = page_auth(session)
    assert page.state is ConfigState.READY
    assert page.config == VerifiedConfig(
        CORP,
        str(AGENT_ID),
        KEY,
        ("biz.contact.complexPicker", "device.geolocation.get"),
        URL,
        algorithm,
    )


@pytest.mark.parametrize(
    ("agent", "timestamp"),
    [
        (AGENT_ID, int(time.time())),
        (str(AGENT_ID), str(int(time.time()))),
        (AGENT_ID, int(time.time() * 1000)),
    ],
)
def test_loose_types_the_library_passes(
    configure: Callable[..., Any], ticket: str, agent: str | int, timestamp: str | int
) -> None:
    """agentId and timeStamp pass as strings or numbers, timeStamp in seconds or ms."""
    assert configure(signed(ticket, agent=agent, timestamp=timestamp)) == {}


@pytest.mark.parametrize(
    ("changes", "code", "says"),
    [
        ({"corpId": "dingnosuchcorp"}, "52010", "no corp of the emulated platform"),
        ({"corpId": None}, "52010", "corpId None"),
        ({"agentId": "42"}, "52019", "its apps: Hello ddemu (agentId 3001001)"),
        ({"agentId": OTHER_AGENT_ID}, "52019", "no app of corp ding8d6f3c1a0e5b7f29"),
        ({"agentId": None}, "52019", "agentId None"),
        ({"agentId": True}, "52019", "agentId True"),
        ({"timeStamp": "yesterday"}, "52018", "got 'yesterday'"),
        ({"timeStamp": None}, "52018", "timeStamp must be the number"),
        ({"timeStamp": 0}, "52018", "got 0"),
        ({"timeStamp": 10**40}, "52018", "beyond the calendar"),
        ({"timeStamp": "nan"}, "52018", "got 'nan'"),
        ({"nonceStr": ""}, "52015", "nonceStr must be"),
        ({"signature": ""}, "52016", "SHA-256 (64 digits)"),
        ({"signature": "not-a-signature"}, "52016", "got 'not-a-signature'"),
        ({"jsApiList": "biz.util.scan"}, "52017", "got 'biz.util.scan'"),
        ({"jsApiList": [1]}, "52017", "array of JSAPI names"),
        ({"jsApiList": None}, "52017", "got None"),
        ({"nonceStr": "another"}, "52013", "签名校验失败: the signature does not match"),
    ],
)
def test_refusals_answer_the_client_codes(
    configure: Callable[..., Any],
    device: Device,
    session: Session,
    ticket: str,
    changes: dict[str, Any],
    code: str,
    says: str,
) -> None:
    """Each wrong param is refused with the client's 520xx code and a message saying why."""
    error = refusal(configure, signed(ticket, **changes))
    assert error.code == code
    assert says in error.message
    assert error.to_wire() == {"errorCode": code, "errorMessage": error.message}
    assert device.configs == []
    assert page_auth(session).state is ConfigState.FAILED
    assert page_auth(session).error is error


def test_corp_of_someone_else(
    configure: Callable[..., Any], device: Device, platform: Platform
) -> None:
    """A corp the signed-in person is not in is refused with 52010, naming their corps."""
    device.sign_in("lisi")
    other = platform.tokens.issue_jsapi_ticket(OTHER_KEY).ticket
    error = refusal(configure, signed(other, corp=OTHER_CORP, agent=OTHER_AGENT_ID))
    assert error.code == "52010"
    assert f"not in corp {OTHER_CORP} (their corps: {CORP})" in error.message


def test_the_other_corp_of_the_same_person(
    configure: Callable[..., Any], platform: Platform
) -> None:
    """The signed-in person's other corp, with its own app and ticket, verifies."""
    other = platform.tokens.issue_jsapi_ticket(OTHER_KEY).ticket
    assert configure(signed(other, corp=OTHER_CORP, agent=OTHER_AGENT_ID)) == {}


@pytest.mark.parametrize(
    ("hours", "ok"), [(-23.5, True), (23.5, True), (-24.5, False), (24.5, False)]
)
def test_timestamp_window(
    configure: Callable[..., Any], ticket: str, hours: float, ok: bool
) -> None:
    """A timeStamp within 24 h of the client's clock passes, either way; one beyond is 52018."""
    stamp = int((time.time() + hours * 3600) * 1000)
    params = signed(ticket, timestamp=stamp)
    if ok:
        assert configure(params) == {}
        return
    error = refusal(configure, params)
    assert error.code == "52018"
    assert ("h after" if hours > 0 else "h before") in error.message
    assert "accepts 24 h either way" in error.message


def test_old_timestamp_after_the_clock_moved(
    configure: Callable[..., Any], platform: Platform, ticket: str
) -> None:
    """A signature made two days before the (virtual) clock's now is 52018."""
    params = signed(ticket)
    platform.clock.advance(2 * 86400)
    platform.tokens.issue_jsapi_ticket(KEY)  # the old ticket expired; the page's stamp is old too
    assert refusal(configure, params).code == "52018"


def test_no_ticket_ever_issued(configure: Callable[..., Any]) -> None:
    """Without a ticket issued to the app nothing verifies: 52013 telling the backend what to do."""
    error = refusal(configure, signed("a-ticket-the-platform-never-issued"))
    assert error.code == "52013"
    assert "never issued it a JSAPI ticket" in error.message
    assert "GET /get_jsapi_ticket" in error.message


def test_expired_ticket(configure: Callable[..., Any], platform: Platform, ticket: str) -> None:
    """A ticket past its 7200 s no longer verifies: 52013 saying it expired."""
    platform.clock.advance(7300)
    error = refusal(configure, signed(ticket, timestamp=str(int(platform.clock.now()))))
    assert error.code == "52013"
    assert "its JSAPI ticket expired 100 s ago" in error.message


def test_renewed_ticket_is_the_same(
    configure: Callable[..., Any], platform: Platform, ticket: str
) -> None:
    """Asking again within its lifetime gives the same ticket, so older signatures still verify."""
    assert platform.tokens.issue_jsapi_ticket(KEY).ticket == ticket
    assert configure(signed(ticket)) == {}


def test_mismatch_shows_what_the_container_signed(
    configure: Callable[..., Any], ticket: str
) -> None:
    """The 52013 message gives the hash, the exact string signed and which URL it took."""
    params = signed(ticket, nonceStr="another")
    error = refusal(configure, params)
    plain = f"jsapi_ticket={ticket}&noncestr=another&timestamp={params['timeStamp']}&url={URL}"
    assert f"sha256({plain!r})" in error.message
    assert f"{URL!r}, the page's current URL, as ios clients sign it" in error.message


# -- which URL ---------------------------------------------------------------------

ENTRY = "https://h5.example.com/app/"
ROUTE = "https://h5.example.com/app/orders?id=7"


def spa_page(device: Device) -> Session:
    """A single-page app entered at ENTRY that moved to ROUTE with history.pushState."""
    device.config_delay = 0
    session = make_session(device, ENTRY)
    page_auth(session).current_url = ROUTE
    return session


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_android_profiles_sign_the_entry_url(name: str) -> None:
    """Android clients sign the URL the page was loaded at; the others the current one."""
    profile = PROFILES[name]
    assert profile.config_url == ("entry" if profile.persona == "android" else "current")


def test_ios_signs_the_current_url(
    configure: Callable[..., Any], device: Device, ticket: str
) -> None:
    """On iOS the route's URL verifies; the entry URL fails with a hint naming the rule."""
    session = spa_page(device)
    assert configure(signed(ticket, ROUTE), session=session) == {}
    assert page_auth(session).config is not None
    assert page_auth(session).config.url == ROUTE  # type: ignore[union-attr]
    error = refusal(configure, signed(ticket, ENTRY), session=session)
    assert error.code == "52013"
    assert "It matches 'https://h5.example.com/app/', the page's entry URL" in error.message
    assert "this client signs the current URL, as iOS does" in error.message


def test_android_signs_the_entry_url(
    configure: Callable[..., Any], platform: Platform, ticket: str
) -> None:
    """On Android the entry URL verifies; the route's URL fails with a hint naming the rule."""
    android = Device("android", default_profile("android"), platform)
    session = spa_page(android)
    assert configure(signed(ticket, ENTRY), session=session, device=android) == {}
    error = refusal(configure, signed(ticket, ROUTE), session=session, device=android)
    assert error.code == "52013"
    assert "the URL the page was loaded at, as android clients sign it" in error.message
    assert f"It matches {ROUTE!r}, the page's current URL" in error.message
    assert "as Android does" in error.message


def test_hint_for_a_url_signed_with_its_fragment(
    configure: Callable[..., Any], device: Device, ticket: str
) -> None:
    """A backend that signed location.href with its #fragment is told to drop it."""
    url = "https://h5.example.com/app/?a=1#/home"
    session = make_session(device, url)
    error = refusal(configure, signed(ticket, url, decode=False), session=session)
    assert "It matches the URL with its #fragment" in error.message
    assert configure(signed(ticket, url), session=session) == {}


def test_hint_for_a_url_signed_with_its_query_encoded(
    configure: Callable[..., Any], device: Device, ticket: str
) -> None:
    """A backend that skipped decodeUrl on an encoded query is told to decode it."""
    url = "https://h5.example.com/app/?name=%E5%BC%A0%E4%B8%89"
    session = make_session(device, url)
    error = refusal(configure, signed(ticket, url, decode=False), session=session)
    assert "It matches the URL with its query still percent-encoded" in error.message
    assert configure(signed(ticket, url), session=session) == {}


def test_pc_signs_the_url_it_sends(
    configure: Callable[..., Any], platform: Platform, ticket: str
) -> None:
    """The PC client's config carries url: that one is signed, whatever the session says."""
    pc = Device("pc", default_profile("pc"), platform)
    pc.config_delay = 0
    shell = make_session(pc, "http://h5.dingtalk.com:8700/__ddemu__/pc")
    params = {**signed(ticket, ENTRY), "url": ENTRY}
    assert configure(params, name="config", session=shell, device=pc) == {}
    assert pc.configs == [params]
    error = refusal(configure, signed(ticket, ENTRY), name="config", session=None, device=pc)
    assert error.code == "52014"
    assert "the PC client sends the page's url" in error.message


def test_mobile_config_without_a_page(configure: Callable[..., Any], ticket: str) -> None:
    """Without a page (a direct call) no URL is known: 52014."""
    assert refusal(configure, signed(ticket), session=None).code == "52014"


# -- while the client verifies ---------------------------------------------------------


def test_config_is_pending_for_the_config_delay(
    device: Device, platform: Platform, ticket: str
) -> None:
    """The answer waits config_delay; meanwhile auth methods answer "7", then they pass."""
    device.config_delay = 0.2
    session = make_session(device)
    registry = default_registry()
    answer = registry.call(REQUEST, signed(ticket), Context(device, platform, session, REQUEST))
    assert isinstance(answer, Future)
    assert page_auth(session).state is ConfigState.PENDING
    picker = "biz.contact.complexPicker"
    with pytest.raises(PermissionDenied, match="still being verified") as info:
        registry.call(picker, {}, Context(device, platform, session, picker))
    assert info.value.code == "7"
    assert answer.result(timeout=2) == {}
    assert page_auth(session).state is ConfigState.READY
    assert registry.call(picker, {}, Context(device, platform, session, picker)) is not None
    assert device.warnings == []


def test_refusal_arrives_after_the_config_delay(
    device: Device, platform: Platform, ticket: str
) -> None:
    """A refused config is refused only when the client has heard back."""
    device.config_delay = 0.1
    session = make_session(device)
    params = signed(ticket, nonceStr="another")
    answer = default_registry().call(REQUEST, params, Context(device, platform, session, REQUEST))
    assert isinstance(answer, Future)
    with pytest.raises(ConfigRejected) as info:
        answer.result(timeout=2)
    assert info.value.code == "52013"
    assert page_auth(session).state is ConfigState.FAILED

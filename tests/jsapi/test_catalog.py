"""Tests of jsapi.catalog: every native method answers, checked against its schema and client."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bridge.errors import ConfigRejected, InvalidParams, JsapiError, UnknownMethod
from emulator.device import Device
from emulator.platform import Platform
from emulator.profiles import default_profile
from jsapi.builtin import default_registry
from jsapi.catalog import (
    PLATFORMS,
    CatalogMethod,
    Param,
    catalog_markdown,
    load_catalog,
    main,
    parse_catalog,
    version_key,
)
from jsapi.context import Context
from jsapi.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
TSV = ROOT.parent / "shared" / "reference" / "dingtalk-jsapi-apis.tsv"
CATALOG = load_catalog()
EXEC = "runtime.h5nuvabridge.exec"
#: Seconds within which every call answers, as tests/e2e/test_every_export.py demands.
TIMEOUT = 2.0
#: ``dd.config``'s own calls, which the library's export table does not list.
CONFIG_CALLS = {"runtime.permission.requestJsApis", "config"}

#: A value of each schema type, and one that is none of them.
# float: 0.5 fits a range such as a screen brightness (0 to 1).
SAMPLES: dict[type, Any] = {str: "x", int: 1, float: 0.5, bool: True, list: [], dict: {}}


def load_generator() -> ModuleType:
    path = ROOT / "scripts" / "gen_catalog.py"
    spec = importlib.util.spec_from_file_location("gen_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_device(platform: Platform, persona: str, version: str = "8.3.15") -> Device:
    """A device whose client is ``persona`` at ``version`` (the profile's other facts kept)."""
    base = default_profile("android" if persona == "android" else "ios")
    profile = dataclasses.replace(base, persona=persona, dingtalk_version=version)
    device = Device(f"{persona}-{version}", profile, platform)
    device.scan.default = "scanned"
    return device


def valid_params(schema: dict[str, Param] | Any, device: Device) -> dict[str, Any]:
    """Params satisfying ``schema``: every required one, with a value of its type."""
    params: dict[str, Any] = {}
    for name, spec in schema.items():
        if not spec.required:
            continue
        if name == "corpId":
            params[name] = device.corp_id  # requestAuthCode checks it is the user's corp
        elif spec.choices:
            params[name] = spec.choices[0]
        else:
            first = spec.type[0] if isinstance(spec.type, tuple) else spec.type
            params[name] = SAMPLES[first]
    return params


def wrong_value(spec: Param) -> Any:
    """A value ``spec`` refuses: of another type, or outside its choices."""
    for value in ({"an": "object"}, "text", [1], True, "not-a-choice", 987654):
        try:
            spec.check("x", value)
        except InvalidParams:
            return value
    raise AssertionError(f"no wrong value for {spec}")


def answer_of(result: Any) -> Any:
    """The final answer of a call: the value, or the Future's value within TIMEOUT."""
    if isinstance(result, Future):
        return result.result(timeout=TIMEOUT)
    return result


def calls() -> list[tuple[str, str | None]]:
    """Every (method, action) pair of the catalog."""
    out: list[tuple[str, str | None]] = []
    for m in CATALOG.values():
        out += [(m.name, a) for a in m.actions] if m.actions else [(m.name, None)]
    return out


def first_platform(method: CatalogMethod) -> str | None:
    return next((p for p in PLATFORMS if p in method.platforms), None)


# -- the data ------------------------------------------------------------------


def test_every_native_method_of_the_library() -> None:
    """The catalog has the library's 294 native methods plus dd.config's two calls."""
    library = {m.name for m in CATALOG.values() if m.exports}
    assert len(library) == 294
    assert set(CATALOG) - library == CONFIG_CALLS
    assert CATALOG.library == "dingtalk-jsapi 3.2.9"


def test_every_export_is_accounted_for() -> None:
    """The 452 exports of dingtalk-jsapi each reach one method, action or event."""
    exports = [e for m in CATALOG.values() for e in m.exports]
    exports += [e for m in CATALOG.values() for a in m.actions.values() for e in a.exports]
    exports += [e for ev in CATALOG.events.values() for e in (*ev.on, *ev.off)]
    assert len(exports) == len(set(exports)) == 452
    assert {"scan", "biz.util.scan", "getLocation", "startBeaconDiscovery"} <= set(exports)


def test_platform_facts_from_the_table() -> None:
    """Platforms and minimum versions are the reference table's."""
    assert dict(CATALOG["biz.util.scan"].platforms) == {
        "ios": "6.0.0",
        "android": "6.0.0",
        "harmony": "7.0.0",
    }
    assert dict(CATALOG["biz.util.openModal"].platforms) == {"harmony": "7.0.0", "pc": "6.0.0"}
    assert dict(CATALOG["biz.minutes.showRecordTabRedDot"].platforms) == {
        "ios": "8.3.15",
        "android": "8.3.15",
    }
    assert dict(CATALOG["biz.util.openBrowser"].platforms) == {}
    # The reference counts registry entries per platform, the 6 events included:
    # ios 276, android 275, harmony 265, pc 106. Here: no events, plus dd.config's call.
    counts = {p: len(CATALOG.on_platform(p)) for p in PLATFORMS}
    assert counts == {"ios": 276 - 6 + 1, "android": 275 - 6 + 1, "harmony": 265 - 6 + 1, "pc": 107}


def test_depth_matches_the_registry() -> None:
    """A method is deep in the catalog exactly when a built-in handler answers it."""
    registry = default_registry()
    assert {s.name: s.depth for s in registry} == {m.name: m.depth for m in CATALOG.values()}
    for m in CATALOG.values():
        if m.depth == "deep":
            assert m.answers and m.default is None, m.name
        elif not m.actions:
            json.dumps(m.default)  # a JSON answer


def test_watch_methods() -> None:
    """The methods the library sends with watch:true are marked as watch methods."""
    watching = {m.name for m in CATALOG.values() if m.watch}
    assert watching == {
        "biz.navigation.setRight",
        "biz.navigation.setLeft",
        "biz.navigation.setMenu",
        "biz.navigation.setIcon",
        "device.accelerometer.watchShake",
        "ui.pullToRefresh.enable",
    }


def test_auth_methods_are_marked_in_the_docs_table() -> None:
    """The generated table says which methods need dd.config, in its auth column."""
    table = catalog_markdown(CATALOG)
    assert table.startswith("| native method | depth | auth | ios |")
    assert "| `biz.contact.complexPicker` | deep | yes | " in table
    assert "| `device.geolocation.get` | deep | yes | " in table
    assert "| `runtime.permission.requestAuthCode` | deep |  | " in table


@pytest.mark.skipif(not TSV.exists(), reason="the reference table is not at ../shared/reference")
def test_generator_refuses_a_non_boolean_auth() -> None:
    """auth in the overlay is true or false; anything else names the method."""
    gen = load_generator()
    import tomllib

    overlay = tomllib.loads(gen.OVERLAY.read_text("utf-8"))
    overlay["methods"]["biz.util.scan"]["auth"] = "yes"
    with pytest.raises(gen.CatalogSourceError, match=r"biz\.util\.scan: auth must be"):
        gen.build(TSV.read_text("utf-8"), overlay)
    overlay["methods"]["biz.util.scan"]["auth"] = False
    assert "auth" not in gen.build(TSV.read_text("utf-8"), overlay)["methods"]["biz.util.scan"]


def test_events() -> None:
    """The six bizEvent subscriptions come with their on/off exports."""
    assert set(CATALOG.events) == {
        "bizEvent.beaconUpdate",
        "bizEvent.beaconServiceChange",
        "bizEvent.bluetoothDeviceFound",
        "bizEvent.bluetoothAdapterStateChange",
        "bizEvent.BLEConnectionStateChanged",
        "bizEvent.BLECharacteristicValueChange",
    }
    beacon = CATALOG.events["bizEvent.beaconUpdate"]
    assert (beacon.on, beacon.off, "pc" in beacon.platforms) == (("onBeaconUpdate",), (), False)


@pytest.mark.skipif(not TSV.exists(), reason="the reference table is not at ../shared/reference")
def test_generator_reproduces_the_data_file() -> None:
    """catalog.json and the docs tables are exactly what the generator makes of TSV + overlay."""
    generated = load_generator().generate(TSV)
    for path, text in generated.items():
        assert path.read_text("utf-8") == text, f"{path} is stale: run scripts/gen_catalog.py"


@pytest.mark.skipif(not TSV.exists(), reason="the reference table is not at ../shared/reference")
def test_generator_refuses_an_incomplete_overlay() -> None:
    """An overlay missing a method of the table is an error naming it."""
    gen = load_generator()
    import tomllib

    overlay = tomllib.loads(gen.OVERLAY.read_text("utf-8"))
    del overlay["methods"]["biz.util.scan"]
    with pytest.raises(gen.CatalogSourceError, match=r"biz\.util\.scan"):
        gen.build(TSV.read_text("utf-8"), overlay)


def test_parse_round_trip() -> None:
    """The shipped file parses into the same catalog each time."""
    data = json.loads((ROOT / "jsapi" / "catalog.json").read_text("utf-8"))
    again = parse_catalog(data)
    assert list(again) == list(CATALOG)
    assert again["device.geolocation.get"] == CATALOG["device.geolocation.get"]


def test_markdown_command(capsys: pytest.CaptureFixture[str]) -> None:
    """python -m jsapi.catalog --markdown prints the docs tables."""
    main(["--markdown"])
    out = capsys.readouterr().out
    assert out == catalog_markdown(CATALOG)
    assert "| `biz.util.scan` | deep |" in out
    with pytest.raises(SystemExit):
        main(["--nonsense"])


# -- every method answers ------------------------------------------------------


@pytest.mark.parametrize(("name", "action"), calls(), ids=lambda v: v or "")
def test_every_method_answers(platform: Platform, name: str, action: str | None) -> None:
    """Each method answers within its timeout on a client that has it, by default or deeply."""
    method = CATALOG[name]
    persona = first_platform(method)
    if persona is None:
        # Registered for no platform (biz.util.openBrowser): the container has no such method.
        device = make_device(platform, "ios")
        with pytest.raises(UnknownMethod, match="DingTalk has it on no platform"):
            default_registry().call(name, {}, Context(device, platform))
        return
    device = make_device(platform, persona)
    if name in CONFIG_CALLS:
        # dd.config answers too: an unsigned one is refused (tests/jsapi/runtime).
        with pytest.raises(ConfigRejected):
            default_registry().call(name, {}, Context(device, platform, None, name))
        return
    schema = method.actions[action].params if action else method.params
    params = valid_params(dict(schema), device)
    if action:
        params["_action"] = action
    ctx = Context(device, platform, None, name)
    try:
        result = answer_of(default_registry().call(name, params, ctx))
    except JsapiError as error:
        # A deep method may answer in the container's error shape: a picker with
        # nothing to pick is cancelled, a player without a clip refuses. It answered.
        assert method.depth == "deep" and error.code != "1", f"{name}: {error}"
        return
    json.dumps(result)
    if method.depth == "default":
        expected = method.actions[action].default if action else method.default
        assert result == expected


def test_default_answer_is_a_copy(call_jsapi: Callable[..., Any]) -> None:
    """Changing a default answer does not change the next one."""
    first = call_jsapi("util.domainStorage.getStorageInfo")
    first["keys"].append("mine")
    assert call_jsapi("util.domainStorage.getStorageInfo")["keys"] == []


# -- parameter validation -------------------------------------------------------


def schema_cases() -> list[tuple[str, str | None, str]]:
    out = []
    for m in CATALOG.values():
        out += [(m.name, None, p) for p in m.params]
        out += [(m.name, a.name, p) for a in m.actions.values() for p in a.params]
    return out


@pytest.mark.parametrize(("name", "action", "param"), schema_cases(), ids=str)
def test_wrong_param_is_refused(
    platform: Platform, name: str, action: str | None, param: str
) -> None:
    """A param of the wrong type or value fails with InvalidParams ("3") naming it."""
    method = CATALOG[name]
    device = make_device(platform, first_platform(method) or "ios")
    schema = method.actions[action].params if action else method.params
    params = valid_params(dict(schema), device)
    params[param] = wrong_value(schema[param])
    if action:
        params["_action"] = action
    with pytest.raises(InvalidParams, match=f"param '{param}'") as info:
        default_registry().call(name, params, Context(device, platform))
    assert info.value.code == "3"


def required_cases() -> list[tuple[str, str | None, str]]:
    return [
        (name, action, param)
        for name, action, param in schema_cases()
        if (CATALOG[name].actions[action].params if action else CATALOG[name].params)[
            param
        ].required
    ]


@pytest.mark.parametrize(("name", "action", "param"), required_cases(), ids=str)
def test_missing_required_param(
    platform: Platform, name: str, action: str | None, param: str
) -> None:
    """A missing required param fails with InvalidParams naming it and the method."""
    method = CATALOG[name]
    device = make_device(platform, first_platform(method) or "ios")
    schema = method.actions[action].params if action else method.params
    params = valid_params(dict(schema), device)
    del params[param]
    if action:
        params["_action"] = action
    with pytest.raises(InvalidParams, match=f"param '{param}' is required by {name}"):
        default_registry().call(name, params, Context(device, platform))


def test_some_methods_require_params() -> None:
    """The schemas do require the params a method cannot work without."""
    assert {name for name, _, _ in required_cases()} >= {
        "biz.util.openLink",
        "util.domainStorage.getItem",
        "runtime.permission.requestAuthCode",
        EXEC,
    }


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("biz.util.previewImage", {"urls": ["https://a/1.png"], "current": 0}),
        ("biz.util.previewImage", {"urls": ["https://a/1.png"], "current": "https://a/1.png"}),
        ("device.notification.toast", {"text": "hi", "duration": 3, "delay": 0, "type": "x"}),
        ("device.notification.alert", {"message": 42, "title": "", "buttonName": "确定"}),
        ("biz.contact.complexPicker", {"appId": "123", "startWithDepartmentId": "0"}),
        ("biz.contact.complexPicker", {"appId": 123, "startWithDepartmentId": 0}),
        ("biz.store.createOrder", {"params": "{}"}),
        ("biz.util.ut", {"value": {"a": 1}, "key": "k"}),
        ("biz.navigation.setRight", {"watch": True, "control": True, "text": "Go"}),
        ("biz.util.scan", {"type": "qr"}),
    ],
)
def test_loose_params_the_library_sends(
    call_jsapi: Callable[..., Any], device: Device, name: str, params: dict[str, Any]
) -> None:
    """What the library or real pages send, loose types included, is accepted."""
    device.scan.default = "scanned"
    call_jsapi(name, params)


# -- platform and version gating -----------------------------------------------


def test_method_not_on_the_persona(platform: Platform) -> None:
    """A PC-only method on an iPhone answers "1", saying where it exists."""
    device = make_device(platform, "ios")
    with pytest.raises(UnknownMethod) as info:
        default_registry().call("biz.util.openSlidePanel", {}, Context(device, platform))
    assert str(info.value) == (
        "biz.util.openSlidePanel does not exist on ios: DingTalk has it on pc only"
    )
    assert info.value.code == "1"


def test_method_newer_than_the_client(platform: Platform) -> None:
    """A method newer than the device's DingTalk version answers "1", saying which it needs."""
    device = make_device(platform, "android", "8.2.10")
    registry = default_registry()
    with pytest.raises(UnknownMethod) as info:
        registry.call("biz.user.get", {}, Context(device, platform))
    assert str(info.value) == (
        "biz.user.get does not exist in DingTalk 8.2.10 on android: it needs 8.2.15 or later"
    )
    assert registry.call("device.base.getUUID", {}, Context(device, platform))["uuid"]


def test_deep_methods_are_gated_too(platform: Platform) -> None:
    """A deep handler is not reached on a platform without the method."""
    device = make_device(platform, "pc")
    device.scan.queue("kept")
    with pytest.raises(UnknownMethod, match="biz.util.scan does not exist on pc"):
        default_registry().call("biz.util.scan", {}, Context(device, platform))
    assert device.scan.pending == ["kept"]


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("pc", "config"),
        ("ios", "runtime.permission.requestJsApis"),
        ("harmony", "runtime.permission.requestJsApis"),
    ],
)
def test_config_call_per_platform(platform: Platform, persona: str, name: str) -> None:
    """dd.config arrives as config on PC and requestJsApis elsewhere; each reaches its check."""
    device = make_device(platform, persona)
    params = {"corpId": "dingnosuchcorp", "jsApiList": ["biz.util.scan"], "url": "http://a/"}
    with pytest.raises(ConfigRejected) as info:
        default_registry().call(name, params, Context(device, platform))
    assert info.value.code == "52010"
    assert device.configs == []
    other = "runtime.permission.requestJsApis" if name == "config" else "config"
    with pytest.raises(UnknownMethod):
        default_registry().call(other, params, Context(device, platform))


def test_harmony_sees_its_own_versions(platform: Platform) -> None:
    """Harmony clients have the methods of its column from 7.0.0 on, not the iOS-only ones."""
    registry = default_registry()
    young = make_device(platform, "harmony", "7.0.0")
    assert registry.call("device.base.getPhoneInfo", {}, Context(young, platform))["brand"]
    with pytest.raises(UnknownMethod, match="on harmony: DingTalk has it on ios only"):
        registry.call("biz.sports.getHealthData", {}, Context(young, platform))
    older = make_device(platform, "harmony", "6.5.0")
    with pytest.raises(UnknownMethod, match="needs 7.0.0 or later"):
        registry.call("device.base.getPhoneInfo", {}, Context(older, platform))


def test_methods_outside_the_catalog_are_not_gated(platform: Platform) -> None:
    """A handler a test adds for a name the catalog lacks answers on every client."""
    from jsapi.registry import Namespace

    extra = Namespace("test.extra")
    extra.method("echo")(lambda params, ctx: dict(params))
    registry = default_registry()
    registry.add(extra)
    device = make_device(platform, "pc", "1.0.0")
    assert registry.call("test.extra.echo", {"a": 1}, Context(device, platform)) == {"a": 1}
    with pytest.raises(UnknownMethod, match="does not exist in this container"):
        registry.call("test.extra.nothing", {}, Context(device, platform))


def test_handler_replacing_a_catalog_method_keeps_its_schema(platform: Platform) -> None:
    """A handler added for a catalog method is deep, gated and checked by the catalog's schema."""
    from jsapi.registry import Namespace

    ns = Namespace("biz.util")
    ns.method("openLink")(lambda params, ctx: {"opened": params["url"]})
    registry = default_registry()
    registry.add(ns)
    spec = registry.get("biz.util.openLink")
    assert spec.depth == "deep" and spec.native is CATALOG["biz.util.openLink"]
    ctx = Context(make_device(platform, "ios"), platform)
    result = registry.call("biz.util.openLink", {"url": "https://a/"}, ctx)
    assert result == {"opened": "https://a/"}
    with pytest.raises(InvalidParams, match="param 'url' is required"):
        registry.call("biz.util.openLink", {}, ctx)


def test_registry_without_catalog_has_no_defaults(ctx: Context) -> None:
    """A registry built without the catalog answers only its handlers, ungated."""
    registry = Registry()
    assert len(registry) == 0
    with pytest.raises(UnknownMethod):
        registry.call("biz.util.openLink", {"url": "x"}, ctx)


@pytest.mark.parametrize(
    ("a", "b", "less"),
    [
        ("8.2.10", "8.2.15", True),
        ("8.3.15", "8.3.15", False),
        ("2.15", "2.15.0", False),
        ("2.15", "2.4.0", False),
        ("7.6.0-Release.1", "7.6.0", False),
        ("10.0", "9.9.9", False),
    ],
)
def test_version_order(a: str, b: str, less: bool) -> None:
    """Versions compare part by part as numbers; suffixes and trailing zeros do not count."""
    assert (version_key(a) < version_key(b)) is less


# -- runtime.h5nuvabridge.exec -------------------------------------------------


def test_exec_lists_sixteen_actions() -> None:
    """exec has the 16 iBeacon and Bluetooth actions of the library."""
    actions = CATALOG[EXEC].actions
    assert len(actions) == 16
    assert {"startBeaconDiscovery", "getBeacons", "stopBeaconDiscovery"} <= set(actions)
    assert actions["startBeaconDiscovery"].exports == ("startBeaconDiscovery",)


def test_exec_answers_per_action(call_jsapi: Callable[..., Any]) -> None:
    """Each action answers its own: iBeacon from the device, BLE its default."""
    assert call_jsapi(EXEC, {"_action": "getBeacons"}) == {"beacons": []}
    state = call_jsapi(EXEC, {"_action": "getBluetoothAdapterState"})
    assert state == {"available": True, "discovering": False}
    uuid = "FDA50693-A4E2-4FB1-AFCF-C6EB07647825"
    assert call_jsapi(EXEC, {"_action": "startBeaconDiscovery", "uuids": [uuid]}) == {}
    assert call_jsapi(EXEC, {"_action": "getBluetoothDevices"}) == {"devices": []}


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({}, InvalidParams, "param '_action' is required by runtime.h5nuvabridge.exec"),
        ({"_action": 3}, InvalidParams, "param '_action' must be a string"),
        ({"_action": "fly"}, UnknownMethod, "runtime.h5nuvabridge.exec has no _action 'fly'"),
        ({"_action": "connectBLEDevice"}, InvalidParams, "param 'deviceId' is required"),
        ({"_action": "startBeaconDiscovery", "uuids": "FDA5"}, InvalidParams, "param 'uuids'"),
    ],
)
def test_exec_bad_action(
    call_jsapi: Callable[..., Any], params: dict[str, Any], error: type[JsapiError], message: str
) -> None:
    """A missing, unknown or badly called action fails, naming what is wrong."""
    with pytest.raises(error, match=message):
        call_jsapi(EXEC, params)


def test_exec_not_on_pc(platform: Platform) -> None:
    """The PC client has no exec: the call answers "1"."""
    device = make_device(platform, "pc")
    with pytest.raises(UnknownMethod, match="does not exist on pc"):
        default_registry().call(EXEC, {"_action": "getBeacons"}, Context(device, platform))

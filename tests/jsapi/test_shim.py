"""Tests of jsapi.shim: the JS files and the page shim built from them."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.resources import files

import pytest

from jsapi.shim import LOAD_ORDER, build_shim, shim_source

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")

CONFIG = {
    "bridgeUrl": "ws://127.0.0.1:1234/?token=abc&device=phone",
    "device": "phone",
    "persona": "ios",
    "version": "8.3.15",
    "language": "zh_CN",
    "timeout": 60,
}


def run_node(script: str, stdin: str) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    return subprocess.run(
        [NODE, "-e", script], input=stdin, capture_output=True, text=True, timeout=30
    )


def js_parses(source: str) -> None:
    """Fail with node's message unless ``source`` is syntactically valid JS."""
    result = run_node("new Function(require('fs').readFileSync(0, 'utf8'))", source)
    assert result.returncode == 0, result.stderr


def prelude_config(shim: str) -> object:
    line = next(x for x in shim.splitlines() if x.startswith("window.__DDEMU_CONFIG__ = "))
    return json.loads(line.removeprefix("window.__DDEMU_CONFIG__ = ").removesuffix(";"))


def test_load_order_files_are_package_data() -> None:
    """Every file of LOAD_ORDER ships in the jsapi package, ending with finish.js."""
    js = files("jsapi") / "js"
    for name in LOAD_ORDER:
        assert (js / name).is_file(), name
    assert LOAD_ORDER[0] == "core.js"
    assert LOAD_ORDER[-1] == "finish.js"


@needs_node
@pytest.mark.parametrize("name", LOAD_ORDER)
def test_js_file_parses(name: str) -> None:
    """Each JS file is valid JavaScript."""
    js_parses((files("jsapi") / "js" / name).read_text("utf-8"))


@needs_node
def test_built_shim_parses() -> None:
    """The whole shim, config prelude included, is valid JavaScript."""
    js_parses(build_shim(CONFIG))


def test_shim_source_in_load_order() -> None:
    """The shim holds every file, in LOAD_ORDER."""
    source = shim_source()
    positions = [source.index(f"// ddemu: {name}\n") for name in LOAD_ORDER]
    assert positions == sorted(positions)


def test_config_comes_first() -> None:
    """The config prelude comes before any of the shim's files and reads back unchanged."""
    shim = build_shim(CONFIG)
    assert shim.index("window.__DDEMU_CONFIG__ = ") < shim.index("// ddemu: core.js")
    assert prelude_config(shim) == CONFIG


def test_config_cannot_close_the_script() -> None:
    """A "</script>" inside the config cannot end an inline <script> early."""
    config = {**CONFIG, "device": "</script><script>alert(1)</script>", "x": "</SCRIPT>"}
    shim = build_shim(config)
    prelude = next(x for x in shim.splitlines() if x.startswith("window.__DDEMU_CONFIG__"))
    assert "</" not in prelude
    assert prelude_config(shim) == config


def test_config_keeps_non_ascii() -> None:
    """Chinese text in the config stays readable in the prelude."""
    shim = build_shim({**CONFIG, "device": "测试机"})
    assert "测试机" in shim


def test_double_injection_guard_in_text() -> None:
    """The whole shim sits inside an `if (!window.__ddemu && <an http(s) page>)` guard."""
    shim = build_shim(CONFIG)
    assert shim.startswith("if (!window.__ddemu && /^https?:$/.test(location.protocol)) {\n")
    assert shim.rstrip().endswith("}")


@needs_node
def test_second_copy_does_nothing() -> None:
    """A page that already has the shim ignores a second copy, config included."""
    script = (
        "var window = {__ddemu: {first: true}};"
        "new Function('window', require('fs').readFileSync(0, 'utf8'))(window);"
        "process.stdout.write(JSON.stringify(window));"
    )
    result = run_node(script, build_shim(CONFIG))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"__ddemu": {"first": True}}


@needs_node
def test_skip_paths_leave_the_page_alone() -> None:
    """On a path in skipPaths (the device shell) the shim does nothing at all."""
    script = (
        "var window = {}; var location = {pathname: '/__ddemu__/shell'};"
        "new Function('window', 'location', require('fs').readFileSync(0, 'utf8'))"
        "(window, location);"
        "process.stdout.write(JSON.stringify(window));"
    )
    result = run_node(script, build_shim({**CONFIG, "skipPaths": ["/__ddemu__/shell"]}))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}

"""The docs say what the code does: examples run, tables list everything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bridge.errors import ERROR_CODES
from jsapi.builtin import default_registry
from jsapi.catalog import catalog_markdown, load_catalog

ROOT = Path(__file__).resolve().parent.parent

#: Pages of docs/reference whose pytest example is, verbatim, a file of tests/examples.
TESTED_EXAMPLES = [
    ("personas.md", "test_every_persona.py"),
    ("config.md", "test_sign_dd_config.py"),
    ("offline-packages.md", "test_offline_package.py"),
    ("qr-login.md", "test_qr_login.py"),
    ("pickers.md", "test_pickers_example.py"),
    ("shell.md", "test_dialogs.py"),
    ("media.md", "test_media_example.py"),
]


def python_blocks(markdown: str) -> list[str]:
    """The ```python code blocks of a Markdown text."""
    blocks: list[str] = re.findall(r"```python\n(.*?)```", markdown, re.DOTALL)
    return blocks


def test_readme_example_is_the_tested_file() -> None:
    """The README's pytest example is, verbatim, a test file that runs in the suite."""
    readme = (ROOT / "README.md").read_text("utf-8")
    example = (ROOT / "tests" / "examples" / "test_readme_example.py").read_text("utf-8")
    assert example in python_blocks(readme)
    assert len(example.strip().splitlines()) <= 10


def test_readme_gives_the_two_commands() -> None:
    """The README's first screen has the run and test commands the Makefile defines."""
    first_screen = "\n".join((ROOT / "README.md").read_text("utf-8").splitlines()[:15])
    assert "make run" in first_screen and "make test" in first_screen
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_ci_runs_the_test_command() -> None:
    """CI runs the README's test command and nothing else."""
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert script.rstrip().endswith("exec make test")


def test_error_table_lists_every_code() -> None:
    """docs/reference/errors.md has a row for every errorCode ddemu sends."""
    doc = (ROOT / "docs" / "reference" / "errors.md").read_text("utf-8")
    rows = set(re.findall(r"^\| `(-?\d+)` \|", doc, re.M))
    assert rows == set(ERROR_CODES)


def test_api_table_lists_every_method() -> None:
    """docs/api.md has a row for every registered method, deep or default as it is."""
    doc = (ROOT / "docs" / "api.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([\w.]+)` \| (deep|default) \|", doc, re.M))
    assert rows == {spec.name: spec.depth for spec in default_registry()}


def test_api_tables_are_generated_from_the_catalog() -> None:
    """The tables of docs/api.md are, verbatim, what the catalog generates."""
    doc = (ROOT / "docs" / "api.md").read_text("utf-8")
    found = re.search(r"<!-- catalog:begin[^>]*-->\n\n(.*)\n<!-- catalog:end -->", doc, re.S)
    assert found, "the generated section's markers are missing"
    assert found.group(1) == catalog_markdown(load_catalog())


def test_readme_serve_output_is_what_serve_prints() -> None:
    """The README shows the banner `ddemu serve` really prints (ports aside)."""
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text("utf-8")
    shown = re.search(r"\$ ddemu serve (\S+).*?\n(.*?)```", readme, re.DOTALL)
    assert shown is not None
    proc = subprocess.Popen(
        [sys.executable, "-m", "emulator", "serve", shown.group(1), "--port", "0"]
        + ["--bridge-port", "0", "--openapi-port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        printed = [proc.stdout.readline() for _ in shown.group(2).strip().splitlines()]
    finally:
        proc.terminate()
        proc.communicate(timeout=10)

    def shape(text: str) -> str:
        return re.sub(r":\d+/", ":PORT/", text.strip())

    assert [shape(line) for line in printed] == [
        shape(line) for line in shown.group(2).strip().splitlines()
    ]


def test_config_doc_lists_the_auth_methods_and_codes() -> None:
    """docs/reference/config.md names every method that needs dd.config, and every 520xx code."""
    doc = (ROOT / "docs" / "reference" / "config.md").read_text("utf-8")
    listed = re.search(r"<!-- auth:begin -->(.*)<!-- auth:end -->", doc, re.S)
    assert listed, "the auth list's markers are missing"
    names = set(re.findall(r"`([\w.]+)`", listed.group(1)))
    assert names == {m.name for m in load_catalog().values() if m.auth}
    codes = set(re.findall(r"\| `(520\d\d)` \|", doc))
    assert codes == {code for code in ERROR_CODES if code.startswith("520")}


def test_relative_links_in_docs_resolve() -> None:
    """Every relative link in the README and docs/ points at a file that exists."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken = [
        f"{page.relative_to(ROOT)} -> {link}"
        for page in pages
        for link in re.findall(r"\]\(([^)#\s]+)\)", page.read_text("utf-8"))
        if not link.startswith(("http://", "https://", "mailto:"))
        and not (page.parent / link).exists()
    ]
    assert broken == []


def test_sensors_example_runs() -> None:
    """The example at the top of docs/reference/sensors.md runs and its asserts hold."""
    doc = (ROOT / "docs" / "reference" / "sensors.md").read_text("utf-8")
    example = python_blocks(doc)[0]
    exec(compile(example, "docs/reference/sensors.md", "exec"), {})


@pytest.mark.parametrize(("page", "example"), TESTED_EXAMPLES)
def test_reference_example_is_the_tested_file(page: str, example: str) -> None:
    """The page's pytest example is, verbatim, a test file that runs in the suite."""
    doc = (ROOT / "docs" / "reference" / page).read_text("utf-8")
    assert (ROOT / "tests" / "examples" / example).read_text("utf-8") in python_blocks(doc)

"""Tests of `ddemu serve/run --scenario FILE`: the scenario is played on the device."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator.cli import _parser, _start
from tests.emulator.test_cli import FREE_PORTS, PAGE, ddemu


@pytest.fixture
def app_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    return folder


def test_scenario_option_plays_on_the_device(app_folder: Path, tmp_path: Path) -> None:
    """`--scenario FILE` puts the device where the file says, on its clock."""
    scenario = tmp_path / "walk.toml"
    scenario.write_text(
        "[scenario]\nfrozen = true\n[location]\npoints = [[0, 30.0, 120.0], [10, 30.001, 120.0]]\n"
        '[network]\ntype = "4g"\n',
        "utf-8",
    )
    emu = _start(
        _parser().parse_args(["serve", str(app_folder), *FREE_PORTS, "--scenario", str(scenario)])
    )
    try:
        assert emu.clock.frozen
        assert emu.device.network == "4g"
        emu.clock.advance(5)
        assert emu.device.location.fix.latitude == pytest.approx(30.0005)
    finally:
        emu.stop()


def test_bad_scenario_exits_2_naming_line_and_field(app_folder: Path, tmp_path: Path) -> None:
    """A bad scenario file is a `ddemu: error:` with its line and field, exit status 2."""
    scenario = tmp_path / "bad.toml"
    scenario.write_text('[network]\ntype = "6g"\n', "utf-8")
    proc = ddemu("serve", str(app_folder), *FREE_PORTS, "--scenario", str(scenario))
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert err.startswith(f"ddemu: error: {scenario}, line 2: field network.type must be one of")
    assert "Traceback" not in err

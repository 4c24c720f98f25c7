"""The pytest plugin's scenario marker and option, run through pytester."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SCENARIO = """
[scenario]
frozen = true

[location]
points = [[0, 30.0, 120.0], [10, 30.001, 120.0]]

[network]
type = "4g"
"""


def test_marker_plays_the_scenario_for_that_test_only(
    pytester: pytest.Pytester, app_dir: str
) -> None:
    """@pytest.mark.ddemu_scenario plays the file (beside the test) on that test's device."""
    pytester.makefile(".toml", walk=SCENARIO)
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ddemu_scenario("walk.toml")
        def test_walk(ddemu):
            assert ddemu.clock.frozen and ddemu.device.network == "4g"
            ddemu.clock.advance(5)
            assert abs(ddemu.device.location.fix.latitude - 30.0005) < 1e-9

        def test_plain(ddemu):
            assert not ddemu.clock.frozen and ddemu.device.network == "wifi"
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", f"--ddemu-app={app_dir}")
    result.assert_outcomes(passed=2)


def test_option_plays_it_for_every_test(pytester: pytest.Pytester, app_dir: str) -> None:
    """--ddemu-scenario plays the file on the device of every test."""
    scenario = pytester.makefile(".toml", walk=SCENARIO)
    pytester.makepyfile(
        """
        def test_one(ddemu):
            assert ddemu.device.network == "4g"

        def test_two(ddemu):
            assert ddemu.clock.frozen
        """
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", f"--ddemu-app={app_dir}", f"--ddemu-scenario={scenario}"
    )
    result.assert_outcomes(passed=2)


def test_bad_scenario_fails_with_line_and_field(pytester: pytest.Pytester, app_dir: str) -> None:
    """A bad scenario file errors the test with the line and field."""
    pytester.makefile(".toml", bad='[network]\ntype = "6g"\n')
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ddemu_scenario("bad.toml")
        def test_bad(ddemu):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", f"--ddemu-app={app_dir}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*bad.toml, line 2: field network.type must be one of*"])

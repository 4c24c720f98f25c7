"""The emulated platform's state: organisation, flow-control settings, what it issued."""

from __future__ import annotations

from pathlib import Path

import pytest

from bridge.errors import ConfigError
from emulator.platform import Platform

KEY = "dingapp8k2m4n6p8r0t2v4x"
API = "/topapi/v2/user/get"


def test_flow_file_is_applied_over_the_published_limits(tmp_path: Path) -> None:
    """A flow-control file given to the platform sets the limits its calls meet."""
    settings = tmp_path / "flow.toml"
    settings.write_text(f'[apis."{API}"]\nqps = 2\n', "utf-8")
    platform = Platform(flow=settings)
    platform.clock.freeze()
    assert platform.flow.check(KEY, API) is None
    assert platform.flow.check(KEY, API) is None
    refused = platform.flow.check(KEY, API)
    assert refused is not None and refused.legacy_code == 90018


def test_bad_flow_file_names_its_line(tmp_path: Path) -> None:
    """A flow-control file with a wrong field is refused with its file and line."""
    settings = tmp_path / "flow.toml"
    settings.write_text('# limits\n\n[apis."/gettoken"]\nqps = "many"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"flow\.toml.*line 4"):
        Platform(flow=settings)


def test_reset_forgets_issued_things_but_keeps_settings(tmp_path: Path) -> None:
    """reset() forgets codes and counts, and keeps the organisation and the limits."""
    settings = tmp_path / "flow.toml"
    settings.write_text(f'[apis."{API}"]\nqps = 1\n', "utf-8")
    platform = Platform(flow=settings)
    platform.clock.freeze()
    code = platform.auth_codes.issue(platform.org.default_corp_id, "zhangsan").code
    assert platform.flow.check(KEY, API) is None
    platform.reset()
    platform.clock.freeze()
    assert platform.auth_codes.redeem(code, platform.org.default_corp_id) is None
    assert platform.flow.check(KEY, API) is None
    assert platform.flow.check(KEY, API) is not None


def test_oauth_code_needs_a_known_app_person_and_corp() -> None:
    """issue_oauth_code refuses an unknown app, person, or a corp the person is not in."""
    platform = Platform()
    unionid = platform.org.user(platform.org.default_corp_id, "lisi").unionid
    with pytest.raises(ConfigError, match="no app"):
        platform.issue_oauth_code("nosuch", unionid)
    with pytest.raises(ConfigError, match="no person"):
        platform.issue_oauth_code(KEY, "nosuch")
    with pytest.raises(ConfigError, match="not in corp"):
        platform.issue_oauth_code(KEY, unionid, corp_id="ding2b9e7d4f1c6a8035")

"""Tests of jsapi.pickers.regions: the city picker's region table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bridge.errors import ConfigError
from jsapi.pickers.regions import Regions, builtin_regions, load_regions


def test_districts_have_their_city_and_province() -> None:
    """A district's full name runs from its province; a municipality is named once."""
    regions = builtin_regions()
    xihu = regions.get("330106")
    assert (xihu.name, xihu.level, xihu.parent) == ("西湖区", "district", "330100")
    assert regions.result(xihu) == {
        "regionCode": "330106",
        "regionName": "西湖区",
        "regionFullName": "浙江省杭州市西湖区",
    }
    assert regions.full_name(regions.get("110105")) == "北京市朝阳区"
    assert [r.name for r in regions.lineage(xihu)] == ["浙江省", "杭州市", "西湖区"]


def test_find_by_code_name_or_full_name() -> None:
    """Code, name and full name find the same region; an ambiguous name says so."""
    regions = builtin_regions()
    assert regions.find("330106") == regions.find("西湖区") == regions.find("浙江省杭州市西湖区")
    with pytest.raises(KeyError, match="no region"):
        regions.find("火星区")
    with pytest.raises(KeyError, match="several"):
        Regions(
            {
                "110000": "A",
                "110100": "A",
                "110101": "东区",
                "120000": "B",
                "120100": "B",
                "120101": "东区",
            }
        ).find("东区")


def test_tree_nests_provinces_cities_districts() -> None:
    """The shell's tree has provinces at the top and districts at the leaves."""
    tree = builtin_regions().tree()
    zhejiang = next(p for p in tree if p["code"] == "330000")
    hangzhou = next(c for c in zhejiang["children"] if c["code"] == "330100")
    assert {"code": "330106", "name": "西湖区", "children": []} in hangzhou["children"]


def test_bad_tables_are_refused(tmp_path: Path) -> None:
    """Codes that are not six digits, orphans and missing tables are ConfigErrors."""
    with pytest.raises(ConfigError, match="six digits"):
        Regions({"3301": "x"})
    with pytest.raises(ConfigError, match="parent 330100 is missing"):
        Regions({"330000": "浙江省", "330106": "西湖区"})
    path = tmp_path / "regions.toml"
    path.write_text("[other]\n", "utf-8")
    with pytest.raises(ConfigError, match=r"regions\.toml: needs a \[regions\] table"):
        load_regions(path)
    path.write_text('[regions]\n"330000" = "浙江省"\n', "utf-8")
    assert len(load_regions(path)) == 1
    with pytest.raises(ConfigError, match="cannot read"):
        load_regions(tmp_path / "missing.toml")

"""The regions of the city picker (``biz.util.chooseRegion``): provinces, cities, districts.

The built-in table (``jsapi/pickers/regions.toml``) holds a few provinces of
China with codes as in GB/T 2260, where the digits give the level: ``330000``
Zhejiang, ``330100`` Hangzhou, ``330106`` its Xihu district.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from bridge.errors import ConfigError

__all__ = ["Region", "Regions", "builtin_regions", "load_regions"]

Level = Literal["province", "city", "district"]


@dataclass(frozen=True)
class Region:
    """One province, city or district."""

    code: str
    name: str
    level: Level
    parent: str | None = None


class Regions:
    """A table of regions, looked up by code or name.

    Args:
        table: Codes (six digits) to names.

    Raises:
        ConfigError: For a code that is not six digits, or a city or district
            whose province or city is missing.
    """

    def __init__(self, table: dict[str, str]) -> None:
        self._by_code: dict[str, Region] = {}
        for code in sorted(table):
            name = table[code]
            if len(code) != 6 or not code.isdigit():
                raise ConfigError(f"region code {code!r} is not six digits")
            if not isinstance(name, str) or not name:
                raise ConfigError(f"region {code} needs a name")
            if code.endswith("0000"):
                region = Region(code, name, "province")
            elif code.endswith("00"):
                region = Region(code, name, "city", code[:2] + "0000")
            else:
                region = Region(code, name, "district", code[:4] + "00")
            if region.parent is not None and region.parent not in table:
                raise ConfigError(f"region {code} {name}: its parent {region.parent} is missing")
            self._by_code[code] = region

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Region:
        """Return the region ``code``.

        Raises:
            KeyError: If there is none.
        """
        return self._by_code[code]

    def find(self, name_or_code: str) -> Region:
        """The region with this code, or else the one whose name or full name this is.

        ``"西湖区"``, ``"浙江省杭州市西湖区"`` and ``"330106"`` are the same region.

        Raises:
            KeyError: If none matches, or a bare name matches several (say which).
        """
        if name_or_code in self._by_code:
            return self._by_code[name_or_code]
        full = [r for r in self._by_code.values() if self.full_name(r) == name_or_code]
        if full:
            return full[-1]  # the deepest: a municipality's city shares its name
        named = [r for r in self._by_code.values() if r.name == name_or_code]
        if len(named) == 1:
            return named[0]
        if not named:
            raise KeyError(f"no region named or coded {name_or_code!r}")
        codes = ", ".join(r.code for r in named)
        raise KeyError(f"{name_or_code!r} names several regions ({codes}); give the code")

    def children(self, code: str | None = None) -> list[Region]:
        """The provinces (``code`` None), or the regions directly under ``code``."""
        return [r for r in self._by_code.values() if r.parent == code]

    def lineage(self, region: Region) -> list[Region]:
        """The region's province, city and itself, top first."""
        chain = [region]
        while chain[0].parent is not None:
            chain.insert(0, self._by_code[chain[0].parent])
        return chain

    def full_name(self, region: Region) -> str:
        """``"浙江省杭州市西湖区"``; a municipality's name is said once (``"北京市朝阳区"``)."""
        names: list[str] = []
        for part in self.lineage(region):
            if not names or names[-1] != part.name:
                names.append(part.name)
        return "".join(names)

    def result(self, region: Region) -> dict[str, str]:
        """The picker's answer for ``region``: ``{regionCode, regionName, regionFullName}``."""
        return {
            "regionCode": region.code,
            "regionName": region.name,
            "regionFullName": self.full_name(region),
        }

    def tree(self) -> list[dict[str, Any]]:
        """Every region as nested ``{code, name, children}``, for the shell's sheet."""

        def node(region: Region) -> dict[str, Any]:
            kids = self.children(region.code)
            return {"code": region.code, "name": region.name, "children": [node(k) for k in kids]}

        return [node(p) for p in self.children(None)]


def load_regions(path: str | Path) -> Regions:
    """Load a region table from a TOML file with a ``[regions]`` table of ``code = name``.

    Raises:
        ConfigError: For a file that cannot be read or is not such a table.
    """
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read region table {path}: {exc.strerror}") from None
    return _parse(text, str(path))


@lru_cache(maxsize=1)
def builtin_regions() -> Regions:
    """The built-in region table."""
    text = (files("jsapi.pickers") / "regions.toml").read_text("utf-8")
    return _parse(text, "built-in regions.toml")


def _parse(text: str, where: str) -> Regions:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    table = data.get("regions")
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{where}: needs a [regions] table of code = name")
    try:
        return Regions(table)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None

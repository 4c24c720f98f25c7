"""The project's ``localresource.json``: what the official ``h5package`` CLI packs and publishes.

Not to be confused with the manifest of the same name inside a package
(:class:`~offline_packages.manifest.Manifest`). This one sits in the project and
maps online URLs to local files::

    {
      "miniAppId": "5000000002761167",
      "accessToken": "...",                          (publish only)
      "host": "https://api.dingtalk.com",            (publish only)
      "assets": {
        "https://n.dingtalk.com/dingding/offline-demo-H5": "./dist",
        "https://www.example.com:8443/app/favicon.ico": "./favicon.ico"
      },
      "externalAssets": ["https://g.alicdn.com/code/lib/react/18.2.0/umd/react.production.min.js"],
      "globMappingRules": {"https://n.dingtalk.com/app/": "https://n.dingtalk.com/app/index.html"}
    }

It is strict JSON, as the official CLI reads it with ``fs.readJson``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bridge.errors import ConfigError

__all__ = ["PROJECT_CONFIG_NAME", "ProjectConfig", "load_project_config"]

#: The file the official CLI reads by default, in the folder it runs in.
PROJECT_CONFIG_NAME = "localresource.json"


@dataclass(frozen=True)
class ProjectConfig:
    """A project's ``localresource.json``.

    Attributes:
        mini_app_id: The package id (离线包ID); names the output ``<id>.zip``.
        assets: Online URL (a folder prefix or one file) to local path, in
            the file's order; relative paths are relative to the project.
        external_assets: URLs downloaded into the package at pack time.
        glob_mapping_rules: URL rewrites, ``pattern -> target`` (packer 2.0.11).
        access_token: The API token for publishing, if given.
        host: The publish gateway, if given (default ``https://api.dingtalk.com``).
    """

    mini_app_id: str
    assets: Mapping[str, str] = field(default_factory=dict)
    external_assets: tuple[str, ...] = ()
    glob_mapping_rules: Mapping[str, str] = field(default_factory=dict)
    access_token: str | None = None
    host: str | None = None

    @classmethod
    def from_dict(cls, data: Any, where: str = PROJECT_CONFIG_NAME) -> ProjectConfig:
        """Check and convert the parsed JSON of a project config.

        Args:
            data: What ``json.load`` returned.
            where: How errors name the file.

        Raises:
            ConfigError: Naming the field that is missing or of the wrong type.
        """
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: must hold a JSON object")
        app_id = data.get("miniAppId")
        if isinstance(app_id, int) and not isinstance(app_id, bool):
            app_id = str(app_id)
        if not isinstance(app_id, str) or not app_id:
            raise ConfigError(f"{where}: miniAppId is missing: the package id names the .zip")
        if app_id in (".", "..") or any(c in app_id for c in "/\\\0:"):
            raise ConfigError(f"{where}: miniAppId {app_id!r} cannot name a file")
        assets = _string_map(data, "assets", where)
        external = data.get("externalAssets", [])
        if not isinstance(external, list) or not all(isinstance(url, str) for url in external):
            raise ConfigError(f"{where}: externalAssets must be a list of URLs")
        rules = _string_map(data, "globMappingRules", where)
        token, host = data.get("accessToken"), data.get("host")
        for name, value in (("accessToken", token), ("host", host)):
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{where}: {name} must be a string")
        return cls(app_id, assets, tuple(external), rules, token, host)


def load_project_config(path: str | os.PathLike[str]) -> ProjectConfig:
    """Read a project's ``localresource.json``.

    Raises:
        ConfigError: If the file is missing, is not strict JSON, or a field is wrong.
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")  # fs-extra's readJson strips a BOM too
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (the project's {PROJECT_CONFIG_NAME})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}, line {exc.lineno}, column {exc.colno}: not strict JSON: {exc.msg}"
            " (no comments, no trailing commas)"
        ) from None
    return ProjectConfig.from_dict(data, str(path))


def _string_map(data: dict[str, Any], key: str, where: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f"{where}: {key} must be an object of URL to string")
    return dict(value)

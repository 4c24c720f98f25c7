"""Where the built-in sample apps live, and whether they are built."""

from __future__ import annotations

from pathlib import Path

from bridge.errors import ConfigError

__all__ = ["SAMPLE_APPS", "builtin_app", "sample_app"]

#: ``sample_apps/`` of the source tree ddemu runs from.
SAMPLE_APPS = Path(__file__).resolve().parent.parent / "sample_apps"

#: Files each sample needs before it can run (its bundle, built by npm).
_BUILT = {"hello": "dist/app.js"}


def sample_app(name: str, *, check_built: bool = True) -> Path:
    """Return the folder of sample app ``name``.

    Raises:
        ConfigError: If it is not there, or not built, saying what to run.
    """
    folder = SAMPLE_APPS / name
    if not (folder / "index.html").is_file():
        raise ConfigError(
            f"sample app {name!r} is not in this installation ({folder}); "
            "run ddemu from its source checkout or pass an app folder"
        )
    needed = _BUILT.get(name)
    if check_built and needed and not (folder / needed).is_file():
        raise ConfigError(
            f"sample app {name!r} is not built yet: run `make setup` "
            f"(or `npm ci && npm run build` in {folder})"
        )
    return folder


def builtin_app() -> Path:
    """The app ddemu opens when none is given: ``sample_apps/hello``."""
    return sample_app("hello")

"""Each package's public API is the union of what its modules export."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

#: The modules whose ``__all__`` each package re-exports (see its ``__init__``).
REEXPORTED = {
    "bridge": ["errors", "protocol", "server", "sessions"],
    "jsapi": ["builtin", "catalog", "context", "pageauth", "registry", "shim", "signature"],
    "emulator": [
        "calls",
        "clock",
        "device",
        "emulator",
        "inbox",
        "org",
        "platform",
        "profiles",
        "tokens",
    ],
    "offline_packages": [
        "archive",
        "build",
        "extract",
        "install",
        "manifest",
        "project",
        "sign",
        "store",
        "urls",
        "verify",
    ],
}

#: Modules not imported here: running ``__main__`` would start the CLI.
SKIPPED = {"emulator.__main__"}


def all_modules() -> list[str]:
    names = []
    for package in REEXPORTED:
        path = importlib.import_module(package).__path__
        for info in pkgutil.walk_packages(path, f"{package}."):
            if info.name not in SKIPPED:
                names.append(info.name)
    return names


@pytest.mark.parametrize("package", sorted(REEXPORTED))
def test_package_all_is_union_of_modules(package: str) -> None:
    """A package exports exactly what its re-exported modules export, each name once."""
    pkg = importlib.import_module(package)
    expected: list[str] = []
    for name in REEXPORTED[package]:
        expected.extend(importlib.import_module(f"{package}.{name}").__all__)
    assert len(expected) == len(set(expected)), "two modules export the same name"
    assert sorted(pkg.__all__) == sorted(expected)


@pytest.mark.parametrize("package", sorted(REEXPORTED))
def test_package_names_are_the_modules_objects(package: str) -> None:
    """Each name a package exports is the very object its module defines."""
    pkg = importlib.import_module(package)
    for name in REEXPORTED[package]:
        module = importlib.import_module(f"{package}.{name}")
        for attr in module.__all__:
            assert getattr(pkg, attr) is getattr(module, attr), f"{package}.{attr}"


@pytest.mark.parametrize("module_name", all_modules())
def test_every_exported_name_exists(module_name: str) -> None:
    """Every name in a module's __all__ is defined in it."""
    module: ModuleType = importlib.import_module(module_name)
    exported = getattr(module, "__all__", [])
    assert len(exported) == len(set(exported))
    for name in exported:
        assert hasattr(module, name), f"{module_name}.{name}"


@pytest.mark.parametrize("module_name", all_modules())
def test_every_module_declares_all(module_name: str) -> None:
    """Every module with code states its public names in __all__."""
    module = importlib.import_module(module_name)
    defined = [
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and name != "annotations" and not isinstance(value, ModuleType)
    ]
    if defined:  # a package holding only a docstring and its subpackages needs none
        assert isinstance(getattr(module, "__all__", None), list), module_name

"""Tests of emulator.datadir: where device state lives, and atomic writes."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from emulator.datadir import (
    DATA_DIR_ENV,
    default_data_dir,
    device_dir,
    folder_or_temp,
    write_atomic,
)


def test_default_follows_ddemu_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """$DDEMU_HOME wins; without it $XDG_DATA_HOME/ddemu; else ~/.local/share/ddemu."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "home"))
    assert default_data_dir() == tmp_path / "home"
    monkeypatch.delenv(DATA_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "ddemu"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert default_data_dir() == tmp_path / "user" / ".local" / "share" / "ddemu"


def test_device_dir_is_one_safe_folder(tmp_path: Path) -> None:
    """Any device name gives one folder under devices/, never a path outside it."""
    assert device_dir(tmp_path, "phone") == tmp_path / "devices" / "phone"
    odd = device_dir(tmp_path, "../a/b c")
    assert odd.parent == tmp_path / "devices"
    assert "/" not in odd.name and odd.name != ".."


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    """The file appears with the new content; parents are made; no temp file is left."""
    target = tmp_path / "a" / "b" / "data.json"
    write_atomic(target, "{}")
    write_atomic(target, '{"k": "值"}')
    assert target.read_text("utf-8") == '{"k": "值"}'
    write_atomic(target, b"raw")
    assert target.read_bytes() == b"raw"
    assert os.listdir(target.parent) == ["data.json"]


def test_write_atomic_keeps_old_content_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rename fails, the old file is intact and the temp file is gone."""
    target = tmp_path / "data.json"
    write_atomic(target, "old")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["data.json"]


def test_folder_or_temp_gives_the_folder_or_one_that_lives_with_its_owner(tmp_path: Path) -> None:
    """A given folder is used as it is; without one, a temporary folder goes with its owner."""

    class Owner:
        pass

    assert folder_or_temp(tmp_path / "x", Owner(), "ddemu-test-") == tmp_path / "x"
    owner = Owner()
    temp = folder_or_temp(None, owner, "ddemu-test-")
    assert temp.is_dir() and temp.name.startswith("ddemu-test-")
    del owner
    gc.collect()
    assert not temp.exists()

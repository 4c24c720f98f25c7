"""Tests of emulator.drive: Drive spaces hold files by space and file id."""

from __future__ import annotations

import pytest

from bridge.errors import ConfigError
from emulator.clock import Clock
from emulator.drive import MAX_DRIVE_FILE_BYTES, Drive


def test_add_get_list_delete() -> None:
    """Files are kept per space with fresh numeric ids, listed, and deleted."""
    drive = Drive(Clock())
    first = drive.add("s1", "合同.PDF", b"%PDF data")
    second = drive.add("s2", "b.txt", b"hello")
    assert first.file_id.isdigit() and first.file_id != second.file_id
    assert first.as_result() == {
        "spaceId": "s1",
        "fileId": first.file_id,
        "fileName": "合同.PDF",
        "fileSize": 9,
        "fileType": "pdf",
    }
    assert drive.get("s1", first.file_id) is first
    assert drive.get("s2", first.file_id) is None
    assert drive.files("s1") == [first] and drive.files() == [first, second]
    assert drive.delete("s1", first.file_id) is True
    assert drive.delete("s1", first.file_id) is False
    drive.clear()
    assert drive.files() == []


def test_bad_files() -> None:
    """No space, no name, or too big: a ConfigError."""
    drive = Drive(Clock())
    with pytest.raises(ConfigError, match="space id and a name"):
        drive.add("", "a.txt", b"x")
    with pytest.raises(ConfigError, match="over"):
        drive.add("s", "big.bin", b"\0" * (MAX_DRIVE_FILE_BYTES + 1))

"""Tests of emulator.storage: domain storage per device, kept on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulator.storage import DEFAULT_DOMAIN, DomainStorage, domain_of


def test_values_survive_a_new_storage_on_the_same_folder(tmp_path: Path) -> None:
    """What one run stores, the next run (a new object on the same folder) reads."""
    first = DomainStorage(tmp_path)
    first.set("token", "abc")
    first.set("draft", '{"a": 1}', domain="example.com")
    again = DomainStorage(tmp_path)
    assert again.get("token") == "abc"
    assert again.get("draft", domain="example.com") == '{"a": 1}'
    assert again.domains() == [DEFAULT_DOMAIN, "example.com"]
    saved = json.loads((tmp_path / "127.0.0.1.json").read_text("utf-8"))
    assert saved == {"token": "abc"}


def test_domains_are_separate(tmp_path: Path) -> None:
    """A name set for one domain is not seen by another."""
    storage = DomainStorage(tmp_path)
    storage.set("k", "one", domain="a.example.com")
    assert storage.get("k", domain="b.example.com") is None
    assert storage.keys(domain="a.example.com") == ["k"]


def test_remove_and_clear(tmp_path: Path) -> None:
    """remove() forgets one name; clear() forgets everything, files included."""
    storage = DomainStorage(tmp_path)
    storage.set("a", "1")
    storage.set("b", "2", domain="x.test")
    assert storage.remove("a") is True
    assert storage.remove("a") is False
    assert storage.get("a") is None
    storage.clear()
    assert storage.domains() == []
    assert list(tmp_path.glob("*.json")) == []
    assert DomainStorage(tmp_path).get("b", domain="x.test") is None


def test_in_memory_without_folder() -> None:
    """A storage without a folder works and writes nothing."""
    storage = DomainStorage()
    storage.set("k", "v")
    assert storage.get("k") == "v"
    assert storage.size() == len('"k"') + len('"v"')


def test_unreadable_file_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A corrupt file reads as empty, with a warning, and is replaced on the next write."""
    (tmp_path / "127.0.0.1.json").write_text("{not json", "utf-8")
    storage = DomainStorage(tmp_path)
    assert storage.get("k") is None
    assert "unreadable storage file" in caplog.text
    storage.set("k", "v")
    assert json.loads((tmp_path / "127.0.0.1.json").read_text("utf-8")) == {"k": "v"}


def test_domain_of_pages() -> None:
    """The domain is the page's host name; the PC shell gives its app page's."""
    assert domain_of("http://127.0.0.1:50123/index.html") == "127.0.0.1"
    assert domain_of("https://App.Example.com/x?y=1") == "app.example.com"
    assert domain_of("") == DEFAULT_DOMAIN
    shell = "http://h5.dingtalk.com:5000/__ddemu__/pc/host.html?url=http%3A%2F%2Fcorp.test%2F"
    assert domain_of(shell) == "corp.test"
    assert domain_of("http://h5.dingtalk.com:5000/__ddemu__/pc/host.html") == DEFAULT_DOMAIN

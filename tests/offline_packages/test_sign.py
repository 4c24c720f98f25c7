"""offline_packages.sign: ddemu's sha256 + Ed25519 signature, kept beside the package."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bridge.errors import ConfigError, OfflinePackageError
from offline_packages.manifest import Manifest, write_package
from offline_packages.sign import (
    PackageSignature,
    generate_private_key,
    key_id,
    load_private_key,
    load_public_key,
    sha256_of,
    sign_package,
    signed_message,
    verify_signature,
    write_key_pair,
)

APP = "5000000002761167"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A small package file."""
    return write_package(
        tmp_path / f"{APP}.zip", [("h.com/app/index.html", b"<p>hi</p>")], Manifest()
    )


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return generate_private_key()


def test_round_trip_through_files(package: Path, tmp_path: Path) -> None:
    """keygen PEM files, sign, write the .sig, read it back, verify: all is well."""
    private_path, public_path = write_key_pair(tmp_path / "keys" / "publisher")
    signature = sign_package(
        package, app_id=APP, version="0.0.1", private_key=load_private_key(private_path)
    )
    sig_path = signature.write(f"{package}.sig")
    read = PackageSignature.read(sig_path)
    assert read == signature
    verify_signature(package, read, load_public_key(public_path), app_id=APP, version="0.0.1")
    verify_signature(package.read_bytes(), read, load_public_key(public_path))  # bytes too
    assert json.loads(sig_path.read_text())["sha256"] == sha256_of(package)
    assert read.key_id == key_id(load_public_key(public_path))


def test_the_zip_is_not_changed(package: Path, key: Ed25519PrivateKey) -> None:
    """Signing leaves the package byte for byte as it was: the signature lives beside it."""
    before = package.read_bytes()
    sign_package(package, app_id=APP, version="0.0.1", private_key=key)
    assert package.read_bytes() == before


def test_one_byte_changed_is_detected(package: Path, key: Ed25519PrivateKey) -> None:
    """Any change to the package fails with 'the package was altered'."""
    signature = sign_package(package, app_id=APP, version="0.0.1", private_key=key)
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    package.write_bytes(bytes(data))
    with pytest.raises(OfflinePackageError, match="the package was altered"):
        verify_signature(package, signature, key.public_key())


def test_wrong_key_is_detected(package: Path, key: Ed25519PrivateKey) -> None:
    """A signature made with another key names both keys."""
    signature = sign_package(package, app_id=APP, version="0.0.1", private_key=key)
    other = generate_private_key().public_key()
    with pytest.raises(OfflinePackageError, match=f"signed with key {signature.key_id}, not"):
        verify_signature(package, signature, other)


def test_wrong_version_and_app_are_detected(package: Path, key: Ed25519PrivateKey) -> None:
    """A package signed as 0.0.1 is not 0.0.2, nor another app's."""
    signature = sign_package(package, app_id=APP, version="0.0.1", private_key=key)
    with pytest.raises(OfflinePackageError, match="signed as version 0.0.1, not as version 0.0.2"):
        verify_signature(package, signature, key.public_key(), version="0.0.2")
    with pytest.raises(OfflinePackageError, match=f"signed for app {APP}, not for app 42"):
        verify_signature(package, signature, key.public_key(), app_id="42")


def test_altered_claims_are_detected(package: Path, key: Ed25519PrivateKey, tmp_path: Path) -> None:
    """Editing the version in the signature file breaks the signature itself."""
    signature = sign_package(package, app_id=APP, version="0.0.1", private_key=key)
    data = json.loads(signature.to_json())
    data["version"] = "0.0.2"
    forged = PackageSignature.from_json(json.dumps(data))
    with pytest.raises(OfflinePackageError, match="does not match its app id, version and sha256"):
        verify_signature(package, forged, key.public_key(), version="0.0.2")


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "{}",
        '{"format": "ddemu-offline-package/1", "appId": "1"}',
        '{"format": "ddemu-offline-package/1", "appId": "1", "version": "1", "sha256": "0",'
        ' "keyId": "0", "signature": "@@@"}',
        '{"format": "other/2", "appId": "1", "version": "1", "sha256": "0",'
        ' "keyId": "0", "signature": ""}',
    ],
)
def test_malformed_signature_files_are_refused(text: str) -> None:
    """A file that is not a ddemu signature says so."""
    with pytest.raises(OfflinePackageError, match="not a valid signature file"):
        PackageSignature.from_json(text)


def test_signed_message_is_unambiguous() -> None:
    """Fields with line breaks cannot be signed: the message has one field per line."""
    assert signed_message("1", "0.0.1", "ab") == b"ddemu-offline-package/1\n1\n0.0.1\nab\n"
    with pytest.raises(ValueError, match="control character"):
        signed_message("1\n0.0.2", "0.0.1", "ab")
    with pytest.raises(ValueError, match="empty"):
        signed_message("", "0.0.1", "ab")


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_key_files(tmp_path: Path) -> None:
    """The private key is PKCS#8 PEM, readable by its owner only; files are not overwritten."""
    private_path, public_path = write_key_pair(tmp_path / "k")
    assert private_path.name == "k.private.pem" and public_path.name == "k.public.pem"
    assert stat.S_IMODE(private_path.stat().st_mode) == 0o600
    assert private_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public_path.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    with pytest.raises(ConfigError, match="not overwriting"):
        write_key_pair(tmp_path / "k")
    old = private_path.read_bytes()
    write_key_pair(tmp_path / "k", overwrite=True)
    assert private_path.read_bytes() != old


def test_wrong_key_files_are_config_errors(tmp_path: Path) -> None:
    """A missing file, a non-PEM file or a key of another kind is a ConfigError."""
    ec_key = ec.generate_private_key(ec.SECP256R1())
    (tmp_path / "ec.pem").write_bytes(
        ec_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp_path / "ec.pub").write_bytes(
        ec_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    (tmp_path / "junk.pem").write_text("junk")
    with pytest.raises(ConfigError, match="not an Ed25519 key"):
        load_private_key(tmp_path / "ec.pem")
    with pytest.raises(ConfigError, match="not an Ed25519 key"):
        load_public_key(tmp_path / "ec.pub")
    for path in (tmp_path / "junk.pem", tmp_path / "missing.pem"):
        with pytest.raises(ConfigError):
            load_private_key(path)
        with pytest.raises(ConfigError):
            load_public_key(path)

"""ddemu's integrity layer for packages: a sha256 and an Ed25519 signature, beside the zip.

DingTalk's format has no hash and no signature (its integrity rests on the
upload channel). ddemu adds its own, **outside** the package so the zip stays
byte for byte DingTalk's: a signature file (``<package>.sig``, JSON) holds the
claims ``appId``, ``version`` and ``sha256`` of the package file, the id of the
signing key, and an Ed25519 signature over exactly these bytes::

    ddemu-offline-package/1\\n<appId>\\n<version>\\n<sha256 hex>\\n

:func:`verify_signature` checks, in order, that the signature file is well
formed, that it was made with the given key, that its claims are the signed
ones, that the package is the one signed, and that app id and version are the
expected ones, and says which failed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bridge.errors import ConfigError, OfflinePackageError

__all__ = [
    "SIGNATURE_FORMAT",
    "PackageSignature",
    "generate_private_key",
    "key_id",
    "load_private_key",
    "load_public_key",
    "sha256_of",
    "sign_package",
    "signed_message",
    "verify_signature",
    "write_key_pair",
]

#: The ``format`` field of a signature file, and the first line of what is signed.
SIGNATURE_FORMAT = "ddemu-offline-package/1"


def signed_message(app_id: str, version: str, sha256: str) -> bytes:
    """The exact bytes that are signed for a package.

    Raises:
        ValueError: If a field is empty or has a line break or control character,
            which would make the message ambiguous.
    """
    for label, value in (("app id", app_id), ("version", version), ("sha256", sha256)):
        if not value or any(ord(c) < 0x20 or c == "\x7f" for c in value):
            raise ValueError(
                f"the {label} {value!r} cannot be signed: empty or a control character"
            )
    return f"{SIGNATURE_FORMAT}\n{app_id}\n{version}\n{sha256}\n".encode()


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short id of a public key: the first 16 hex digits of the sha256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sha256_of(package: str | os.PathLike[str] | bytes) -> str:
    """Hex sha256 of a package, given as a file or its bytes."""
    if isinstance(package, bytes):
        return hashlib.sha256(package).hexdigest()
    digest = hashlib.sha256()
    with open(package, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class PackageSignature:
    """The signature of one version of one app's package, kept beside the package.

    Attributes:
        app_id: The ``miniAppId``.
        version: The version the publisher assigned (``"0.0.3"``).
        sha256: Hex sha256 of the package file.
        key_id: :func:`key_id` of the signing key.
        signature: 64 bytes of Ed25519 signature over :meth:`message`.
    """

    app_id: str
    version: str
    sha256: str
    key_id: str
    signature: bytes

    def message(self) -> bytes:
        """What was signed: :func:`signed_message` of the claims."""
        return signed_message(self.app_id, self.version, self.sha256)

    def to_json(self) -> str:
        """The signature file's text."""
        return json.dumps(
            {
                "format": SIGNATURE_FORMAT,
                "appId": self.app_id,
                "version": self.version,
                "sha256": self.sha256,
                "keyId": self.key_id,
                "signature": base64.b64encode(self.signature).decode("ascii"),
            },
            indent=2,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> PackageSignature:
        """Parse a signature file.

        Raises:
            OfflinePackageError: If it is not a ddemu signature file.
        """
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != SIGNATURE_FORMAT:
                raise ValueError(f"format is not {SIGNATURE_FORMAT!r}")
            fields = [data[key] for key in ("appId", "version", "sha256", "keyId", "signature")]
            if not all(isinstance(value, str) for value in fields):
                raise ValueError("appId, version, sha256, keyId and signature must be strings")
            signature = base64.b64decode(fields[4], validate=True)
        except (ValueError, KeyError, binascii.Error) as exc:
            raise OfflinePackageError(f"not a valid signature file: {exc}") from None
        return cls(fields[0], fields[1], fields[2], fields[3], signature)

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the signature file to ``path``."""
        path = Path(path)
        path.write_text(self.to_json() + "\n", "utf-8")
        return path

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> PackageSignature:
        """Read a signature file.

        Raises:
            OfflinePackageError: If it cannot be read or is not valid.
        """
        try:
            text = Path(path).read_bytes()
        except OSError as exc:
            raise OfflinePackageError(f"cannot read signature {path}: {exc.strerror}") from None
        return cls.from_json(text)


def generate_private_key() -> Ed25519PrivateKey:
    """A new random Ed25519 signing key."""
    return Ed25519PrivateKey.generate()


def write_key_pair(
    prefix: str | os.PathLike[str],
    private_key: Ed25519PrivateKey | None = None,
    *,
    overwrite: bool = False,
) -> tuple[Path, Path]:
    """Write ``<prefix>.private.pem`` (PKCS#8, mode 0600) and ``<prefix>.public.pem``.

    Args:
        prefix: Path and start of the file names.
        private_key: The key to write (default: a new one).
        overwrite: Replace existing files instead of refusing.

    Returns:
        The paths of the private and the public key.

    Raises:
        ConfigError: If a file exists and ``overwrite`` is false.
    """
    key = private_key or generate_private_key()
    private_path = Path(f"{os.fspath(prefix)}.private.pem")
    public_path = Path(f"{os.fspath(prefix)}.public.pem")
    if not overwrite:
        for existing in (private_path, public_path):
            if existing.exists():
                raise ConfigError(f"{existing} exists; not overwriting a key")
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private_path.parent.mkdir(parents=True, exist_ok=True)
    private_path.unlink(missing_ok=True)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(private_pem)
    public_path.write_bytes(public_pem)
    return private_path, public_path


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Read an unencrypted Ed25519 private key from a PEM file.

    Raises:
        ConfigError: If the file cannot be read or holds no such key.
    """
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"{path}: not an unencrypted PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path}: not an Ed25519 key")
    return key


def load_public_key(path: str | os.PathLike[str]) -> Ed25519PublicKey:
    """Read an Ed25519 public key from a PEM file.

    Raises:
        ConfigError: If the file cannot be read or holds no such key.
    """
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: not a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path}: not an Ed25519 key")
    return key


def sign_package(
    package: str | os.PathLike[str] | bytes,
    *,
    app_id: str,
    version: str,
    private_key: Ed25519PrivateKey,
) -> PackageSignature:
    """Sign a package (a file or its bytes) as ``version`` of ``app_id``.

    You must keep the result beside the package (:meth:`PackageSignature.write`);
    the package itself is not changed.

    Raises:
        ValueError: If ``app_id`` or ``version`` is empty or has a control character.
    """
    digest = sha256_of(package)
    message = signed_message(app_id, version, digest)
    return PackageSignature(
        app_id, version, digest, key_id(private_key.public_key()), private_key.sign(message)
    )


def verify_signature(
    package: str | os.PathLike[str] | bytes,
    signature: PackageSignature,
    public_key: Ed25519PublicKey,
    *,
    app_id: str | None = None,
    version: str | None = None,
) -> None:
    """Check that ``package`` is what ``public_key``'s owner signed, for this app and version.

    Args:
        package: The package file, or its bytes.
        signature: Its signature (:meth:`PackageSignature.read`).
        public_key: The publisher's key.
        app_id: The app the package must be for; ``None`` accepts the signed one.
        version: The version it must be; ``None`` accepts the signed one.

    Raises:
        OfflinePackageError: Saying which check failed: another key, a signature
            file altered, a package altered, another app or another version.
    """
    expected_key = key_id(public_key)
    if signature.key_id != expected_key:
        raise OfflinePackageError(
            f"signed with key {signature.key_id}, not with the key given ({expected_key})"
        )
    try:
        public_key.verify(signature.signature, signature.message())
    except (InvalidSignature, ValueError):
        raise OfflinePackageError(
            "the signature does not match its app id, version and sha256: "
            "the signature file was altered, or made with another key"
        ) from None
    actual = sha256_of(package)
    if actual != signature.sha256:
        raise OfflinePackageError(
            f"the package was altered: its sha256 is {actual}, the signed one {signature.sha256}"
        )
    if app_id is not None and app_id != signature.app_id:
        raise OfflinePackageError(f"signed for app {signature.app_id}, not for app {app_id}")
    if version is not None and version != signature.version:
        raise OfflinePackageError(
            f"signed as version {signature.version}, not as version {version}"
        )

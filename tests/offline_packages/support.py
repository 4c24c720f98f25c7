"""Helpers for the offline-package tests: the official packer, a loopback HTTPS server, a project.

The official packer is npm ``dingtalk-h5package-opensdk@2.0.10``, installed by
``scripts/setup.sh`` into ``tests/assets/h5package/node_modules``. Its ``pack``
touches the network only for ``externalAssets``; the tests point those at
:func:`https_server`, on 127.0.0.1 with a CA made for the test and trusted
through ``NODE_EXTRA_CA_CERTS`` (Node) and an ``SSLContext`` (ddemu).
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
PACKER_PROJECT = ROOT / "tests" / "assets" / "h5package"
PACKER_CLI = (
    PACKER_PROJECT / "node_modules" / "dingtalk-h5package-opensdk" / "dist" / "cli" / "h5package.js"
)
NODE = shutil.which("node")

#: Skips a test when the official packer is not installed (``make setup`` installs it).
needs_official_packer = pytest.mark.skipif(
    NODE is None or not PACKER_CLI.exists(),
    reason="the official packer is not installed: `make setup` (npm ci in tests/assets/h5package)",
)

#: The id the test projects pack under.
APP_ID = "5000000002761167"


def run_official_pack(
    project: Path, ca_file: Path | None = None, config: str = "localresource.json"
) -> subprocess.CompletedProcess[str]:
    """Run ``h5package pack --config CONFIG`` in ``project``, as its README says.

    Raises:
        AssertionError: With its output, if it fails.
    """
    assert NODE is not None
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    if ca_file is not None:
        env["NODE_EXTRA_CA_CERTS"] = str(ca_file)
    done = subprocess.run(
        [NODE, str(PACKER_CLI), "pack", "--config", config],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, f"official pack failed:\n{done.stdout}\n{done.stderr}"
    return done


def zip_entries(path: Path) -> list[tuple[str, bytes]]:
    """Every entry of a zip, in archive order, duplicates kept."""
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


@dataclass
class HttpsServer:
    """A loopback HTTPS server of fixed files; see :func:`https_server`."""

    base_url: str
    ca_file: Path
    context: ssl.SSLContext
    requests: list[str] = field(default_factory=list)


@contextmanager
def https_server(files: Mapping[str, bytes]) -> Iterator[HttpsServer]:
    """Serve ``files`` (by path, query ignored) on ``https://127.0.0.1:PORT``."""
    with tempfile.TemporaryDirectory() as folder:
        ca_file, cert_file, key_file = _make_certificates(Path(folder))
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert_file, key_file)
        client_context = ssl.create_default_context(cafile=str(ca_file))
        requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                requests.append(self.path)
                body = files.get(self.path.partition("?")[0])
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.socket = server_context.wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            port = server.server_address[1]
            yield HttpsServer(f"https://127.0.0.1:{port}", ca_file, client_context, requests)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(10)


def _make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ddemu test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_file, cert_file, key_file


#: What the loopback server serves as external assets.
EXTERNAL_FILES = {
    "/code/lib/react/18.2.0/umd/react.production.min.js": b"/* react */ " + b"x" * 3000,
    "/code/lib/react-dom/18.2.0/umd/react-dom.production.min.js": bytes(range(256)) * 8,
}

LONG_DIR = "d" * 40
LONG_FILE = "f" * 40 + ".js"


def make_project(root: Path, external_base: str | None = None, **extra: Any) -> Path:
    """Build the project the official packer and ddemu both pack; return its folder.

    It has a folder mapping (sorting traps, dot files and a dot folder, nested
    non-ASCII names, a space, ``?`` and ``#`` in names, an empty and a binary
    file, a name over 88 characters), a folder mapping with a port and a
    trailing slash, a file mapping with a port, a file mapping with a trailing
    slash, and the two external assets of :data:`EXTERNAL_FILES` if
    ``external_base`` is given. ``extra`` adds fields to the config.
    """
    files = {
        "dist/index.html": b"<!doctype html><title>app</title><script src=js/app.js></script>",
        "dist/js/app.js": b"console.log('offline');\n" * 200,
        "dist/img/logo.png": bytes((i * 7919) % 251 for i in range(20_000)),
        "dist/empty.txt": b"",
        "dist/a_b.js": b"1",
        "dist/a-b.js": b"2",
        "dist/a.b.js": b"3",
        "dist/B/Up.js": b"4",
        "dist/zz.js": b"5",
        "dist/10.js": b"6",
        "dist/9.js": b"7",
        "dist/q?x.js": b"query in a name",
        "dist/h#f.js": b"fragment in a name",
        "dist/.env": b"SECRET=1",
        "dist/.cache/hidden.js": b"hidden",
        "dist/sub/.hidden": b"hidden",
        "dist/sub/深/a b.txt": "深".encode(),
        "dist/sub/深/中文 文件.js": "中文".encode(),
        "dist/sub/Ünïcödé/é.css": b"body{}",
        f"dist/{LONG_DIR}/{LONG_FILE}": b"too long a name",
        "static/app.css": b"body{color:red}",
        "static/fonts/icons.woff2": bytes(range(200)),
        "public/favicon.ico": b"\x00\x00\x01\x00icon",
        "README.md": b"# docs\n",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    config: dict[str, Any] = {
        "miniAppId": APP_ID,
        "assets": {
            "https://n.dingtalk.com/dingding/offline-demo-H5": "./dist",
            "https://CDN.Example.com:8443/static/": "./static",
            "https://www.example.com:8443/app/favicon.ico": "./public/favicon.ico",
            "https://www.example.com/docs/": "./README.md",
        },
    }
    if external_base is not None:
        config["externalAssets"] = [
            f"{external_base}{path}?v=18" if "react.production" in path else external_base + path
            for path in EXTERNAL_FILES
        ]
    config.update(extra)
    (root / "localresource.json").write_text(json.dumps(config, ensure_ascii=False), "utf-8")
    return root

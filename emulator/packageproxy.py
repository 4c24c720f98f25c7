"""Offline packages in the desktop window, at their real https URLs: a loopback proxy.

QtWebEngine cannot hand ``https`` to a scheme handler, so the desktop window
sends its https requests through this proxy (``--proxy-server``). A
``CONNECT`` to a host the device's packages may answer (an entry's host, or a
host named with :meth:`PackageProxy.watch`) is answered with TLS, with a
certificate for that host from a CA made for this device (kept in the
device's data folder, and pinned in the window by its key). Each request is
then answered as the device's container does
(:meth:`emulator.offline.Offline.answer`, the same decision as in
Playwright): from the package, with its content type, CORS headers and, in
HTML pages, the shim; or online. Other hosts are tunnelled. While the
device's network is ``"none"`` nothing goes online: such requests fail as
without a network. :meth:`PackageProxy.chromium_flags` are what the window
needs (:func:`emulator.window.open_window` adds them)::

    with Emulator() as emu, PackageProxy(emu) as proxy:
        proxy.watch(url)
        open_window(url, emu.device.profile, title="ddemu", proxy=proxy)

The bridge and the app server stay on loopback, which Chromium never proxies.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import http.client
import ipaddress
import logging
import os
import select
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .datadir import folder_or_temp
from .offline import CORS_HEADERS, DeviceOffline
from .server.inject import inject_head

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = ["LocalCA", "PackageProxy"]

logger = logging.getLogger("ddemu.packageproxy")

#: Seconds a connection may stay idle, and an upstream may take to answer.
TIMEOUT = 30.0

#: Headers that belong to one connection, not to the request or answer passed on.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
    }
)

#: ``Sec-Fetch-Dest`` values of a frame's document.
_DOCUMENTS = frozenset({"document", "iframe", "frame"})


class LocalCA:
    """A certificate authority of this device, and the certificates it issues per host.

    Made on first use and kept in ``folder`` (``ca.pem``, ``ca-key.pem``; one
    ``<host>.pem`` per host), so a window trusts the same CA from run to run.

    Args:
        folder: Where the CA and its certificates are kept.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._contexts: dict[str, ssl.SSLContext] = {}
        folder.mkdir(parents=True, exist_ok=True)
        cert_file, key_file = folder / "ca.pem", folder / "ca-key.pem"
        if cert_file.is_file() and key_file.is_file():
            self.certificate = x509.load_pem_x509_certificate(cert_file.read_bytes())
            key = serialization.load_pem_private_key(key_file.read_bytes(), None)
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise ValueError(f"{key_file}: not an EC key")
            self._key = key
        else:
            self._key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ddemu device CA")])
            self.certificate = (
                _builder(name, name, self._key.public_key(), days=3650)
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(
                    x509.KeyUsage(
                        digital_signature=True,
                        content_commitment=False,
                        key_encipherment=False,
                        data_encipherment=False,
                        key_agreement=False,
                        key_cert_sign=True,
                        crl_sign=True,
                        encipher_only=False,
                        decipher_only=False,
                    ),
                    critical=True,
                )
                .sign(self._key, hashes.SHA256())
            )
            _write_private(key_file, _pem_key(self._key))
            cert_file.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))

    @property
    def spki(self) -> str:
        """Base64 of the SHA-256 of the CA's public key: Chromium's pin of it."""
        der = self.certificate.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(hashlib.sha256(der).digest()).decode()

    @property
    def pem(self) -> bytes:
        """The CA's certificate, PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def context(self, host: str) -> ssl.SSLContext:
        """A server TLS context with a certificate for ``host``, issued now or before."""
        with self._lock:
            made = self._contexts.get(host)
            if made is None:
                made = self._contexts[host] = self._server_context(host)
            return made

    def _server_context(self, host: str) -> ssl.SSLContext:
        key = ec.generate_private_key(ec.SECP256R1())
        try:
            alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            alt = x509.DNSName(host)
        leaf = (
            _builder(
                x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]),
                self.certificate.subject,
                key.public_key(),
                days=365,
            )
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
            .sign(self._key, hashes.SHA256())
        )
        path = self.folder / f"{host.replace(':', '_')}.pem"
        _write_private(
            path, _pem_key(key) + leaf.public_bytes(serialization.Encoding.PEM) + self.pem
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(path)
        context.set_alpn_protocols(["http/1.1"])
        return context


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, readable by its owner only from the start."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def _builder(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePublicKey, days: int
) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
    )


class PackageProxy:
    """A loopback HTTP proxy that answers a device's https requests as its container does.

    Args:
        emulator: The emulator whose device it serves.
        device: The device's name (the default device).
        ca_dir: Where its :class:`LocalCA` is kept; the device's
            ``data_dir / "proxy-ca"`` by default, or a temporary folder.
        upstream: The TLS context that checks the servers of requests a
            package does not answer (the system's CAs by default).
    """

    def __init__(
        self,
        emulator: Emulator,
        *,
        device: str | None = None,
        ca_dir: Path | None = None,
        upstream: ssl.SSLContext | None = None,
    ) -> None:
        self.emulator = emulator
        self.upstream = upstream or ssl.create_default_context()
        self.device_name = device
        self.offline: DeviceOffline = emulator.offline.device(device)
        if ca_dir is None:
            data_dir = getattr(self.offline.device, "data_dir", None)
            ca_dir = folder_or_temp(
                None if data_dir is None else Path(data_dir) / "proxy-ca", self, "ddemu-proxy-ca-"
            )
        self.ca = LocalCA(ca_dir)
        self._watched: set[str] = set()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------

    def start(self) -> PackageProxy:
        """Listen on a free loopback port, answering from a daemon thread."""
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", 0), _ProxyHandler)
        server.proxy = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="ddemu-package-proxy"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop listening (open connections end with their threads)."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> PackageProxy:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the package proxy is not started")
        return int(self._server.server_address[1])

    @property
    def address(self) -> str:
        """``127.0.0.1:<port>``."""
        return f"127.0.0.1:{self.port}"

    def chromium_flags(self) -> list[str]:
        """Chromium flags that send https (and wss) requests through this proxy.

        They also trust certificates of its CA, and only those: Chromium lets
        a chain through despite its unknown root only when it holds that key.
        """
        return [
            f"--proxy-server=https={self.address}",
            f"--ignore-certificate-errors-spki-list={self.ca.spki}",
        ]

    # -- what it answers ----------------------------------------------------

    def watch(self, url: str) -> None:
        """Answer ``url``'s host too before a package of it is open (the page that opens one)."""
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.hostname:
            self._watched.add(_authority(parts.hostname, parts.port or 443))

    def intercepts(self, host: str, port: int) -> bool:
        """Whether a ``CONNECT`` to ``host:port`` is answered here rather than tunnelled."""
        authority = _authority(host, port)
        if authority in self._watched:
            return True
        for state in list(self.offline.apps.values()):
            installed = state.installed
            if installed is not None:
                if any(name.split("/", 1)[0] == authority for name in installed.entries):
                    return True
        return False

    @property
    def online(self) -> bool:
        """Whether requests may go online: the device's network is not ``"none"``."""
        return str(getattr(self.offline.device, "network", "wifi")) != "none"

    def answer(self, url: str, *, document: bool, method: str) -> tuple[bytes, str] | None:
        """The body and content type of ``url`` from a package (None: online).

        HTML pages get the device's shim first in their ``<head>``, as the app
        server's pages do.
        """
        found = self.emulator.offline.answer(
            url, document=document, method=method, device=self.device_name
        )
        if found is None:
            return None
        body, kind = found
        if kind.startswith("text/html"):
            shim = self.emulator.shim(self.offline.device.name).replace("</", "<\\/")
            body = inject_head(body, f"<script>{shim}</script>".encode())
        return body, kind


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A window that drops a connection half way is no error of ddemu's.
        logger.debug("package proxy connection from %s failed", client_address, exc_info=True)


def _authority(host: str, port: int) -> str:
    """A package entry's host part: ``host``, or ``host@port`` off 443."""
    host = host.lower()
    return host if port == 443 else f"{host}@{port}"


def _split_target(target: str) -> tuple[str, int]:
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        return target.strip("[]"), 443
    return host.strip("[]"), int(port)


class _ProxyHandler(BaseHTTPRequestHandler):
    """The proxy's side of one browser connection: ``CONNECT`` only."""

    protocol_version = "HTTP/1.1"
    server_version = "ddemu-package-proxy"
    timeout = TIMEOUT

    @property
    def proxy(self) -> PackageProxy:
        proxy: PackageProxy = self.server.proxy  # type: ignore[attr-defined]
        return proxy

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def do_CONNECT(self) -> None:  # noqa: N802 (http.server's name)
        host, port = _split_target(self.path)
        self.close_connection = True
        if self.proxy.intercepts(host, port):
            self.send_response(200, "Connection Established")
            self.end_headers()
            try:
                tls = self.proxy.ca.context(host).wrap_socket(self.connection, server_side=True)
            except (OSError, ssl.SSLError) as exc:
                # A client that does not trust this CA hangs up.
                logger.debug("TLS with the window for %s failed: %s", host, exc)
                return
            try:
                _PackageHandler(tls, self.client_address, self.server, host=host, port=port)
            finally:
                tls.close()
            return
        if not self.proxy.online:
            self.send_error(502, f"the device has no network: {host}:{port} is unreachable")
            return
        try:
            upstream = socket.create_connection((host, port), timeout=TIMEOUT)
        except OSError as exc:
            self.send_error(502, f"{host}:{port} is unreachable: {exc}")
            return
        with upstream:
            self.send_response(200, "Connection Established")
            self.end_headers()
            _relay(self.connection, upstream)

    def _not_a_proxy_request(self) -> None:
        self.send_error(405, "only CONNECT (https) goes through this proxy")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _not_a_proxy_request


def _relay(one: socket.socket, other: socket.socket) -> None:
    """Copy bytes both ways until either side closes or both stay idle for :data:`TIMEOUT`."""
    sockets = [one, other]
    while True:
        ready, _, _ = select.select(sockets, [], [], TIMEOUT)
        if not ready:
            return
        for source in ready:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            try:
                (other if source is one else one).sendall(data)
            except OSError:
                return


class _PackageHandler(BaseHTTPRequestHandler):
    """The requests of one TLS connection to a package host: from the package, or online."""

    protocol_version = "HTTP/1.1"
    server_version = "ddemu-package-proxy"
    timeout = TIMEOUT

    def __init__(self, request: Any, client: Any, server: Any, *, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.proxy: PackageProxy = server.proxy
        super().__init__(request, client, server)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.host, *args)

    def _handle(self) -> None:
        netloc = self.host if self.port == 443 else f"{self.host}:{self.port}"
        url = f"https://{netloc}{self.path}"
        dest = self.headers.get("Sec-Fetch-Dest", "")
        found = self.proxy.answer(url, document=dest in _DOCUMENTS, method=self.command)
        if found is not None:
            body, kind = found
            self.send_response(200)
            for name, value in CORS_HEADERS.items():
                self.send_header(name, value)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        self._online(url)

    def _online(self, url: str) -> None:
        length = self.headers.get("Content-Length") or "0"
        if self.headers.get("Transfer-Encoding") or not length.isdigit():
            self.send_error(411, "a request body needs a Content-Length here")
            return
        data = self.rfile.read(int(length)) if int(length) else None
        if not self.proxy.online:
            # As without a network: the connection ends with no answer.
            logger.debug("no network for %s", url)
            self.close_connection = True
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        upstream = http.client.HTTPSConnection(
            self.host, self.port, timeout=TIMEOUT, context=self.proxy.upstream
        )
        try:
            upstream.request(self.command, self.path, body=data, headers=headers)
            response = upstream.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            logger.warning("%s is not in an open package and cannot be fetched: %s", url, exc)
            self.close_connection = True
            return
        finally:
            upstream.close()
        self.send_response_only(response.status, response.reason)  # the server's Date, Server
        for name, value in response.getheaders():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

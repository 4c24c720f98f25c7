"""emulator.packageproxy: a device's packages at their https URLs, through a loopback proxy."""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature

from emulator import Emulator
from emulator.packageproxy import LocalCA, PackageProxy

from .conftest import PACKAGE_APP, with_package

APP = PACKAGE_APP
PAGE = f"https://n.dingtalk.com/app/index.html?dd_mini_app_id={APP}"


@pytest.fixture
def emu(tmp_path: Path) -> Emulator:
    files = [
        ("n.dingtalk.com/app/index.html", b"<html><head><title>t</title></head></html>"),
        ("n.dingtalk.com/app/main.js", b"var main = 1;"),
        ("g.alicdn.com/lib.js", b"var lib = 1;"),
    ]
    return with_package(tmp_path, files)


@pytest.fixture
def proxy(emu: Emulator) -> Iterator[PackageProxy]:
    with PackageProxy(emu) as started:
        started.watch(PAGE)
        yield started


def connect(
    proxy: PackageProxy, host: str, trust: LocalCA | None = None
) -> http.client.HTTPSConnection:
    """An https connection to ``host`` through the proxy, trusting its CA (or ``trust``) only."""
    context = ssl.create_default_context(cadata=(trust or proxy.ca).pem.decode())
    connection = http.client.HTTPSConnection("127.0.0.1", proxy.port, timeout=10, context=context)
    connection.set_tunnel(host)
    return connection


def get(
    proxy: PackageProxy, url: str, dest: str = "script", trust: LocalCA | None = None
) -> tuple[int, dict[str, str], bytes]:
    host, _, path = url.removeprefix("https://").partition("/")
    connection = connect(proxy, host, trust)
    try:
        connection.request("GET", "/" + path, headers={"Sec-Fetch-Dest": dest})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_page_opens_its_app_and_gets_the_shim(emu: Emulator, proxy: PackageProxy) -> None:
    """The https page is answered from the package with TLS for its host, the shim first."""
    status, headers, body = get(proxy, PAGE, dest="document")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert body.startswith(b"<html><head><script>")
    assert emu.bridge_url.encode() in body  # the shim of this emulator's device
    assert body.endswith(b"<title>t</title></head></html>")
    assert emu.offline.status(APP).installed is not None
    assert emu.offline.source(PAGE) == f"package app 0.0.1 ({APP})"


def test_entries_of_other_hosts_once_the_app_is_open(proxy: PackageProxy) -> None:
    """A CDN host of the open package is answered here too; before, it is not intercepted."""
    assert not proxy.intercepts("g.alicdn.com", 443)
    get(proxy, PAGE, dest="document")
    assert proxy.intercepts("g.alicdn.com", 443)
    status, headers, body = get(proxy, "https://g.alicdn.com/lib.js")
    assert (status, body) == (200, b"var lib = 1;")
    assert headers["Content-Type"].startswith("text/javascript")


def test_a_connection_serves_several_requests(proxy: PackageProxy) -> None:
    """Keep-alive: the page and its script over one TLS connection."""
    connection = connect(proxy, "n.dingtalk.com")
    try:
        for path, dest in (
            (PAGE.removeprefix("https://n.dingtalk.com"), "document"),
            ("/app/main.js", "script"),
        ):
            connection.request("GET", path, headers={"Sec-Fetch-Dest": dest})
            response = connection.getresponse()
            assert response.status == 200
            response.read()
    finally:
        connection.close()


def test_without_a_network_a_miss_fails_like_no_network(emu: Emulator, proxy: PackageProxy) -> None:
    """Offline, a URL not in the package gets no answer, and other hosts no tunnel."""
    get(proxy, PAGE, dest="document")
    emu.device.go_offline()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        get(proxy, "https://n.dingtalk.com/app/missing.js")
    assert emu.offline.source("https://n.dingtalk.com/app/missing.js") == "online: not in package"
    with pytest.raises(OSError, match="502"):
        get(proxy, "https://example.com/")


@pytest.fixture
def upstream(tmp_path: Path) -> Iterator[tuple[LocalCA, int]]:
    """A real https server on loopback, with a CA of its own: the network."""
    ca = LocalCA(tmp_path / "upstream-ca")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = f"online {self.path}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Upstream", "yes")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = ca.context("127.0.0.1").wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ca, int(server.server_address[1])
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_other_hosts_are_tunnelled_to_the_network(
    emu: Emulator, upstream: tuple[LocalCA, int]
) -> None:
    """A host no package has is tunnelled: the browser talks TLS with the real server."""
    ca, port = upstream
    with PackageProxy(emu) as proxy:
        assert not proxy.intercepts("127.0.0.1", port)
        status, headers, body = get(proxy, f"https://127.0.0.1:{port}/x", trust=ca)
    assert (status, headers["X-Upstream"], body) == (200, "yes", b"online /x")


def test_a_miss_on_a_package_host_is_fetched_online(
    emu: Emulator, upstream: tuple[LocalCA, int]
) -> None:
    """A URL of an answered host that no package has is fetched from the network and passed on."""
    ca, port = upstream
    checked = ssl.create_default_context(cadata=ca.pem.decode())
    with PackageProxy(emu, upstream=checked) as proxy:
        proxy.watch(f"https://127.0.0.1:{port}/")
        status, headers, body = get(proxy, f"https://127.0.0.1:{port}/y?z=1")
    assert (status, headers["X-Upstream"], body) == (200, "yes", b"online /y?z=1")


def test_only_connect_goes_through(proxy: PackageProxy) -> None:
    """A plain http request to the proxy is refused with a reason."""
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
    try:
        connection.request("GET", "http://example.com/")
        response = connection.getresponse()
        assert response.status == 405
    finally:
        connection.close()


def test_the_ca_is_kept_and_signs_per_host_certificates(tmp_path: Path) -> None:
    """The same CA comes back from its folder; it knows its certificates from others'."""
    ca = LocalCA(tmp_path / "ca")
    again = LocalCA(tmp_path / "ca")
    assert again.pem == ca.pem
    server = ca.context("n.dingtalk.com")
    assert ca.context("n.dingtalk.com") is server
    leaf = x509.load_pem_x509_certificates((tmp_path / "ca" / "n.dingtalk.com.pem").read_bytes())[0]
    leaf.verify_directly_issued_by(again.certificate)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["n.dingtalk.com"]
    other = LocalCA(tmp_path / "other")
    with pytest.raises(InvalidSignature):
        leaf.verify_directly_issued_by(other.certificate)
    pin = other.spki
    assert ca.spki == again.spki != pin and len(base64.b64decode(pin)) == 32


def test_the_proxy_listens_on_loopback(emu: Emulator) -> None:
    """It binds 127.0.0.1 on a free port and stops on close."""
    with PackageProxy(emu) as proxy:
        port = proxy.port
        assert proxy.chromium_flags() == [
            f"--proxy-server=https=127.0.0.1:{port}",
            f"--ignore-certificate-errors-spki-list={proxy.ca.spki}",
        ]
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()

"""No network: the suite runs with every non-loopback socket refused, and the library has no
network code at all.

The guard itself lives in tests/conftest.py (installed in ``pytest_configure``). These tests prove
that it is installed and effective, that loopback still works (the browser test needs it), and
that no module of ``vbformats`` imports a network library.

Addresses used here are harmless even if the guard were broken: ``0.0.0.0`` and ``::`` are
answered by this machine itself (connection refused), so no packet ever leaves it.
"""

from __future__ import annotations

import ast
import contextlib
import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import NETWORK_GUARD, NetworkBlockedError, is_loopback_host

PACKAGE = Path(__file__).resolve().parents[2] / "vbformats"

# modules whose only purpose is talking over a network
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "websocket",
    "websockets",
    "asyncio",
    "socketserver",
}


def test_guard_is_installed_for_the_whole_session():
    assert NETWORK_GUARD.installed
    import _socket

    # patched Python functions in front of the C methods
    assert socket.socket.connect is not _socket.socket.connect
    assert socket.socket.connect.__module__ == "conftest"
    assert socket.getaddrinfo.__module__ == "conftest"


def test_opening_an_outside_connection_fails(network_guard):
    before = len(network_guard.attempts)
    with pytest.raises(NetworkBlockedError):
        socket.create_connection(("0.0.0.0", 9), timeout=1)
    with (
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock,
        pytest.raises(NetworkBlockedError),
    ):
        sock.connect(("::", 9, 0, 0))
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        pytest.raises(NetworkBlockedError),
    ):
        sock.sendto(b"x", ("0.0.0.0", 9))
    assert len(network_guard.attempts) == before + 3


def test_name_lookups_and_urls_fail_before_any_query(network_guard):
    with pytest.raises(NetworkBlockedError):
        socket.getaddrinfo("example.invalid", 80)
    with pytest.raises(NetworkBlockedError):
        socket.gethostbyname("example.invalid")
    # urllib resolves the name first: refused before a DNS query is sent
    with pytest.raises(NetworkBlockedError):
        urllib.request.urlopen("http://example.invalid/", timeout=1)


def test_binding_a_server_to_every_interface_is_refused(network_guard):
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(NetworkBlockedError),
    ):
        sock.bind(("0.0.0.0", 0))


def test_a_caught_blocked_attempt_is_still_recorded(network_guard):
    # library code that swallows errors cannot hide an attempt: the autouse fixture fails any
    # test whose attempts list grew (this test opts out by asking for network_guard)
    before = len(network_guard.attempts)
    with contextlib.suppress(Exception):
        socket.create_connection(("0.0.0.0", 9), timeout=1)
    # create_connection resolves first: the lookup is what gets refused
    assert network_guard.attempts[before:] == ["getaddrinfo '0.0.0.0'"]


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        (b"127.0.0.1", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("192.168.1.1", False),
        ("203.0.113.5", False),
        ("8.8.8.8", False),
        ("::ffff:8.8.8.8", False),
        ("2001:db8::1", False),
        ("example.com", False),
        ("localhost.example.com", False),
        ("", False),
        (None, False),
    ],
)
def test_only_loopback_addresses_are_allowed(host, allowed):
    assert is_loopback_host(host) is allowed


def test_loopback_still_works():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    received: list[bytes] = []

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            received.append(conn.recv(16))

    thread = threading.Thread(target=serve)
    thread.start()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(b"ping")
    thread.join(5)
    server.close()
    assert received == [b"ping"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_library_imports_no_network_module():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in _imported_modules(path)
            if any(name == bad or name.startswith(bad + ".") for bad in NETWORK_MODULES)
        )
        for path in files
    }
    assert {path: names for path, names in offenders.items() if names} == {}

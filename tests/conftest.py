"""Shared fixtures and the hypothesis profiles (quick locally, thorough in CI)."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# Test helpers (generators, independent readers, the browser page server) live in
# tests/support/, never in files named like tests; every test folder imports them by name.
sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

settings.register_profile("dev", max_examples=60, deadline=None)
# CI is derandomized: every run draws the same examples (a property that passed on main
# passes in CI, and a failure there reproduces anywhere); new examples come from the dev
# profile's random runs and the "hunt" profile, ten times CI's examples, before a release.
settings.register_profile(
    "ci",
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "hunt",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def samples_dir() -> Path:
    """The bundled samples folder."""
    return SAMPLES


# --- no network: every non-loopback socket is refused for the whole test session ------------
#
# Installed in pytest_configure (so module imports during collection are covered too) and kept
# until pytest_unconfigure. Loopback (127.0.0.0/8, ::1, "localhost") stays open: the browser
# test serves its page on 127.0.0.1. AF_UNIX and other families are local IPC and stay open.
# Refused attempts raise NetworkBlockedError, which is deliberately NOT an OSError so that
# library code catching OSError cannot swallow it, and are recorded: a test that made one fails
# at teardown even if something caught the error (unless it asked for the `network_guard`
# fixture, as tests/hostile/test_no_network.py does to prove the guard works).


class NetworkBlockedError(RuntimeError):
    """A test (or the code it ran) tried to reach an address outside this machine."""


def is_loopback_host(host: object) -> bool:
    """True for loopback literals and the name ``localhost``; every other name is refused
    without being resolved (resolving it would already be a DNS query)."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().lower().rstrip(".")
    if name in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(name.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class _NetworkGuard:
    def __init__(self) -> None:
        self.attempts: list[str] = []
        self.installed = False
        self._originals: dict[str, Any] = {}

    def _check(self, family: Any, address: Any, what: str) -> None:
        if family not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0] if isinstance(address, tuple) and address else address
        if not is_loopback_host(host):
            self.attempts.append(f"{what} {address!r}")
            raise NetworkBlockedError(f"network access is blocked in tests: {what} {address!r}")

    def install(self) -> None:
        if self.installed:
            return
        guard = self
        cls = socket.socket
        originals = {
            "connect": cls.connect,
            "connect_ex": cls.connect_ex,
            "bind": cls.bind,
            "sendto": cls.sendto,
            "getaddrinfo": socket.getaddrinfo,
            "gethostbyname": socket.gethostbyname,
            "gethostbyname_ex": socket.gethostbyname_ex,
        }
        self._originals = originals

        def connect(self: socket.socket, address: Any) -> Any:
            guard._check(self.family, address, "connect")
            return originals["connect"](self, address)

        def connect_ex(self: socket.socket, address: Any) -> Any:
            guard._check(self.family, address, "connect")
            return originals["connect_ex"](self, address)

        def bind(self: socket.socket, address: Any) -> Any:
            # binding to 0.0.0.0 / "" would expose a test server beyond this machine
            host = address[0] if isinstance(address, tuple) and address else address
            if self.family in (socket.AF_INET, socket.AF_INET6) and host in ("", "0.0.0.0", "::"):
                guard.attempts.append(f"bind {address!r}")
                raise NetworkBlockedError(f"bind to every interface is blocked: {address!r}")
            guard._check(self.family, address, "bind")
            return originals["bind"](self, address)

        def sendto(self: socket.socket, data: Any, *args: Any) -> Any:
            guard._check(self.family, args[-1], "sendto")
            return originals["sendto"](self, data, *args)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            if host is not None and not is_loopback_host(host):
                guard.attempts.append(f"getaddrinfo {host!r}")
                raise NetworkBlockedError(f"name lookups are blocked in tests: {host!r}")
            return originals["getaddrinfo"](host, *args, **kwargs)

        def gethostbyname(host: Any) -> Any:
            if not is_loopback_host(host):
                guard.attempts.append(f"gethostbyname {host!r}")
                raise NetworkBlockedError(f"name lookups are blocked in tests: {host!r}")
            return originals["gethostbyname"](host)

        def gethostbyname_ex(host: Any) -> Any:
            if not is_loopback_host(host):
                guard.attempts.append(f"gethostbyname_ex {host!r}")
                raise NetworkBlockedError(f"name lookups are blocked in tests: {host!r}")
            return originals["gethostbyname_ex"](host)

        cls.connect = connect  # type: ignore[method-assign]
        cls.connect_ex = connect_ex  # type: ignore[method-assign]
        cls.bind = bind  # type: ignore[method-assign]
        cls.sendto = sendto  # type: ignore[method-assign]
        socket.getaddrinfo = getaddrinfo
        socket.gethostbyname = gethostbyname
        socket.gethostbyname_ex = gethostbyname_ex
        self.installed = True

    def uninstall(self) -> None:
        if not self.installed:
            return
        cls = socket.socket
        for name in ("connect", "connect_ex", "bind", "sendto"):
            setattr(cls, name, self._originals[name])
        for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
            setattr(socket, name, self._originals[name])
        self.installed = False


NETWORK_GUARD = _NetworkGuard()


def pytest_configure(config: pytest.Config) -> None:
    NETWORK_GUARD.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    NETWORK_GUARD.uninstall()


@pytest.fixture(scope="session", autouse=True)
def _network_blocked_for_the_session() -> Iterator[None]:
    """Every test runs with the guard installed (re-installed if something removed it)."""
    NETWORK_GUARD.install()
    yield


@pytest.fixture(autouse=True)
def _no_network_attempt_in_this_test(request: pytest.FixtureRequest) -> Iterator[None]:
    before = len(NETWORK_GUARD.attempts)
    yield
    if "network_guard" in request.fixturenames:
        return
    new = NETWORK_GUARD.attempts[before:]
    if new:
        pytest.fail(f"this test tried to reach the network (blocked): {new}")


@pytest.fixture
def network_guard() -> _NetworkGuard:
    """The installed guard (its ``attempts`` list), for tests that exercise it on purpose."""
    return NETWORK_GUARD

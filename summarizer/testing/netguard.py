"""A loopback-only socket guard for processes a test suite does not run itself (Ray workers).

pytest's own guard (tests/conftest.py) patches the test process only; a Ray worker is another
process. Give Ray `runtime_env={"worker_process_setup_hook": GUARD_HOOK}` and every worker
installs this guard before it runs a task, so a connection or name lookup outside loopback
raises NetworkBlocked there too.
"""

from __future__ import annotations

import socket
from typing import Any

__all__ = ["GUARD_HOOK", "LOOPBACK", "NetworkBlocked", "guard_active", "install_loopback_guard", "probe"]

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
GUARD_HOOK = "summarizer.testing.netguard.install_loopback_guard"


class NetworkBlocked(RuntimeError):
    pass


def _check(address: Any) -> None:
    if isinstance(address, tuple) and address and str(address[0]) not in LOOPBACK:
        raise NetworkBlocked(f"this process may reach loopback only, not {address!r}")


def install_loopback_guard() -> None:
    """Patch socket connect, connect_ex and getaddrinfo in this process (idempotent)."""
    if guard_active():
        return
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and host not in LOOPBACK:
            raise NetworkBlocked(f"this process may resolve loopback only, not {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    connect.summarizer_guard = True  # type: ignore[attr-defined]
    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = getaddrinfo


def guard_active() -> bool:
    return bool(getattr(socket.socket.connect, "summarizer_guard", False))


def probe(host: str = "192.0.2.1", port: int = 9) -> tuple[bool, str]:
    """(guard active, what a connection outside loopback did) in this process: run it in a worker.

    192.0.2.1 is TEST-NET-1 (RFC 5737), never routed, so even an unguarded try reaches no one.
    """
    try:
        socket.create_connection((host, port), timeout=2).close()
    except NetworkBlocked as exc:
        return guard_active(), f"blocked: {exc}"
    except OSError as exc:
        return guard_active(), f"reached the network stack: {exc}"
    return guard_active(), "connected"

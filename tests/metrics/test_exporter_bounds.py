"""PrometheusExporter under connection floods: bounded threads and memory, scrapes still served.

The exporter runs in a process of its own (tests/support/exporter_process.py) so that its
threads and memory can be read from /proc; this process holds 5,000 connections open against
it (reopening every one the exporter closes), trickles a request one byte at a time
(slow-loris), and scrapes it, over HTTP and over HTTPS. The figures are printed (``-s``).
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from system_components import in_ci

from ractogateway.metrics import PrometheusExporter
from ractogateway.metrics._server import MAX_CONNECTIONS, SCRAPE_THREADS

SERVER = Path(__file__).parents[1] / "support" / "exporter_process.py"
FLOOD_SCRIPT = SERVER.with_name("connection_flood.py")
FLOOD = 5000
REQUEST_TIMEOUT_S = 2.0


def _status(pid: int, field: str) -> int:
    """A number of /proc/<pid>/status (``Threads``, ``VmRSS`` in kB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/status")


def _open_sockets(pid: int) -> int:
    return sum(1 for fd in Path(f"/proc/{pid}/fd").iterdir() if _readlink(fd).startswith("socket:"))


def _readlink(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return ""


class Exporter:
    """The exporter process: its pid, port, scheme and a scrape that trusts its certificate."""

    def __init__(self, tls: tuple[str, str] | None) -> None:
        extra = ["--certfile", tls[0], "--keyfile", tls[1]] if tls else []
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), "--request-timeout", str(REQUEST_TIMEOUT_S), *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())
        self.pid = self.process.pid
        self.scheme = "https" if tls else "http"
        self.context = ssl.create_default_context(cafile=tls[0]) if tls else None

    def scrape(self) -> float:
        """Scrape /metrics; the seconds it took."""
        began = time.monotonic()
        url = f"{self.scheme}://127.0.0.1:{self.port}/metrics"
        with urllib.request.urlopen(url, timeout=10, context=self.context) as response:
            assert response.status == 200
            assert b"ractogateway_requests_total" in response.read()
        return time.monotonic() - began

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


class Flood:
    """``connection_flood.py`` in a process of its own: FLOOD connections held open."""

    def __init__(self, port: int, *, slow: bool) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(FLOOD_SCRIPT), str(port), str(FLOOD)]
            + (["--slow"] if slow else []),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != "ready":
            self.process.wait(timeout=30)
            self.process.stdout.close()
            if in_ci():
                pytest.fail(line)
            pytest.skip(line)
        self.reopened = 0

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.reopened = int(self.process.stdout.readline())
        self.process.stdout.close()
        self.process.wait(timeout=30)


def _slow_loris(port: int, context: ssl.SSLContext | None) -> float:
    """Trickle a request head one byte every 0.1 s; the seconds until the exporter hangs up."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    if context is not None:
        sock = context.wrap_socket(sock, server_hostname="localhost")
    began = time.monotonic()
    head = b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 1000
    try:
        for byte in head:
            sock.sendall(bytes([byte]))
            time.sleep(0.1)
    except OSError:
        return time.monotonic() - began
    finally:
        sock.close()
    raise AssertionError("the exporter read a trickled request for 100 s")


@pytest.mark.realtime
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_scrapes_are_answered_within_a_second_under_floods_and_slow_loris(
    scheme: str, tls_files: tuple[str, str]
) -> None:
    exporter = Exporter(tls_files if scheme == "https" else None)
    try:
        exporter.scrape()
        threads_idle, rss_idle_kb = _status(exporter.pid, "Threads"), _status(exporter.pid, "VmRSS")
        # A slow-loris client alone: scrapes go on, and it is cut at request_timeout.
        loris: list[float] = []
        loris_thread = threading.Thread(
            target=lambda: loris.append(_slow_loris(exporter.port, exporter.context))
        )
        loris_thread.start()
        time.sleep(0.5)
        scrapes = [exporter.scrape() for _ in range(5)]
        loris_thread.join()
        # FLOOD connections held open (half of them stalled mid-request over HTTP).
        flood = Flood(exporter.port, slow=scheme == "http")
        try:
            time.sleep(1.0)
            scrapes += [exporter.scrape() for _ in range(10)]
            threads = _status(exporter.pid, "Threads")
            rss_kb = _status(exporter.pid, "VmRSS")
            sockets = _open_sockets(exporter.pid)
        finally:
            flood.close()
        time.sleep(REQUEST_TIMEOUT_S + 1.0)
        sockets_after = _open_sockets(exporter.pid)
        exporter.scrape()
    finally:
        exporter.close()
    print(
        f"\n{scheme}: {FLOOD} connections held ({flood.reopened} reopened after the exporter"
        f" closed them); scrapes {min(scrapes) * 1000:.1f}-{max(scrapes) * 1000:.1f} ms;"
        f" threads {threads_idle} idle, {threads} flooded; RSS {rss_idle_kb} kB idle,"
        f" {rss_kb} kB flooded; exporter sockets {sockets} flooded, {sockets_after} after;"
        f" slow-loris cut after {loris[0]:.1f} s"
    )
    assert max(scrapes) < 1.0
    assert threads <= 1 + 1 + SCRAPE_THREADS  # main, event loop, scrape threads
    assert rss_kb - rss_idle_kb < 32 * 1024
    assert sockets <= MAX_CONNECTIONS + 8  # listener, wake pair, stdio
    assert flood.reopened > 0  # the oldest idle connections were closed to admit new ones
    assert sockets_after <= 8  # idle ones closed after request_timeout
    assert REQUEST_TIMEOUT_S - 0.5 <= loris[0] <= REQUEST_TIMEOUT_S + 2.0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"max_connections": 0}, ValueError, "max_connections must be at least 1"),
        ({"max_connections": 2.5}, TypeError, "max_connections must be an int"),
        ({"request_timeout": 0}, ValueError, "request_timeout must be a positive finite"),
        ({"request_timeout": float("inf")}, ValueError, "request_timeout must be a positive"),
        ({"request_timeout": "5"}, TypeError, "request_timeout must be a number"),
    ],
)
def test_bad_bounds_fail_at_construction(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        PrometheusExporter(0, **kwargs)  # type: ignore[arg-type]


def test_a_full_exporter_closes_the_oldest_idle_connection_for_a_new_scraper() -> None:
    from prometheus_client import CollectorRegistry

    with PrometheusExporter(0, CollectorRegistry(), addr="127.0.0.1", max_connections=3) as e:
        idle = [socket.create_connection(("127.0.0.1", e.port), timeout=5) for _ in range(3)]
        time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{e.port}/metrics", timeout=5) as response:
            assert response.status == 200
        assert idle[0].recv(1) == b""  # the oldest was closed to make room
        for sock in idle:
            sock.close()

"""PrometheusExporter under load and attack: only /metrics, a deep backlog, mutual TLS.

Real servers on 127.0.0.1, real clients (50 at once), certificates made by ``openssl``.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter

#: What a refused TLS client sees, depending on when the server drops it.
REFUSED = (ssl.SSLError, ConnectionError, urllib.error.URLError, http.client.HTTPException)


def _listen_overflows() -> int | None:
    """The kernel's count of connections dropped because a listen queue was full (Linux)."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            fields = dict(zip(names.split()[1:], values.split()[1:], strict=True))
            return int(fields["ListenOverflows"])
    return None


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as given (no client-side normalisation); (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.fixture
def serving(registry: CollectorRegistry) -> Any:
    """An exporter serving a few thousand lines (20 models)."""
    metrics = GatewayMetricsMiddleware(registry=registry)
    for number in range(20):
        metrics.record_request(
            provider="openai",
            model=f"model-{number}",
            operation="chat",
            status="ok",
            latency_s=0.2,
            input_tokens=10,
            output_tokens=5,
        )
    with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
        yield exporter


@pytest.mark.parametrize("path", ["/metrics", "/", "/metrics?name[]=ractogateway_requests_total"])
def test_the_metrics_paths_serve_the_metrics(serving: PrometheusExporter, path: str) -> None:
    status, body = _raw_get(serving.port, path)
    assert status == 200
    assert b"ractogateway_requests_total" in body


@pytest.mark.parametrize(
    "path", ["/admin", "/../../etc/passwd", "/metrics/", "/metricsx", "/favicon.ico"]
)
def test_every_other_path_is_not_found(serving: PrometheusExporter, path: str) -> None:
    status, body = _raw_get(serving.port, path)
    assert status == 404
    assert b"ractogateway" not in body
    assert b"/metrics" in body  # says where the metrics are


@pytest.mark.realtime
def test_fifty_concurrent_scrapers_for_a_second_all_succeed(
    serving: PrometheusExporter,
) -> None:
    """socketserver's default backlog of 5 made such scrapers overflow and time out.

    The 50 start at once (a barrier), so the first round alone would overflow that backlog;
    a second of scraping repeats it many times over.
    """
    url = f"http://127.0.0.1:{serving.port}/metrics"
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + 1.0
    start = threading.Barrier(50)
    overflows = _listen_overflows()

    def scrape() -> None:
        start.wait()
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError as error:
                errors.append(type(error).__name__)
                continue
            latencies.append(time.monotonic() - began)
            if not ok:
                errors.append("status")

    threads = [threading.Thread(target=scrape) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = _listen_overflows()
    assert errors == []
    if overflows is not None and after is not None:
        assert after - overflows == 0  # no connection waited for a place in the queue
    assert len(latencies) >= 50
    p99 = statistics.quantiles(latencies, n=100)[98]
    assert p99 < 5.0  # Prometheus' default scrape timeout is 10 s


def test_the_backlog_is_configurable(registry: CollectorRegistry) -> None:
    with PrometheusExporter(0, registry, addr="127.0.0.1", backlog=512) as exporter:
        assert exporter._server is not None
        assert exporter._server.backlog == 512
        assert _raw_get(exporter.port, "/metrics")[0] == 200
    with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
        assert exporter._server.backlog == 128  # type: ignore[union-attr]


class Pki(NamedTuple):
    """A test CA, a server certificate it signed, a client one it signed, and a stranger's."""

    ca: str
    ca_dir: str
    server: tuple[str, str]
    client: tuple[str, str]
    stranger: tuple[str, str]


@pytest.fixture
def pki(require_system: Callable[[str, str], str], tmp_path: Path) -> Pki:
    openssl = require_system("openssl", "openssl")

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], check=True, capture_output=True, timeout=60)

    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def self_signed(name: str, *extra: str) -> tuple[str, str]:
        cert, key = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
        run("req", "-x509", *curve, "-keyout", str(key), "-out", str(cert), "-days", "1",
            "-subj", f"/CN={name}", *extra)  # fmt: skip
        return str(cert), str(key)

    def signed(name: str, extensions: str) -> tuple[str, str]:
        cert, key = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
        csr, ext = tmp_path / f"{name}.csr", tmp_path / f"{name}.ext"
        ext.write_text(extensions)
        run("req", *curve, "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}")
        run("x509", "-req", "-in", str(csr), "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
            "-out", str(cert), "-days", "1", "-extfile", str(ext))  # fmt: skip
        return str(cert), str(key)

    ca, ca_key = self_signed(
        "test-ca",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    ca_dir = tmp_path / "cas"
    ca_dir.mkdir()
    (ca_dir / "test-ca.pem").write_bytes(Path(ca).read_bytes())
    run("rehash", str(ca_dir))
    server = signed(
        "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
    )
    client = signed("scraper", "extendedKeyUsage=clientAuth\n")
    stranger = self_signed("stranger", "-addext", "extendedKeyUsage=clientAuth")
    return Pki(ca, str(ca_dir), server, client, stranger)


def _scrape(port: int, pki: Pki, client: tuple[str, str] | None) -> int:
    """Scrape over HTTPS trusting the test CA, presenting ``client`` if given; the status."""
    context = ssl.create_default_context(cafile=pki.ca)
    if client is not None:
        context.load_cert_chain(*client)
    url = f"https://127.0.0.1:{port}/metrics"
    with urllib.request.urlopen(url, timeout=10, context=context) as response:
        response.read()
        return int(response.status)


def _mtls(registry: CollectorRegistry, pki: Pki, **kwargs: Any) -> PrometheusExporter:
    cert, key = pki.server
    return PrometheusExporter(0, registry, addr="127.0.0.1", certfile=cert, keyfile=key, **kwargs)


@pytest.mark.parametrize("where", ["client_cafile", "client_capath"])
def test_required_client_certificates_refuse_scrapers_without_one(
    registry: CollectorRegistry, pki: Pki, where: str
) -> None:
    ca = {"client_cafile": pki.ca, "client_capath": pki.ca_dir}[where]
    with _mtls(registry, pki, client_auth_required=True, **{where: ca}) as exporter:
        assert _scrape(exporter.port, pki, pki.client) == 200
        with pytest.raises(REFUSED):
            _scrape(exporter.port, pki, None)
        with pytest.raises(REFUSED):
            _scrape(exporter.port, pki, pki.stranger)
        assert _scrape(exporter.port, pki, pki.client) == 200  # the server survived both


def test_optional_client_certificates_must_still_be_valid(
    registry: CollectorRegistry, pki: Pki
) -> None:
    with _mtls(registry, pki, client_cafile=pki.ca) as exporter:
        assert _scrape(exporter.port, pki, None) == 200
        assert _scrape(exporter.port, pki, pki.client) == 200
        with pytest.raises(REFUSED):
            _scrape(exporter.port, pki, pki.stranger)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"client_cafile": "ca.pem"}, ValueError, "client certificates need HTTPS"),
        ({"client_capath": "cas"}, ValueError, "client certificates need HTTPS"),
        ({"client_auth_required": True}, ValueError, "needs client_cafile= or client_capath="),
        ({"client_auth_required": "yes"}, TypeError, "client_auth_required must be a bool"),
        ({"backlog": 0}, ValueError, "backlog must be at least 1"),
        ({"backlog": 12.5}, TypeError, "backlog must be an int"),
    ],
)
def test_bad_client_auth_settings_fail_at_construction(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        PrometheusExporter(0, **kwargs)


def test_an_unreadable_client_ca_fails_start_with_the_file_named(
    registry: CollectorRegistry, pki: Pki, tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-such-ca.pem")
    exporter = _mtls(registry, pki, client_cafile=missing, client_auth_required=True)
    with pytest.raises(OSError, match=r"no-such-ca\.pem"):
        exporter.start()
    assert not exporter.is_running

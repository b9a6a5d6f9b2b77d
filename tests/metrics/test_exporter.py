"""PrometheusExporter: a real HTTP(S) server on 127.0.0.1, its life cycle and its errors."""

from __future__ import annotations

import http.client
import inspect
import socket
import ssl
import threading
import time
import urllib.error
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from exposition import SampleReader
from ports import free_port
from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter

Get = Callable[..., tuple[int, str, str]]
Read = Callable[[str], SampleReader]  # the ``read`` fixture


def _exporter(registry: CollectorRegistry, **kwargs: Any) -> PrometheusExporter:
    return PrometheusExporter(0, registry, addr="127.0.0.1", **kwargs)


def test_signature_matches_the_contract() -> None:
    parameters = inspect.signature(PrometheusExporter).parameters
    assert list(parameters)[:3] == ["port", "registry", "addr"]
    assert parameters["port"].default == 8000
    assert parameters["registry"].default is None
    assert parameters["addr"].default == "0.0.0.0"
    assert parameters["addr"].kind is inspect.Parameter.KEYWORD_ONLY
    assert PrometheusExporter().port == 8000


def test_serves_the_registry_at_metrics(
    registry: CollectorRegistry, http_get: Get, read: Read
) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry)
    metrics.record_request(
        provider="openai", model="gpt-4o", operation="chat", status="ok", latency_s=0.2
    )
    exporter = _exporter(registry)
    exporter.start()
    try:
        assert exporter.is_running
        assert exporter.port > 0
        status, content_type, body = http_get(f"http://127.0.0.1:{exporter.port}/metrics")
    finally:
        exporter.stop()
    assert status == 200
    assert content_type.startswith("text/plain")
    assert read(body).total("ractogateway_requests_total") == 1
    assert body == metrics.generate_latest()


def test_start_is_idempotent_and_stop_is_safe(registry: CollectorRegistry, http_get: Get) -> None:
    exporter = _exporter(registry)
    exporter.stop()  # never started: nothing happens
    assert not exporter.is_running
    exporter.start()
    port = exporter.port
    threads = threading.active_count()
    exporter.start()
    assert exporter.port == port
    assert threading.active_count() == threads
    exporter.stop()
    exporter.stop()
    assert not exporter.is_running
    with pytest.raises(urllib.error.URLError):
        http_get(f"http://127.0.0.1:{port}/metrics")


def test_stop_then_start_serves_again_on_the_same_port(
    registry: CollectorRegistry, http_get: Get
) -> None:
    port = free_port()
    exporter = PrometheusExporter(port, registry, addr="127.0.0.1")
    for _ in range(3):
        exporter.start()
        assert exporter.port == port
        assert http_get(f"http://127.0.0.1:{port}/metrics")[0] == 200
        exporter.stop()
        assert not exporter.is_running


def test_stop_closes_the_listening_socket(registry: CollectorRegistry) -> None:
    exporter = _exporter(registry)
    exporter.start()
    port = exporter.port
    exporter.stop()
    # The port is free again: a plain bind succeeds (no SO_REUSEADDR needed for a listener).
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))
        again.listen()


def test_a_port_in_use_raises_oserror_naming_it(registry: CollectorRegistry) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        exporter = PrometheusExporter(port, registry, addr="127.0.0.1")
        with pytest.raises(OSError, match=rf"port {port} on 127.0.0.1 is already in use"):
            exporter.start()
        assert not exporter.is_running
        assert exporter.port == port


def test_context_manager_starts_and_stops(registry: CollectorRegistry, http_get: Get) -> None:
    with _exporter(registry) as exporter:
        assert exporter.is_running
        assert http_get(f"http://127.0.0.1:{exporter.port}/metrics")[0] == 200
    assert not exporter.is_running


def test_stop_returns_promptly(registry: CollectorRegistry) -> None:
    exporter = _exporter(registry)
    exporter.start()
    started = time.monotonic()
    exporter.stop()
    assert time.monotonic() - started < 5  # never-block bound, not a timing benchmark


def test_serves_the_global_registry_by_default(http_get: Get) -> None:
    GatewayMetricsMiddleware().record_cache_hit("exporter-default-registry")
    with PrometheusExporter(0, addr="127.0.0.1") as exporter:
        body = http_get(f"http://127.0.0.1:{exporter.port}/metrics")[2]
    assert 'ractogateway_cache_hits_total{cache_type="exporter-default-registry"} 1.0' in body


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"port": -1}, ValueError, "port must be in 0-65535"),
        ({"port": 70000}, ValueError, "port must be in 0-65535"),
        ({"port": "8000"}, TypeError, "port must be an int"),
        ({"port": True}, TypeError, "port must be an int"),
        ({"addr": None}, TypeError, "addr must be a str"),
        ({"certfile": "c.pem"}, ValueError, "needs both certfile= and keyfile="),
        ({"keyfile": "k.pem"}, ValueError, "needs both certfile= and keyfile="),
    ],
)
def test_bad_settings_fail_at_construction(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        PrometheusExporter(**kwargs)


def test_https_with_a_self_signed_certificate(
    registry: CollectorRegistry, tls_files: tuple[str, str], http_get: Get, read: Read
) -> None:
    cert, key = tls_files
    GatewayMetricsMiddleware(registry=registry).record_cache_miss("exact")
    with _exporter(registry, certfile=cert, keyfile=key) as exporter:
        status, _, body = http_get(f"https://127.0.0.1:{exporter.port}/metrics", cafile=cert)
        assert status == 200
        assert read(body).value("ractogateway_cache_misses_total", cache_type="exact") == 1
        # An unverified client is refused by the client's own check; plain HTTP gets nothing.
        with pytest.raises(urllib.error.URLError) as refused:
            http_get(f"https://127.0.0.1:{exporter.port}/metrics")
        assert isinstance(refused.value.reason, ssl.SSLCertVerificationError)
        with pytest.raises((OSError, http.client.HTTPException)):
            http_get(f"http://127.0.0.1:{exporter.port}/metrics")
        # The server survived both bad clients.
        assert http_get(f"https://127.0.0.1:{exporter.port}/metrics", cafile=cert)[0] == 200


def test_a_stalled_tls_client_does_not_block_other_scrapes(
    registry: CollectorRegistry, tls_files: tuple[str, str], http_get: Get
) -> None:
    cert, key = tls_files
    exporter = _exporter(registry, certfile=cert, keyfile=key)
    with exporter, socket.create_connection(("127.0.0.1", exporter.port)):
        # Connected, never says hello: the handshake waits in its own thread.
        started = time.monotonic()
        status = http_get(f"https://127.0.0.1:{exporter.port}/metrics", cafile=cert)[0]
        assert status == 200
        assert time.monotonic() - started < 10


def test_an_unreadable_certificate_fails_start_with_the_file_named(
    registry: CollectorRegistry, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.pem"
    exporter = _exporter(registry, certfile=missing, keyfile=missing)
    with pytest.raises(OSError, match="cannot load the TLS certificate") as error:
        exporter.start()
    assert str(missing) in str(error.value)
    assert not exporter.is_running

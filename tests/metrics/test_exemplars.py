"""Exemplars: ``record_request(span_context=...)`` links a request's metrics to its span.

The requests counter and the duration histogram carry the span's ids in the OpenMetrics
format (which has exemplars); the Prometheus text format, the default, is unchanged.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import urllib.request
from typing import NamedTuple

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.openmetrics.exposition import generate_latest as openmetrics
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter
from ractogateway.metrics._middleware import EXEMPLAR_INTERVAL_S

TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
SPAN_ID = 0x00F067AA0BA902B7
EXEMPLAR = {"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7"}


class SpanIds(NamedTuple):
    """The two ids of a span, as an OpenTelemetry ``SpanContext`` holds them."""

    trace_id: int
    span_id: int


def _openmetrics(registry: CollectorRegistry) -> str:
    """The registry in the OpenMetrics format (the one that carries exemplars)."""
    text: bytes = openmetrics(registry)  # type: ignore[no-untyped-call]
    return text.decode()


def _record(metrics: GatewayMetricsMiddleware, span_context: object, latency_s: float) -> None:
    metrics.record_request(
        provider="openai",
        model="gpt-4o",
        operation="chat",
        status="ok",
        latency_s=latency_s,
        input_tokens=10,
        output_tokens=2,
        span_context=span_context,  # type: ignore[arg-type]
    )


def _exemplars(text: str) -> dict[tuple[str, str], dict[str, str]]:
    """(sample name, le) -> exemplar labels, from an OpenMetrics exposition."""
    return {
        (sample.name, sample.labels.get("le", "")): sample.exemplar.labels
        for family in text_string_to_metric_families(text)  # type: ignore[no-untyped-call]
        for sample in family.samples
        if sample.exemplar is not None
    }


def test_the_request_and_its_duration_bucket_carry_the_span_ids() -> None:
    registry = CollectorRegistry()
    metrics = GatewayMetricsMiddleware(registry=registry)
    _record(metrics, SpanIds(TRACE_ID, SPAN_ID), 0.7)
    found = _exemplars(_openmetrics(registry))
    assert found == {
        ("ractogateway_requests_total", ""): EXEMPLAR,
        ("ractogateway_request_duration_seconds_bucket", "1.28"): EXEMPLAR,  # 0.64 < 0.7 <= 1.28
    }
    assert " # {" not in metrics.generate_latest()  # the text format: no exemplars


def test_a_bucket_takes_one_exemplar_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("ractogateway.metrics._middleware.monotonic", lambda: clock[0])
    registry = CollectorRegistry()
    metrics = GatewayMetricsMiddleware(registry=registry)
    first, second, third = (SpanIds(TRACE_ID, n) for n in (1, 2, 3))
    _record(metrics, first, 0.7)
    _record(metrics, second, 0.7)  # same bucket, same second: keeps the first
    _record(metrics, second, 5.0)  # another bucket: due at once
    bucket = ("ractogateway_request_duration_seconds_bucket", "1.28")
    found = _exemplars(_openmetrics(registry))
    assert found[bucket]["span_id"] == f"{1:016x}"
    assert found[("ractogateway_request_duration_seconds_bucket", "5.12")]["span_id"] == (
        f"{2:016x}"
    )
    clock[0] += EXEMPLAR_INTERVAL_S
    _record(metrics, third, 0.7)
    assert _exemplars(_openmetrics(registry))[bucket]["span_id"] == f"{3:016x}"


def test_the_exporter_serves_openmetrics_to_scrapers_that_ask_for_it() -> None:
    registry = CollectorRegistry()
    metrics = GatewayMetricsMiddleware(registry=registry)
    _record(metrics, SpanIds(TRACE_ID, SPAN_ID), 0.01)
    with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
        url = f"http://127.0.0.1:{exporter.port}/metrics"
        asked = urllib.request.Request(
            url, headers={"Accept": "application/openmetrics-text; version=1.0.0"}
        )
        with urllib.request.urlopen(asked, timeout=10) as response:
            kind = response.headers["Content-Type"]
            body = response.read().decode()
        with urllib.request.urlopen(url, timeout=10) as response:
            plain_kind = response.headers["Content-Type"]
            plain = response.read().decode()
    assert kind.startswith("application/openmetrics-text")
    assert _exemplars(body)[("ractogateway_requests_total", "")] == EXEMPLAR
    assert plain_kind.startswith("text/plain")
    assert "trace_id" not in plain


@pytest.mark.parametrize(
    "span_context",
    [
        SpanIds(0, SPAN_ID),
        SpanIds(TRACE_ID, 0),
        SpanIds(2**128, SPAN_ID),
        SpanIds(TRACE_ID, 2**64),
        SpanIds("4bf9", SPAN_ID),  # type: ignore[arg-type]
        SpanIds(True, SPAN_ID),
        "the prompt text",
        object(),
    ],
)
def test_a_bad_span_context_costs_only_the_exemplar(
    span_context: object, caplog: pytest.LogCaptureFixture
) -> None:
    registry = CollectorRegistry()
    metrics = GatewayMetricsMiddleware(registry=registry)
    with caplog.at_level(logging.WARNING, logger="ractogateway.metrics"):
        _record(metrics, span_context, 0.5)
        _record(metrics, span_context, 0.5)
    assert _exemplars(_openmetrics(registry)) == {}
    assert (
        registry.get_sample_value(
            "ractogateway_requests_total",
            {"provider": "openai", "model": "gpt-4o", "operation": "chat", "status": "ok"},
        )
        == 2
    )
    (warning,) = [r.getMessage() for r in caplog.records]
    assert f"span_context of type {type(span_context).__name__}" in warning
    assert "prompt" not in warning


MULTIPROCESS = """
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.openmetrics.exposition import generate_latest
from ractogateway.metrics import GatewayMetricsMiddleware
metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
metrics.record_request(provider="openai", model="gpt-4o", operation="chat", status="ok",
                       latency_s=0.5, span_context=(lambda: None))
class Ids:
    trace_id, span_id = 1, 2
metrics.record_request(provider="openai", model="gpt-4o", operation="chat", status="ok",
                       latency_s=0.5, span_context=Ids())
summed = CollectorRegistry()
multiprocess.MultiProcessCollector(summed)
print(generate_latest(summed).decode())  # OpenMetrics, which would carry exemplars
"""


def test_multiprocess_mode_counts_the_request_without_its_exemplar(
    tmp_path: os.PathLike[str],
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", MULTIPROCESS],
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert (
        'ractogateway_requests_total{model="gpt-4o",operation="chat",provider="openai",'
        'status="ok"} 2.0'
    ) in done.stdout
    assert "# EOF" in done.stdout
    assert "trace_id" not in done.stdout

"""From a metric to its trace: the ``Telemetry`` helper puts each call's span ids on its metrics.

End to end with real parts: a ``RactoTracer`` exporting to the real OTLP/gRPC receiver, a
``PrometheusExporter`` scraped by the real Prometheus server (exemplar storage on, the
OpenMetrics format negotiated), and ``/api/v1/query_exemplars``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from otlp_receivers import OtlpGrpcReceiver
from prometheus_client import CollectorRegistry
from prometheus_client.openmetrics.exposition import generate_latest as openmetrics
from prometheus_server import PrometheusServer

from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    PrometheusExporter,
    RactoTracer,
    Telemetry,
)

JOB = "exemplars"


def _openmetrics(registry: CollectorRegistry) -> str:
    """The registry in the OpenMetrics format (the one that carries exemplars)."""
    text: bytes = openmetrics(registry)  # type: ignore[no-untyped-call]
    return text.decode()


@pytest.mark.realtime  # waits for the real server's scrapes
def test_prometheus_stores_the_trace_id_of_the_span_the_receiver_got(
    prometheus: PrometheusServer, otlp_grpc_receiver: OtlpGrpcReceiver
) -> None:
    registry = CollectorRegistry()
    metrics = GatewayMetricsMiddleware(registry=registry)
    tracer = RactoTracer(otlp_endpoint=otlp_grpc_receiver.endpoint)
    telemetry = Telemetry(tracer=tracer, metrics=metrics)
    try:
        with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
            prometheus.scrape(JOB, [f"127.0.0.1:{exporter.port}"])
            with telemetry.chat(provider="openai", model="gpt-4o") as call:
                call.usage(input_tokens=120, output_tokens=30)
            assert tracer.force_flush(timeout_millis=10_000)
            (span,) = otlp_grpc_receiver.store.wait_for(1)
            query = f'ractogateway_request_duration_seconds_bucket{{job="{JOB}"}}'
            deadline = time.monotonic() + 30
            while not (found := prometheus.exemplars(query)) and time.monotonic() < deadline:
                time.sleep(0.25)
            counted = prometheus.exemplars(f'ractogateway_requests_total{{job="{JOB}"}}')
    finally:
        prometheus.jobs.pop(JOB, None)
        tracer.shutdown(timeout_millis=5000)

    stored = [e["labels"] for series in found for e in series["exemplars"]]
    assert stored == [{"trace_id": f"{span.trace_id:032x}", "span_id": f"{span.span_id:016x}"}]
    assert [e["labels"] for s in counted for e in s["exemplars"]] == stored


def _exemplar_labels(registry: CollectorRegistry) -> list[str]:
    return [line for line in _openmetrics(registry).splitlines() if " # {" in line]


@pytest.mark.parametrize(
    "make_tracer",
    [lambda: None, lambda: RactoTracer(in_memory=True)],
    ids=["no-tracer", "in-memory-tracer"],
)
def test_without_an_exported_span_there_is_no_exemplar(
    make_tracer: Callable[[], RactoTracer | None],
) -> None:
    registry = CollectorRegistry()
    tracer = make_tracer()
    telemetry = Telemetry(tracer=tracer, metrics=GatewayMetricsMiddleware(registry=registry))
    with telemetry.embed(provider="openai", model="text-embedding-3-small") as call:
        call.usage(input_tokens=8)
    assert (
        registry.get_sample_value(
            "ractogateway_requests_total",
            {
                "provider": "openai",
                "model": "text-embedding-3-small",
                "operation": "embed",
                "status": "ok",
            },
        )
        == 1
    )
    assert _exemplar_labels(registry) == []


class Exact:
    """A hand-made recorder with 0.3.0's record_request: no span_context, no ``**kwargs``."""

    def __init__(self) -> None:
        self.calls = 0

    def record_request(
        self, *, provider: str, model: str, operation: str, status: str, latency_s: float,
        input_tokens: int = 0, output_tokens: int = 0, tool_calls: object = None,
        cache_read_tokens: int = 0, cache_write_tokens: int = 0,
        cache_write_long_tokens: int = 0, reasoning_tokens: int = 0,
        response_model: str | None = None,
    ) -> None:  # fmt: skip
        """Count the call."""
        self.calls += 1

    def record_cache_hit(self, cache_type: str) -> None:
        """Not used here."""

    def record_cache_miss(self, cache_type: str) -> None:
        """Not used here."""


def test_a_recorder_without_span_context_is_called_without_it() -> None:
    exact = Exact()
    telemetry = Telemetry(tracer=RactoTracer(in_memory=True), metrics=exact)  # type: ignore[arg-type]
    with telemetry.chat(provider="openai", model="gpt-4o"):
        pass
    assert exact.calls == 1

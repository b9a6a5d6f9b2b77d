"""Real Prometheus parts: promtool lints the exposition; a real server scrapes the exporter.

The tests with the server wait seconds for its scrapes: they are marked ``realtime`` and run
in one matrix cell (``noxfile.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from exposition import SampleReader
from prometheus_client import CollectorRegistry
from prometheus_server import PrometheusServer

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter
from ractogateway.pricing import ModelPricing

PRICE = ModelPricing(input_per_million=3.0, output_per_million=15.0, cache_read_per_million=0.3)


def _realistic_mix(metrics: GatewayMetricsMiddleware) -> None:
    """What a gateway records in a few minutes: several kits, errors, tools, caches."""
    for i in range(20):
        metrics.record_request(
            provider="openai",
            model="gpt-4o",
            operation="stream" if i % 4 == 0 else "chat",
            status="error" if i % 5 == 0 else "ok",
            latency_s=0.05 * i,
            input_tokens=100 + i,
            output_tokens=10 * i,
            tool_calls=[SimpleNamespace(name="search")] if i % 3 == 0 else None,
        )
    metrics.record_request(
        provider="anthropic",
        model="e2e-model",
        operation="chat",
        status="ok",
        latency_s=2.5,
        input_tokens=2_000,
        output_tokens=400,
        cache_read_tokens=1_500,
        tool_calls=[{"name": "get_weather"}, "calc"],
    )
    metrics.record_request(
        provider="openai", model="text-embedding-3-small", operation="embed", status="ok",
        latency_s=0.02, input_tokens=512,
    )  # fmt: skip
    metrics.record_request(
        provider="google", model="not-in-any-table", operation="chat", status="ok",
        latency_s=120.0, input_tokens=7, output_tokens=3,
    )  # fmt: skip
    nothing: Any = None  # a kit with a bug passes None labels
    metrics.record_request(
        provider=nothing, model=nothing, operation="chat", status="error", latency_s=float("nan")
    )
    for cache_type in ("exact", "exact", "semantic"):
        metrics.record_cache_hit(cache_type)
    metrics.record_cache_miss("semantic")


def test_promtool_accepts_the_exposition(
    promtool: Callable[[str], str], registry: CollectorRegistry
) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry, price_table={"e2e-model": PRICE})
    _realistic_mix(metrics)
    text = metrics.generate_latest()
    assert "ractogateway_unpriced_requests_total" in text
    assert promtool(text).strip() == ""


def test_promtool_rejects_a_broken_exposition(promtool: Callable[[str], str]) -> None:
    # The check is real: a counter without _total and a bad line fail it.
    with pytest.raises(AssertionError, match="promtool check metrics failed"):
        promtool("# TYPE requests counter\nrequests 1\n")


@pytest.mark.realtime
def test_prometheus_scrapes_what_was_recorded(
    prometheus: PrometheusServer, registry: CollectorRegistry, read: Callable[[str], SampleReader]
) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry, price_table={"e2e-model": PRICE})
    _realistic_mix(metrics)
    recorded = read(metrics.generate_latest())
    with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
        job = "e2e-http"
        prometheus.scrape(job, [f"127.0.0.1:{exporter.port}"])
        prometheus.wait_for(f'ractogateway_requests_total{{job="{job}"}}')

        def scraped(promql: str) -> float:
            return float(prometheus.value(promql.replace("JOB", f'job="{job}"')))

        for status, count in (("ok", 19), ("error", 5)):
            assert recorded.total("ractogateway_requests_total", status=status) == count
            assert scraped(f'sum(ractogateway_requests_total{{JOB, status="{status}"}})') == count
        assert scraped(
            'ractogateway_requests_total{JOB, model="gpt-4o", operation="stream", status="error"}'
        ) == recorded.value(
            "ractogateway_requests_total",
            provider="openai", model="gpt-4o", operation="stream", status="error",
        )  # fmt: skip
        for token_type in ("input", "output", "cache_read"):
            assert scraped(
                f'sum(ractogateway_tokens_total{{JOB, token_type="{token_type}"}})'
            ) == recorded.total("ractogateway_tokens_total", token_type=token_type)
        assert (
            scraped('ractogateway_tokens_total{JOB, model="e2e-model", token_type="input"}') == 2000
        )
        cost = scraped('ractogateway_cost_usd_total{JOB, model="e2e-model"}')
        assert cost == pytest.approx((500 * 3.0 + 1_500 * 0.3 + 400 * 15.0) / 1e6)
        assert scraped("sum(ractogateway_cost_usd_total{JOB})") == pytest.approx(
            recorded.total("ractogateway_cost_usd_total")
        )
        assert scraped('ractogateway_cache_hits_total{JOB, cache_type="exact"}') == 2
        assert scraped('ractogateway_cache_hits_total{JOB, cache_type="semantic"}') == 1
        assert scraped('ractogateway_cache_misses_total{JOB, cache_type="semantic"}') == 1
        assert scraped('ractogateway_tool_calls_total{JOB, tool_name="search"}') == 7
        assert scraped('ractogateway_unpriced_requests_total{JOB, model="not-in-any-table"}') == 1
        assert scraped('ractogateway_unpriced_requests_total{JOB, model="unknown"}') == 1
        # The histogram works with PromQL: everything but the 120 s call is under 81.92 s.
        assert scraped('sum(ractogateway_request_duration_seconds_bucket{JOB, le="81.92"})') == 23
        assert scraped("sum(ractogateway_request_duration_seconds_count{JOB})") == 24
        buckets = "ractogateway_request_duration_seconds_bucket{JOB}"
        p50 = scraped(f"histogram_quantile(0.5, sum by (le) ({buckets}))")
        assert 0.32 <= p50 <= 0.64


@pytest.mark.realtime
def test_prometheus_scrapes_over_https(
    prometheus: PrometheusServer, registry: CollectorRegistry, tls_files: tuple[str, str]
) -> None:
    cert, key = tls_files
    metrics = GatewayMetricsMiddleware(registry=registry)
    for _ in range(3):
        metrics.record_cache_hit("tls-exact")
    with PrometheusExporter(0, registry, addr="127.0.0.1", certfile=cert, keyfile=key) as exporter:
        prometheus.scrape("e2e-https", [f"127.0.0.1:{exporter.port}"], scheme="https", ca_file=cert)
        result = prometheus.wait_for(
            'ractogateway_cache_hits_total{job="e2e-https", cache_type="tls-exact"}'
        )
    assert float(result[0]["value"][1]) == 3

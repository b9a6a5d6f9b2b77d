"""One bad string costs at most itself: lone surrogates, NULs and huge values as labels.

A lone surrogate (what ``json.loads('"\\udcff"')`` returns from a request body) recorded as a
model once made every later exposition fail (``UnicodeEncodeError``, HTTP 500); a 1 MB model
name made a 25 MiB exposition. Every label value is now valid UTF-8 of at most ``MAX_TEXT``
characters, checked with the real Prometheus server and ``promtool``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from exposition import SampleReader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry
from prometheus_server import PrometheusServer

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter
from ractogateway.pricing._shared import MAX_TEXT

SURROGATE = json.loads('"gpt-\\udcff"')  # what a request body's invalid escape becomes
HUGE = "m" * 1_000_000


def _record_bad_strings(metrics: GatewayMetricsMiddleware) -> None:
    for model in (SURROGATE, HUGE, "gpt-4o"):
        metrics.record_request(
            provider="openai",
            model=model,
            operation="chat",
            status="ok",
            latency_s=0.1,
            input_tokens=10,
            tool_calls=[SimpleNamespace(name=SURROGATE), {"name": HUGE}],
        )
    metrics.record_usage_missing(provider=SURROGATE, model=HUGE, operation="chat")


def test_the_exposition_survives_bad_strings_and_stays_small(
    registry: CollectorRegistry,
    read: Callable[[str], SampleReader],
    promtool: Callable[[str], str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry)
    with caplog.at_level(logging.WARNING, logger="ractogateway.metrics"):
        _record_bad_strings(metrics)
    text = metrics.generate_latest()
    promtool(text)
    assert len(text) < 100_000  # not 25 MiB
    models = read(text).label_values("ractogateway_requests_total", "model")
    assert set(models) == {"gpt-\ufffd", "m" * MAX_TEXT, "gpt-4o"}
    tools = read(text).label_values("ractogateway_tool_calls_total", "tool_name")
    assert set(tools) == {"gpt-\ufffd", "m" * MAX_TEXT}
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "lone surrogates" in messages
    assert f"cut to {MAX_TEXT}" in messages
    assert "m" * 100 not in messages  # warnings never carry the value


@pytest.mark.realtime  # waits for the real server's scrapes
def test_prometheus_keeps_scraping_after_a_surrogate_label(
    prometheus: PrometheusServer, registry: CollectorRegistry
) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry)
    _record_bad_strings(metrics)
    with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
        job = "bad-strings"
        prometheus.scrape(job, [f"127.0.0.1:{exporter.port}"])
        prometheus.wait_for(f'ractogateway_requests_total{{job="{job}", model="gpt-4o"}}')
        metrics.record_request(  # after the bad ones: still scraped
            provider="openai", model="later", operation="chat", status="ok", latency_s=0.1
        )
        prometheus.wait_for(f'ractogateway_requests_total{{job="{job}", model="later"}}')
        assert prometheus.value(f'up{{job="{job}"}}') == 1
        bad = f'ractogateway_requests_total{{job="{job}", model=~"gpt-.+", model!="gpt-4o"}}'
        (series,) = prometheus.query(bad)
        assert series["metric"]["model"] == "gpt-\ufffd"


_NASTY = st.one_of(
    st.text(),  # any code point but surrogates
    st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3),  # surrogates
    st.sampled_from(["", "\x00", "a\x00b", 'quote"back\\slash\nnewline', "x" * 5_000]),
    st.none(),
    st.integers(),
    st.floats(),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(
    ["provider", "model", "operation", "status", "cache_type", "tool_name", "response_model"],
    _NASTY,
)))  # fmt: skip
def test_any_strings_leave_a_valid_exposition(
    values: dict[str, Any], promtool: Callable[[str], str]
) -> None:
    metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
    labels = {key: values.get(key, "x") for key in ("provider", "model", "operation", "status")}
    metrics.record_request(
        **labels,
        latency_s=0.5,
        input_tokens=5,
        output_tokens=2,
        tool_calls=[{"name": values.get("tool_name", "t")}],
        response_model=values.get("response_model"),
    )
    metrics.record_usage_missing(
        provider=labels["provider"], model=labels["model"], operation=labels["operation"]
    )
    metrics.record_cache_hit(values.get("cache_type", "exact"))
    metrics.record_cache_miss(values.get("cache_type", "exact"))
    text = metrics.generate_latest()
    promtool(text)
    assert "ractogateway_requests_total{" in text
    assert all(len(line) < 4 * MAX_TEXT * 4 + 400 for line in text.splitlines())

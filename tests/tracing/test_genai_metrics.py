"""``RactoTracer(genai_metrics=True)``: the OpenTelemetry GenAI client metrics of each call.

Read with the SDK's own ``InMemoryMetricReader`` (cumulative and delta), and over OTLP by the
real gRPC and HTTP receivers of ``tests/support`` (in cells with the OTLP exporters).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from installed import installed
from opentelemetry.sdk.metrics import Histogram, MeterProvider
from opentelemetry.sdk.metrics.export import (
    AggregationTemporality,
    ConsoleMetricExporter,
    HistogramDataPoint,
    InMemoryMetricReader,
    PeriodicExportingMetricReader,
)
from otlp_receivers import OtlpGrpcReceiver, OtlpHttpReceiver, ReceivedMetric

from ractogateway.tracing import RactoTracer
from ractogateway.tracing._genai_metrics import (
    DURATION,
    DURATION_BOUNDS,
    TIME_TO_FIRST_CHUNK,
    TOKEN_BOUNDS,
    TOKEN_USAGE,
)

MakeTracer = Callable[..., RactoTracer]
TRANSPORTS = [
    transport
    for transport in ("grpc", "http")
    if installed(f"opentelemetry.exporter.otlp.proto.{transport}")
]
CHAT = {"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai"}
#: (metric, attributes) -> (count, sum) of what ``_record_calls`` records.
EXPECTED: dict[tuple[str, frozenset[tuple[str, Any]]], tuple[int, float]] = {
    (DURATION, frozenset({**CHAT, "gen_ai.request.model": "gpt-4o"}.items())): (2, 1.5),
    (
        DURATION,
        frozenset(
            {**CHAT, "gen_ai.request.model": "gpt-4o", "error.type": "RateLimitError"}.items()
        ),
    ): (1, 0.25),
    (
        DURATION,
        frozenset(
            {
                "gen_ai.operation.name": "embeddings",
                "gen_ai.provider.name": "gcp.gemini",
                "gen_ai.request.model": "text-embedding-004",
            }.items()
        ),
    ): (1, 0.05),
    (
        TOKEN_USAGE,
        frozenset({**CHAT, "gen_ai.request.model": "gpt-4o", "gen_ai.token.type": "input"}.items()),
    ): (2, 1500),
    (
        TOKEN_USAGE,
        frozenset(
            {**CHAT, "gen_ai.request.model": "gpt-4o", "gen_ai.token.type": "output"}.items()
        ),
    ): (2, 70),
    (
        TOKEN_USAGE,
        frozenset(
            {
                "gen_ai.operation.name": "embeddings",
                "gen_ai.provider.name": "gcp.gemini",
                "gen_ai.request.model": "text-embedding-004",
                "gen_ai.token.type": "input",
            }.items()
        ),
    ): (1, 64),
    (TIME_TO_FIRST_CHUNK, frozenset({**CHAT, "gen_ai.request.model": "gpt-4o"}.items())): (
        1,
        0.3,
    ),
}


def _record_calls(tracer: RactoTracer) -> None:
    """A chat, a stream, a failed chat and an embedding call."""
    tracer.record_chat_span(
        provider="openai", model="gpt-4o", latency_ms=500.0, input_tokens=1000, output_tokens=50
    )
    tracer.record_chat_span(
        provider="openai",
        model="gpt-4o",
        latency_ms=1000.0,
        input_tokens=500,
        output_tokens=20,
        operation="stream",
        time_to_first_token_ms=300.0,
    )
    tracer.record_chat_span(
        provider="openai",
        model="gpt-4o",
        latency_ms=250.0,
        status="error",
        error_type="RateLimitError",
    )
    tracer.record_embed_span(
        provider="google", model="text-embedding-004", latency_ms=50.0, input_tokens=64
    )


def _points(reader: InMemoryMetricReader) -> dict[str, list[HistogramDataPoint]]:
    data = reader.get_metrics_data()
    found: dict[str, list[HistogramDataPoint]] = {}
    if data is None:
        return found
    for resource_metrics in data.resource_metrics:
        for scope_metrics in resource_metrics.scope_metrics:
            assert scope_metrics.scope.name == "ractogateway.tracing"
            for metric in scope_metrics.metrics:
                found[metric.name] = list(metric.data.data_points)  # type: ignore[arg-type]
    return found


def _summary(points: dict[str, list[HistogramDataPoint]]) -> dict[Any, tuple[int, float]]:
    return {
        (name, frozenset(dict(point.attributes or {}).items())): (
            point.count,
            round(point.sum, 6),
        )
        for name, found in points.items()
        for point in found
    }


@pytest.fixture
def reader() -> InMemoryMetricReader:
    return InMemoryMetricReader()


def test_each_call_records_the_genai_client_metrics(
    make_tracer: MakeTracer, reader: InMemoryMetricReader
) -> None:
    tracer = make_tracer(in_memory=True, genai_metrics=True, metric_readers=[reader])
    _record_calls(tracer)
    points = _points(reader)

    assert _summary(points) == EXPECTED
    for point in points[DURATION] + points[TIME_TO_FIRST_CHUNK]:
        assert tuple(point.explicit_bounds) == DURATION_BOUNDS
        assert len(point.bucket_counts) == len(DURATION_BOUNDS) + 1
    for point in points[TOKEN_USAGE]:
        assert tuple(point.explicit_bounds) == TOKEN_BOUNDS
        assert sum(point.bucket_counts) == point.count
    (stream_first_chunk,) = points[TIME_TO_FIRST_CHUNK]
    assert stream_first_chunk.bucket_counts[DURATION_BOUNDS.index(0.32)] == 1  # 0.3 s
    assert (stream_first_chunk.min, stream_first_chunk.max) == (0.3, 0.3)
    assert len(tracer.spans) == 4  # the spans are recorded as before


def test_units_descriptions_and_cumulative_totals(
    make_tracer: MakeTracer, reader: InMemoryMetricReader
) -> None:
    tracer = make_tracer(in_memory=True, genai_metrics=True, metric_readers=[reader])
    _record_calls(tracer)
    _record_calls(tracer)
    data = reader.get_metrics_data()
    assert data is not None
    metrics = {m.name: m for m in data.resource_metrics[0].scope_metrics[0].metrics}
    assert {name: m.unit for name, m in metrics.items()} == {
        DURATION: "s",
        TOKEN_USAGE: "{token}",
        TIME_TO_FIRST_CHUNK: "s",
    }
    assert all(
        m.data.aggregation_temporality is AggregationTemporality.CUMULATIVE  # type: ignore[union-attr]
        for m in metrics.values()
    )
    assert _summary(_points(reader)) == {
        key: (count * 2, round(total * 2, 6)) for key, (count, total) in EXPECTED.items()
    }
    assert data.resource_metrics[0].resource.attributes["service.name"] == "ractogateway"


def test_a_delta_reader_gets_each_interval_once(make_tracer: MakeTracer) -> None:
    reader = InMemoryMetricReader(preferred_temporality={Histogram: AggregationTemporality.DELTA})
    cumulative = InMemoryMetricReader()
    tracer = make_tracer(in_memory=True, genai_metrics=True, metric_readers=[reader, cumulative])
    _record_calls(tracer)
    assert _summary(_points(reader)) == EXPECTED
    assert _points(reader) == {}  # nothing new
    tracer.record_embed_span(
        provider="google", model="text-embedding-004", latency_ms=50.0, input_tokens=64
    )
    second = _summary(_points(reader))
    assert {name for name, _ in second} == {DURATION, TOKEN_USAGE}
    assert all(count == 1 for count, _ in second.values())
    total = sum(count for count, _ in _summary(_points(cumulative)).values())
    assert total == sum(count for count, _ in EXPECTED.values()) + 2


def test_unbounded_models_go_to_one_overflow_set(
    make_tracer: MakeTracer, reader: InMemoryMetricReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ractogateway.tracing._genai_metrics.MAX_SERIES", 3)
    tracer = make_tracer(in_memory=True, genai_metrics=True, metric_readers=[reader])
    for index in range(5):
        tracer.record_embed_span(provider="openai", model=f"m{index}", latency_ms=1.0)
    durations = _points(reader)[DURATION]
    assert len(durations) == 4
    overflow = [p for p in durations if dict(p.attributes or {}) == {"otel.metric.overflow": True}]
    assert [p.count for p in overflow] == [2]


def test_off_by_default_and_nothing_collected(make_tracer: MakeTracer) -> None:
    tracer = make_tracer(in_memory=True)
    assert tracer._genai is None
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0)
    assert len(tracer.spans) == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"metric_readers": [InMemoryMetricReader()]}, ValueError, "genai_metrics=True"),
        ({"genai_metrics": True}, ValueError, "needs somewhere to send the metrics"),
        ({"genai_metrics": "yes", "in_memory": True}, TypeError, "genai_metrics must be a bool"),
        (
            {"genai_metrics": True, "metric_readers": [object()]},
            TypeError,
            "must hold opentelemetry.sdk.metrics.export.MetricReader",
        ),
        (
            {"genai_metrics": True, "metric_readers": InMemoryMetricReader()},
            TypeError,
            "list or tuple of MetricReader",
        ),
    ],
)
def test_bad_metric_settings_fail_fast(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        RactoTracer(**kwargs)


def test_a_reader_of_a_meter_provider_is_refused() -> None:
    reader = InMemoryMetricReader()
    provider = MeterProvider(metric_readers=[reader])
    try:
        with pytest.raises(ValueError, match="already registered"):
            RactoTracer(in_memory=True, genai_metrics=True, metric_readers=[reader])
    finally:
        provider.shutdown()


def test_shutdown_exports_a_last_time_and_then_flush_fails() -> None:
    out = io.StringIO()
    periodic = PeriodicExportingMetricReader(
        ConsoleMetricExporter(out=out), export_interval_millis=3_600_000
    )
    tracer = RactoTracer(in_memory=True, genai_metrics=True, metric_readers=[periodic])
    _record_calls(tracer)
    assert out.getvalue() == ""  # the next export is an hour away
    tracer.shutdown(timeout_millis=5000)
    exported = json.loads(out.getvalue())
    names = {
        metric["name"]
        for resource in exported["resource_metrics"]
        for scope in resource["scope_metrics"]
        for metric in scope["metrics"]
    }
    assert names == {DURATION, TOKEN_USAGE, TIME_TO_FIRST_CHUNK}
    assert tracer.force_flush() is False


def _received(metrics: list[ReceivedMetric]) -> dict[Any, tuple[int, float]]:
    """The last export's (count, sum) per (metric, attributes): exports are cumulative."""
    found: dict[Any, tuple[int, float]] = {}
    for metric in metrics:
        for point in metric.points:
            key = (metric.name, frozenset(point.attributes.items()))
            found[key] = (point.count, round(point.sum, 6))
    return found


# Only in cells with the OTLP exporters: elsewhere this test does not exist (not skipped).
if TRANSPORTS:

    @pytest.mark.parametrize("transport", TRANSPORTS)
    def test_the_metrics_go_over_otlp_to_the_spans_endpoint(
        make_tracer: MakeTracer, transport: str
    ) -> None:
        receiver = OtlpGrpcReceiver() if transport == "grpc" else OtlpHttpReceiver()
        argument = "otlp_endpoint" if transport == "grpc" else "otlp_http_endpoint"
        try:
            tracer = make_tracer(**{argument: receiver.endpoint}, genai_metrics=True)
            _record_calls(tracer)
            assert tracer.force_flush(timeout_millis=20_000) is True
            metrics = receiver.metric_store.wait_for(3)
            spans = receiver.store.wait_for(4)
            tracer.shutdown(timeout_millis=5000)  # its last export, while the receiver is up
        finally:
            receiver.stop()

        assert len(spans) == 4
        assert _received(metrics) == EXPECTED
        by_name = {metric.name: metric for metric in metrics}
        assert {name: (m.unit, m.temporality) for name, m in by_name.items()} == {
            DURATION: ("s", "CUMULATIVE"),
            TOKEN_USAGE: ("{token}", "CUMULATIVE"),
            TIME_TO_FIRST_CHUNK: ("s", "CUMULATIVE"),
        }
        assert all(p.explicit_bounds == TOKEN_BOUNDS for p in by_name[TOKEN_USAGE].points)
        assert all(p.explicit_bounds == DURATION_BOUNDS for p in by_name[DURATION].points)
        assert by_name[DURATION].resource["service.name"] == "ractogateway"
        assert by_name[DURATION].scope == "ractogateway.tracing"
        if isinstance(receiver, OtlpHttpReceiver):
            assert "/v1/metrics" in receiver.paths


# The parent records one call, forks, and the child records one: the child's readers must see
# only its own.
FORK_SCRIPT = """
import os
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from ractogateway.tracing import RactoTracer

reader = InMemoryMetricReader()
tracer = RactoTracer(in_memory=True, genai_metrics=True, metric_readers=[reader])
tracer.record_embed_span(provider="openai", model="e", latency_ms=5.0)

def count():
    data = reader.get_metrics_data()
    metrics = data.resource_metrics[0].scope_metrics[0].metrics
    (duration,) = [m for m in metrics if m.name == "gen_ai.client.operation.duration"]
    return sum(point.count for point in duration.data.data_points)

pid = os.fork()
if pid == 0:
    tracer.record_embed_span(provider="openai", model="e", latency_ms=5.0)
    print("child", count(), flush=True)
    os._exit(0)
os.waitpid(pid, 0)
print("parent", count(), flush=True)
"""


def test_a_forked_child_counts_only_its_own_calls() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FORK_SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )
    assert sorted(done.stdout.split("\n")[:2]) == ["child 1", "parent 1"]

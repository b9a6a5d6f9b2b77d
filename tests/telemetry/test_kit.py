"""``Telemetry``: one span and one request metric per observed call, whatever happens in it."""

from __future__ import annotations

import asyncio
import io
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    RactoTracer,
    Telemetry,
    compute_cost,
)

REQUESTS = "ractogateway_requests_total"
TOKENS = "ractogateway_tokens_total"
DROPPED = "ractogateway_dropped_spans_total"


class Tool(NamedTuple):
    name: str


def test_chat_records_one_span_and_one_request_with_the_measured_latency(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with telemetry.chat(provider="openai", model="gpt-4o") as call:
        time.sleep(0.02)
        call.usage(input_tokens=1200, output_tokens=300)
    (span,) = tracer.spans
    assert (span.name, span.operation, span.provider, span.model) == (
        "llm.chat",
        "chat",
        "openai",
        "gpt-4o",
    )
    assert (span.input_tokens, span.output_tokens, span.status, span.error_type) == (
        1200,
        300,
        "ok",
        None,
    )
    assert span.cost_usd == pytest.approx(compute_cost("gpt-4o", 1200, 300))
    assert span.latency_ms >= 20.0
    assert span.time_to_first_token_ms is None
    assert span.cache_hit == "miss"
    text = metrics.generate_latest()
    assert total(text, REQUESTS) == 1
    assert total(text, REQUESTS, model="gpt-4o", operation="chat", status="ok") == 1
    assert total(text, TOKENS, token_type="input") == 1200
    assert total(text, TOKENS, token_type="output") == 300
    # The span and the histogram hold the very same measurement.
    duration = total(text, "ractogateway_request_duration_seconds_sum", model="gpt-4o")
    assert duration * 1000 == pytest.approx(span.latency_ms)


def test_usage_with_cache_parts_reaches_span_and_metrics(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with telemetry.chat(provider="anthropic", model="claude-sonnet-4-5") as call:
        call.usage(
            input_tokens=5000, output_tokens=100, cache_read_tokens=4000, cache_write_tokens=500
        )
    (span,) = tracer.spans
    assert (span.cache_read_tokens, span.cache_write_tokens) == (4000, 500)
    expected = compute_cost(
        "claude-sonnet-4-5", 5000, 100, cache_read_tokens=4000, cache_write_tokens=500
    )
    assert span.cost_usd == pytest.approx(expected)
    text = metrics.generate_latest()
    assert total(text, TOKENS, token_type="cache_read") == 4000
    assert total(text, TOKENS, token_type="cache_write") == 500
    assert total(text, "ractogateway_cost_usd_total") == pytest.approx(expected)


def test_usage_treats_none_as_zero_and_the_last_call_wins(
    telemetry: Telemetry, tracer: RactoTracer
) -> None:
    with telemetry.chat(provider="openai", model="gpt-4o") as call:
        call.usage(input_tokens=10, output_tokens=10)
        call.usage(input_tokens=7, output_tokens=None, cache_read_tokens=None)
    (span,) = tracer.spans
    assert (span.input_tokens, span.output_tokens, span.cache_read_tokens) == (7, 0, 0)


@pytest.mark.parametrize(
    "calls",
    [
        [Tool("get_weather"), Tool("search_docs"), Tool("get_weather")],
        ["get_weather", "search_docs", "get_weather"],
        (name for name in ["get_weather", "search_docs", "get_weather"]),
    ],
    ids=["objects", "names", "generator"],
)
def test_tool_calls_count_on_the_span_and_by_name_in_metrics(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
    calls: object,
) -> None:
    with telemetry.chat(provider="openai", model="gpt-4o") as call:
        call.tool_calls(calls)  # type: ignore[arg-type]
    assert tracer.spans[0].tool_calls == 3
    text = metrics.generate_latest()
    assert total(text, "ractogateway_tool_calls_total", tool_name="get_weather") == 2
    assert total(text, "ractogateway_tool_calls_total", tool_name="search_docs") == 1


def test_a_single_tool_call_counts_as_one(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    for single in ("get_weather", Tool("get_weather"), {"name": "get_weather"}):
        with telemetry.chat(provider="openai", model="gpt-4o") as call:
            call.tool_calls(single)
    assert [span.tool_calls for span in tracer.spans] == [1, 1, 1]
    text = metrics.generate_latest()
    assert total(text, "ractogateway_tool_calls_total", tool_name="get_weather") == 3


@pytest.mark.usefixtures("fresh_warnings")
def test_tool_calls_follow_the_shared_rule_and_never_raise(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> Iterator[str]:
        yield "get_weather"
        raise RuntimeError("secret tool argument")

    with caplog.at_level(logging.WARNING, logger="ractogateway.telemetry"):
        for calls in (None, 42, broken()):
            with telemetry.chat(provider="openai", model="gpt-4o") as call:
                call.tool_calls(calls)  # type: ignore[arg-type]
    # None: none; not iterable: one call without a name; failing while read: none.
    assert [span.tool_calls for span in tracer.spans] == [0, 1, 0]
    text = metrics.generate_latest()
    assert total(text, "ractogateway_tool_calls_total", tool_name="unknown") == 1
    assert "tool_calls of type generator could not be read (RuntimeError)" in caplog.text
    assert "secret" not in caplog.text


def test_cache_hit_marks_the_span_and_counts_hits_and_misses(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with telemetry.chat(provider="openai", model="gpt-4o") as call:
        call.cache_miss("exact")
        call.cache_hit("semantic")
    with telemetry.chat(provider="openai", model="gpt-4o") as call:
        call.cache_hit()
    with telemetry.chat(provider="openai", model="gpt-4o") as call:
        call.usage(input_tokens=5, output_tokens=5)
    assert [span.cache_hit for span in tracer.spans] == ["semantic", "exact", "miss"]
    text = metrics.generate_latest()
    assert total(text, "ractogateway_cache_hits_total", cache_type="semantic") == 1
    assert total(text, "ractogateway_cache_hits_total", cache_type="exact") == 1
    assert total(text, "ractogateway_cache_misses_total", cache_type="exact") == 1
    # No lookup reported, no miss counted: a kit without a cache counts none.
    assert total(text, "ractogateway_cache_misses_total") == 1
    assert total(text, REQUESTS) == 3


def test_stream_records_time_to_first_token_and_keeps_the_first_mark(
    telemetry: Telemetry, tracer: RactoTracer, metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:  # fmt: skip
    with telemetry.stream(provider="google", model="gemini-2.0-flash") as call:
        time.sleep(0.01)
        call.first_token()
        time.sleep(0.02)
        call.first_token()
        call.usage(input_tokens=50, output_tokens=60)
    (span,) = tracer.spans
    assert span.operation == "stream"
    assert span.time_to_first_token_ms is not None
    assert 10.0 <= span.time_to_first_token_ms <= span.latency_ms - 20.0
    assert total(metrics.generate_latest(), REQUESTS, operation="stream") == 1


def test_embed_records_an_embedding_span_and_request(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with telemetry.embed(provider="openai", model="text-embedding-3-small") as call:
        call.usage(input_tokens=800)
    (span,) = tracer.spans
    assert (span.name, span.operation, span.input_tokens) == ("llm.embed", "embed", 800)
    assert span.cost_usd == pytest.approx(compute_cost("text-embedding-3-small", 800, 0))
    text = metrics.generate_latest()
    assert total(text, REQUESTS, operation="embed", model="text-embedding-3-small") == 1
    assert total(text, TOKENS, token_type="input") == 800


def test_async_with_and_with_inside_coroutines(telemetry: Telemetry, tracer: RactoTracer) -> None:
    async def kit_call(n: int) -> None:
        async with telemetry.chat(provider="openai", model="gpt-4o-mini") as call:
            await asyncio.sleep(0.001)
            call.usage(input_tokens=n, output_tokens=1)
        with telemetry.embed(provider="openai", model="text-embedding-3-small") as call:
            call.usage(input_tokens=n)

    async def main() -> None:
        await asyncio.gather(*(kit_call(n) for n in range(1, 21)))

    asyncio.run(main())
    spans = tracer.spans
    assert len(spans) == 40
    chats = sorted(span.input_tokens for span in spans if span.operation == "chat")
    assert chats == list(range(1, 21))


def test_tracer_only_metrics_only_and_neither(
    tracer: RactoTracer, metrics: GatewayMetricsMiddleware, total: Callable[..., float]
) -> None:
    for telemetry in (Telemetry(tracer=tracer), Telemetry(metrics=metrics), Telemetry()):
        with telemetry.chat(provider="openai", model="gpt-4o") as call:
            call.usage(input_tokens=1, output_tokens=1)
            call.cache_hit("exact")
            call.cache_miss("semantic")
            call.tool_calls(["t"])
            call.first_token()
    assert len(tracer.spans) == 1
    assert total(metrics.generate_latest(), REQUESTS) == 1
    assert Telemetry(tracer=tracer).tracer is tracer
    assert Telemetry(metrics=metrics).metrics is metrics


def test_many_threads_share_one_telemetry(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    per_thread = 200
    barrier = threading.Barrier(8)

    def work(worker: int) -> None:
        barrier.wait()
        for n in range(per_thread):
            with telemetry.chat(provider="openai", model="gpt-4o-mini") as call:
                call.usage(input_tokens=worker + 1, output_tokens=n % 3)
                call.tool_calls([f"tool-{worker}"])

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spans = tracer.spans
    assert len(spans) == 8 * per_thread
    assert sum(span.input_tokens for span in spans) == per_thread * sum(range(1, 9))
    text = metrics.generate_latest()
    assert total(text, REQUESTS) == 8 * per_thread
    assert total(text, TOKENS, token_type="input") == per_thread * sum(range(1, 9))
    for worker in range(8):
        assert total(text, "ractogateway_tool_calls_total", tool_name=f"tool-{worker}") == (
            per_thread
        )


def test_spans_the_tracer_drops_are_counted_in_the_metrics_by_reason(
    metrics: GatewayMetricsMiddleware, read: Callable[[str], Any]
) -> None:
    closed = io.StringIO()
    closed.close()  # the SDK's console exporter on a closed stream: every export fails
    tracer = RactoTracer(custom_exporter=ConsoleSpanExporter(out=closed), max_queued_spans=2)
    telemetry = Telemetry(tracer=tracer, metrics=metrics)
    Telemetry(tracer=tracer, metrics=metrics)  # a second helper does not count twice
    for _ in range(7):
        with telemetry.chat(provider="openai", model="gpt-4o"):
            pass
    queue_full = read(metrics.generate_latest()).value(DROPPED, reason="queue_full")
    tracer.shutdown(timeout_millis=5000)
    after = read(metrics.generate_latest())

    assert tracer.dropped_spans == 7
    assert queue_full == after.value(DROPPED, reason="queue_full") == 5
    assert after.value(DROPPED, reason="shutdown") == 2
    assert after.total(REQUESTS) == 7  # recording went on as usual

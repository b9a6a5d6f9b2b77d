"""What a receiver gets: span names, kind, timing, attributes, status, resource and parent."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from ractogateway.pricing import ModelPricing, compute_cost
from ractogateway.tracing import RactoTracer

if TYPE_CHECKING:
    from otlp_receivers import ReceivedSpan
    from span_destinations import Sink

MakeTracer = Callable[..., RactoTracer]


def _one(tracer: RactoTracer, sink: Sink) -> ReceivedSpan:
    assert tracer.force_flush(timeout_millis=10_000) is True
    (span,) = sink.wait_for(1)
    return span


def test_chat_span_has_name_kind_duration_resource_and_every_attribute(
    make_tracer: MakeTracer, sink: Sink
) -> None:
    tracer = make_tracer(service_name="checkout-api", **sink.tracer_kwargs)
    before_ns = time.time_ns()
    tracer.record_chat_span(
        provider="openai",
        model="gpt-4o",
        latency_ms=812.25,
        input_tokens=1200,
        output_tokens=300,
        tool_calls=2,
    )
    after_ns = time.time_ns()
    span = _one(tracer, sink)

    assert span.name == "llm.chat"
    assert span.kind == "CLIENT"
    assert span.end_ns - span.start_ns == 812_250_000
    assert before_ns <= span.end_ns <= after_ns
    assert span.resource["service.name"] == "checkout-api"
    assert span.scope == "ractogateway.tracing"
    assert span.status_code == "UNSET"
    assert span.parent_span_id is None
    assert span.attributes == {
        "llm.provider": "openai",
        "llm.model": "gpt-4o",
        "llm.operation": "chat",
        "llm.latency_ms": 812.25,
        "llm.input_tokens": 1200,
        "llm.output_tokens": 300,
        "llm.cost_usd": pytest.approx(compute_cost("gpt-4o", 1200, 300)),
        "llm.cache_hit": "miss",
        "llm.tool_calls": 2,
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.request.stream": False,
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 300,
    }
    assert span.attributes["llm.cost_usd"] > 0


def test_stream_span_carries_stream_flag_first_token_time_and_cache_usage(
    make_tracer: MakeTracer, sink: Sink
) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_chat_span(
        provider="anthropic",
        model="claude-sonnet-4-5",
        latency_ms=950.0,
        input_tokens=10_000,
        output_tokens=500,
        cache_hit="semantic",
        operation="stream",
        cache_read_tokens=6_000,
        cache_write_tokens=2_000,
        time_to_first_token_ms=210.5,
    )
    attributes = _one(tracer, sink).attributes

    assert attributes["llm.operation"] == "stream"
    assert attributes["gen_ai.operation.name"] == "chat"
    assert attributes["gen_ai.request.stream"] is True
    assert attributes["llm.cache_hit"] == "semantic"
    assert attributes["llm.time_to_first_token_ms"] == 210.5
    assert attributes["gen_ai.response.time_to_first_chunk"] == pytest.approx(0.2105)
    assert attributes["gen_ai.usage.cache_read.input_tokens"] == 6_000
    # The GenAI conventions' current name, and the older one until they publish a release.
    assert attributes["gen_ai.usage.cache_write.input_tokens"] == 2_000
    assert attributes["gen_ai.usage.cache_creation.input_tokens"] == 2_000
    expected = compute_cost(
        "claude-sonnet-4-5", 10_000, 500, cache_read_tokens=6_000, cache_write_tokens=2_000
    )
    assert attributes["llm.cost_usd"] == pytest.approx(expected)
    assert expected != pytest.approx(compute_cost("claude-sonnet-4-5", 10_000, 500))


def test_response_attributes_and_the_price_of_the_responses_model(
    make_tracer: MakeTracer, sink: Sink
) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    # gpt-4o-2024-05-13 is a snapshot with a price of its own: the call is priced as it.
    tracer.record_chat_span(
        provider="openai",
        model="gpt-4o",
        latency_ms=5.0,
        input_tokens=1000,
        output_tokens=100,
        response_model="gpt-4o-2024-05-13",
        response_id="chatcmpl-9",
        finish_reasons=["stop", "length"],
    )
    attributes = _one(tracer, sink).attributes

    assert attributes["gen_ai.request.model"] == "gpt-4o"
    assert attributes["gen_ai.response.model"] == "gpt-4o-2024-05-13"
    assert attributes["gen_ai.response.id"] == "chatcmpl-9"
    assert attributes["gen_ai.response.finish_reasons"] == ("stop", "length")
    snapshot = compute_cost("gpt-4o-2024-05-13", 1000, 100)
    assert snapshot != pytest.approx(compute_cost("gpt-4o", 1000, 100))
    assert attributes["llm.cost_usd"] == pytest.approx(snapshot)


def test_a_response_model_without_a_price_leaves_the_requested_ones(
    make_tracer: MakeTracer, sink: Sink
) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_embed_span(
        provider="openai",
        model="text-embedding-3-small",
        latency_ms=1.0,
        input_tokens=5000,
        response_model="text-embedding-3-small-rc9",
    )
    attributes = _one(tracer, sink).attributes

    assert attributes["gen_ai.response.model"] == "text-embedding-3-small-rc9"
    assert attributes["llm.cost_usd"] == pytest.approx(
        compute_cost("text-embedding-3-small", 5000, 0)
    )
    assert "gen_ai.response.id" not in attributes


def test_error_span_has_status_error_and_error_type(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_chat_span(
        provider="openai", model="gpt-4o", latency_ms=30.0, status="error", error_type="Timeout"
    )
    span = _one(tracer, sink)

    assert span.status_code == "ERROR"
    assert span.status_message == "Timeout"
    assert span.attributes["error.type"] == "Timeout"
    assert span.attributes["llm.error_type"] == "Timeout"


def test_error_without_a_type_uses_the_genai_fallback(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_embed_span(
        provider="openai", model="text-embedding-3-small", latency_ms=5.0, status="error"
    )
    span = _one(tracer, sink)

    assert span.status_code == "ERROR"
    assert span.attributes["error.type"] == "_OTHER"
    assert "llm.error_type" not in span.attributes


def test_embed_span(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_embed_span(
        provider="google", model="text-embedding-004", latency_ms=40.0, input_tokens=800
    )
    span = _one(tracer, sink)

    assert span.name == "llm.embed"
    assert span.kind == "CLIENT"
    assert span.end_ns - span.start_ns == 40_000_000
    assert span.attributes == {
        "llm.provider": "google",
        "llm.model": "text-embedding-004",
        "llm.operation": "embed",
        "llm.latency_ms": 40.0,
        "llm.input_tokens": 800,
        "llm.output_tokens": 0,
        "llm.cost_usd": pytest.approx(compute_cost("text-embedding-004", 800, 0)),
        "llm.cache_hit": "miss",
        "llm.tool_calls": 0,
        "gen_ai.operation.name": "embeddings",
        "gen_ai.provider.name": "gcp.gemini",
        "gen_ai.request.model": "text-embedding-004",
        "gen_ai.usage.input_tokens": 800,
    }


def test_spans_are_children_of_the_current_context(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    app_provider = TracerProvider(shutdown_on_exit=False)
    with app_provider.get_tracer("app").start_as_current_span("handle-request") as parent:
        tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=3.0)
    span = _one(tracer, sink)
    app_provider.shutdown()

    assert span.parent_span_id == parent.get_span_context().span_id
    assert span.trace_id == parent.get_span_context().trace_id


def test_price_table_overrides_and_extends_the_default(make_tracer: MakeTracer, sink: Sink) -> None:
    table = {
        "gpt-4o": ModelPricing(input_per_million=1.0, output_per_million=2.0),
        "house-model": ModelPricing(input_per_million=10.0, output_per_million=20.0),
    }
    tracer = make_tracer(price_table=table, **sink.tracer_kwargs)
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0, input_tokens=10**6)
    tracer.record_chat_span(provider="x", model="house-model", latency_ms=1.0, output_tokens=10**6)
    tracer.record_chat_span(provider="x", model="unknown-model", latency_ms=1.0, input_tokens=99)
    assert tracer.force_flush() is True
    costs = {s.attributes["llm.model"]: s.attributes["llm.cost_usd"] for s in sink.wait_for(3)}

    assert costs == {"gpt-4o": 1.0, "house-model": 20.0, "unknown-model": 0.0}


def test_provider_names_on_the_wire(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    for provider in ("openai", "anthropic", "google", "groq"):
        tracer.record_chat_span(provider=provider, model="m", latency_ms=1.0)
    assert tracer.force_flush() is True
    names = {
        s.attributes["llm.provider"]: s.attributes["gen_ai.provider.name"] for s in sink.wait_for(4)
    }

    assert names == {
        "openai": "openai",
        "anthropic": "anthropic",
        "google": "gcp.gemini",
        "groq": "groq",
    }


def test_the_global_tracer_provider_is_never_replaced(make_tracer: MakeTracer, sink: Sink) -> None:
    before = trace.get_tracer_provider()
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0)
    assert tracer.force_flush() is True

    assert trace.get_tracer_provider() is before
    assert isinstance(before, trace.ProxyTracerProvider)

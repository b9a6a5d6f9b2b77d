"""The API contract and in-memory capture: ``SpanRecord`` values, snapshots, cost."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable

import pytest
from pydantic import ValidationError
from sample_calls import FULL_CHAT_SPAN, TOKEN_PARTS

from ractogateway.pricing import ModelPricing, compute_cost
from ractogateway.tracing import RactoTracer, SpanRecord

MakeTracer = Callable[..., RactoTracer]


def _parameters(function: Callable[..., object]) -> list[tuple[str, str, object]]:
    return [
        (p.name, p.kind.name, p.default) for p in inspect.signature(function).parameters.values()
    ]


def test_constructor_and_methods_match_the_api_contract() -> None:
    empty = inspect.Parameter.empty
    assert _parameters(RactoTracer) == [
        ("service_name", "KEYWORD_ONLY", "ractogateway"),
        ("otlp_endpoint", "KEYWORD_ONLY", None),
        ("otlp_http_endpoint", "KEYWORD_ONLY", None),
        ("console", "KEYWORD_ONLY", False),
        ("in_memory", "KEYWORD_ONLY", False),
        ("custom_exporter", "KEYWORD_ONLY", None),
        ("price_table", "KEYWORD_ONLY", None),
        ("max_queued_spans", "KEYWORD_ONLY", None),
        ("genai_metrics", "KEYWORD_ONLY", False),
        ("metric_readers", "KEYWORD_ONLY", ()),
    ]
    assert _parameters(RactoTracer.record_chat_span)[1:] == [
        ("provider", "KEYWORD_ONLY", empty),
        ("model", "KEYWORD_ONLY", empty),
        ("latency_ms", "KEYWORD_ONLY", empty),
        ("input_tokens", "KEYWORD_ONLY", 0),
        ("output_tokens", "KEYWORD_ONLY", 0),
        ("cache_hit", "KEYWORD_ONLY", "miss"),
        ("tool_calls", "KEYWORD_ONLY", 0),
        ("status", "KEYWORD_ONLY", "ok"),
        ("error_type", "KEYWORD_ONLY", None),
        ("operation", "KEYWORD_ONLY", "chat"),
        ("cache_read_tokens", "KEYWORD_ONLY", 0),
        ("cache_write_tokens", "KEYWORD_ONLY", 0),
        ("time_to_first_token_ms", "KEYWORD_ONLY", None),
        ("cache_write_long_tokens", "KEYWORD_ONLY", 0),
        ("reasoning_tokens", "KEYWORD_ONLY", 0),
        ("response_model", "KEYWORD_ONLY", None),
        ("response_id", "KEYWORD_ONLY", None),
        ("finish_reasons", "KEYWORD_ONLY", None),
        ("service_tier", "KEYWORD_ONLY", None),
        ("region", "KEYWORD_ONLY", None),
        ("server_tool_requests", "KEYWORD_ONLY", None),
    ]
    assert _parameters(RactoTracer.record_embed_span)[1:] == [
        ("provider", "KEYWORD_ONLY", empty),
        ("model", "KEYWORD_ONLY", empty),
        ("latency_ms", "KEYWORD_ONLY", empty),
        ("input_tokens", "KEYWORD_ONLY", 0),
        ("status", "KEYWORD_ONLY", "ok"),
        ("error_type", "KEYWORD_ONLY", None),
        ("response_model", "KEYWORD_ONLY", None),
        ("service_tier", "KEYWORD_ONLY", None),
        ("region", "KEYWORD_ONLY", None),
    ]
    assert _parameters(RactoTracer.force_flush)[1:] == [
        ("timeout_millis", "POSITIONAL_OR_KEYWORD", 30000)
    ]
    assert isinstance(inspect.getattr_static(RactoTracer, "spans"), property)


# record_chat_span / record_embed_span run as fronts (ractogateway.pricing._fronts: the
# options positional-or-keyword behind a guard, for speed); these tie them to the contract.
FRONTS = [
    ("record_chat_span", RactoTracer._chat_front),
    ("record_embed_span", RactoTracer._embed_front),
]
FULL_EMBED_SPAN = {
    "provider": "openai",
    "model": "text-embedding-3-large",
    "latency_ms": 40.25,
    "input_tokens": 812,
    "status": "error",
    "error_type": "RateLimitError",
    "response_model": "text-embedding-3-small",
    "service_tier": "flex",
    "region": "eu",
}


@pytest.mark.parametrize(("name", "front"), FRONTS)
def test_a_front_takes_the_documented_keywords_with_their_defaults(
    name: str, front: Callable[..., object]
) -> None:
    documented = inspect.signature(getattr(RactoTracer, name)).parameters.values()
    running = list(inspect.signature(front, follow_wrapped=False).parameters.values())
    assert getattr(RactoTracer, name) is front
    assert [p.name for p in running[:2]] == ["self", "_keywords"]
    empty = inspect.Parameter.empty
    assert [(p.name, p.default) for p in running[2:] if p.kind is p.POSITIONAL_OR_KEYWORD] == [
        (p.name, p.default) for p in documented if p.default is not empty
    ]
    assert [p.name for p in running if p.kind is p.KEYWORD_ONLY] == [
        p.name for p in documented if p.name != "self" and p.default is empty
    ]
    assert front.__name__ == name
    assert front.__qualname__ == f"RactoTracer.{name}"
    assert front.__doc__ == getattr(RactoTracer, name).__wrapped__.__doc__


@pytest.mark.parametrize(("name", "front"), FRONTS)
def test_a_value_given_by_position_is_a_type_error(
    name: str, front: Callable[..., object], make_tracer: MakeTracer
) -> None:
    tracer = make_tracer(in_memory=True)
    method = getattr(tracer, name)
    with pytest.raises(TypeError, match=f"{name}\\(\\) takes its arguments by keyword only"):
        method(1_200, provider="openai", model="gpt-4o", latency_ms=1.0)
    assert tracer.spans == []


@pytest.mark.parametrize(
    ("name", "values"),
    [("record_chat_span", FULL_CHAT_SPAN), ("record_embed_span", FULL_EMBED_SPAN)],
)
def test_the_documented_method_records_what_its_front_records(
    name: str, values: dict[str, object], make_tracer: MakeTracer
) -> None:
    """Every keyword set to a value other than its default, once through each."""
    tracer = make_tracer(in_memory=True)
    getattr(RactoTracer, name).__wrapped__(tracer, **values)
    getattr(tracer, name)(**values)
    documented, front = (record.model_dump(exclude={"timestamp"}) for record in tracer.spans)
    assert documented == front
    assert {key: documented[key] for key in values} == values


def test_span_record_fields_match_the_api_contract() -> None:
    fields = {name: (f.annotation, f.get_default()) for name, f in SpanRecord.model_fields.items()}
    assert list(fields) == [
        "name",
        "provider",
        "model",
        "operation",
        "latency_ms",
        "input_tokens",
        "output_tokens",
        "cost_usd",
        "cache_hit",
        "tool_calls",
        "status",
        "error_type",
        "timestamp",
        "cache_read_tokens",
        "cache_write_tokens",
        "time_to_first_token_ms",
        "cache_write_long_tokens",
        "reasoning_tokens",
        "response_model",
        "response_id",
        "finish_reasons",
        "service_tier",
        "region",
        "server_tool_requests",
    ]
    assert fields["input_tokens"] == (int, 0)
    assert fields["response_model"] == (str | None, None)
    assert fields["finish_reasons"] == (tuple[str, ...], ())
    assert fields["cache_write_long_tokens"] == (int, 0)
    assert fields["reasoning_tokens"] == (int, 0)
    assert fields["cost_usd"] == (float, 0.0)
    assert fields["cache_hit"] == (str, "miss")
    assert fields["status"] == (str, "ok")
    assert fields["error_type"] == (str | None, None)
    assert fields["time_to_first_token_ms"] == (float | None, None)
    before = time.time()
    record = SpanRecord(name="llm.chat", provider="p", model="m", operation="chat", latency_ms=0)
    assert before <= record.timestamp <= time.time()
    with pytest.raises(ValidationError, match="latency_ms"):
        SpanRecord(name="llm.chat", provider="p", model="m", operation="chat", latency_ms=-1)


def test_chat_record_holds_every_value_and_the_cost(make_tracer: MakeTracer) -> None:
    tracer = make_tracer(in_memory=True)
    before = time.time()
    tracer.record_chat_span(**FULL_CHAT_SPAN)
    (record,) = tracer.spans

    assert before <= record.timestamp <= time.time()
    assert record.model_dump(exclude={"timestamp", "cost_usd"}) == {
        "name": "llm.chat",
        **FULL_CHAT_SPAN,
    }
    call = FULL_CHAT_SPAN
    assert record.cost_usd == pytest.approx(
        compute_cost(
            call["model"],
            call["input_tokens"],
            call["output_tokens"],
            **TOKEN_PARTS,
            at=record.timestamp,
            service_tier=call["service_tier"],
            region=call["region"],
            server_tool_requests=dict(call["server_tool_requests"]),
        ),
        rel=1e-12,
    )


def test_embed_record(make_tracer: MakeTracer) -> None:
    tracer = make_tracer(in_memory=True)
    tracer.record_embed_span(
        provider="openai",
        model="text-embedding-3-small",
        latency_ms=12.0,
        input_tokens=5000,
        status="error",
        error_type="RateLimitError",
        response_model="text-embedding-3-small-v2",
    )
    (record,) = tracer.spans

    assert record.model_dump(exclude={"timestamp"}) == {
        "name": "llm.embed",
        "provider": "openai",
        "model": "text-embedding-3-small",
        "operation": "embed",
        "latency_ms": 12.0,
        "input_tokens": 5000,
        "output_tokens": 0,
        "cost_usd": pytest.approx(compute_cost("text-embedding-3-small", 5000, 0)),
        "cache_hit": "miss",
        "tool_calls": 0,
        "status": "error",
        "error_type": "RateLimitError",
        "cache_read_tokens": 0,
        "cache_write_tokens": 0,
        "time_to_first_token_ms": None,
        "cache_write_long_tokens": 0,
        "reasoning_tokens": 0,
        "response_model": "text-embedding-3-small-v2",
        "response_id": None,
        "finish_reasons": (),
        "service_tier": None,
        "region": None,
        "server_tool_requests": (),
    }


def test_spans_is_a_snapshot_and_clear_spans_empties_it(make_tracer: MakeTracer) -> None:
    tracer = make_tracer(in_memory=True)
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0)
    snapshot = tracer.spans
    snapshot[0].model = "changed"
    snapshot.append(snapshot[0])
    tracer.record_chat_span(provider="openai", model="gpt-4o-mini", latency_ms=2.0)

    assert [s.model for s in tracer.spans] == ["gpt-4o", "gpt-4o-mini"]
    assert len(snapshot) == 2
    tracer.clear_spans()
    assert tracer.spans == []
    tracer.record_embed_span(provider="openai", model="e", latency_ms=1.0)
    assert [s.name for s in tracer.spans] == ["llm.embed"]


def test_without_in_memory_nothing_is_captured(make_tracer: MakeTracer) -> None:
    tracer = make_tracer()
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0)
    tracer.clear_spans()

    assert tracer.spans == []


def test_price_table_overrides_extends_and_unknown_models_cost_nothing(
    make_tracer: MakeTracer,
) -> None:
    table = {"gpt-4o": ModelPricing(input_per_million=1.0, output_per_million=4.0)}
    tracer = make_tracer(in_memory=True, price_table=table)
    default = make_tracer(in_memory=True)
    for t in (tracer, default):
        t.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0, input_tokens=10**6)
        t.record_chat_span(provider="x", model="no-such-model", latency_ms=1.0, input_tokens=10**6)
        t.record_chat_span(
            provider="openai", model="openai/GPT-4o-mini", latency_ms=1.0, input_tokens=10**6
        )

    assert [s.cost_usd for s in tracer.spans][:2] == [1.0, 0.0]
    assert default.spans[0].cost_usd == compute_cost("gpt-4o", 10**6, 0) != 1.0
    assert tracer.spans[2].cost_usd == compute_cost("gpt-4o-mini", 10**6, 0) > 0


def test_a_bad_price_table_fails_at_construction() -> None:
    with pytest.raises(TypeError, match="ModelPricing"):
        RactoTracer(price_table={"m": {"input_per_million": 1.0}})  # type: ignore[dict-item]

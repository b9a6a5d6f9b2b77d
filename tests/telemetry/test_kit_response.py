"""``call.response()`` and ``call.chunk()``: what the kit reads from the providers' answers.

The payloads here are plain dicts; the official SDKs' objects, requests and streams are
tested against a local server in test_provider_sdks.py. The per-provider arithmetic is
tested in tests/pricing/test_usage.py; here: what reaches the span and the metrics, the
order rules with ``usage()``, and the gaps (no usage, unknown shapes) made visible.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    RactoTracer,
    Telemetry,
    compute_cost,
)

TOKENS = "ractogateway_tokens_total"
COST = "ractogateway_cost_usd_total"
MISSING = "ractogateway_usage_missing_total"
SECRET = "the user's confidential prompt"

ANTHROPIC = {
    "id": "msg_1",
    "type": "message",
    "model": "claude-sonnet-4-5-20250929",
    "stop_reason": "tool_use",
    "content": [{"type": "tool_use", "id": "tu_1", "name": "calc", "input": {"q": SECRET}}],
    "usage": {
        "input_tokens": 120,
        "cache_read_input_tokens": 30_000,
        "cache_creation_input_tokens": 3_000,
        "cache_creation": {"ephemeral_5m_input_tokens": 2_000, "ephemeral_1h_input_tokens": 1_000},
        "output_tokens": 800,
        "output_tokens_details": {"thinking_tokens": 500},
    },
}


def _chunk(delta: dict[str, Any] | None, usage: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-7",
        "object": "chat.completion.chunk",
        "model": "gpt-4.1-2025-04-14",
        "choices": [] if delta is None else [{"index": 0, "delta": delta}],
        "usage": usage,
    }


STREAM = [
    _chunk({"role": "assistant", "content": ""}),
    _chunk({"content": SECRET}),
    _chunk({"tool_calls": [{"index": 0, "id": "call_1", "function": {"name": "search"}}]}),
    _chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"q": 1}'}}]}),
]
FINAL = _chunk(None, {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940})


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("ractogateway")]


def test_a_response_reaches_the_span_and_the_metrics_as_billed(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with telemetry.chat(provider="anthropic", model="claude-sonnet-4-5") as call:
        call.response(ANTHROPIC)
    (span,) = tracer.spans
    parts: dict[str, Any] = {
        "cache_read_tokens": 30_000,
        "cache_write_tokens": 3_000,
        "cache_write_long_tokens": 1_000,
        "reasoning_tokens": 500,
    }
    assert {name: getattr(span, name) for name in parts} == parts
    assert (span.input_tokens, span.output_tokens, span.tool_calls) == (33_120, 800, 1)
    assert (span.model, span.response_model) == ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929")
    assert (span.response_id, span.finish_reasons) == ("msg_1", ("tool_use",))
    # The bill: 120 uncached + 30,000 read + 2,000 5-minute + 1,000 1-hour writes, 800 output.
    bill = (120 * 3.00 + 30_000 * 0.30 + 2_000 * 3.75 + 1_000 * 6.00 + 800 * 15.00) / 1e6
    assert span.cost_usd == pytest.approx(bill)
    assert span.cost_usd == pytest.approx(compute_cost("claude-sonnet-4-5", 33_120, 800, **parts))

    text = metrics.generate_latest()
    expected = {
        "input": 33_120,
        "output": 800,
        "cache_read": 30_000,
        "cache_write": 3_000,
        "cache_write_long": 1_000,
        "reasoning": 500,
    }
    assert {kind: total(text, TOKENS, token_type=kind) for kind in expected} == expected
    assert total(text, COST) == pytest.approx(bill)
    assert total(text, "ractogateway_tool_calls_total", tool_name="calc") == 1
    assert total(text, MISSING) == 0


def test_a_stream_marks_the_first_content_and_takes_the_final_usage(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with telemetry.stream(provider="openai", model="gpt-4.1") as call:
        call.chunk(STREAM[0])  # role only: no content yet
        assert call._first_token is None
        for chunk in [*STREAM[1:], FINAL]:
            call.chunk(chunk)
    (span,) = tracer.spans
    assert (span.input_tokens, span.output_tokens, span.tool_calls) == (900, 40, 1)
    assert span.time_to_first_token_ms is not None
    assert 0 <= span.time_to_first_token_ms <= span.latency_ms
    assert span.cost_usd == pytest.approx(compute_cost("gpt-4.1", 900, 40))
    text = metrics.generate_latest()
    assert total(text, "ractogateway_tool_calls_total", tool_name="search") == 1


@pytest.mark.usefixtures("fresh_warnings")
def test_a_stream_without_usage_warns_once_naming_the_fix_and_is_counted(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            with telemetry.stream(provider="openai", model="gpt-4.1") as call:
                for chunk in STREAM:
                    call.chunk(chunk)
    assert [span.input_tokens for span in tracer.spans] == [0, 0]
    (warning,) = [w for w in _warnings(caplog) if "without usage" in w]
    assert "stream_options={'include_usage': True}" in warning
    text = metrics.generate_latest()
    assert total(text, MISSING, provider="openai", model="gpt-4.1", operation="stream") == 2


@pytest.mark.usefixtures("fresh_warnings")
@pytest.mark.parametrize("how", ["error", "cache_hit", "usage_by_hand"])
def test_no_usage_is_expected_after_an_error_a_cache_hit_or_usage_by_hand(
    telemetry: Telemetry,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
    caplog: pytest.LogCaptureFixture,
    how: str,
) -> None:
    failure = pytest.raises(ConnectionError) if how == "error" else nullcontext()
    with (
        caplog.at_level(logging.WARNING),
        failure,
        telemetry.stream(provider="openai", model="gpt-4.1") as call,
    ):
        for chunk in STREAM:
            call.chunk(chunk)
        if how == "error":
            raise ConnectionError("stream cut")
        if how == "cache_hit":
            call.cache_hit("exact")
        else:
            call.usage(input_tokens=10, output_tokens=2)
    assert total(metrics.generate_latest(), MISSING) == 0
    assert not [w for w in _warnings(caplog) if "usage" in w]


def test_what_is_reported_last_wins(telemetry: Telemetry, tracer: RactoTracer) -> None:
    with telemetry.chat(provider="anthropic", model="claude-sonnet-4-5") as call:
        call.response(ANTHROPIC)
        call.usage(input_tokens=10, output_tokens=5)
        call.tool_calls(["a", "b"])
    with telemetry.chat(provider="anthropic", model="claude-sonnet-4-5") as call:
        call.usage(input_tokens=10, output_tokens=5)
        call.tool_calls(["a", "b"])
        call.response(ANTHROPIC)
    by_hand, read = tracer.spans
    assert (by_hand.input_tokens, by_hand.output_tokens, by_hand.tool_calls) == (10, 5, 2)
    assert by_hand.response_model == "claude-sonnet-4-5-20250929"  # still the response's
    assert (read.input_tokens, read.output_tokens, read.tool_calls) == (33_120, 800, 1)


def test_the_call_is_priced_as_the_responses_model_when_it_has_a_price(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    def response(model: str) -> dict[str, Any]:
        return {
            "object": "chat.completion",
            "model": model,
            "usage": {"prompt_tokens": 1_000, "completion_tokens": 100},
        }

    for requested, answered in [
        ("gpt-4o", "gpt-4o-2024-05-13"),  # a snapshot priced on its own: its price
        ("gpt-4o", "gpt-4o-canary"),  # no price: the requested model's
        ("my-gateway-alias", "gpt-4o-2024-05-13"),  # the alias has none, the snapshot has
    ]:
        with telemetry.chat(provider="openai", model=requested) as call:
            call.response(response(answered))
    snapshot = compute_cost("gpt-4o-2024-05-13", 1_000, 100)
    base = compute_cost("gpt-4o", 1_000, 100)
    assert snapshot != pytest.approx(base)
    assert [span.cost_usd for span in tracer.spans] == [
        pytest.approx(snapshot),
        pytest.approx(base),
        pytest.approx(snapshot),
    ]
    text = metrics.generate_latest()
    assert total(text, COST, model="gpt-4o") == pytest.approx(snapshot + base)
    assert total(text, COST, model="my-gateway-alias") == pytest.approx(snapshot)
    assert total(text, "ractogateway_unpriced_requests_total") == 0


def test_an_embedding_response(telemetry: Telemetry, tracer: RactoTracer) -> None:
    with telemetry.embed(provider="openai", model="text-embedding-3-small") as call:
        call.response(
            {
                "object": "list",
                "model": "text-embedding-3-small",
                "data": [{"object": "embedding", "index": 0, "embedding": [0.1]}],
                "usage": {"prompt_tokens": 4_000, "total_tokens": 4_000},
            }
        )
    (span,) = tracer.spans
    assert (span.operation, span.input_tokens) == ("embed", 4_000)
    assert span.response_model == "text-embedding-3-small"
    assert span.cost_usd == pytest.approx(compute_cost("text-embedding-3-small", 4_000, 0))


@pytest.mark.usefixtures("fresh_warnings")
def test_an_unknown_shape_is_logged_once_without_its_content_and_counted(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            with telemetry.chat(provider="mistral", model="mistral-large") as call:
                call.response({"text": SECRET, "tokens": 12})
    assert len(tracer.spans) == 2
    (warning,) = [w for w in _warnings(caplog) if "not a response of" in w]
    assert "dict" in warning
    assert SECRET not in warning
    assert total(metrics.generate_latest(), MISSING, provider="mistral") == 2


@pytest.mark.usefixtures("fresh_warnings")
def test_no_log_line_carries_call_data(
    telemetry: Telemetry, caplog: pytest.LogCaptureFixture
) -> None:
    nameless = {**ANTHROPIC, "content": [{"type": "tool_use", "id": "t", "input": {"q": SECRET}}]}
    with caplog.at_level(logging.DEBUG):
        with telemetry.chat(provider="anthropic", model="claude-sonnet-4-5") as call:
            call.response(nameless)
        with telemetry.stream(provider="openai", model="gpt-4.1") as call:
            for chunk in STREAM:
                call.chunk(chunk)
    assert _warnings(caplog)  # the nameless tool call and the missing usage were logged
    assert not [w for w in _warnings(caplog) if SECRET in w]


class _Hostile:
    """An object whose every attribute raises, as a broken proxy might."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError(SECRET)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["object", "type", "usage", "choices", "delta", "tool_calls", "index", "id",
             "function", "name", "model", "message", "content", "candidates", "usageMetadata",
             "parts", "functionCall", "response", "item", "prompt_tokens", "input_tokens"]
        ) | st.text(max_size=5),
        children,
        max_size=6,
    ),
    max_leaves=25,
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.lists(
        JSON | st.builds(_Hostile) | st.sampled_from([object(), b"x", 3.5, STREAM[2], FINAL]),
        max_size=5,
    ),
    streamed=st.booleans(),
)
def test_response_and_chunk_never_raise_and_the_call_is_recorded(
    tracer: RactoTracer, metrics: GatewayMetricsMiddleware, answers: list[object], streamed: bool
) -> None:
    telemetry = Telemetry(tracer=tracer, metrics=metrics)
    before = len(tracer.spans)
    with telemetry.stream(provider="openai", model="gpt-4.1") as call:
        for answer in answers:
            if streamed:
                call.chunk(answer)
            else:
                call.response(answer)
    assert len(tracer.spans) == before + 1
    span = tracer.spans[-1]
    assert span.cache_read_tokens + span.cache_write_tokens <= span.input_tokens
    assert span.reasoning_tokens <= span.output_tokens

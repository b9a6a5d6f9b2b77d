"""The demo's summary table, computed from recorded spans."""

from __future__ import annotations

import pytest

from ractogateway.telemetry import SpanRecord
from ractogateway.telemetry._demo._summary import percentile, render_summary, summarize

STREAM_USAGE = {"input_tokens": 10, "output_tokens": 5, "cost_usd": 0.0001}


def _span(model: str, latency_ms: float, **fields: object) -> SpanRecord:
    operation = "embed" if "embedding" in model else "chat"
    return SpanRecord.model_validate({
        "name": f"llm.{operation}", "provider": "openai", "model": model,
        "operation": operation, "latency_ms": latency_ms, **fields,
    })  # fmt: skip


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.5) == 10.0
    assert percentile(values, 0.95) == 19.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.5) == 0.0


def test_rows_totals_latency_and_cache_savings() -> None:
    spans = [
        _span("gpt-4o", 100.0, input_tokens=1000, output_tokens=100, cost_usd=0.004),
        _span("gpt-4o", 300.0, input_tokens=3000, output_tokens=300, cost_usd=0.012),
        _span("gpt-4o", 2.0, cache_hit="exact"),
        _span("gpt-4o", 9.0, cache_hit="semantic"),
        _span("gpt-4o", 50.0, status="error", error_type="RateLimitError"),
        _span("gpt-4o-mini", 80.0, operation="stream", time_to_first_token_ms=20.0, **STREAM_USAGE),
        _span("gpt-4o-mini", 40.0, cache_hit="exact"),
        _span("text-embedding-3-small", 5.0, input_tokens=500, cost_usd=0.00001),
    ]
    summary = summarize(spans)
    gpt4o, mini, embed = summary.models
    assert (gpt4o.model, gpt4o.calls, gpt4o.errors) == ("gpt-4o", 5, 1)
    assert (gpt4o.input_tokens, gpt4o.output_tokens) == (4000, 400)
    assert gpt4o.cost_usd == pytest.approx(0.016)
    assert (gpt4o.p50_ms, gpt4o.p95_ms, gpt4o.ttft_p50_ms) == (50.0, 300.0, None)
    # Two hits, each worth the mean cost of the model's billed calls (0.008).
    assert gpt4o.cache_hits == 2
    assert gpt4o.saved_usd == pytest.approx(0.016)
    assert (mini.ttft_p50_ms, mini.cache_hits, mini.saved_usd) == (20.0, 1, 0.0001)
    assert (embed.calls, embed.saved_usd) == (1, 0.0)
    assert (summary.exact_hits, summary.semantic_hits, summary.calls) == (2, 1, 8)
    data = summary.to_dict()
    assert data["totals"]["input_tokens"] == 4510
    assert data["totals"]["saved_usd"] == pytest.approx(0.0161)
    table = render_summary(summary)
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["provider", "model", "calls"]
    assert lines[2].split()[:4] == ["openai", "gpt-4o", "5", "1"]
    assert lines[5].split()[:2] == ["total", "8"]
    assert "2 exact + 1 semantic hits" in table


def test_a_model_with_only_cache_hits_saves_nothing_measurable() -> None:
    summary = summarize([_span("gpt-4o", 1.0, cache_hit="exact")])
    assert summary.models[0].saved_usd == 0.0
    assert summarize([]).to_dict()["totals"]["calls"] == 0
    assert "0 exact + 0 semantic hits (0.0% of 0 calls)" in render_summary(summarize([]))

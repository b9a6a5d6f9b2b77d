"""The demo's workload: deterministic plans, realistic coverage, recorded exactly as reported."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest

from ractogateway.telemetry import (
    DEFAULT_COST_TABLE,
    GatewayMetricsMiddleware,
    RactoTracer,
    SpanRecord,
    Telemetry,
    lookup_pricing,
)
from ractogateway.telemetry._demo._driver import Progress, WorkloadResult, run_workload
from ractogateway.telemetry._demo._workload import (
    CHAT_MODELS,
    EMBED_MODELS,
    CallOutcome,
    plan_request,
)

FAST = 2000.0  # simulated providers this many times faster than real: a run takes little time


def _run(telemetry: Telemetry, requests: int, seed: int = 1, workers: int = 4) -> WorkloadResult:
    return run_workload(telemetry, requests=requests, seed=seed, workers=workers, speedup=FAST)


def test_every_demo_model_is_priced_and_all_three_providers_are_covered() -> None:
    for profile in CHAT_MODELS + EMBED_MODELS:
        assert profile.model in DEFAULT_COST_TABLE, profile.model
        assert lookup_pricing(profile.model) is not None
    assert {p.provider for p in CHAT_MODELS} == {"openai", "anthropic", "google"}


def test_a_plan_depends_on_seed_and_index_only() -> None:
    assert plan_request(5, 17) == plan_request(5, 17)
    assert [plan_request(5, i) for i in range(50)] != [plan_request(6, i) for i in range(50)]
    for i in range(200):
        request = plan_request(2, i)
        assert request.cache_read_tokens + request.cache_write_tokens <= request.input_tokens
        assert 0 <= request.ttft_s <= request.duration_s


def test_the_same_seed_records_the_same_calls_whatever_the_thread_count() -> None:
    one = _run(Telemetry(), 150, workers=1)
    eight = _run(Telemetry(), 150, workers=8)
    assert one.requests == eight.requests == 150
    assert one.calls == eight.calls
    assert not one.interrupted


def test_a_run_covers_what_a_real_gateway_sees(tracer: RactoTracer) -> None:
    calls = _run(Telemetry(tracer=tracer), 400).calls
    assert {c.operation for c in calls} == {"chat", "stream", "embed"}
    assert {c.provider for c in calls} == {"openai", "anthropic", "google"}
    assert {c.model for c in calls} == {p.model for p in CHAT_MODELS + EMBED_MODELS}
    assert {c.cache_hit for c in calls} == {"exact", "semantic", "miss"}
    assert any(c.tool_calls for c in calls)
    assert any(c.cache_read_tokens for c in calls)
    assert any(c.cache_write_tokens for c in calls)
    errors = Counter(c.error_type for c in calls if c.status == "error")
    assert len(errors) >= 3
    assert 0 < sum(errors.values()) < len(calls) / 10
    assert any(c.error_type == "APIConnectionError" for c in calls if c.operation == "stream")
    ttft = [s.time_to_first_token_ms for s in tracer.spans if s.operation == "stream"]
    assert all(value is not None for value in ttft)


#: What a span and a reported call must agree on, by name (a span counts its tool calls).
SHARED_FIELDS = (
    "operation", "provider", "model", "status", "error_type", "cache_hit", "input_tokens",
    "output_tokens", "cache_read_tokens", "cache_write_tokens",
)  # fmt: skip


def _from_span(span: SpanRecord) -> tuple[tuple[str, object], ...]:
    shared = tuple((name, getattr(span, name)) for name in SHARED_FIELDS)
    return (*shared, ("tool_calls", span.tool_calls))


def _from_outcome(call: CallOutcome) -> tuple[tuple[str, object], ...]:
    shared = tuple((name, getattr(call, name)) for name in SHARED_FIELDS)
    return (*shared, ("tool_calls", len(call.tool_calls)))


def test_the_spans_are_exactly_the_reported_calls(tracer: RactoTracer) -> None:
    result = _run(Telemetry(tracer=tracer), 250)
    assert Counter(map(_from_span, tracer.spans)) == Counter(map(_from_outcome, result.calls))


def test_the_metrics_count_exactly_the_reported_calls(
    metrics: GatewayMetricsMiddleware, total: Callable[..., float]
) -> None:
    calls = _run(Telemetry(metrics=metrics), 250).calls
    text = metrics.generate_latest()
    assert total(text, "ractogateway_requests_total") == len(calls)
    for model in {c.model for c in calls}:
        mine = [c for c in calls if c.model == model]
        assert total(text, "ractogateway_requests_total", model=model) == len(mine)
        for token_type in ("input", "output", "cache_read", "cache_write"):
            expected = sum(getattr(c, f"{token_type}_tokens") for c in mine)
            assert (
                total(text, "ractogateway_tokens_total", model=model, token_type=token_type)
                == expected
            ), (model, token_type)
    tools = Counter(name for c in calls for name in c.tool_calls)
    for name, count in tools.items():
        assert total(text, "ractogateway_tool_calls_total", tool_name=name) == count
    for cache_type in ("exact", "semantic"):
        hits = sum(c.cache_hit == cache_type for c in calls)
        assert total(text, "ractogateway_cache_hits_total", cache_type=cache_type) == hits
    plan = [plan_request(1, i, speedup=FAST) for i in range(250)]
    chats = [r for r in plan if r.operation != "embed"]
    exact_misses = sum(r.checks_exact and r.cache_hit != "exact" for r in chats)
    semantic_misses = sum(r.checks_semantic and r.cache_hit != "semantic" for r in chats)
    assert total(text, "ractogateway_cache_misses_total", cache_type="exact") == exact_misses
    assert total(text, "ractogateway_cache_misses_total", cache_type="semantic") == (
        semantic_misses
    )


def test_duration_ends_a_run_and_progress_is_reported() -> None:
    seen: list[Progress] = []
    result = run_workload(
        Telemetry(), duration_s=0.3, seed=0, workers=2, speedup=200, on_progress=seen.append,
        progress_interval_s=0.05,
    )  # fmt: skip
    assert result.requests > 0
    assert not result.interrupted
    assert seen[-1].requests == result.requests
    assert seen[-1].calls == len(result.calls)
    assert [p.requests for p in seen] == sorted(p.requests for p in seen)


def test_ctrl_c_ends_a_run_early_with_what_was_recorded(tracer: RactoTracer) -> None:
    interrupted = False

    def on_progress(progress: Progress) -> None:
        nonlocal interrupted
        if not interrupted and progress.requests >= 5:
            interrupted = True
            raise KeyboardInterrupt

    result = run_workload(
        Telemetry(tracer=tracer), seed=0, workers=2, speedup=200, on_progress=on_progress,
        progress_interval_s=0.01,
    )  # fmt: skip
    assert result.interrupted
    assert result.requests >= 5
    assert len(tracer.spans) == len(result.calls)


def test_setting_stop_ends_a_run_early_with_what_was_recorded(tracer: RactoTracer) -> None:
    stop = threading.Event()

    def on_progress(progress: Progress) -> None:
        if progress.requests >= 5:
            stop.set()  # as the demo's signal handler does

    result = run_workload(
        Telemetry(tracer=tracer), seed=0, workers=2, speedup=200, on_progress=on_progress,
        progress_interval_s=0.01, stop=stop,
    )  # fmt: skip
    assert result.interrupted
    assert result.requests >= 5
    assert len(tracer.spans) == len(result.calls)
    # The requests made are 0 .. n-1, each finished: exactly the calls their plans make.
    plan = [plan_request(0, i) for i in range(result.requests)]
    assert len(result.calls) == sum(1 + r.checks_semantic for r in plan)


def test_a_stop_set_before_the_run_makes_no_request() -> None:
    stop = threading.Event()
    stop.set()
    result = run_workload(Telemetry(), seed=0, workers=2, stop=stop)
    assert (result.requests, result.calls, result.interrupted) == (0, (), True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"requests": -1}, "requests must be >= 0"),
        ({"duration_s": float("nan")}, "duration_s must be >= 0"),
        ({"workers": 0}, "workers must be >= 1"),
        ({"speedup": 0.0}, "speedup must be > 0"),
    ],
)
def test_bad_run_arguments_fail_fast(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run_workload(Telemetry(), **kwargs)  # type: ignore[arg-type]


def test_an_error_in_on_progress_stops_the_workers_and_propagates() -> None:
    def on_progress(progress: Progress) -> None:
        raise BrokenPipeError("stdout went away")

    with pytest.raises(BrokenPipeError, match="stdout went away"):
        run_workload(Telemetry(), seed=0, workers=3, speedup=200, on_progress=on_progress)
    assert not [t for t in threading.enumerate() if t.name.startswith("demo-worker-")]

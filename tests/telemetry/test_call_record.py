"""``Telemetry`` builds one call record per call and hands that record to both recorders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from ractogateway.pricing._shared import Call
from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    ModelPricing,
    RactoTracer,
    Telemetry,
    _kit,
)


class SeeingMetrics(GatewayMetricsMiddleware):
    """Metrics that keep every record handed to their internal entry point."""

    def __init__(self, **options: Any) -> None:
        super().__init__(registry=CollectorRegistry(), **options)
        self.seen: list[Call] = []

    def _record_call(self, call: Call, span_context: object = None) -> None:
        self.seen.append(call)
        super()._record_call(call, span_context)


def test_one_record_made_safe_and_priced_once_reaches_both_recorders(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[Call] = []
    make_call = _kit.make_call  # type: ignore[attr-defined]

    def counting(*values: Any) -> Call:
        built.append(make_call(*values))
        return built[-1]

    monkeypatch.setattr(_kit, "make_call", counting)
    tracer = RactoTracer(in_memory=True)
    metrics = SeeingMetrics()
    telemetry = Telemetry(tracer=tracer, metrics=metrics)
    with telemetry.chat(provider="openai", model="gpt-4o") as call:
        call.usage(input_tokens=1_200, output_tokens=300, cache_read_tokens=1_000)
        call.tool_calls(["get_weather"])
    assert len(built) == 1
    (record,) = built
    assert tracer._rows == [record]
    assert metrics.seen == [record]
    assert metrics.seen[0] is record
    assert record.cost_usd is not None
    assert tracer.spans[0].cost_usd == record.cost_usd


def test_metrics_with_prices_of_their_own_price_the_record_again(
    total: Callable[..., float],
) -> None:
    tracer = RactoTracer(
        in_memory=True, price_table={"m": ModelPricing(input_per_million=1, output_per_million=2)}
    )
    metrics = SeeingMetrics(
        price_table={"m": ModelPricing(input_per_million=10, output_per_million=20)}
    )
    with Telemetry(tracer=tracer, metrics=metrics).chat(provider="acme", model="m") as call:
        call.usage(input_tokens=1_000_000, output_tokens=1_000_000)
    assert tracer.spans[0].cost_usd == pytest.approx(3.0)
    assert total(metrics.generate_latest(), "ractogateway_cost_usd_total") == pytest.approx(30.0)
    assert metrics.seen[0].cost_usd == pytest.approx(30.0)


def test_equal_price_tables_price_once() -> None:
    table = {"m": ModelPricing(input_per_million=1, output_per_million=2)}
    tracer = RactoTracer(in_memory=True, price_table=dict(table))
    metrics = SeeingMetrics(price_table=dict(table))
    with Telemetry(tracer=tracer, metrics=metrics).chat(provider="acme", model="m") as call:
        call.usage(input_tokens=10, output_tokens=10)
    assert tracer._rows is not None
    assert metrics.seen[0] is tracer._rows[0]

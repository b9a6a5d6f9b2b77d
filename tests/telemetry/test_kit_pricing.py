"""Exact prices through the stack: the span's cost and the cost counter price every part.

Tiers, dated prices (at the call's end time), long cache writes and reasoning tokens reach
the tracer and the metrics through ``Telemetry``, and ``RACTOGATEWAY_PRICES`` reaches both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    ModelPricing,
    RactoTracer,
    Telemetry,
    compute_cost,
)

RATES: dict[str, Any] = {
    "input_per_million": 3.0,
    "output_per_million": 15.0,
    "cache_read_per_million": 0.3,
    "cache_write_per_million": 3.75,
    "cache_write_long_per_million": 6.0,
    "reasoning_per_million": 10.0,
}
TABLE = {
    # Changed long ago, and again in the far future: calls now get the 2000 price.
    "house-model": ModelPricing(
        **RATES,
        changes={
            "2000-01-01": ModelPricing(
                **{**RATES, "input_per_million": 4.0},
                tiers={100_000: ModelPricing(**{k: 2 * v for k, v in RATES.items()})},
            ),
            "2999-01-01": ModelPricing(input_per_million=99.0, output_per_million=99.0),
        },
    )
}
PARTS: dict[str, Any] = {
    "cache_read_tokens": 40_000,
    "cache_write_tokens": 30_000,
    "cache_write_long_tokens": 10_000,
    "reasoning_tokens": 1_500,
}


@pytest.fixture
def priced() -> tuple[Telemetry, RactoTracer, GatewayMetricsMiddleware]:
    tracer = RactoTracer(in_memory=True, price_table=TABLE)
    metrics = GatewayMetricsMiddleware(registry=CollectorRegistry(), price_table=TABLE)
    return Telemetry(tracer=tracer, metrics=metrics), tracer, metrics


@pytest.mark.parametrize("input_tokens", [100_000, 100_001])
def test_span_and_counter_price_every_part_at_the_tier_and_date(
    priced: tuple[Telemetry, RactoTracer, GatewayMetricsMiddleware],
    total: Callable[..., float],
    input_tokens: int,
) -> None:
    telemetry, tracer, metrics = priced
    with telemetry.chat(provider="anthropic", model="house-model") as call:
        call.usage(input_tokens=input_tokens, output_tokens=2_000, **PARTS)
    (span,) = tracer.spans
    assert (span.cache_write_long_tokens, span.reasoning_tokens) == (10_000, 1_500)
    expected = compute_cost(
        "house-model", input_tokens, 2_000, **PARTS, price_table=TABLE, at=span.timestamp
    )
    # The independent figure: the 2000 price (input 4), or above 100k tokens its tier
    # (every rate of RATES doubled).
    if input_tokens > 100_000:
        rates = {key: 2 * value for key, value in RATES.items()}
    else:
        rates = {**RATES, "input_per_million": 4.0}
    by_hand = (
        (input_tokens - 70_000) * rates["input_per_million"]
        + 40_000 * rates["cache_read_per_million"]
        + 20_000 * rates["cache_write_per_million"]
        + 10_000 * rates["cache_write_long_per_million"]
        + 500 * rates["output_per_million"]
        + 1_500 * rates["reasoning_per_million"]
    ) / 1e6
    assert expected == pytest.approx(by_hand, rel=1e-12)
    assert span.cost_usd == pytest.approx(expected, rel=1e-12)
    counted = total(metrics.generate_latest(), "ractogateway_cost_usd_total", model="house-model")
    assert counted == pytest.approx(expected, rel=1e-12)


def test_a_stream_reports_the_same_parts(
    priced: tuple[Telemetry, RactoTracer, GatewayMetricsMiddleware],
) -> None:
    telemetry, tracer, _ = priced
    with telemetry.stream(provider="anthropic", model="house-model") as call:
        call.first_token()
        call.usage(input_tokens=80_000, output_tokens=2_000, **PARTS)
    (span,) = tracer.spans
    assert span.operation == "stream"
    assert span.cost_usd == pytest.approx(
        compute_cost("house-model", 80_000, 2_000, **PARTS, price_table=TABLE), rel=1e-12
    )


def run_with_prices(code: str, prices: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with RACTOGATEWAY_PRICES naming ``prices``."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "RACTOGATEWAY_PRICES": str(prices)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_price_file_reaches_the_tracer_and_the_metrics(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"house-model": TABLE["house-model"].model_dump()}))
    code = """
        from prometheus_client import CollectorRegistry
        from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry
        tracer = RactoTracer(in_memory=True)
        metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
        telemetry = Telemetry(tracer=tracer, metrics=metrics)
        with telemetry.chat(provider="x", model="house-model") as call:
            call.usage(input_tokens=1_000_000, output_tokens=0)
        print(tracer.spans[0].cost_usd)
        print([line for line in metrics.generate_latest().splitlines()
               if line.startswith("ractogateway_cost_usd_total{")][0].split()[-1])
    """
    done = run_with_prices(code, path)
    # 1M input tokens, above the 100k tier of the 2000 price (input 6): 6 USD.
    assert [float(value) for value in done.stdout.split()] == [6.0, 6.0]


def test_a_bad_price_file_fails_the_tracer_and_metrics_at_construction(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text('{"m": {"input_per_million": 1}}')
    code = """
        from prometheus_client import CollectorRegistry
        from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer
        for build in (lambda: RactoTracer(in_memory=True),
                      lambda: GatewayMetricsMiddleware(registry=CollectorRegistry())):
            try:
                build()
            except ValueError as error:
                print("ValueError:", error)
    """
    done = run_with_prices(code, path)
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert all("RACTOGATEWAY_PRICES" in line and "'m'" in line for line in lines)

"""The meta-package facade: exactly the public names, the very same objects as the leaves."""

from __future__ import annotations

import doctest
import importlib

import pytest

import ractogateway.metrics
import ractogateway.pricing
import ractogateway.telemetry
import ractogateway.tracing

LEAF_NAMES = {
    "RactoTracer": ractogateway.tracing,
    "SpanRecord": ractogateway.tracing,
    "GatewayMetricsMiddleware": ractogateway.metrics,
    "PrometheusExporter": ractogateway.metrics,
    "ModelPricing": ractogateway.pricing,
    "DEFAULT_COST_TABLE": ractogateway.pricing,
    "compute_cost": ractogateway.pricing,
    "lookup_pricing": ractogateway.pricing,
    "load_price_table": ractogateway.pricing,
    "Usage": ractogateway.pricing,
    "usage_from": ractogateway.pricing,
}


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(ractogateway.telemetry.__all__) == sorted(
        [*LEAF_NAMES, "Telemetry", "__version__"]
    )
    for name in ractogateway.telemetry.__all__:
        assert hasattr(ractogateway.telemetry, name), name


@pytest.mark.parametrize("name", sorted(LEAF_NAMES))
def test_names_are_the_very_same_objects_as_in_the_leaves(name: str) -> None:
    assert getattr(ractogateway.telemetry, name) is getattr(LEAF_NAMES[name], name)


@pytest.mark.parametrize(
    "module",
    ["ractogateway.telemetry", "ractogateway.telemetry._kit", "ractogateway.telemetry._demo"],
)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0

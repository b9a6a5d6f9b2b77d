"""The private names of prometheus-client the record path borrows, each taken away in turn.

``ractogateway.metrics._borrowed.BORROWED`` lists them; the tests here read that list. Each
test hides one name the way a release that renamed or changed it would look to the
middleware (prometheus-client's own code still finds it). A middleware built then must not
raise, must log one warning naming it, and must record exactly what a middleware on the
intact client records: every sample of every series (counts, sums, buckets, costs, tool
calls) and the exemplars.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from importlib.metadata import requires, version
from pathlib import Path
from typing import NamedTuple

import prometheus_client.metrics
import pytest
from hidden import MODES, Hidden
from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware, _borrowed
from ractogateway.metrics._borrowed import BORROWED, TESTED_CLIENT, adder, observer

CLIENT_VERSION = version("prometheus-client")
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], tuple[float, object]]


class _Span(NamedTuple):
    trace_id: int
    span_id: int


def _record(metrics: GatewayMetricsMiddleware) -> None:
    """Requests touching every child kind: tokens, parts, cost, unpriced, tools, exemplars."""
    tools: list[dict[str, str] | str] = [{"name": "get_weather"}, "search", {"name": "get_weather"}]
    for index, latency_s in enumerate((0.005, 0.01, 0.42, 3.0, 99.0, 1e6)):
        metrics.record_request(
            provider="openai",
            model="gpt-4o",
            operation="chat",
            status="ok" if index % 3 else "error",
            latency_s=latency_s,
            input_tokens=1200 + index,
            output_tokens=300,
            cache_read_tokens=200 * (index % 2),
            cache_write_tokens=100,
            cache_write_long_tokens=40,
            reasoning_tokens=50 * (index % 2),
            tool_calls=tools[: index % 4],
            span_context=_Span(index + 1, index + 7) if index % 2 else None,
        )
    metrics.record_request(
        provider="acme", model="acme-llm-7b", operation="embed", status="ok", latency_s=0.2
    )


def _samples(registry: CollectorRegistry) -> Samples:
    """Every sample but the creation times: value and exemplar labels, by name and labels."""
    found: Samples = {}
    for metric in registry.collect():
        for sample in metric.samples:
            if sample.name.endswith("_created"):
                continue
            exemplar = None if sample.exemplar is None else sample.exemplar.labels
            found[sample.name, tuple(sorted(sample.labels.items()))] = (sample.value, exemplar)
    return found


@pytest.fixture
def warnings(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], list[str]]:
    """``warnings()``: the metrics logger's warnings so far (the once-per-process memory reset)."""
    monkeypatch.setattr(_borrowed, "_WARNED", set())
    caplog.set_level(logging.WARNING, logger="ractogateway.metrics")
    return lambda: [
        r.getMessage()
        for r in caplog.records
        if r.name == "ractogateway.metrics" and r.levelno >= logging.WARNING
    ]


@pytest.fixture(scope="module")
def intact() -> Samples:
    registry = CollectorRegistry()
    _record(GatewayMetricsMiddleware(registry=registry))
    return _samples(registry)


def test_on_the_intact_client_the_fast_path_is_taken_without_a_warning(
    intact: Samples, warnings: Callable[[], list[str]]
) -> None:
    registry = CollectorRegistry()
    counter = prometheus_client.Counter("c", "c", ["a"], registry=registry).labels("x")
    histogram = prometheus_client.Histogram("h", "h", ["a"], registry=registry).labels("x")
    assert getattr(adder(counter), "__self__", None) is not counter
    assert observer(histogram) != histogram.observe
    _record(GatewayMetricsMiddleware(registry=registry))
    assert {key: value for key, value in _samples(registry).items() if key in intact} == intact
    assert warnings() == []


def test_the_fast_histogram_finds_the_bucket_observe_finds() -> None:
    """Every bound, just below and above it: the same bucket as the public ``observe``."""
    registry = CollectorRegistry()
    buckets = (0.01, 0.02, 0.04, 1.0, 10.0)
    public = prometheus_client.Histogram("p", "p", ["a"], buckets=buckets, registry=registry)
    fast = prometheus_client.Histogram("f", "f", ["a"], buckets=buckets, registry=registry)
    observe = observer(fast.labels("x"))
    for bound in buckets:
        for amount in (bound * 0.999, bound, bound * 1.001):
            public.labels("x").observe(amount)
            observe(amount)
    for amount in (0.0, 1e9):
        public.labels("x").observe(amount)
        observe(amount)
    assert {
        (sample.name[1:], tuple(sample.labels.items())): sample.value
        for metric in registry.collect()
        if metric.name == "p"
        for sample in metric.samples
        if not sample.name.endswith("_created")
    } == {
        (sample.name[1:], tuple(sample.labels.items())): sample.value
        for metric in registry.collect()
        if metric.name == "f"
        for sample in metric.samples
        if not sample.name.endswith("_created")
    }


@pytest.mark.parametrize(
    "case",
    [(owner, name, mode) for owner, name in BORROWED for mode in MODES],
    ids=lambda case: f"{case[0]}.{case[1]}-{case[2]}",
)
def test_without_a_borrowed_name_the_middleware_takes_the_public_methods(
    case: tuple[str, str, str],
    intact: Samples,
    warnings: Callable[[], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner, name, mode = case
    hidden = Hidden(name, None, changed=mode == "changed")
    monkeypatch.setattr(getattr(prometheus_client.metrics, owner), name, hidden, raising=False)
    registry = CollectorRegistry()

    _record(GatewayMetricsMiddleware(registry=registry))

    assert _samples(registry) == intact
    (warning,) = warnings()
    assert f"{owner}.{name}" in warning
    assert "public methods" in warning
    _record(GatewayMetricsMiddleware(registry=CollectorRegistry()))  # not repeated
    assert len(warnings()) == 1


def _release(text: str) -> tuple[int, ...]:
    found = re.match(r"\d+(?:\.\d+)*", text)
    assert found is not None
    return tuple(int(part) for part in found.group().split("."))


def test_the_tested_range_starts_at_the_declared_minimum_and_holds_the_installed_client() -> None:
    declared = [
        requirement
        for requirement in requires("ractogateway-metrics") or []
        if re.match(r"prometheus-client\b", requirement)
    ]
    assert declared == [f"prometheus-client>={TESTED_CLIENT[0]}"]
    lowest, newest = (_release(bound) for bound in TESTED_CLIENT)
    installed = _release(CLIENT_VERSION)
    assert lowest <= installed, f"prometheus-client {CLIENT_VERSION} is below the tested range"
    assert installed[:2] <= newest[:2], (
        f"prometheus-client {CLIENT_VERSION} is newer than the tested range {TESTED_CLIENT}:"
        " if these tests pass on it, raise TESTED_CLIENT in ractogateway/metrics/_borrowed.py"
        " and docs/metrics.md"
    )


def test_the_docs_state_the_tested_range() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
    assert f"prometheus-client {TESTED_CLIENT[0]} to {TESTED_CLIENT[1]}" in page.read_text()

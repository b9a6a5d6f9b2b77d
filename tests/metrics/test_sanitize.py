"""record_* never raise: bad values are sanitised and logged once; label values are capped."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from exposition import SampleReader
from hypothesis import given, settings
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware
from ractogateway.pricing import ModelPricing, compute_cost

Read = Callable[[str], SampleReader]  # the ``read`` fixture
LOGGER = "ractogateway.metrics"
REQUESTS = "ractogateway_requests_total"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelname == "WARNING"]


def _record(metrics: GatewayMetricsMiddleware, **overrides: object) -> None:
    call: dict[str, object] = {
        "provider": "openai",
        "model": "gpt-4o",
        "operation": "chat",
        "status": "ok",
        "latency_s": 0.1,
    }
    call.update(overrides)
    metrics.record_request(**call)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("latency_s", -1.0, "latency_s=-1.0 is not a finite number >= 0"),
        ("latency_s", math.nan, "latency_s=nan"),
        ("latency_s", math.inf, "latency_s=inf"),
        ("latency_s", None, "latency_s=None"),
        ("input_tokens", -5, "input_tokens=-5"),
        ("output_tokens", math.nan, "output_tokens=nan"),
        ("input_tokens", "12", "input_tokens='12'"),
        ("model", None, "model=None is not a non-empty string"),
        ("provider", "", "provider='' is not a non-empty string"),
        ("cache_read_tokens", -3, "cache_read_tokens=-3"),
    ],
)
def test_a_bad_value_is_sanitised_and_logged_once(
    read: Read, caplog: pytest.LogCaptureFixture, field: str, bad: object, message: str
) -> None:
    metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
    caplog.set_level(logging.WARNING, logger=LOGGER)
    for _ in range(3):
        _record(metrics, **{field: bad})
    warnings = _warnings(caplog)
    assert len(warnings) == 1, warnings
    assert message in warnings[0]
    samples = read(metrics.generate_latest())
    assert samples.total(REQUESTS) == 3  # recorded, not dropped
    assert samples.total("ractogateway_tokens_total") == 0


def test_none_labels_become_unknown(middleware: GatewayMetricsMiddleware, read: Read) -> None:
    _record(middleware, provider=None, model=None, operation=None, status=None)
    middleware.record_cache_hit(None)  # type: ignore[arg-type]
    samples = read(middleware.generate_latest())
    labels = {"provider": "unknown", "model": "unknown", "operation": "unknown"}
    assert samples.value(REQUESTS, status="unknown", **labels) == 1
    assert samples.value("ractogateway_unpriced_requests_total", model="unknown") == 1
    assert samples.value("ractogateway_cache_hits_total", cache_type="unknown") == 1


def test_cache_tokens_beyond_the_input_are_clamped(
    middleware: GatewayMetricsMiddleware, read: Read, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    _record(middleware, input_tokens=100, cache_read_tokens=80, cache_write_tokens=50)
    samples = read(middleware.generate_latest())
    tokens = {"provider": "openai", "model": "gpt-4o"}
    assert samples.value("ractogateway_tokens_total", token_type="cache_read", **tokens) == 80
    assert samples.value("ractogateway_tokens_total", token_type="cache_write", **tokens) == 20
    assert any("exceed input_tokens" in w for w in _warnings(caplog))


def test_parts_beyond_their_whole_are_clamped_and_priced_as_clamped(
    registry: CollectorRegistry, read: Read, caplog: pytest.LogCaptureFixture
) -> None:
    price = ModelPricing(
        input_per_million=1.0,
        output_per_million=10.0,
        cache_write_per_million=2.0,
        cache_write_long_per_million=4.0,
        reasoning_per_million=3.0,
    )
    metrics = GatewayMetricsMiddleware(registry=registry, price_table={"m": price})
    caplog.set_level(logging.WARNING, logger=LOGGER)
    for _ in range(2):
        _record(
            metrics,
            model="m",
            input_tokens=1_000,
            output_tokens=100,
            cache_write_tokens=500,
            cache_write_long_tokens=700,  # above the writes: clamped to 500
            reasoning_tokens=300,  # above the output: clamped to 100
        )
    samples = read(metrics.generate_latest())
    expected = compute_cost(
        "m",
        1_000,
        100,
        cache_write_tokens=500,
        cache_write_long_tokens=500,
        reasoning_tokens=100,
        price_table={"m": price},
    )
    cost = samples.value("ractogateway_cost_usd_total", provider="openai", model="m")
    assert cost == pytest.approx(2 * expected, rel=1e-12)
    warnings = _warnings(caplog)
    assert (
        sum("cache_write_long_tokens (700) exceeds cache_write_tokens (500)" in w for w in warnings)
        == 1
    )
    assert sum("reasoning_tokens (300) exceeds output_tokens (100)" in w for w in warnings) == 1


@pytest.mark.parametrize("huge", [10**400, 2**63])
def test_counts_and_latencies_beyond_range_follow_the_rule(
    middleware: GatewayMetricsMiddleware, read: Read, huge: int
) -> None:
    _record(middleware, input_tokens=huge, output_tokens=7, latency_s=10**400)
    samples = read(middleware.generate_latest())
    labels = {"provider": "openai", "model": "gpt-4o"}
    assert samples.total(REQUESTS) == 1  # the request is counted, not dropped
    assert samples.get("ractogateway_tokens_total", 0.0, token_type="input", **labels) == 0
    assert samples.value("ractogateway_tokens_total", token_type="output", **labels) == 7
    duration = "ractogateway_request_duration_seconds_sum"
    assert samples.value(duration, operation="chat", **labels) == 0


def test_tool_calls_without_a_name_count_as_unknown(
    middleware: GatewayMetricsMiddleware, read: Read, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    nameless = [None, 42, {"id": "x"}, SimpleNamespace(name=""), SimpleNamespace(name=["x"])]
    _record(middleware, tool_calls=nameless)
    _record(middleware, tool_calls=7)  # not a list at all: one call without a name
    samples = read(middleware.generate_latest())
    assert samples.value("ractogateway_tool_calls_total", tool_name="unknown") == 6
    assert samples.total(REQUESTS) == 2
    assert len([w for w in _warnings(caplog) if "has no name" in w]) == 1


def test_a_failing_tool_call_iterable_is_caught_and_logged_once(
    middleware: GatewayMetricsMiddleware, read: Read, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> Iterator[str]:
        yield "fine"
        raise RuntimeError("boom")

    caplog.set_level(logging.WARNING, logger=LOGGER)
    _record(middleware, tool_calls=broken())
    _record(middleware, tool_calls=broken())
    warnings = _warnings(caplog)
    assert len(warnings) == 1
    assert "of type generator could not be read (RuntimeError)" in warnings[0]
    assert "boom" not in warnings[0]  # a caller's exception message is call data
    samples = read(middleware.generate_latest())
    # The requests are recorded; the calls of an iterable that failed are counted as none.
    assert samples.total(REQUESTS) == 2
    assert samples.total("ractogateway_tool_calls_total") == 0


def test_a_broken_log_handler_does_not_reach_the_caller(
    middleware: GatewayMetricsMiddleware,
) -> None:
    class Broken(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise OSError("disk full")

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
            raise OSError("still broken")

    logger = logging.getLogger(LOGGER)
    handler = Broken()
    logger.addHandler(handler)
    try:
        _record(middleware, latency_s=-1)
    finally:
        logger.removeHandler(handler)


def test_model_values_are_capped_and_the_cap_logged_once(
    registry: CollectorRegistry, read: Read, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    metrics = GatewayMetricsMiddleware(registry=registry, max_label_values=3)
    for i in range(6):
        _record(metrics, model=f"model-{i}")
    _record(metrics, model="model-0")  # an admitted value stays itself
    _record(metrics, model="other")  # "other" itself is never counted against the cap
    samples = read(metrics.generate_latest())
    models = samples.label_values(REQUESTS, "model")
    assert models == {"model-0", "model-1", "model-2", "other"}
    assert (
        samples.value(REQUESTS, provider="openai", model="other", operation="chat", status="ok")
        == 4
    )
    assert (
        samples.value(REQUESTS, provider="openai", model="model-0", operation="chat", status="ok")
        == 2
    )
    # The unpriced counter shares the model cap.
    unpriced = samples.label_values("ractogateway_unpriced_requests_total", "model")
    assert unpriced == {"model-0", "model-1", "model-2", "other"}
    cap_warnings = [w for w in _warnings(caplog) if "max_label_values=3" in w]
    assert len(cap_warnings) == 1
    assert "'model'" in cap_warnings[0]


def test_a_model_beyond_the_cap_is_still_priced(registry: CollectorRegistry, read: Read) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry, max_label_values=1)
    _record(metrics, model="first-unknown-model")
    _record(metrics, model="gpt-4o", input_tokens=1_000_000)
    samples = read(metrics.generate_latest())
    assert samples.value("ractogateway_cost_usd_total", provider="openai", model="other") > 0


def test_tool_names_are_capped_separately_from_models(
    registry: CollectorRegistry, read: Read, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    metrics = GatewayMetricsMiddleware(registry=registry, max_label_values=2)
    _record(metrics, model="m1", tool_calls=["t1", "t2", "t3", "t4"])
    _record(metrics, model="m2", tool_calls=["t1"])
    samples = read(metrics.generate_latest())
    assert samples.label_values(REQUESTS, "model") == {"m1", "m2"}
    assert samples.value("ractogateway_tool_calls_total", tool_name="t1") == 2
    assert samples.value("ractogateway_tool_calls_total", tool_name="other") == 2
    assert samples.label_values("ractogateway_tool_calls_total", "tool_name") == {
        "t1",
        "t2",
        "other",
    }
    assert len([w for w in _warnings(caplog) if "'tool_name'" in w]) == 1


def test_the_cap_holds_for_the_registry_not_per_middleware(
    registry: CollectorRegistry, read: Read
) -> None:
    first = GatewayMetricsMiddleware(registry=registry, max_label_values=2)
    second = GatewayMetricsMiddleware(registry=registry, max_label_values=2)
    _record(first, model="a")
    _record(second, model="b")
    _record(second, model="c")
    _record(first, model="d")
    models = read(first.generate_latest()).label_values(REQUESTS, "model")
    assert models == {"a", "b", "other"}


def test_many_distinct_garbage_values_stay_bounded(registry: CollectorRegistry, read: Read) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry, max_label_values=5)
    for i in range(300):
        _record(metrics, provider=f"p{i}", model=object(), operation=[i], status={"s": i})
        metrics.record_cache_miss(f"c{i}")
    samples = read(metrics.generate_latest())
    for label in ("provider", "model", "operation", "status"):
        assert len(samples.label_values(REQUESTS, label)) <= 6, label
    assert len(samples.label_values("ractogateway_cache_misses_total", "cache_type")) <= 6
    assert samples.total(REQUESTS) == 300


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.builds(SimpleNamespace, name=st.one_of(st.none(), st.text(max_size=5), st.integers())),
)


@settings(max_examples=150, deadline=None)
@given(
    provider=ANYTHING,
    model=ANYTHING,
    operation=ANYTHING,
    status=ANYTHING,
    latency_s=ANYTHING,
    input_tokens=ANYTHING,
    output_tokens=ANYTHING,
    tool_calls=st.one_of(ANYTHING, st.lists(ANYTHING, max_size=3)),
    cache_read_tokens=ANYTHING,
    cache_write_tokens=ANYTHING,
)
def test_record_request_never_raises_and_always_counts_the_request(**call: object) -> None:
    metrics = GatewayMetricsMiddleware(registry=CollectorRegistry(), max_label_values=50)
    metrics.record_request(**call)  # type: ignore[arg-type]
    metrics.record_cache_hit(call["model"])  # type: ignore[arg-type]
    metrics.record_cache_miss(call["provider"])  # type: ignore[arg-type]
    text = metrics.generate_latest()
    requests = [  # label values may hold a bare "\r": only "\n" ends an exposition line
        line for line in text.split("\n") if line.startswith("ractogateway_requests_total{")
    ]
    assert len(requests) == 1
    assert requests[0].endswith(" 1.0")
    assert "ractogateway_cache_hits_total{" in text
    assert "ractogateway_cache_misses_total{" in text

"""GatewayMetricsMiddleware: the seven metrics (and the unpriced one), cost, registries."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from types import SimpleNamespace
from unittest import mock

import pytest
from exposition import SampleReader
from prometheus_client import REGISTRY, CollectorRegistry, Counter
from prometheus_client.parser import text_string_to_metric_families

from ractogateway.metrics import GatewayMetricsMiddleware
from ractogateway.pricing import ModelPricing, compute_cost, lookup_pricing

Read = Callable[[str], SampleReader]  # the ``read`` fixture

EXPECTED = {
    # name in the exposition (family name) -> (type, label names)
    "ractogateway_requests": ("counter", {"provider", "model", "operation", "status"}),
    "ractogateway_request_duration_seconds": ("histogram", {"provider", "model", "operation"}),
    "ractogateway_tokens": ("counter", {"provider", "model", "token_type"}),
    "ractogateway_cost_usd": ("counter", {"provider", "model"}),
    "ractogateway_cache_hits": ("counter", {"cache_type"}),
    "ractogateway_cache_misses": ("counter", {"cache_type"}),
    "ractogateway_tool_calls": ("counter", {"tool_name"}),
    "ractogateway_unpriced_requests": ("counter", {"model"}),
    "ractogateway_usage_missing": ("counter", {"provider", "model", "operation"}),
    "ractogateway_dropped_spans": ("counter", {"reason"}),
}
BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]
PRICED = "my-priced-model"
PRICE = ModelPricing(
    input_per_million=2.0,
    output_per_million=8.0,
    cache_read_per_million=0.5,
    cache_write_per_million=2.5,
)


def _chat(metrics: GatewayMetricsMiddleware, **overrides: object) -> None:
    call: dict[str, object] = {
        "provider": "openai",
        "model": "gpt-4o",
        "operation": "chat",
        "status": "ok",
        "latency_s": 0.3,
        "input_tokens": 100,
        "output_tokens": 20,
    }
    call.update(overrides)
    metrics.record_request(**call)  # type: ignore[arg-type]


def test_signatures_match_the_contract() -> None:
    init = inspect.signature(GatewayMetricsMiddleware)
    assert list(init.parameters) == ["price_table", "registry", "max_label_values"]
    assert all(p.kind is p.KEYWORD_ONLY for p in init.parameters.values())
    assert init.parameters["price_table"].default is None
    assert init.parameters["registry"].default is None
    assert init.parameters["max_label_values"].default == 1000
    record = inspect.signature(GatewayMetricsMiddleware.record_request)
    assert list(record.parameters)[1:9] == [
        "provider", "model", "operation", "status", "latency_s",
        "input_tokens", "output_tokens", "tool_calls",
    ]  # fmt: skip
    assert record.parameters["input_tokens"].default == 0
    assert record.parameters["output_tokens"].default == 0
    assert record.parameters["tool_calls"].default is None
    assert list(inspect.signature(GatewayMetricsMiddleware.record_cache_hit).parameters) == [
        "self",
        "cache_type",
    ]


def test_every_metric_has_its_name_type_and_labels(
    middleware: GatewayMetricsMiddleware,
) -> None:
    _chat(middleware, model="no-such-model", tool_calls=["search"])
    _chat(middleware)
    middleware.record_cache_hit("exact")
    middleware.record_cache_miss("semantic")
    middleware.record_usage_missing(provider="openai", model="gpt-4o", operation="stream")
    middleware.record_dropped_spans(3, "queue_full")
    text = middleware.generate_latest()
    families = {
        f.name: f
        for f in text_string_to_metric_families(text)
        if not f.name.endswith("_created")  # prometheus-client's creation timestamps
    }
    for name, (kind, labels) in EXPECTED.items():
        suffix = "_total" if kind == "counter" else ""
        assert f"# TYPE {name}{suffix} {kind}\n" in text
        family = families[name]
        assert family.type == kind, name
        sample_labels = {
            label for s in family.samples if not s.name.endswith("_created") for label in s.labels
        }
        assert sample_labels - {"le"} == labels, name
    assert set(families) == set(EXPECTED)


@pytest.mark.parametrize(
    ("count", "reason"),
    [(0, "queue_full"), (-2, "shutdown"), (2.0, "queue_full"), (True, "queue_full"),
     ("3", "shutdown"), (3, "prompt text"), (3, None)],
)  # fmt: skip
def test_record_dropped_spans_ignores_what_is_not_a_count_and_a_reason(
    middleware: GatewayMetricsMiddleware, read: Read, count: object, reason: object
) -> None:
    middleware.record_dropped_spans()
    middleware.record_dropped_spans(4, "export_failed")
    middleware.record_dropped_spans(count, reason)  # type: ignore[arg-type]
    reader = read(middleware.generate_latest())
    assert reader.total("ractogateway_dropped_spans_total") == 5
    assert reader.value("ractogateway_dropped_spans_total", reason="queue_full") == 1
    assert reader.value("ractogateway_dropped_spans_total", reason="export_failed") == 4


def test_generate_latest_is_text_with_counter_totals(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    _chat(middleware)
    text = middleware.generate_latest()
    assert isinstance(text, str)
    assert "# TYPE ractogateway_requests_total counter" in text
    assert 'ractogateway_requests_total{model="gpt-4o",operation="chat",' in text


def test_duration_buckets_follow_the_genai_advice(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    for latency in (0.005, 0.01, 0.5, 81.92, 100.0):
        _chat(middleware, latency_s=latency)
    samples = read(middleware.generate_latest())
    labels = {"provider": "openai", "model": "gpt-4o", "operation": "chat"}
    bucket = "ractogateway_request_duration_seconds_bucket"
    bounds = sorted(float(le) for le in samples.label_values(bucket, "le") if le != "+Inf")
    assert bounds == BUCKETS
    value = samples.value
    assert value(bucket, le="0.01", **labels) == 2
    assert value(bucket, le="0.64", **labels) == 3
    assert value(bucket, le="81.92", **labels) == 4
    assert value(bucket, le="+Inf", **labels) == 5
    assert value("ractogateway_request_duration_seconds_sum", **labels) == pytest.approx(182.435)


def test_requests_tokens_and_cost_for_a_known_model(
    registry: CollectorRegistry, read: Read
) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry, price_table={PRICED: PRICE})
    for status in ("ok", "ok", "error"):
        _chat(metrics, model=PRICED, status=status, input_tokens=1_000, output_tokens=500)
    samples = read(metrics.generate_latest())
    value = samples.value
    requests = "ractogateway_requests_total"
    base = {"provider": "openai", "model": PRICED, "operation": "chat"}
    assert value(requests, status="ok", **base) == 2
    assert value(requests, status="error", **base) == 1
    tokens = "ractogateway_tokens_total"
    assert value(tokens, provider="openai", model=PRICED, token_type="input") == 3_000
    assert value(tokens, provider="openai", model=PRICED, token_type="output") == 1_500
    expected = 3 * compute_cost(PRICED, 1_000, 500, price_table={PRICED: PRICE})
    assert expected == pytest.approx(3 * (2.0 * 1_000 + 8.0 * 500) / 1e6)
    cost = value("ractogateway_cost_usd_total", provider="openai", model=PRICED)
    assert cost == pytest.approx(expected)
    assert samples.total("ractogateway_unpriced_requests_total") == 0


def test_cost_resolves_model_ids_like_the_pricing_package(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    _chat(middleware, model="openai/GPT-4o", input_tokens=1_000_000, output_tokens=0)
    samples = read(middleware.generate_latest())
    pricing = lookup_pricing("gpt-4o")
    assert pricing is not None
    assert pricing.input_per_million > 0
    cost = samples.value("ractogateway_cost_usd_total", provider="openai", model="openai/GPT-4o")
    assert cost == pytest.approx(pricing.input_per_million)
    assert samples.total("ractogateway_unpriced_requests_total") == 0


def test_cache_tokens_are_parts_of_input_and_priced_at_cache_rates(
    registry: CollectorRegistry, read: Read
) -> None:
    metrics = GatewayMetricsMiddleware(registry=registry, price_table={PRICED: PRICE})
    _chat(
        metrics,
        model=PRICED,
        input_tokens=1_000,
        output_tokens=100,
        cache_read_tokens=600,
        cache_write_tokens=200,
    )
    samples = read(metrics.generate_latest())
    value = samples.value
    tokens = {"provider": "openai", "model": PRICED}
    assert value("ractogateway_tokens_total", token_type="input", **tokens) == 1_000
    assert value("ractogateway_tokens_total", token_type="cache_read", **tokens) == 600
    assert value("ractogateway_tokens_total", token_type="cache_write", **tokens) == 200
    expected = compute_cost(
        PRICED,
        1_000,
        100,
        cache_read_tokens=600,
        cache_write_tokens=200,
        price_table={PRICED: PRICE},
    )
    assert value("ractogateway_cost_usd_total", **tokens) == pytest.approx(expected)
    assert expected == pytest.approx((200 * 2.0 + 600 * 0.5 + 200 * 2.5 + 100 * 8.0) / 1e6)


def test_no_cache_token_series_until_cache_tokens_are_recorded(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    _chat(middleware)
    samples = read(middleware.generate_latest())
    token_types = samples.label_values("ractogateway_tokens_total", "token_type")
    assert token_types == {"input", "output"}


def test_unknown_model_counts_as_unpriced_and_costs_nothing(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    for _ in range(3):
        _chat(middleware, model="no-such-model")
    samples = read(middleware.generate_latest())
    value = samples.value
    assert value("ractogateway_unpriced_requests_total", model="no-such-model") == 3
    assert samples.total("ractogateway_cost_usd_total") == 0
    assert samples.get("ractogateway_unpriced_requests_total", model="gpt-4o", default=-1) == -1


def test_price_table_entries_win_over_the_default_table(
    registry: CollectorRegistry, read: Read
) -> None:
    free = ModelPricing(input_per_million=0.0, output_per_million=0.0)
    metrics = GatewayMetricsMiddleware(registry=registry, price_table={"gpt-4o": free})
    _chat(metrics, input_tokens=10_000, output_tokens=10_000)
    samples = read(metrics.generate_latest())
    cost = samples.value("ractogateway_cost_usd_total", provider="openai", model="gpt-4o")
    assert cost == 0
    assert samples.total("ractogateway_unpriced_requests_total") == 0


def test_tool_calls_from_objects_dicts_and_names(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    calls = [SimpleNamespace(name="search"), {"name": "search"}, "calc"]
    _chat(middleware, tool_calls=calls)
    _chat(middleware, tool_calls=(SimpleNamespace(name="calc"),))
    _chat(middleware, tool_calls=(c for c in ["gen"]))
    samples = read(middleware.generate_latest())
    value = samples.value
    assert value("ractogateway_tool_calls_total", tool_name="search") == 2
    assert value("ractogateway_tool_calls_total", tool_name="calc") == 2
    assert value("ractogateway_tool_calls_total", tool_name="gen") == 1
    assert samples.label_values("ractogateway_tool_calls_total", "tool_name") == {
        "search",
        "calc",
        "gen",
    }


def test_cache_hits_and_misses_by_cache_type(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    for cache_type in ("exact", "exact", "semantic"):
        middleware.record_cache_hit(cache_type)
    middleware.record_cache_miss("exact")
    samples = read(middleware.generate_latest())
    value = samples.value
    assert value("ractogateway_cache_hits_total", cache_type="exact") == 2
    assert value("ractogateway_cache_hits_total", cache_type="semantic") == 1
    assert value("ractogateway_cache_misses_total", cache_type="exact") == 1
    assert samples.get("ractogateway_cache_misses_total", cache_type="semantic", default=-1) == -1


def test_one_middleware_serves_several_kits(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    for provider, model in [("openai", "gpt-4o"), ("anthropic", "claude"), ("google", "gemini")]:
        _chat(middleware, provider=provider, model=model, operation="stream")
    samples = read(middleware.generate_latest())
    providers = samples.label_values("ractogateway_requests_total", "provider")
    assert providers == {"openai", "anthropic", "google"}


def test_isolated_registries_never_interfere(read: Read) -> None:
    first = GatewayMetricsMiddleware(registry=CollectorRegistry())
    second = GatewayMetricsMiddleware(registry=CollectorRegistry())
    _chat(first)
    _chat(first)
    _chat(second)
    one, two = read(first.generate_latest()), read(second.generate_latest())
    assert one.total("ractogateway_requests_total") == 2
    assert two.total("ractogateway_requests_total") == 1


def test_two_middlewares_on_one_registry_share_its_collectors(
    registry: CollectorRegistry, read: Read
) -> None:
    first = GatewayMetricsMiddleware(registry=registry)
    second = GatewayMetricsMiddleware(registry=registry, price_table={PRICED: PRICE})
    _chat(first)
    _chat(second)
    _chat(second, model=PRICED)
    assert first.generate_latest() == second.generate_latest()
    samples = read(first.generate_latest())
    value = samples.value
    base = {"provider": "openai", "operation": "chat", "status": "ok"}
    assert value("ractogateway_requests_total", model="gpt-4o", **base) == 2
    # Each middleware prices with its own table.
    cost = value("ractogateway_cost_usd_total", provider="openai", model=PRICED)
    assert cost == pytest.approx((100 * 2.0 + 20 * 8.0) / 1e6)
    assert first.generate_latest().count("# TYPE ractogateway_requests_total counter") == 1


def test_a_foreign_metric_of_the_same_name_is_a_clear_error(registry: CollectorRegistry) -> None:
    Counter("ractogateway_tool_calls_total", "not ours", ["tool_name"], registry=registry)
    with pytest.raises(ValueError, match="already holds a metric") as error:
        GatewayMetricsMiddleware(registry=registry)
    assert "CollectorRegistry()" in str(error.value)
    # Nothing half-registered is left behind: our other names are still free.
    Counter("ractogateway_requests_total", "still free", registry=registry)


def test_default_registry_is_the_global_one(read: Read) -> None:
    model = "global-registry-test-model"
    first, second = GatewayMetricsMiddleware(), GatewayMetricsMiddleware()
    _chat(first, model=model)
    _chat(second, model=model)
    from prometheus_client import generate_latest

    samples = read(generate_latest(REGISTRY).decode())
    base = {"provider": "openai", "operation": "chat", "status": "ok"}
    assert samples.value("ractogateway_requests_total", model=model, **base) == 2
    assert "ractogateway_requests_total" in first.generate_latest()


@pytest.mark.parametrize("bad", [0, -1, 1.5, "1000", True, None])
def test_max_label_values_must_be_a_positive_int(bad: object) -> None:
    with pytest.raises(ValueError, match=r"max_label_values must be an int >= 1, got"):
        GatewayMetricsMiddleware(registry=CollectorRegistry(), max_label_values=bad)  # type: ignore[arg-type]


def test_construction_fails_fast_on_a_bad_registry_or_price_table() -> None:
    with pytest.raises(TypeError, match="CollectorRegistry"):
        GatewayMetricsMiddleware(registry=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ModelPricing"):
        GatewayMetricsMiddleware(registry=CollectorRegistry(), price_table={"m": 1.0})  # type: ignore[dict-item]


def test_latency_nan_is_recorded_as_zero_not_dropped(
    middleware: GatewayMetricsMiddleware, read: Read
) -> None:
    _chat(middleware, latency_s=math.nan)
    samples = read(middleware.generate_latest())
    labels = {"provider": "openai", "model": "gpt-4o", "operation": "chat"}
    assert samples.value("ractogateway_request_duration_seconds_count", **labels) == 1
    assert samples.value("ractogateway_request_duration_seconds_sum", **labels) == 0


def test_instances_can_be_patched_as_kit_tests_do(middleware: GatewayMetricsMiddleware) -> None:
    with mock.patch.object(middleware, "record_request") as recorded:
        _chat(middleware)
    recorded.assert_called_once()
    assert middleware.generate_latest().count("ractogateway_requests_total{") == 0

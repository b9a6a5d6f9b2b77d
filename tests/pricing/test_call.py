"""The call record: one statement of a call's values, built, made safe and priced once."""

from __future__ import annotations

import inspect
import logging
from typing import Any

import pytest

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, compute_cost
from ractogateway.pricing._call import Call, make_call, priced
from ractogateway.pricing._cost import cost_usd
from ractogateway.pricing._resolve import PriceResolver
from ractogateway.pricing._sanitize import Sanitizer

QUIET = Sanitizer(logging.getLogger("ractogateway.tests.quiet"))
PRICES = {"m": ModelPricing(input_per_million=1.0, output_per_million=10.0)}


#: A plain call's values, by Call's field names.
_DEFAULTS: dict[str, Any] = {
    "operation": "chat", "provider": "openai", "model": "m", "status": "ok",
    "error_type": None, "latency_ms": 12.5, "latency_s": None, "end_ns": 10**18,
    "input_tokens": 1_000, "output_tokens": 100, "cache_read_tokens": 0,
    "cache_write_tokens": 0, "cache_write_long_tokens": 0, "reasoning_tokens": 0,
    "cache_hit": "miss", "tool_calls": 0, "tools": (), "time_to_first_token_ms": None,
    "response_model": None, "response_id": None, "finish_reasons": None,
    "service_tier": None, "region": None, "server_tool_requests": None,
}  # fmt: skip


def _call(**values: object) -> Call:
    """make_call with Call's own field names, in whatever order the test gives them."""
    fields = {**_DEFAULTS, **values}
    lookup = PriceResolver(PRICES).lookup
    return make_call(QUIET, lookup, *(fields[name] for name in _PARAMETERS))


#: make_call's value parameters, after the sanitiser and the lookup.
_PARAMETERS = tuple(inspect.signature(make_call).parameters)[2:]


def test_make_call_takes_the_record_fields_in_the_record_order() -> None:
    """Positional for speed: the parameters are Call's fields, in order, cost excepted."""
    fields = [name for name in Call._fields if name != "cost_usd"]
    assert list(_PARAMETERS) == fields


def test_every_value_lands_in_the_field_of_its_name() -> None:
    call = _call(
        operation="stream", provider="anthropic", status="error", error_type="Timeout",
        latency_ms=250.0, end_ns=2 * 10**18, input_tokens=900, output_tokens=90,
        cache_read_tokens=400, cache_write_tokens=300, cache_write_long_tokens=200,
        reasoning_tokens=50, cache_hit="semantic", tool_calls=2, tools=["a", "b"],
        time_to_first_token_ms=80.0, response_model="m-2026", response_id="r1",
        finish_reasons=["stop"], service_tier="flex", region="us",
        server_tool_requests={"web_search": 3},
    )  # fmt: skip
    assert call._asdict() == {
        "operation": "stream", "provider": "anthropic", "model": "m", "status": "error",
        "error_type": "Timeout", "latency_ms": 250.0, "latency_s": 0.25, "end_ns": 2 * 10**18,
        "input_tokens": 900, "output_tokens": 90, "cache_read_tokens": 400,
        "cache_write_tokens": 300, "cache_write_long_tokens": 200, "reasoning_tokens": 50,
        "cost_usd": call.cost_usd, "cache_hit": "semantic", "tool_calls": 2,
        "tools": ["a", "b"], "time_to_first_token_ms": 80.0, "response_model": "m-2026",
        "response_id": "r1", "finish_reasons": ("stop",), "service_tier": "flex",
        "region": "us", "server_tool_requests": (("web_search", 3),),
    }  # fmt: skip
    # "m-2026" is priced as "m" (a dated snapshot), every part at its rate.
    expected = compute_cost(
        "m", 900, 90, cache_read_tokens=400, cache_write_tokens=300,
        cache_write_long_tokens=200, reasoning_tokens=50, price_table=PRICES,
    )  # fmt: skip
    assert call.cost_usd == pytest.approx(expected, rel=1e-12)


def test_the_latency_keeps_the_unit_it_was_measured_in() -> None:
    in_ms = _call(latency_ms=812.0)
    in_s = _call(latency_ms=None, latency_s=0.812)
    assert (in_ms.latency_ms, in_s.latency_s) == (812.0, 0.812)
    assert in_ms.latency_s == pytest.approx(in_s.latency_s)


def test_an_unknown_model_has_no_cost_and_a_known_one_is_priced_once() -> None:
    assert _call(model="no-such-model").cost_usd is None
    assert _call().cost_usd == pytest.approx((1_000 * 1.0 + 100 * 10.0) / 1e6)


def test_priced_prices_the_same_record_with_another_table() -> None:
    call = _call()
    other = PriceResolver({"m": ModelPricing(input_per_million=2.0, output_per_million=20.0)})
    again = priced(call, other.lookup)
    assert again.cost_usd == pytest.approx(2 * call.cost_usd)  # type: ignore[operator]
    assert again._replace(cost_usd=call.cost_usd) == call


def test_tool_calls_default_to_the_count_of_the_tools() -> None:
    assert _call(tool_calls=None, tools=[{"name": "a"}, "b"]).tool_calls == 2
    assert _call(tool_calls=None, tools="one").tools == ["one"]


def test_bad_server_tool_requests_are_dropped_and_zero_counts_left_out() -> None:
    assert _call(server_tool_requests=42).server_tool_requests == ()
    assert _call(server_tool_requests=[("web_search", 0), ("fetch", 2)]).server_tool_requests == (
        ("fetch", 2),
    )


@pytest.mark.parametrize("count", [2**30 - 1, 2**30, 2**30 + 1, 2**62, 2**63 - 1])
def test_counts_either_side_of_the_inline_check_are_kept_and_priced(count: int) -> None:
    """The inline check takes counts up to 2**30 - 1; larger ones take the slow path."""
    call = _call(input_tokens=count, output_tokens=count, tool_calls=count)
    assert (call.input_tokens, call.output_tokens, call.tool_calls) == (count, count, count)
    assert call.cost_usd == compute_cost("m", count, count, price_table=PRICES)


@pytest.mark.parametrize(
    "parts",
    [
        {},
        {"cache_read_tokens": 300},
        {"cache_write_tokens": 200, "cache_write_long_tokens": 50},
        {"reasoning_tokens": 40},
    ],
)
def test_every_price_of_the_table_costs_a_record_what_cost_usd_says(parts: dict[str, int]) -> None:
    """Simple prices without parts are priced inline; the others by cost_usd: both agree."""
    lookup = PriceResolver(None).lookup
    end_ns = 1_790_000_000 * 10**9
    for model in DEFAULT_COST_TABLE:
        pricing = lookup(model)
        assert pricing is not None
        fields = {"model": model, "end_ns": end_ns, "input_tokens": 250_000, **parts}
        call = make_call(QUIET, lookup, *({**_DEFAULTS, **fields}[name] for name in _PARAMETERS))
        expected = cost_usd(
            pricing,
            250_000,
            100,
            parts.get("cache_read_tokens", 0),
            parts.get("cache_write_tokens", 0),
            parts.get("cache_write_long_tokens", 0),
            parts.get("reasoning_tokens", 0),
            end_ns / 1e9,
        )
        assert call.cost_usd == expected, model

"""Service-tier variants, regional uplifts and server-side tool prices.

The variants of the built-in table are checked against their published figures in
test_published_prices.py; here: the rules (which price a tier takes, the standard names, an
unknown tier, ``fast`` billed as ``priority``), the validation of ``ModelPricing``'s new fields,
their round trips, the built-in data's shape, and properties of ``compute_cost`` with them.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, compute_cost, lookup_pricing
from ractogateway.pricing._cost import billed_usd, cost_usd, tools_usd
from ractogateway.pricing._data import CHANGES, REGIONS, SERVER_TOOLS, TIERS, VARIANTS
from ractogateway.pricing._model import SERVICE_TIERS, service_tier
from ractogateway.pricing._usage import Usage

NOW = "2026-12-07"


def price(inp: float, out: float, **more: Any) -> ModelPricing:
    return ModelPricing(input_per_million=inp, output_per_million=out, **more)


SERVED = price(
    2,
    10,
    cache_read_per_million=0.2,
    variants={
        "batch": price(1, 5, tiers={1_000: price(2, 7.5)}, changes={"2027-01-01": price(0.5, 2.5)}),
        "priority": price(4, 20),
    },
    server_tools={"web_search": 10},
    regions={"us": 1.1, "*": 1.2},
)
TABLE = {"served": SERVED}


def test_a_tier_takes_its_variant_with_its_own_tiers_and_changes() -> None:
    batch = SERVED.variant("batch")
    assert batch.at("2026-12-31").input_per_million == 1.0
    assert batch.at("2027-01-01").input_per_million == 0.5
    assert compute_cost("served", 1_000, 0, price_table=TABLE, service_tier="batch", at=NOW) == (
        pytest.approx(0.001)
    )
    # above the variant's own tier, every token at the tier's rates
    assert compute_cost("served", 1_001, 0, price_table=TABLE, service_tier="batch", at=NOW) == (
        pytest.approx(1_001 * 2 / 1e6)
    )


@pytest.mark.parametrize("name", [None, "default", "standard", "auto", "DEFAULT", " Auto "])
def test_the_standard_names_take_the_standard_price(name: str | None) -> None:
    assert service_tier(name) is None
    assert SERVED.variant(name) is SERVED
    assert compute_cost("gpt-5", 1_000, 100, at=NOW, service_tier=name) == compute_cost(
        "gpt-5", 1_000, 100, at=NOW
    )


def test_fast_is_billed_as_priority_unless_the_price_has_a_fast_variant() -> None:
    assert SERVED.variant("fast") is SERVED.variant("priority")
    own = price(1, 2, variants={"priority": price(4, 8), "fast": price(6, 12)})
    assert own.variant("fast").input_per_million == 6.0
    # Anthropic's fast mode has its own price and no priority one.
    claude = DEFAULT_COST_TABLE["claude-opus-5"]
    assert claude.variant("fast").input_per_million == 10.0
    assert claude.variant("priority") is claude


def test_a_tier_the_model_has_no_variant_for_bills_at_the_standard_price() -> None:
    assert SERVED.variant("flex") is SERVED
    assert compute_cost("claude-opus-5", 1_000, 0, service_tier="flex", at=NOW) == compute_cost(
        "claude-opus-5", 1_000, 0, at=NOW
    )


@pytest.mark.parametrize("bad", ["turbo", "", "scale", 3, b"batch"])
def test_an_unknown_tier_is_an_error_for_compute_cost_and_lookup_pricing(bad: object) -> None:
    with pytest.raises(ValueError, match="service_tier must be one of"):
        compute_cost("gpt-5", 1, 1, service_tier=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="service_tier must be one of"):
        lookup_pricing("gpt-5", service_tier=bad)  # type: ignore[arg-type]


def test_usage_cost_bills_an_unknown_tier_at_the_standard_price() -> None:
    odd = Usage(1_000, 100, model="gpt-5", service_tier="turbo")
    assert odd.cost(at=NOW) == compute_cost("gpt-5", 1_000, 100, at=NOW)
    flex = Usage(1_000, 100, model="gpt-5", service_tier="flex")
    assert flex.cost(at=NOW) == compute_cost("gpt-5", 1_000, 100, at=NOW, service_tier="flex")


def test_region_uplift_multiplies_the_tokens_not_the_tool_requests() -> None:
    base = compute_cost("served", 1_000, 100, price_table=TABLE, at=NOW)
    for region, multiplier in (("us", 1.1), ("US", 1.1), ("europe-west4", 1.2), ("global", 1.0)):
        cost = compute_cost("served", 1_000, 100, price_table=TABLE, at=NOW, region=region)
        assert cost == pytest.approx(base * multiplier), region
    tools = compute_cost(
        "served", 1_000, 100, price_table=TABLE, at=NOW, region="us",
        server_tool_requests={"web_search": 3},
    )  # fmt: skip
    assert tools == pytest.approx(base * 1.1 + 3 * 10 / 1_000)


def test_the_built_in_uplifts_and_tool_prices() -> None:
    opus = compute_cost("claude-opus-4-6", 10_000, 1_000, at=NOW)
    assert compute_cost("claude-opus-4-6", 10_000, 1_000, at=NOW, region="us") == pytest.approx(
        opus * 1.1
    )
    # Claude Sonnet 4.5 has no US-only uplift; web search is $10 per 1,000.
    sonnet = compute_cost("claude-sonnet-4-5", 10_000, 1_000, at=NOW)
    assert compute_cost(
        "claude-sonnet-4-5", 10_000, 1_000, at=NOW, region="us",
        server_tool_requests={"web_search": 5, "web_fetch": 2},
    ) == pytest.approx(sonnet + 0.05)  # fmt: skip
    # Gemini 3.5 Flash on a Vertex AI regional endpoint: 1.1 in any region but global.
    flash = compute_cost("gemini-3.5-flash", 10_000, 1_000, at=NOW)
    assert compute_cost(
        "gemini-3.5-flash", 10_000, 1_000, at=NOW, region="us-central1"
    ) == pytest.approx(flash * 1.1)


@pytest.mark.parametrize(
    ("requests", "error", "match"),
    [
        (["web_search"], TypeError, "mapping of tool names"),
        ({1: 2}, TypeError, "tool names"),
        ({"web_search": -1}, ValueError, r"server_tool_requests\['web_search'\]"),
        ({"web_search": float("nan")}, ValueError, "finite"),
    ],
)
def test_bad_tool_requests_and_regions_are_errors(
    requests: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        compute_cost("gpt-5", 1, 1, server_tool_requests=requests)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="region must be a str"):
        compute_cost("gpt-5", 1, 1, region=1)  # type: ignore[arg-type]


def test_lookup_pricing_gives_the_served_price_with_the_tool_prices() -> None:
    served = lookup_pricing("gpt-4o", at=NOW, service_tier="priority")
    assert served is not None
    assert (served.input_per_million, served.output_per_million) == (4.25, 17.0)
    assert served.cache_read_per_million == 2.125
    assert served.server_tools == (("web_search", 10.0),)
    us = lookup_pricing("claude-opus-4-6", at=NOW, region="us")
    plain = lookup_pricing("claude-opus-4-6", at=NOW)
    assert us is not None
    assert plain is not None
    assert us.input_per_million == pytest.approx(plain.input_per_million * 1.1)
    assert us.cache_write_long_per_million == pytest.approx(
        (plain.cache_write_long_per_million or 0) * 1.1
    )
    assert lookup_pricing("no-such-model", service_tier="batch") is None


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"variants": {"turbo": price(1, 1)}}, "variants keys are service tiers"),
        ({"variants": {"batch": {"input_per_million": -1, "output_per_million": 1}}}, "batch"),
        ({"variants": {"batch": price(1, 1, regions={"us": 1.1})}}, "must not have regions"),
        ({"variants": {"batch": price(1, 1, variants={"flex": price(1, 1)})}}, "variants of"),
        ({"tiers": {10: price(1, 1, server_tools={"web_search": 1})}}, "must not have server"),
        ({"changes": {"2027-01-01": price(1, 1, variants={"batch": price(1, 1)})}}, "variants"),
        ({"regions": {"us": 0}}, r"regions\['us'\] must be > 0"),
        ({"regions": {"": 1.1}}, "non-empty str"),
        ({"server_tools": {"web_search": "x"}}, r"server_tools\['web_search'\]"),
        ({"server_tools": {"web_search": float("inf")}}, "finite"),
    ],
)
def test_model_pricing_validates_the_new_fields(fields: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        price(1, 2, **fields)


def test_the_new_fields_round_trip_and_count_in_equality() -> None:
    dumped = SERVED.model_dump()
    assert set(dumped["variants"]) == {"batch", "priority"}
    assert dumped["server_tools"] == {"web_search": 10.0}
    assert dumped["regions"] == {"*": 1.2, "us": 1.1}
    assert ModelPricing.model_validate(dumped) == SERVED
    assert pickle.loads(pickle.dumps(SERVED)) == SERVED
    assert SERVED.model_copy(update={"regions": {"us": 1.1}}) != SERVED
    assert hash(SERVED) == hash(ModelPricing.model_validate(dumped))
    assert "variants=" in repr(SERVED)


def test_built_in_variants_are_built_at_first_use_and_validate() -> None:
    for model in VARIANTS:
        pricing = DEFAULT_COST_TABLE[model]
        assert pricing.variants, model
        assert ModelPricing.model_validate(pricing.model_dump()) == pricing, model
        for tier, variant in pricing.variants:
            assert tier in SERVICE_TIERS, model
            assert [day for day, _ in variant.changes] == sorted({d for d, _ in variant.changes})


def test_the_variant_data_names_table_rows_only() -> None:
    # Keyed by id like TIERS and CHANGES: a typo would leave a row without its variants.
    for data in (VARIANTS, SERVER_TOOLS, REGIONS, TIERS, CHANGES):
        assert set(data) <= set(DEFAULT_COST_TABLE)
    for model, tools in SERVER_TOOLS.items():
        assert DEFAULT_COST_TABLE[model].server_tools == tuple(sorted(tools)), model
    for model, regions in REGIONS.items():
        assert DEFAULT_COST_TABLE[model].regions == tuple(sorted(regions)), model
    assert {tier for rows in VARIANTS.values() for tier, *_ in rows} <= set(SERVICE_TIERS)


def test_a_dataset_variant_before_its_first_day_is_the_standard_price() -> None:
    # genai-prices dates most variants from the day it recorded them (2026-10-12/14);
    # before it, the table bills the tier at the standard price, as genai-prices does.
    before = "2026-10-01"
    assert compute_cost("gpt-5", 10_000, 1_000, at=before, service_tier="batch") == (
        compute_cost("gpt-5", 10_000, 1_000, at=before)
    )


counts = st.integers(min_value=0, max_value=3_000_000)
VARIANT_IDS = sorted(VARIANTS)


@settings(max_examples=300, deadline=None)
@given(
    model=st.sampled_from(VARIANT_IDS),
    tier=st.sampled_from(SERVICE_TIERS),
    inp=counts,
    out=counts,
    parts=st.tuples(*[st.floats(min_value=0, max_value=1)] * 3),
    searches=st.integers(min_value=0, max_value=1_000),
    when=st.sampled_from(["2025-01-01", "2026-10-13", NOW, "2027-01-01", "2027-03-02"]),
)
def test_a_tier_bills_every_part_at_its_variant_and_adds_the_tools(  # noqa: PLR0917
    model: str,
    tier: str,
    inp: int,
    out: int,
    parts: tuple[float, float, float],
    searches: int,
    when: str,
) -> None:
    read = int(inp * parts[0])
    write = int((inp - read) * parts[1])
    long = int(write * parts[2])
    pricing = DEFAULT_COST_TABLE[model]
    cost = compute_cost(
        model, inp, out, cache_read_tokens=read, cache_write_tokens=write,
        cache_write_long_tokens=long, at=when, service_tier=tier, region="us",
        server_tool_requests={"web_search": searches},
    )  # fmt: skip
    variant = pricing.variant(tier)
    from ractogateway.pricing._model import timestamp

    tokens = cost_usd(variant, inp, out, read, write, long, 0, timestamp(when))
    expected = tokens * pricing.uplift("us") + tools_usd(pricing, (("web_search", searches),))
    assert cost == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert billed_usd(
        pricing, tier, "us", (("web_search", searches),), inp, out, read, write, long, 0,
        timestamp(when),
    ) == pytest.approx(cost, rel=1e-12, abs=1e-15)  # fmt: skip
    # the variant in force is the one the tier names (fast: priority when it has no own)
    found = dict(pricing.variants)
    named = found.get(tier) or (found.get("priority") if tier == "fast" else None)
    assert variant is (named or pricing)


@settings(max_examples=200, deadline=None)
@given(
    model=st.sampled_from(sorted(DEFAULT_COST_TABLE)), inp=counts, out=counts,
    name=st.sampled_from([None, "default", "standard", "auto"]),
)  # fmt: skip
def test_the_standard_tier_prices_every_id_as_before(
    model: str, inp: int, out: int, name: str | None
) -> None:
    assert compute_cost(model, inp, out, at=NOW, service_tier=name) == compute_cost(
        model, inp, out, at=NOW
    )

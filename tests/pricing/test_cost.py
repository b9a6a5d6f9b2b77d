"""compute_cost and lookup_pricing: arithmetic, cache parts, errors, price_table."""

from __future__ import annotations

import inspect
import math

import pytest

from ractogateway.pricing import (
    DEFAULT_COST_TABLE,
    ModelPricing,
    _cost,
    compute_cost,
    lookup_pricing,
)

TABLE = {
    "priced": ModelPricing(input_per_million=2.0, output_per_million=8.0),
    "cached": ModelPricing(
        input_per_million=3.0,
        output_per_million=15.0,
        cache_read_per_million=0.3,
        cache_write_per_million=3.75,
    ),
}


def test_cost_is_tokens_times_price_per_million() -> None:
    cost = compute_cost("priced", 1_500, 250, price_table=TABLE)
    assert cost == pytest.approx((1_500 * 2.0 + 250 * 8.0) / 1_000_000)


def test_default_table_is_used_without_price_table() -> None:
    gpt4o = DEFAULT_COST_TABLE["gpt-4o"]
    assert compute_cost("gpt-4o", 1_000_000, 1_000_000) == pytest.approx(
        gpt4o.input_per_million + gpt4o.output_per_million
    )


def test_unknown_model_costs_zero_and_looks_up_to_none() -> None:
    for _ in range(2):  # the second call answers from the resolution cache
        assert compute_cost("no-such-model-xyz", 1_000, 1_000) == 0.0
        assert lookup_pricing("no-such-model-xyz") is None
    with pytest.raises(ValueError, match="output_tokens"):
        compute_cost("no-such-model-xyz", 1_000, -1)


def test_free_and_unknown_are_told_apart() -> None:
    table = {"free-model": ModelPricing(input_per_million=0, output_per_million=0)}
    assert compute_cost("free-model", 10, 10, price_table=table) == 0.0
    assert lookup_pricing("free-model", price_table=table) == table["free-model"]


def test_cache_parts_are_billed_at_cache_rates() -> None:
    cost = compute_cost(
        "cached", 10_000, 500, cache_read_tokens=6_000, cache_write_tokens=1_000, price_table=TABLE
    )
    expected = (3_000 * 3.0 + 6_000 * 0.3 + 1_000 * 3.75 + 500 * 15.0) / 1_000_000
    assert cost == pytest.approx(expected)


def test_cache_parts_fall_back_to_the_input_rate() -> None:
    with_cache = compute_cost(
        "priced", 10_000, 500, cache_read_tokens=4_000, cache_write_tokens=2_000, price_table=TABLE
    )
    assert with_cache == pytest.approx(compute_cost("priced", 10_000, 500, price_table=TABLE))


def test_float_token_counts_are_accepted() -> None:
    assert compute_cost("priced", 1000.0, 0, price_table=TABLE) == pytest.approx(0.002)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"input_tokens": -1, "output_tokens": 0}, "input_tokens"),
        ({"input_tokens": 0, "output_tokens": -5}, "output_tokens"),
        ({"input_tokens": math.nan, "output_tokens": 0}, "input_tokens"),
        ({"input_tokens": 10, "output_tokens": math.inf}, "output_tokens"),
        ({"input_tokens": True, "output_tokens": 0}, "input_tokens"),
        ({"input_tokens": "10", "output_tokens": 0}, "input_tokens"),
        ({"input_tokens": 10, "output_tokens": 0, "cache_read_tokens": -1}, "cache_read_tokens"),
        ({"input_tokens": 10, "output_tokens": 0, "cache_write_tokens": math.nan}, "cache_write"),
        (
            {
                "input_tokens": 10,
                "output_tokens": 0,
                "cache_read_tokens": 6,
                "cache_write_tokens": 5,
            },
            "must not exceed input_tokens",
        ),
    ],
)
def test_bad_counts_raise_value_error_naming_the_value(
    kwargs: dict[str, object], name: str
) -> None:
    with pytest.raises(ValueError, match=name):
        compute_cost("priced", price_table=TABLE, **kwargs)  # type: ignore[arg-type]


def test_bad_counts_raise_even_for_unknown_models() -> None:
    with pytest.raises(ValueError, match="input_tokens"):
        compute_cost("no-such-model", -1, 0)


@pytest.mark.parametrize("model", [None, 42, b"gpt-4o"])
def test_non_string_model_is_a_type_error(model: object) -> None:
    with pytest.raises(TypeError, match="model"):
        compute_cost(model, 1, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="model"):
        lookup_pricing(model)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "table",
    [{"m": {"input_per_million": 1, "output_per_million": 1}}, {1: TABLE["priced"]}, ["m"]],
)
def test_bad_price_table_is_a_type_error(table: object) -> None:
    with pytest.raises(TypeError, match="price_table"):
        compute_cost("m", 1, 1, price_table=table)  # type: ignore[arg-type]


def test_price_table_overrides_and_extends_the_default() -> None:
    override = ModelPricing(input_per_million=100.0, output_per_million=200.0)
    table = {"gpt-4o": override, "house-model": TABLE["priced"]}
    assert lookup_pricing("gpt-4o", price_table=table) == override
    assert lookup_pricing("openai/GPT-4o", price_table=table) == override
    assert lookup_pricing("house-model", price_table=table) == TABLE["priced"]
    # Entries the override does not name still come from the default table.
    assert lookup_pricing("gpt-4o-mini", price_table=table) == DEFAULT_COST_TABLE["gpt-4o-mini"]
    # The default table itself is untouched.
    assert lookup_pricing("gpt-4o") == DEFAULT_COST_TABLE["gpt-4o"]
    assert "house-model" not in DEFAULT_COST_TABLE


# compute_cost runs as ``_plain_first`` (positional-or-keyword options behind a guard, for
# speed): these tie it to the documented keyword-only contract.


def test_signature_is_the_documented_keyword_only_one() -> None:
    params = list(inspect.signature(compute_cost).parameters.values())
    assert [p.name for p in params[:3]] == ["model", "input_tokens", "output_tokens"]
    assert {p.kind for p in params[:3]} == {inspect.Parameter.POSITIONAL_OR_KEYWORD}
    assert len(params) == 12
    assert {p.kind for p in params[3:]} == {inspect.Parameter.KEYWORD_ONLY}
    assert compute_cost.__name__ == "compute_cost"
    assert compute_cost.__doc__ == _cost._compute_cost.__doc__


def test_plain_first_takes_the_documented_options_in_order_with_their_defaults() -> None:
    documented = list(inspect.signature(_cost._compute_cost).parameters.values())
    running = list(inspect.signature(_cost._plain_first, follow_wrapped=False).parameters.values())
    assert running[3].name == "_keywords"
    del running[3]
    assert [(p.name, p.default) for p in running] == [(p.name, p.default) for p in documented]


@pytest.mark.parametrize("extra", [(0,), (0, 0), (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)])
def test_a_fourth_positional_value_is_a_type_error(extra: tuple[int, ...]) -> None:
    with pytest.raises(TypeError, match="takes 3 positional arguments"):
        compute_cost("gpt-4o", 1_000, 100, *extra)


@pytest.mark.parametrize(
    "model", ["gpt-4o", "openai/GPT-4o-2024-08-06", "gemini-2.5-pro", "gpt-5.6", "no-such-model-q"]
)
@pytest.mark.parametrize(("inp", "out"), [(0, 0), (1_200, 300), (250_000, 9_000), (10**30, 1)])
def test_plain_calls_price_as_the_documented_path(model: str, inp: int, out: int) -> None:
    """Known, alias, tiered, dated and unknown ids, first sight and resolved before."""
    for _ in range(2):
        assert compute_cost(model, inp, out) == _cost._compute_cost(model, inp, out)


def test_plain_path_checks_like_the_documented_one() -> None:
    with pytest.raises(ValueError, match="input_tokens"):
        compute_cost("gpt-4o", 10**400, 1)
    with pytest.raises(TypeError):
        compute_cost(["gpt-4o"], 1, 1)  # type: ignore[arg-type]

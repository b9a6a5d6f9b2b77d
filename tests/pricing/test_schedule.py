"""Context tiers (the cliff), dated prices, long cache writes and reasoning parts."""

from __future__ import annotations

import datetime
import json
import math
import pickle
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ractogateway.pricing import ModelPricing, compute_cost, lookup_pricing

UTC = datetime.timezone.utc
TIER = ModelPricing(
    input_per_million=6.0,
    output_per_million=22.5,
    cache_read_per_million=0.6,
    cache_write_per_million=7.5,
    cache_write_long_per_million=12.0,
)
TIERED = ModelPricing(
    input_per_million=3.0,
    output_per_million=15.0,
    cache_read_per_million=0.3,
    cache_write_per_million=3.75,
    cache_write_long_per_million=6.0,
    tiers={200_000: TIER},
)
DATED = ModelPricing(
    input_per_million=2.0,
    output_per_million=10.0,
    cache_read_per_million=0.1,
    changes={
        "2026-12-01": ModelPricing(
            input_per_million=4.0,
            output_per_million=20.0,
            cache_read_per_million=0.2,
            tiers={200_000: ModelPricing(input_per_million=8.0, output_per_million=30.0)},
        ),
        "2027-01-01": ModelPricing(input_per_million=5.0, output_per_million=25.0),
    },
)
TABLE = {"tiered": TIERED, "dated": DATED}
#: 2026-12-01T00:00:00Z, the first dated change.
CHANGE_S = datetime.datetime(2026, 12, 1, tzinfo=UTC).timestamp()


def cost(model: str, *args: int, **kwargs: object) -> float:
    return compute_cost(model, *args, price_table=TABLE, **kwargs)  # type: ignore[arg-type]


# --- tiers: above the threshold, every token of the call bills at the tier's rates


@pytest.mark.parametrize(
    ("input_tokens", "rates"), [(199_999, TIERED), (200_000, TIERED), (200_001, TIER)]
)
def test_tier_applies_one_token_above_the_threshold(input_tokens: int, rates: ModelPricing) -> None:
    expected = (input_tokens * rates.input_per_million + 1_000 * rates.output_per_million) / 1e6
    assert cost("tiered", input_tokens, 1_000) == pytest.approx(expected, rel=1e-12)


def test_the_cliff_bills_every_part_of_the_call_at_the_tier() -> None:
    # 150k fresh + 40k cache read + 20k cache write (5k of it long) = 210k input.
    got = cost(
        "tiered",
        210_000,
        3_000,
        cache_read_tokens=40_000,
        cache_write_tokens=20_000,
        cache_write_long_tokens=5_000,
        reasoning_tokens=1_000,
    )
    expected = (150_000 * 6.0 + 40_000 * 0.6 + 15_000 * 7.5 + 5_000 * 12.0 + 3_000 * 22.5) / 1e6
    assert got == pytest.approx(expected, rel=1e-12)


def test_the_cached_tokens_count_towards_the_threshold() -> None:
    # Only 100 fresh tokens, but 200_001 in all: the tier applies.
    got = cost("tiered", 200_001, 0, cache_read_tokens=199_901)
    assert got == pytest.approx((100 * 6.0 + 199_901 * 0.6) / 1e6, rel=1e-12)


def test_the_highest_threshold_below_the_input_wins() -> None:
    tiers = {
        128_000: ModelPricing(input_per_million=2.0, output_per_million=2.0),
        1_000_000: ModelPricing(input_per_million=3.0, output_per_million=3.0),
    }
    table = {"m": ModelPricing(input_per_million=1.0, output_per_million=1.0, tiers=tiers)}
    rates = [compute_cost("m", n, 0, price_table=table) / n * 1e6 for n in (10, 500_000, 2 * 10**6)]
    assert rates == pytest.approx([1.0, 2.0, 3.0])


def test_a_tier_without_cache_rates_bills_cached_tokens_at_its_input_rate() -> None:
    table = {
        "m": ModelPricing(
            input_per_million=1.0,
            output_per_million=1.0,
            cache_read_per_million=0.1,
            tiers={10: ModelPricing(input_per_million=2.0, output_per_million=2.0)},
        )
    }
    assert compute_cost("m", 100, 0, cache_read_tokens=50, price_table=table) == pytest.approx(
        100 * 2.0 / 1e6
    )


# --- dated prices: the latest change on or before the call's UTC date applies


@pytest.mark.parametrize(
    ("at", "rate"),
    [
        (CHANGE_S - 1, 2.0),  # 2026-11-30T23:59:59Z
        (CHANGE_S, 4.0),
        (CHANGE_S + 86_400 * 30, 4.0),  # 2026-12-31
        (CHANGE_S + 86_400 * 31, 5.0),  # 2027-01-01
        (0, 2.0),
    ],
)
def test_the_change_in_force_on_the_call_date_applies(at: float, rate: float) -> None:
    assert cost("dated", 100_000, 0, at=at) == pytest.approx(rate / 10)
    assert lookup_pricing("dated", TABLE, at=at).input_per_million == rate  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "at",
    [
        datetime.datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        datetime.datetime(2026, 12, 1, 0, 0),  # naive: UTC
        datetime.datetime(
            2026, 11, 30, 19, 0, tzinfo=datetime.timezone(-datetime.timedelta(hours=5))
        ),
        datetime.date(2026, 12, 1),
        "2026-12-01",
        CHANGE_S,
        int(CHANGE_S),
    ],
)
def test_every_form_of_the_call_time_means_the_same_instant(at: object) -> None:
    assert cost("dated", 100_000, 0, at=at) == pytest.approx(0.4)


def test_naive_datetimes_are_utc_not_local_time() -> None:
    just_before = datetime.datetime(2026, 11, 30, 23, 59, 59)
    assert cost("dated", 100_000, 0, at=just_before) == pytest.approx(0.2)


def test_no_time_means_now() -> None:
    now = time.time()
    expected = 5.0 if now >= CHANGE_S + 86_400 * 31 else 4.0 if now >= CHANGE_S else 2.0
    assert cost("dated", 100_000, 0) == pytest.approx(expected / 10)
    assert lookup_pricing("dated", TABLE).input_per_million == expected  # type: ignore[union-attr]


def test_a_change_brings_its_own_tiers() -> None:
    assert cost("dated", 300_000, 0, at=CHANGE_S - 1) == pytest.approx(0.6)  # 2.0, no tiers
    assert cost("dated", 300_000, 0, at=CHANGE_S) == pytest.approx(2.4)  # the 8.0 tier


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01", b"2026", [CHANGE_S], math.nan, True])
def test_a_bad_time_is_a_type_error(at: object) -> None:
    with pytest.raises(TypeError, match="at="):
        cost("dated", 1, 1, at=at)
    with pytest.raises(TypeError, match="at="):
        lookup_pricing("dated", TABLE, at=at)


def test_a_simple_price_ignores_the_time() -> None:
    simple = {"m": ModelPricing(input_per_million=1.0, output_per_million=1.0)}
    assert compute_cost("m", 10**6, 0, price_table=simple, at=0) == pytest.approx(1.0)
    assert lookup_pricing("m", simple, at=0) is simple["m"]


# --- long cache writes and reasoning: parts of the write and of the output


def test_long_writes_bill_at_their_own_rate() -> None:
    got = cost("tiered", 10_000, 0, cache_write_tokens=4_000, cache_write_long_tokens=3_000)
    assert got == pytest.approx((6_000 * 3.0 + 1_000 * 3.75 + 3_000 * 6.0) / 1e6, rel=1e-12)


def test_long_writes_fall_back_to_the_write_rate_then_the_input_rate() -> None:
    table = {
        "write": ModelPricing(
            input_per_million=1.0, output_per_million=1.0, cache_write_per_million=1.25
        ),
        "plain": ModelPricing(input_per_million=1.0, output_per_million=1.0),
    }
    kwargs = {"cache_write_tokens": 1_000, "cache_write_long_tokens": 1_000, "price_table": table}
    assert compute_cost("write", 1_000, 0, **kwargs) == pytest.approx(1.25e-3)  # type: ignore[arg-type]
    assert compute_cost("plain", 1_000, 0, **kwargs) == pytest.approx(1e-3)  # type: ignore[arg-type]


def test_reasoning_bills_at_the_output_rate_unless_the_model_has_its_own() -> None:
    table = {
        "plain": ModelPricing(input_per_million=1.0, output_per_million=10.0),
        "own": ModelPricing(
            input_per_million=1.0, output_per_million=10.0, reasoning_per_million=4.0
        ),
    }
    plain = compute_cost("plain", 0, 1_000, reasoning_tokens=600, price_table=table)
    assert plain == pytest.approx(compute_cost("plain", 0, 1_000, price_table=table))
    own = compute_cost("own", 0, 1_000, reasoning_tokens=600, price_table=table)
    assert own == pytest.approx((400 * 10.0 + 600 * 4.0) / 1e6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cache_write_tokens": 10, "cache_write_long_tokens": 11}, "cache_write_long_tokens"),
        ({"cache_write_long_tokens": 1}, "cache_write_long_tokens"),
        ({"reasoning_tokens": 101}, "reasoning_tokens"),
        ({"reasoning_tokens": -1}, "reasoning_tokens"),
        ({"cache_write_long_tokens": math.nan}, "cache_write_long_tokens"),
    ],
)
def test_a_part_larger_than_its_whole_is_a_value_error(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        cost("tiered", 1_000, 100, **kwargs)


@pytest.mark.parametrize("count", [10**400, -(10**400)])
def test_a_count_beyond_float_range_is_a_value_error(count: int) -> None:
    with pytest.raises(ValueError, match="input_tokens"):
        compute_cost("gpt-4o", count, 0)


# --- ModelPricing's new parts: validation, value semantics, round trips


def test_tiers_and_changes_are_sorted_pairs() -> None:
    assert TIERED.tiers == ((200_000, TIER),)
    assert [day for day, _ in DATED.changes] == ["2026-12-01", "2027-01-01"]
    assert TIERED.at() is TIERED  # no changes: the price itself


def test_round_trips_keep_tiers_and_changes() -> None:
    for price in (TIERED, DATED):
        dumped = price.model_dump()
        assert ModelPricing.model_validate(dumped) == price
        assert ModelPricing.model_validate(json.loads(json.dumps(dumped))) == price
        assert pickle.loads(pickle.dumps(price)) == price
        assert hash(ModelPricing.model_validate(dumped)) == hash(price)
        assert price.model_copy(update={}) is price
    assert DATED.model_dump()["changes"]["2027-01-01"]["input_per_million"] == 5.0
    assert TIERED.model_dump()["tiers"][200_000]["output_per_million"] == 22.5


def test_prices_differing_only_in_a_tier_are_not_equal() -> None:
    other = TIERED.model_copy(
        update={"tiers": {200_000: TIER.model_copy(update={"input_per_million": 7})}}
    )
    assert other != TIERED
    assert len({TIERED, other}) == 2


def test_a_pickle_of_0_3_0_still_loads() -> None:
    from ractogateway.pricing._model import _rebuild

    old = _rebuild(2.5, 10.0, 1.25, None)  # what a 0.3.0 pickle calls
    assert old == ModelPricing(
        input_per_million=2.5, output_per_million=10.0, cache_read_per_million=1.25
    )


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ({"tiers": {-1: TIER}}, "tiers keys"),
        ({"tiers": {"1e5": TIER}}, "tiers keys"),
        ({"tiers": {True: TIER}}, "tiers keys"),
        (
            {"tiers": {10: {"input_per_million": -1, "output_per_million": 1}}},
            r"tiers\[10\].*input_per_million",
        ),
        ({"tiers": {10: TIERED}}, "must not have tiers"),
        ({"tiers": {10: DATED}}, "must not have changes"),
        ({"tiers": {10: TIER, "10": TIER}}, "twice"),
        ({"tiers": [1, 2]}, "tiers must be a mapping"),
        ({"changes": {"2026-02-30": TIER}}, "changes keys"),
        ({"changes": {"20261201": TIER}}, "changes keys"),
        ({"changes": {datetime.datetime(2026, 12, 1): TIER}}, "UTC days"),
        ({"changes": {"2026-12-01": DATED}}, "must not have changes"),
        ({"changes": {"2026-12-01": {"input_per_million": 1}}}, "missing required"),
        ({"changes": {"2026-12-01": TIER, datetime.date(2026, 12, 1): TIER}}, "twice"),
    ],
)
def test_invalid_tiers_and_changes_name_what_is_wrong(
    update: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        TIERED.model_copy(update=update)


def test_prices_beyond_float_range_are_a_value_error_naming_the_field() -> None:
    with pytest.raises(ValueError, match="cache_write_long_per_million") as info:
        ModelPricing(
            input_per_million=1, output_per_million=1, cache_write_long_per_million=10**400
        )
    assert len(str(info.value)) < 200  # the value is described, not printed in full


def test_the_repr_shows_what_is_set() -> None:
    text = repr(DATED)
    assert "changes=(('2026-12-01'" in text
    assert "reasoning_per_million" not in text


# --- properties


rates = st.floats(min_value=0, max_value=1_000, allow_nan=False)


@st.composite
def tiered_prices(draw: st.DrawFn) -> ModelPricing:
    def flat() -> ModelPricing:
        return ModelPricing(
            input_per_million=draw(rates),
            output_per_million=draw(rates),
            cache_read_per_million=draw(st.none() | rates),
            cache_write_per_million=draw(st.none() | rates),
            cache_write_long_per_million=draw(st.none() | rates),
            reasoning_per_million=draw(st.none() | rates),
        )

    thresholds = draw(st.lists(st.integers(0, 10**7), max_size=3, unique=True))
    return flat().model_copy(update={"tiers": {t: flat() for t in thresholds}})


@given(tiered_prices(), st.data())
def test_the_cost_is_the_calls_tier_rates_times_its_parts(
    price: ModelPricing, data: st.DataObject
) -> None:
    inputs = data.draw(st.integers(0, 2 * 10**7))
    read = data.draw(st.integers(0, inputs))
    write = data.draw(st.integers(0, inputs - read))
    long = data.draw(st.integers(0, write))
    output = data.draw(st.integers(0, 10**6))
    reasoning = data.draw(st.integers(0, output))
    # An independent reading of the rule: the highest threshold strictly below the input.
    below = [(t, tier) for t, tier in price.tiers if inputs > t]
    rates_ = max(below, key=lambda pair: pair[0])[1] if below else price
    r_in, r_out = rates_.input_per_million, rates_.output_per_million
    r_read = r_in if rates_.cache_read_per_million is None else rates_.cache_read_per_million
    r_write = r_in if rates_.cache_write_per_million is None else rates_.cache_write_per_million
    r_long = (
        r_write
        if rates_.cache_write_long_per_million is None
        else rates_.cache_write_long_per_million
    )
    r_reason = r_out if rates_.reasoning_per_million is None else rates_.reasoning_per_million
    expected = (
        (inputs - read - write) * r_in
        + read * r_read
        + (write - long) * r_write
        + long * r_long
        + (output - reasoning) * r_out
        + reasoning * r_reason
    ) / 1e6
    got = compute_cost(
        "m",
        inputs,
        output,
        cache_read_tokens=read,
        cache_write_tokens=write,
        cache_write_long_tokens=long,
        reasoning_tokens=reasoning,
        price_table={"m": price},
    )
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert got >= 0


@given(
    st.lists(
        st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    st.data(),
)
def test_the_latest_change_on_or_before_the_day_applies(
    days: list[datetime.date], data: st.DataObject
) -> None:
    changes = {
        day: ModelPricing(input_per_million=float(i + 1), output_per_million=0)
        for i, day in enumerate(sorted(days))
    }
    price = ModelPricing(input_per_million=0.5, output_per_million=0, changes=changes)
    when = data.draw(st.datetimes(datetime.datetime(1999, 1, 1), datetime.datetime(2100, 12, 31)))
    in_force = [p for day, p in changes.items() if day <= when.date()]
    expected = in_force[-1].input_per_million if in_force else 0.5
    assert price.at(when).input_per_million == expected
    assert compute_cost("m", 10**6, 0, price_table={"m": price}, at=when) == pytest.approx(expected)

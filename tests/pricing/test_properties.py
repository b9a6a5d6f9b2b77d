"""Property-based tests: linearity, non-negativity, resolution consistency."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ractogateway.pricing import DEFAULT_COST_TABLE, compute_cost, lookup_pricing
from ractogateway.pricing._resolve import PREFIXES, base_aliases

MODELS = sorted(DEFAULT_COST_TABLE)
# Cost is linear in the tokens only within one set of rates: a context tier bills every token of
# a call above its threshold at the tier's rates (the cliff), so these models are left out here.
UNTIERED = [
    model
    for model, price in sorted(DEFAULT_COST_TABLE.items())
    if not price.tiers and not any(change.tiers for _, change in price.changes)
]
tokens = st.integers(min_value=0, max_value=10**9)
DATES = st.dates(datetime.date(2020, 1, 1), datetime.date(2099, 12, 31)).map(
    lambda d: d.strftime("%Y%m%d")
)


@given(st.sampled_from(UNTIERED), tokens, tokens, tokens, tokens)
def test_cost_is_additive_in_tokens(model: str, i1: int, o1: int, i2: int, o2: int) -> None:
    whole = compute_cost(model, i1 + i2, o1 + o2)
    parts = compute_cost(model, i1, o1) + compute_cost(model, i2, o2)
    assert whole == pytest.approx(parts, rel=1e-9, abs=1e-12)


@given(st.sampled_from(UNTIERED), tokens, tokens, st.integers(min_value=0, max_value=1000))
def test_cost_scales_linearly(model: str, inp: int, out: int, k: int) -> None:
    assert compute_cost(model, k * inp, k * out) == pytest.approx(
        k * compute_cost(model, inp, out), rel=1e-9, abs=1e-12
    )


@given(st.sampled_from(MODELS), tokens, tokens, st.data())
def test_cost_is_non_negative_and_cache_never_costs_more_than_reads_at_input_rate(
    model: str, inp: int, out: int, data: st.DataObject
) -> None:
    read = data.draw(st.integers(min_value=0, max_value=inp))
    cost = compute_cost(model, inp, out, cache_read_tokens=read)
    assert cost >= 0.0
    assert cost <= compute_cost(model, inp, out) + 1e-12


@given(
    st.sampled_from(MODELS),
    st.lists(st.sampled_from(PREFIXES), max_size=2),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.sampled_from(["", " "]),
)
def test_prefixes_case_and_blanks_resolve_to_the_same_entry(
    model: str, prefixes: list[str], case: object, pad: str
) -> None:
    query = pad + case("".join(prefixes) + model) + pad  # type: ignore[operator]
    # lookup_pricing gives the price in force now (dated changes resolved).
    assert lookup_pricing(query) == DEFAULT_COST_TABLE[model].at()


@given(st.sampled_from(MODELS), DATES)
def test_unknown_dated_snapshot_resolves_to_its_base_model(model: str, date: str) -> None:
    # Any table entry with a new date appended prices as the entry itself, unless the
    # dated id is an entry of its own.
    query = f"{model}-{date}"
    expected = DEFAULT_COST_TABLE.get(query, DEFAULT_COST_TABLE[model])
    assert lookup_pricing(query) == expected.at()


def test_every_snapshot_family_alias_points_at_a_priced_entry() -> None:
    for base, key in base_aliases().items():
        assert lookup_pricing(base) == DEFAULT_COST_TABLE[key].at()

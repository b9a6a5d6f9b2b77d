"""Property-based tests: linearity, non-negativity, resolution consistency."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ractogateway.pricing import DEFAULT_COST_TABLE, compute_cost, lookup_pricing
from ractogateway.pricing._resolve import PREFIXES, base_aliases

MODELS = sorted(DEFAULT_COST_TABLE)
#: A fixed time, so that a dated change cannot fall between the calls one property compares.
AT = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.timezone.utc)
tokens = st.integers(min_value=0, max_value=10**9)


def _first_threshold(model: str) -> int:
    """Input tokens up to which every call of ``model`` bills at one tier (the cliff)."""
    thresholds = [above for above, _ in lookup_pricing(model, at=AT).tiers]  # type: ignore[union-attr]
    return min(thresholds, default=10**9)


DATES = st.dates(datetime.date(2020, 1, 1), datetime.date(2099, 12, 31)).map(
    lambda d: d.strftime("%Y%m%d")
)


@given(st.sampled_from(MODELS), st.data(), tokens, tokens)
def test_cost_is_additive_in_tokens_within_a_tier(
    model: str, data: st.DataObject, o1: int, o2: int
) -> None:
    limit = _first_threshold(model)
    i1 = data.draw(st.integers(min_value=0, max_value=limit))
    i2 = data.draw(st.integers(min_value=0, max_value=limit - i1))
    whole = compute_cost(model, i1 + i2, o1 + o2, at=AT)
    parts = compute_cost(model, i1, o1, at=AT) + compute_cost(model, i2, o2, at=AT)
    assert whole == pytest.approx(parts, rel=1e-9, abs=1e-12)


@given(st.sampled_from(MODELS), st.data(), tokens, st.integers(min_value=0, max_value=1000))
def test_cost_scales_linearly_within_a_tier(
    model: str, data: st.DataObject, out: int, k: int
) -> None:
    inp = data.draw(st.integers(min_value=0, max_value=_first_threshold(model) // max(k, 1)))
    assert compute_cost(model, k * inp, k * out, at=AT) == pytest.approx(
        k * compute_cost(model, inp, out, at=AT), rel=1e-9, abs=1e-12
    )


@given(st.sampled_from(MODELS), tokens, tokens, tokens)
def test_more_input_never_costs_less(model: str, inp: int, more: int, out: int) -> None:
    # The cliff makes cost jump up at a threshold, never down.
    assert compute_cost(model, inp + more, out, at=AT) >= compute_cost(model, inp, out, at=AT)


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
    assert lookup_pricing(query, at=AT) == DEFAULT_COST_TABLE[model].at(AT)


@given(st.sampled_from(MODELS), DATES)
def test_unknown_dated_snapshot_resolves_to_its_base_model(model: str, date: str) -> None:
    # Any table entry with a new date appended prices as the entry itself, unless the
    # dated id is an entry of its own.
    query = f"{model}-{date}"
    expected = DEFAULT_COST_TABLE.get(query, DEFAULT_COST_TABLE[model])
    assert lookup_pricing(query, at=AT) == expected.at(AT)


def test_every_snapshot_family_alias_points_at_a_priced_entry() -> None:
    for base, key in base_aliases().items():
        assert lookup_pricing(base, at=AT) == DEFAULT_COST_TABLE[key].at(AT)

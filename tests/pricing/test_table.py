"""DEFAULT_COST_TABLE: coverage, provenance, immutability."""

from __future__ import annotations

import datetime
import pickle

import pytest

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, lookup_pricing
from ractogateway.pricing._data import ENTRIES
from ractogateway.pricing._model import _RATES as RATE_FIELDS
from ractogateway.pricing._table import CHECKED_ON, SOURCES, entry_info

ENTRY_INFO = entry_info()

# Every model API.md names (retired or not): users' logs still carry them.
NAMED_IN_API = [
    "gpt-4o",
    "gpt-4o-mini",
    "o1",
    "o3-mini",
    "claude-3-opus",
    "claude-3-sonnet",
    "claude-3-haiku",
    "claude-3-5-sonnet",
    "claude-3-5-haiku",
    "claude-3-7-sonnet",
    "claude-sonnet-4",
    "claude-opus-4",
    "gemini-2.0-flash",
    "gemini-2.5-pro",
    "gemini-1.5-pro",
    "gemini-1.5-flash",
]


def test_table_is_large_and_covers_the_three_providers() -> None:
    assert len(DEFAULT_COST_TABLE) > 100
    providers = {info.provider for info in ENTRY_INFO.values()}
    assert providers == {"openai", "anthropic", "google"}
    for provider in providers:
        assert sum(info.provider == provider for info in ENTRY_INFO.values()) >= 10


@pytest.mark.parametrize("model", NAMED_IN_API)
def test_models_named_in_the_api_are_priced(model: str) -> None:
    pricing = lookup_pricing(model)
    assert pricing is not None, model
    assert pricing.input_per_million > 0


def test_every_entry_has_provenance_and_a_date() -> None:
    assert set(ENTRY_INFO) == set(DEFAULT_COST_TABLE)
    latest = datetime.date.fromisoformat(CHECKED_ON)
    for model, info in ENTRY_INFO.items():
        checked = datetime.date.fromisoformat(info.checked_on)
        assert checked <= latest, model
        assert info.source in SOURCES, model
        assert model == model.strip().lower(), f"table keys are canonical: {model!r}"


def test_every_entry_is_unique_and_passes_validation() -> None:
    ids = [entry[0] for entry in ENTRIES]
    assert len(ids) == len(set(ids)) == len(DEFAULT_COST_TABLE)
    for model, provider, inp, out, read, write, write_long, _checked, _source in ENTRIES:
        assert provider in {"openai", "anthropic", "google"}, model
        trusted = DEFAULT_COST_TABLE[model]
        assert (inp, out, read, write, write_long) == (
            trusted.input_per_million,
            trusted.output_per_million,
            trusted.cache_read_per_million,
            trusted.cache_write_per_million,
            trusted.cache_write_long_per_million,
        ), model
        # Built without validation at import: validating its dump must give it back
        # (finite prices >= 0, valid dates and thresholds, tiers and changes in order).
        assert ModelPricing.model_validate(trusted.model_dump()) == trusted, model
        rates = [trusted, *(tier for _, tier in trusted.tiers)]
        rates += [change for _, change in trusted.changes]
        rates += [tier for _, change in trusted.changes for _, tier in change.tiers]
        for price in rates:
            values = [getattr(price, field) for field in RATE_FIELDS]
            assert all(type(v) is float for v in values if v is not None), model


def test_embedding_models_have_no_output_price() -> None:
    embeddings = [m for m in DEFAULT_COST_TABLE if "embedding" in m]
    assert embeddings
    for model in embeddings:
        assert DEFAULT_COST_TABLE[model].output_per_million == 0.0, model


def test_cache_prices_are_below_or_at_input_for_reads() -> None:
    for model, price in DEFAULT_COST_TABLE.items():
        if price.cache_read_per_million is not None:
            assert price.cache_read_per_million <= price.input_per_million, model


def test_default_table_is_a_read_only_dict() -> None:
    assert isinstance(DEFAULT_COST_TABLE, dict)
    price = ModelPricing(input_per_million=1, output_per_million=1)
    with pytest.raises(TypeError, match="read-only"):
        DEFAULT_COST_TABLE["gpt-4o"] = price
    with pytest.raises(TypeError, match="read-only"):
        DEFAULT_COST_TABLE.update({"x": price})
    with pytest.raises(TypeError, match="read-only"):
        del DEFAULT_COST_TABLE["gpt-4o"]
    with pytest.raises(TypeError, match="read-only"):
        DEFAULT_COST_TABLE.pop("gpt-4o")
    merged = {**DEFAULT_COST_TABLE, "x": price}
    assert merged["x"] == price
    assert "x" not in DEFAULT_COST_TABLE


def test_default_table_pickles_as_itself() -> None:
    assert pickle.loads(pickle.dumps(DEFAULT_COST_TABLE)) == DEFAULT_COST_TABLE

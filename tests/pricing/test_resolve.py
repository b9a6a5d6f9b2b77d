"""Model-id resolution: prefixes, case, dated snapshots; bounded cache."""

from __future__ import annotations

import pytest

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, lookup_pricing
from ractogateway.pricing._resolve import CACHE_SIZE, PriceResolver, candidates


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("gpt-4o", "gpt-4o"),
        ("openai/gpt-4o", "gpt-4o"),
        ("GPT-4o", "gpt-4o"),
        ("  gpt-4o-mini ", "gpt-4o-mini"),
        ("openai/gpt-4o-mini-2099-01-01", "gpt-4o-mini"),
        ("anthropic/claude-3-5-haiku-20991231", "claude-3-5-haiku"),
        ("claude-3-5-haiku-latest", "claude-3-5-haiku"),
        ("models/gemini-2.0-flash", "gemini-2.0-flash"),
        ("gemini/gemini-2.0-flash-999", "gemini-2.0-flash"),
        ("google/gemini-2.5-pro", "gemini-2.5-pro"),
    ],
)
def test_aliases_resolve_to_the_table_entry(query: str, key: str) -> None:
    found = PriceResolver().resolve(query)
    assert found is not None
    assert found[1] == DEFAULT_COST_TABLE[found[0]]
    assert lookup_pricing(query) == found[1].at()
    # The family's own entry, or (a family the table spells with dates only) a snapshot of it.
    assert found[0] == key or found[0].startswith(key + "-")


def test_snapshot_with_its_own_price_keeps_it() -> None:
    base = DEFAULT_COST_TABLE["gpt-4o"]
    snapshot = DEFAULT_COST_TABLE["gpt-4o-2024-05-13"]
    assert snapshot != base
    assert lookup_pricing("gpt-4o-2024-05-13") == snapshot
    assert lookup_pricing("openai/GPT-4o-2024-05-13") == snapshot


@pytest.mark.parametrize(
    ("model", "stripped"),
    [
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("claude-3-opus-20240229", "claude-3-opus"),
        ("claude-3-opus@20240229", "claude-3-opus"),
        ("gpt-4-0613", "gpt-4"),
        ("gemini-1.5-pro-002", "gemini-1.5-pro"),
        ("claude-3-5-sonnet-latest", "claude-3-5-sonnet"),
        ("text-embedding-3-small", "text-embedding-3-small"),
        ("o1", "o1"),
        ("gpt-4o-mini", "gpt-4o-mini"),
    ],
)
def test_candidates_end_with_the_snapshot_stripped(model: str, stripped: str) -> None:
    assert candidates(model)[-1] == stripped
    assert candidates(model)[0] == model


def test_candidates_strip_stacked_prefixes_and_case() -> None:
    assert candidates("Gemini/models/Gemini-2.0-Flash") == [
        "Gemini/models/Gemini-2.0-Flash",
        "gemini-2.0-flash",
    ]


def test_unknown_ids_do_not_grow_the_cache_without_bound() -> None:
    resolver = PriceResolver()
    for i in range(CACHE_SIZE + 500):
        assert resolver.lookup(f"unknown-model-{i}") is None
    assert len(resolver.cache) <= CACHE_SIZE + len(DEFAULT_COST_TABLE)
    # Past the bound, lookups still answer correctly.
    assert resolver.lookup("openai/gpt-4o") == DEFAULT_COST_TABLE["gpt-4o"]


def test_known_ids_are_pre_resolved() -> None:
    resolver = PriceResolver()
    assert set(DEFAULT_COST_TABLE) <= set(resolver.cache)


def test_a_family_alias_follows_an_override_of_its_snapshot() -> None:
    found = PriceResolver().resolve("claude-3-5-haiku")
    assert found is not None
    snapshot = found[0]
    assert snapshot != "claude-3-5-haiku"  # the family is spelled with dates only
    override = ModelPricing(input_per_million=42.0, output_per_million=42.0)
    resolved = PriceResolver({snapshot: override}).resolve("claude-3-5-haiku")
    assert resolved == (snapshot, override)

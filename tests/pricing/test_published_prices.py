"""A fixed sample of calls on tiered, dated and long-write ids, priced as the datasets price them.

Each expected figure was computed by genai-prices 0.2.3's ``calc_price(Usage(input_tokens=...,
cache_read_tokens=..., cache_write_tokens=..., cache_write_1h_tokens=..., output_tokens=...),
model, provider_id=..., genai_request_timestamp=...)``, except the OpenAI 12-hour cache write,
which genai-prices has no price for: that one is litellm 1.110.2's per-token prices times the
tokens. The variant calls (``VARIANT_SAMPLE``: a call served at a service tier) were computed by
genai-prices 0.2.5's ``calc_price(..., price_context=...)`` with its request context for the tier
(``processing=batch``, ``service_tier=flex|priority|fast|ultrafast``, Anthropic's ``speed=fast``);
they include the figures of issue 21's table. The comment next to each figure shows the
arithmetic (tokens x USD per 1M tokens), so a reader can check it without either dataset;
``nox -s prices`` compares the whole table with both on many more calls. These tests need
neither dataset, so a regression in the arithmetic of tiers, dates, long writes or variants
fails the ordinary test run.

Token counts follow ``compute_cost``: ``input`` includes the cached tokens, and
``cache_write_long`` is the part of ``cache_write`` written with long retention.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

import pytest

from ractogateway.pricing import DEFAULT_COST_TABLE, compute_cost
from ractogateway.pricing._data import CHANGES, TIERS

UTC = datetime.timezone.utc
TODAY = datetime.datetime(2026, 12, 1, 12, tzinfo=UTC)


def at(  # noqa: PLR0917 - a datetime's fields, in order
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


class Call(NamedTuple):
    """Token counts of one call, as ``compute_cost`` takes them (parts within their wholes)."""

    input: int
    output: int
    cache_read: int = 0
    cache_write: int = 0
    cache_write_long: int = 0


# (model, call, when, expected USD)
SAMPLE = [
    # The figure: above 272k input tokens every token bills at the tier's rates.
    pytest.param(
        "gpt-5.5-pro",
        Call(300_000, 4_000),
        TODAY,
        19.08,  # 300,000 x $60 + 4,000 x $270 (per 1M tokens) = 18.00 + 1.08
        id="gpt-5.5-pro-above-272k",
    ),
    # One token below, at and above the threshold: the tier applies above it only.
    pytest.param(
        "gpt-5.5-pro",
        Call(271_999, 4_000),
        TODAY,
        8.87997,  # 271,999 x $30 + 4,000 x $180 = 8.15997 + 0.72
        id="gpt-5.5-pro-one-below",
    ),
    pytest.param(
        "gpt-5.5-pro",
        Call(272_000, 4_000),
        TODAY,
        8.88,  # 272,000 x $30 + 4,000 x $180 = 8.16 + 0.72
        id="gpt-5.5-pro-at",
    ),
    pytest.param(
        "gpt-5.5-pro",
        Call(272_001, 4_000),
        TODAY,
        17.40006,  # 272,001 x $60 + 4,000 x $270 = 16.32006 + 1.08
        id="gpt-5.5-pro-one-above",
    ),
    # Cached tokens count towards the threshold and bill at the tier's cache rate.
    pytest.param(
        "gpt-5.5",
        Call(300_000, 4_000, cache_read=100_000),
        TODAY,
        2.28,  # 200,000 x $10 + 100,000 x $1 (read) + 4,000 x $45 = 2.00 + 0.10 + 0.18
        id="gpt-5.5-cached-above-272k",
    ),
    # claude-haiku-5-5 at and just above 100k, with reads, 5-minute and 1-hour writes.
    pytest.param(
        "claude-haiku-5-5",
        Call(100_000, 2_000, cache_read=50_000, cache_write=10_000, cache_write_long=4_000),
        TODAY,
        # 40,000 x $0.10 + 50,000 x $0.01 (read) + 6,000 x $0.125 (5m write)
        # + 4,000 x $0.20 (1h write) + 2,000 x $0.50 = 0.004 + 0.0005 + 0.00075 + 0.0008 + 0.001
        0.00705,
        id="claude-haiku-5-5-at-100k",
    ),
    pytest.param(
        "claude-haiku-5-5",
        Call(100_001, 2_000, cache_read=50_000, cache_write=10_000, cache_write_long=4_000),
        TODAY,
        # 40,001 x $0.50 + 50,000 x $0.05 + 6,000 x $0.625 + 4,000 x $1.00 + 2,000 x $2.50
        # = 0.0200005 + 0.0025 + 0.00375 + 0.004 + 0.005
        0.0352505,
        id="claude-haiku-5-5-above-100k",
    ),
    # Anthropic 1-hour writes bill at 2x input, 5-minute ones at 1.25x.
    pytest.param(
        "claude-opus-4-5",
        Call(10_000, 1_000, cache_write=10_000, cache_write_long=10_000),
        TODAY,
        0.125,  # 10,000 x $10 (1h write) + 1,000 x $25 = 0.10 + 0.025
        id="claude-opus-4-5-1h-write",
    ),
    pytest.param(
        "claude-opus-4-5",
        Call(10_000, 1_000, cache_write=10_000),
        TODAY,
        0.0875,  # 10,000 x $6.25 (5m write) + 1,000 x $25 = 0.0625 + 0.025
        id="claude-opus-4-5-5m-write",
    ),
    # gemini-4-argon doubled at 00:00 UTC on 2026-12-01.
    pytest.param(
        "gemini-4-argon",
        Call(1_000_000, 100_000),
        at(2026, 11, 30, 23, 59, 59),
        3.0,  # 1,000,000 x $2 + 100,000 x $10 = 2.0 + 1.0
        id="gemini-4-argon-day-before",
    ),
    pytest.param(
        "gemini-4-argon",
        Call(1_000_000, 100_000),
        at(2026, 12, 1),
        6.0,  # 1,000,000 x $4 + 100,000 x $20 = 4.0 + 2.0
        id="gemini-4-argon-day-of",
    ),
    # Scheduled: gemini-flash-latest (gemini-3.8-flash) doubles on 2027-01-01.
    pytest.param(
        "gemini-flash-latest",
        Call(1_000_000, 0),
        at(2026, 12, 31, 23, 59, 59),
        0.75,  # 1,000,000 x $0.75
        id="gemini-flash-latest-2026",
    ),
    pytest.param(
        "gemini-flash-latest",
        Call(1_000_000, 0),
        at(2027, 1, 1),
        1.5,  # 1,000,000 x $1.50
        id="gemini-flash-latest-2027",
    ),
    # claude-sonnet-4-6 had a >200k tier until 2026-03-12; none from 2026-03-13.
    pytest.param(
        "claude-sonnet-4-6",
        Call(300_000, 1_000),
        at(2026, 3, 12, 12),
        1.8225,  # 300,000 x $6 + 1,000 x $22.50 = 1.80 + 0.0225
        id="claude-sonnet-4-6-tier-before-2026-03-13",
    ),
    pytest.param(
        "claude-sonnet-4-6",
        Call(300_000, 1_000),
        at(2026, 3, 13),
        0.915,  # 300,000 x $3 + 1,000 x $15 = 0.90 + 0.015
        id="claude-sonnet-4-6-flat-from-2026-03-13",
    ),
    # A past change: o3 from 10 / 40 to 2 / 8 on 2025-06-10.
    pytest.param(
        "o3",
        Call(1_000_000, 1_000_000),
        at(2025, 6, 9, 12),
        50.0,  # 1,000,000 x $10 + 1,000,000 x $40
        id="o3-launch-price",
    ),
    pytest.param(
        "o3",
        Call(1_000_000, 1_000_000),
        at(2025, 6, 10),
        10.0,  # 1,000,000 x $2 + 1,000,000 x $8
        id="o3-after-cut",
    ),
    # A change that replaces a tiered price with another tiered price.
    pytest.param(
        "gpt-5.6-sol",
        Call(300_000, 10_000),
        at(2026, 8, 20, 12),
        3.45,  # 300,000 x $10 + 10,000 x $45 = 3.00 + 0.45
        id="gpt-5.6-sol-tier-before-cut",
    ),
    pytest.param(
        "gpt-5.6-sol",
        Call(300_000, 10_000),
        at(2026, 8, 21),
        2.7,  # 300,000 x $8 + 10,000 x $30 = 2.40 + 0.30
        id="gpt-5.6-sol-tier-after-cut",
    ),
    # OpenAI 12-hour writes: litellm's prices (genai-prices bills them as ordinary writes).
    pytest.param(
        "gpt-5.6-sol",
        Call(300_000, 10_000, cache_write=100_000, cache_write_long=40_000),
        TODAY,
        # tier above 272k: 200,000 x $8 + 60,000 x $10 (write) + 40,000 x $20 (12h write)
        # + 10,000 x $30 = 1.60 + 0.60 + 0.80 + 0.30
        3.3,
        id="gpt-5.6-sol-12h-write-above-272k",
    ),
]


NOW = datetime.datetime(2026, 12, 7, 12, tzinfo=UTC)

# (model, service tier, call, when, expected USD), each from genai-prices 0.2.5
VARIANT_SAMPLE = [
    # Issue 21's table: gpt-5, 100k in (20k cached) / 5k out.
    pytest.param(
        "gpt-5", "batch", Call(100_000, 5_000, 20_000), NOW,
        0.07625,  # 80,000 x $0.625 + 20,000 x $0.0625 + 5,000 x $5
        id="gpt-5-batch",
    ),
    pytest.param(
        "gpt-5", "flex", Call(100_000, 5_000, 20_000), NOW,
        0.07625,  # the same rates as batch
        id="gpt-5-flex",
    ),
    pytest.param(
        "gpt-5", "priority", Call(100_000, 5_000, 20_000), NOW,
        0.305,  # 80,000 x $2.5 + 20,000 x $0.25 + 5,000 x $20
        id="gpt-5-priority",
    ),
    pytest.param(
        "gpt-5", "fast", Call(100_000, 5_000, 20_000), NOW,
        0.305,  # fast is billed as priority
        id="gpt-5-fast-as-priority",
    ),
    pytest.param(
        "gpt-4o", "priority", Call(10_000, 1_000), NOW,
        0.0595,  # 10,000 x $4.25 + 1,000 x $17
        id="gpt-4o-priority",
    ),
    pytest.param(
        "claude-sonnet-4-5", "batch", Call(50_000, 2_000, 30_000), NOW,
        0.0495,  # 20,000 x $1.5 + 30,000 x $0.15 + 2,000 x $7.5
        id="claude-sonnet-4-5-batch",
    ),
    pytest.param(
        "claude-opus-5", "fast", Call(50_000, 2_000), NOW,
        0.6,  # fast mode: 50,000 x $10 + 2,000 x $50
        id="claude-opus-5-fast",
    ),
    pytest.param(
        "gemini-4-argon", "priority", Call(50_000, 2_000), NOW,
        0.432,  # 50,000 x $7.2 + 2,000 x $36
        id="gemini-4-argon-priority",
    ),
    pytest.param(
        "gemini-4-argon", "flex", Call(50_000, 2_000), NOW,
        0.12,  # 50,000 x $2 + 2,000 x $10
        id="gemini-4-argon-flex",
    ),
    pytest.param(
        "gemini-4-argon", "batch", Call(50_000, 2_000), NOW,
        0.12,  # 50,000 x $2 + 2,000 x $10
        id="gemini-4-argon-batch",
    ),
    # A part kept at the standard rate under the tier: cached input under OpenAI's and
    # Gemini's batch pricing of these models.
    pytest.param(
        "gpt-4o", "batch", Call(10_000, 1_000, 4_000), NOW,
        0.0175,  # 6,000 x $1.25 + 4,000 x $1.25 (cached: the standard rate) + 1,000 x $5
        id="gpt-4o-batch-cached-at-standard",
    ),
    pytest.param(
        "gemini-2.5-flash", "batch", Call(50_000, 2_000, 10_000), NOW,
        0.0088,  # 40,000 x $0.15 + 10,000 x $0.03 (cached: the standard rate) + 2,000 x $1.25
        id="gemini-2.5-flash-batch-cached-at-standard",
    ),
    # A variant with a context tier of its own (above it every token at the tier's rates).
    pytest.param(
        "claude-sonnet-4-5", "batch", Call(250_000, 2_000, 30_000, 20_000, 5_000), NOW,
        # above 200k: 200,000 x $3 + 30,000 x $0.3 + 15,000 x $3.75 + 5,000 x $6 (1h)
        # + 2,000 x $11.25
        0.71775,
        id="claude-sonnet-4-5-batch-above-200k-with-writes",
    ),
    pytest.param(
        "gpt-5.4", "batch", Call(300_000, 4_000, 100_000), NOW,
        0.57,  # above 272k: 200,000 x $2.5 + 100,000 x $0.25 + 4,000 x $11.25
        id="gpt-5.4-batch-above-272k",
    ),
    pytest.param(
        "gpt-5.4", "priority", Call(300_000, 4_000, 100_000), NOW,
        1.17,  # priority is flat: 200,000 x $5 + 100,000 x $0.5 + 4,000 x $30
        id="gpt-5.4-priority-flat-above-272k",
    ),
    # A variant with dated changes.
    pytest.param(
        "gemini-4-argon", "batch", Call(50_000, 2_000, 10_000), at(2026, 11, 15),
        0.0505,  # introductory: 40,000 x $1 + 10,000 x $0.05 + 2,000 x $5
        id="gemini-4-argon-batch-introductory",
    ),
    pytest.param(
        "gemini-3.6-flash", "batch", Call(100_000, 10_000), at(2027, 1, 1),
        0.1125,  # from 2027-01-01: 100,000 x $0.75 + 10,000 x $3.75
        id="gemini-3.6-flash-batch-2027",
    ),
    pytest.param(
        "gpt-6.2-astra", "ultrafast", Call(10_000, 1_000), NOW,
        0.36,  # 10,000 x $24 + 1,000 x $120
        id="gpt-6.2-astra-ultrafast",
    ),
    pytest.param(
        "gpt-6.2-astra", "ultrafast", Call(10_000, 1_000), at(2027, 3, 1),
        0.72,  # from 2027-03-01: 10,000 x $48 + 1,000 x $240
        id="gpt-6.2-astra-ultrafast-2027-03",
    ),
    # Variants with every cache part.
    pytest.param(
        "claude-opus-5", "fast", Call(50_000, 2_000, 10_000, 8_000, 3_000), NOW,
        # 32,000 x $10 + 10,000 x $1 + 5,000 x $12.5 + 3,000 x $20 (1h) + 2,000 x $50
        0.5525,
        id="claude-opus-5-fast-with-cache",
    ),
    pytest.param(
        "gpt-5.6-sol", "flex", Call(100_000, 2_000, 20_000, 30_000), NOW,
        0.199,  # 50,000 x $2 + 20,000 x $0.2 + 30,000 x $2.5 + 2,000 x $10
        id="gpt-5.6-sol-flex-with-cache",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("model", "tier", "call", "when", "expected"), VARIANT_SAMPLE)
def test_variant_cost_matches_genai_prices(
    model: str, tier: str, call: Call, when: datetime.datetime, expected: float
) -> None:
    cost = compute_cost(
        model,
        call.input,
        call.output,
        cache_read_tokens=call.cache_read,
        cache_write_tokens=call.cache_write,
        cache_write_long_tokens=call.cache_write_long,
        at=when,
        service_tier=tier,
    )
    assert cost == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("model", "call", "when", "expected"), SAMPLE)
def test_cost_matches_the_datasets(
    model: str, call: Call, when: datetime.datetime, expected: float
) -> None:
    cost = compute_cost(
        model,
        call.input,
        call.output,
        cache_read_tokens=call.cache_read,
        cache_write_tokens=call.cache_write,
        cache_write_long_tokens=call.cache_write_long,
        at=when,
    )
    assert cost == pytest.approx(expected, rel=1e-12)


def test_a_posix_timestamp_is_the_same_instant() -> None:
    before = at(2026, 11, 30, 23, 59, 59).timestamp()
    assert compute_cost("gemini-4-argon", 1_000_000, 0, at=before) == pytest.approx(2.0)
    assert compute_cost("gemini-4-argon", 1_000_000, 0, at=before + 1) == pytest.approx(4.0)


def test_every_tiered_or_dated_id_is_a_table_row() -> None:
    # TIERS and CHANGES are keyed by id: a typo there would silently leave a row flat.
    assert set(TIERS) <= set(DEFAULT_COST_TABLE)
    assert set(CHANGES) <= set(DEFAULT_COST_TABLE)
    for model, tiers in TIERS.items():
        thresholds = [tier[0] for tier in tiers]
        assert thresholds == sorted(set(thresholds)), model
        assert [above for above, _ in DEFAULT_COST_TABLE[model].tiers] == thresholds, model
    for model, changes in CHANGES.items():
        days = [change[0] for change in changes]
        assert days == sorted(set(days)), model
        assert [day for day, _ in DEFAULT_COST_TABLE[model].changes] == days, model

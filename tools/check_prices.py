"""Cross-check the built-in price table against two maintained public price datasets.

Compares the whole of ``DEFAULT_COST_TABLE`` (every row of ``ractogateway.pricing._data`` with
its long cache write, context tiers and dated changes) with the price data bundled in the
installed ``genai-prices`` package and in the installed ``litellm`` package
(``model_prices_and_context_window_backup.json``, USD per token), in two ways:

1. Field by field (USD per 1M tokens: input, output, cache read, cache write and long cache
   write, and the same fields of each context tier):

   * with genai-prices, each of its prices for the id (the first one and every dated one: its
     ``ConditionalPrice`` start dates, past and scheduled) and each of the table's own dated
     changes, against the table's price in force on that day (a field ``input from
     2026-12-01`` is the price from that day on; a plain ``input`` the first one);
   * with litellm, which has no dates (it lists the prices current when it was released),
     against the table's price in force on ``--at``. A litellm tier is its
     ``<field>_above_<N>k_tokens`` prices, threshold N * 1000; a field without such a price
     keeps its base price in the tier.

2. On random calls: for each id genai-prices knows, calls of many sizes (one token below, at
   and above each tier threshold, and random sizes; with and without cache read and write
   parts, and a long-write part in every other call) on many instants (the last second before,
   the first second of and the day after each dated change, and a spread of instants from
   2023-01-01 to the end of ``--at``), each priced by ``compute_cost(..., at=)`` and by
   genai-prices' ``calc_price`` (long writes as its ``cache_write_1h_tokens``, the part of
   ``cache_write_tokens`` written for 1 hour). Every relative difference above 1e-9 counts; each
   id's differing calls are one difference (``calls``, or ``long-write calls`` for the calls
   with a long-write part), shown with the worst call. The calls come from a fixed seed (per
   id), so every run draws the same ones.

3. Variants by service tier (``batch``, ``flex``, ``priority``, ``fast``, ``ultrafast``): the same
   random calls priced at each tier the table or genai-prices has a variant for, by
   ``compute_cost(..., service_tier=)`` and by ``calc_price(..., price_context=)`` with
   genai-prices' request context for the tier (``TIER_CONTEXTS``: ``processing=batch``,
   ``service_tier=...``, Anthropic's ``speed=fast``), on instants around every start day of a
   variant too (fields ``<tier> calls`` / ``<tier> long-write calls``); and each variant in force
   on ``--at``, field by field, with litellm's ``<field>_<tier>`` prices (``_batches``,
   ``_flex``, ``_priority``, ``_ultrafast``; a field it has no tier price for keeps its standard
   price; fields ``<tier> input``...).

It prints every difference and every model id a dataset lacks, each marked with its reason when
``EXPLAINED`` lists it, then a summary line. Exit status: 0 when every difference is explained
and the table is sound, 1 otherwise.

``--at`` defaults to the table's ``CHECKED_ON``, not to today, so the result does not change as
the calendar moves; pass a later day to look ahead (e.g. at a scheduled change)::

    pip install genai-prices && pip install --no-deps litellm
    python tools/check_prices.py [--at YYYY-MM-DD] [--all]

Nothing is fetched from the network: both datasets come from the installed packages, and
``litellm`` is never imported (install it with ``--no-deps``). genai-prices needs Python 3.11+.
``nox -s prices`` runs it.

Neither dataset is needed to type-check this file (``nox -s typecheck`` installs neither):
genai-prices is imported at run time and typed by the small Protocols below, the part of its
API used here; litellm's JSON is narrowed as it is read.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import importlib.metadata
import importlib.util
import json
import math
import random
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final, Protocol, cast

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, compute_cost
from ractogateway.pricing._shared import CHECKED_ON, ENTRIES, SOURCES

Rates = tuple[float | None, float | None, float | None, float | None, float | None]
"""input, output, cache read, cache write, long cache write (USD per 1M tokens)."""

FIELDS: Final = ("input", "output", "cache_read", "cache_write", "cache_write_long")
GENAI: Final = "genai-prices"
LITELLM: Final = "litellm"
MISSING: Final = "entry"
"""Field name of a difference meaning "the dataset has no price for this model id"."""
TIERS: Final = "tiers"
"""Field name of a difference in the tier thresholds (the tiers' rates are ``tier>N field``)."""
CALLS: Final = "calls"
LONG_CALLS: Final = "long-write calls"
"""Field names of the random-call differences (calls without / with a long-write part)."""

SEED: Final = 20261201
REL_TOL: Final = 1e-9
FIRST_DAY: Final = dt.date(2000, 1, 1)
"""A day before every dated price: the first price is in force on it."""
SPREAD_FROM: Final = dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
RANDOM_SIZES: Final = 10
RANDOM_INSTANTS: Final = 10
MAX_INPUT: Final = 2_000_000
MAX_OUTPUT: Final = 200_000

LITELLM_FILE: Final = "model_prices_and_context_window_backup.json"
LITELLM_PROVIDERS: Final[Mapping[str, tuple[str, ...]]] = {
    "openai": ("openai", "text-completion-openai"),
    "anthropic": ("anthropic",),
    "google": ("gemini",),
}
"""litellm_provider values that mean the provider's own API (not Azure, Bedrock, Vertex...)."""
LITELLM_FIELDS: Final = (
    "input_cost_per_token",
    "output_cost_per_token",
    "cache_read_input_token_cost",
    "cache_creation_input_token_cost",
)
TIER_CONTEXTS: Final[Mapping[str, Mapping[str, Mapping[str, str]]]] = {
    "openai": {
        "batch": {"processing": "batch"},
        "flex": {"service_tier": "flex"},
        "priority": {"service_tier": "priority"},
        "fast": {"service_tier": "fast"},
        "ultrafast": {"service_tier": "ultrafast"},
    },
    "anthropic": {"batch": {"processing": "batch"}, "fast": {"speed": "fast"}},
    "google": {
        "batch": {"processing": "batch"},
        "flex": {"service_tier": "flex"},
        "priority": {"service_tier": "priority"},
    },
}
"""Our service tier -> genai-prices' request context (``price_context``), per provider."""
LITELLM_TIER_SUFFIX: Final[Mapping[str, str]] = {
    "batch": "batches",
    "flex": "flex",
    "priority": "priority",
    "fast": "priority",
    "ultrafast": "ultrafast",
}
"""litellm's suffix of a tier's price fields (OpenAI bills fast as priority)."""
LITELLM_LONG: Final[Mapping[str, str]] = {
    "openai": "cache_creation_input_token_cost_above_12hr",
    "anthropic": "cache_creation_input_token_cost_above_1hr",
    "google": "cache_creation_input_token_cost_above_1hr",
}
"""litellm's long-retention write price: OpenAI's 12-hour, Anthropic's 1-hour writes (it lists
none for Gemini)."""


def _each(
    dataset: str, field: str | Sequence[str], reason: str, *model_ids: str
) -> dict[tuple[str, str, str], str]:
    """Explain one and the same difference for several model ids.

    Args:
        dataset: ``GENAI`` or ``LITELLM``.
        field: A ``Difference.field`` (e.g. ``"input"``, ``"tier>272000 input from
            2026-08-21"``, ``MISSING``, ``CALLS``), or several.
        reason: Why the difference is expected.
        *model_ids: The model ids it applies to.

    Returns:
        The ``EXPLAINED`` items for those ids.
    """
    fields = [field] if isinstance(field, str) else field
    return {(model_id, dataset, name): reason for model_id in model_ids for name in fields}


_RETIRED: Final = "retired; litellm dropped it, genai-prices keeps its last list price"
_NOT_IN_GENAI: Final = "not in genai-prices (yet); price from litellm"
_ALIAS: Final = "rolling alias genai-prices does not match; price of litellm's alias_of target"
_NO_12H: Final = (
    "genai-prices has no OpenAI 12-hour cache write price (it bills them as ordinary writes);"
    " the table has litellm's"
)
_LONG_12H: Final = ("cache_write_long", "tier>272000 cache_write_long", LONG_CALLS)
_GEMINI_PRO_1_5: Final = (
    "genai-prices' gemini-1.5-pro entry has no cache price (cached tokens bill as input);"
    " its own gemini-pro-1.5 entry (same model) lists 0.3125, 0.625 in the tier; chose that"
)
_GEMINI_FLASH_8B: Final = (
    "genai-prices matches the id to gemini-1.5-flash (substring); "
    "its gemini-flash-1.5-8b entry has the table's price and tier"
)

# (model id, dataset, field) -> why the table differs from that dataset there.
EXPLAINED: Final[dict[tuple[str, str, str], str]] = {
    # --- ids litellm lacks
    **_each(
        LITELLM,
        MISSING,
        _RETIRED,
        *("gpt-3.5-turbo-0301", "gpt-3.5-turbo-0613", "gpt-3.5-turbo-16k-0613"),
        *("gpt-4-0314", "gpt-4-32k", "gpt-4-32k-0314", "gpt-4-32k-0613"),
        *("gpt-4-turbo-preview", "gpt-4-0125-preview"),
        *("gpt-4-vision-preview", "gpt-4-1106-vision-preview", "chatgpt-4o-latest"),
        *("gpt-4.5-preview", "gpt-4.5-preview-2025-02-27", "codex-mini-latest"),
        *("o1-mini", "o1-mini-2024-09-12", "o1-preview", "o1-preview-2024-09-12"),
        *("claude-3-haiku-20240307", "claude-3-sonnet-20240229"),
        *("claude-3-opus-20240229", "claude-3-opus-latest"),
        *("claude-3-5-haiku-20241022", "claude-3-5-haiku-latest"),
        *("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-latest"),
        *("claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest"),
        *("claude-sonnet-4-20250514", "claude-sonnet-4-0"),
        *(
            "claude-opus-4-20250514",
            "claude-opus-4-0",
            "claude-opus-4-1-20250805",
            "claude-opus-4-1",
        ),
        *("gemini-1.5-pro", "gemini-1.5-pro-001", "gemini-1.5-pro-002"),
        *("gemini-1.5-flash", "gemini-1.5-flash-001", "gemini-1.5-flash-002"),
        *("gemini-1.5-flash-8b", "gemini-1.5-flash-8b-001"),
        *("gemini-2.0-flash", "gemini-2.0-flash-001"),
        *("gemini-2.0-flash-lite", "gemini-2.0-flash-lite-001"),
        *("gemini-2.5-flash-preview-04-17", "gemini-2.5-flash-preview-05-20"),
        "gemini-3-pro-preview",
    ),
    ("gpt-chat-latest", LITELLM, MISSING): "litellm lists this alias as chat-latest (same price)",
    ("gpt-5.5-chat-latest", LITELLM, MISSING): (
        "not in litellm; genai-prices matches it to gpt-5.5, whose price and tier it has"
    ),
    **_each(
        LITELLM,
        MISSING,
        "litellm lists it only for Vertex AI (same price); price from genai-prices",
        "gemini-2.5-flash-preview-09-2025",
        "gemini-2.5-flash-lite-preview-09-2025",
    ),
    **_each(
        LITELLM,
        MISSING,
        "litellm lists claude-fable-5-1 / claude-mythos-5-1 as newest; price from genai-prices",
        "claude-fable-5-2",
        "claude-mythos-5-2",
    ),
    # --- ids genai-prices lacks
    **_each(
        GENAI,
        MISSING,
        _ALIAS,
        *("gpt-sol-latest", "gpt-terra-latest", "gpt-luna-latest", "gpt-astra-latest"),
        *("gpt-mini-latest", "claude-sonnet-latest", "claude-opus-latest"),
        *("claude-haiku-latest", "claude-fable-latest"),
    ),
    **_each(
        GENAI,
        MISSING,
        _NOT_IN_GENAI,
        *("gpt-daybreak-red-latest", "daybreak-red-latest"),
        *("gpt-daybreak-blue-latest", "daybreak-blue-latest"),
        *("gpt-6-astra-law", "gemini-omni-1.2-flash"),
        *("deep-research-preview-04-2026", "deep-research-max-preview-04-2026"),
        "gemini-2.5-computer-use-preview-10-2025",
    ),
    **_each(
        GENAI,
        MISSING,
        "genai-prices lists only claude-mythos-5-2; price from litellm",
        *("claude-mythos-preview", "claude-mythos-5", "claude-mythos-5-1"),
    ),
    ("gpt-5-search-api-2025-10-14", GENAI, MISSING): (
        "genai-prices matches only the undated gpt-5-search-api (same price)"
    ),
    ("gpt-5.5-cyber-preview", GENAI, MISSING): (
        "genai-prices lists only gpt-5.5-cyber (same price)"
    ),
    # --- prices that differ
    **_each(
        LITELLM,
        "cache_read",
        "chose genai-prices (no cached-input price) over litellm's 1.25",
        "gpt-4o-search-preview",
        "gpt-4o-search-preview-2025-03-11",
    ),
    **_each(
        GENAI,
        ("cache_read", "tier>128000 cache_read", CALLS, LONG_CALLS),
        _GEMINI_PRO_1_5,
        *("gemini-1.5-pro", "gemini-1.5-pro-001", "gemini-1.5-pro-002"),
    ),
    **_each(
        GENAI,
        (
            *("input", "output", "cache_read"),
            *("tier>128000 input", "tier>128000 output", "tier>128000 cache_read"),
            *(CALLS, LONG_CALLS),
        ),
        _GEMINI_FLASH_8B,
        *("gemini-1.5-flash-8b", "gemini-1.5-flash-8b-001"),
    ),
    # --- long cache writes: OpenAI's 12-hour writes are only in litellm
    **_each(
        GENAI,
        [f"{field} from 2026-08-21" for field in _LONG_12H[:2]] + [LONG_CALLS],
        _NO_12H,
        *("gpt-5.6", "gpt-5.6-sol"),
    ),
    **_each(
        GENAI,
        [f"{field} from 2026-07-30" for field in _LONG_12H[:2]] + [LONG_CALLS],
        _NO_12H,
        *("gpt-5.6-terra", "gpt-5.6-luna"),
    ),
    **_each(
        GENAI,
        _LONG_12H,
        _NO_12H,
        *("gpt-6-astra", "gpt-6-sol", "gpt-6-luna", "gpt-6-rosalind"),
        *("gpt-6.1-sol", "gpt-6.1-terra"),
    ),
    **_each(GENAI, ("cache_write_long", LONG_CALLS), _NO_12H, *("gpt-5.6-cyber", "gpt-6-cyber")),
    # --- context tiers
    ("gpt-5.6-cyber", LITELLM, TIERS): (
        "litellm's >272k tier lies at its own max_input_tokens (272000), so it never applies;"
        " chose genai-prices (no tier, like the other cyber models in both datasets)"
    ),
    **_each(
        LITELLM,
        TIERS,
        "litellm lists no context tier for it; chose genai-prices' >200k tier (without it, long"
        " calls are billed at half price)",
        *("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ),
    # --- dated prices: litellm has none, it lists the price current at its release
    **_each(
        LITELLM,
        ("input", "output", "cache_read"),
        "litellm has no dates and still lists the introductory 2 / 10 / 0.1; genai-prices has"
        " 4 / 20 / 0.2 from 2026-12-01",
        "gemini-4-argon",
    ),
    **_each(
        LITELLM,
        [
            f"{t} {f}"
            for t in ("batch", "flex", "priority")
            for f in ("input", "output", "cache_read")
        ],
        "litellm has no dates and still lists the introductory variant prices; genai-prices"
        " doubles them from 2026-12-01, with the standard price",
        "gemini-4-argon",
    ),
    # --- ids released after litellm 1.110.2
    **_each(
        LITELLM,
        MISSING,
        "released after litellm 1.110.2; price from genai-prices 0.2.5",
        *("gpt-6.2-astra", "gpt-6.2-sol", "gemini-4-carbon", "gemini-4-neon"),
    ),
    # --- variants (the rules of variant_reason explain the differences shared by many ids)
    **_each(
        LITELLM,
        "batch cache_read",
        "chose genai-prices (no cached-input price, as in the standard tier) over litellm's 1.25",
        "gpt-4o-search-preview",
        "gpt-4o-search-preview-2025-03-11",
    ),
    **_each(
        LITELLM,
        f"priority {TIERS}",
        "genai-prices lists a flat priority price (no long-context tier), litellm a >272k tier;"
        " chose genai-prices",
        *("gpt-5.4", "gpt-5.4-2026-03-05", "gpt-5.5", "gpt-5.5-2026-04-23"),
    ),
    **_each(
        LITELLM,
        (f"batch {TIERS}", f"flex {TIERS}"),
        "genai-prices lists flat batch and flex prices (no long-context tier), litellm a >272k"
        " tier; chose genai-prices",
        "gpt-5.5-pro",
        "gpt-5.5-pro-2026-04-23",
    ),
    **_each(
        LITELLM,
        f"batch {TIERS}",
        "litellm lists no context tier for it; chose genai-prices' >200k batch tier, as for the"
        " standard price",
        *("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ),
    **_each(
        LITELLM,
        ("batch tier>200000 input", "batch tier>200000 output"),
        "litellm lists no batch price above 200k for the alias (it keeps the standard one);"
        " chose genai-prices' tiered batch price (half the standard, as below 200k)",
        "gemini-pro-latest",
    ),
    **_each(
        LITELLM,
        "batch cache_read",
        "the datasets disagree on the batch cached-input price of the model the alias points"
        " to; chose genai-prices, whose variants the table follows",
        "gemini-flash-latest",
        "gemini-flash-lite-latest",
    ),
    ("gemini-3.5-flash-lite", LITELLM, "batch cache_read"): (
        "the datasets disagree on the batch cached-input price (genai-prices 0.02, litellm"
        " 0.015); chose genai-prices, whose variants the table follows"
    ),
}


@dataclass(frozen=True)
class Difference:
    """One field of one table row that differs from a dataset.

    Attributes:
        model_id: The table row's model id.
        dataset: ``GENAI`` or ``LITELLM``.
        field: One of ``FIELDS`` (``tier>N field`` for a tier's, `` from DAY`` appended for a
            dated price), ``TIERS``, ``CALLS``, ``LONG_CALLS``, or ``MISSING`` when the
            dataset has no such id.
        ours: The table's value, formatted.
        theirs: The dataset's value, formatted.
        via: The dataset's own id for the model (it may match several ids to one model).
        detail: For call differences: how many calls differ, and the worst one.
    """

    model_id: str
    dataset: str
    field: str
    ours: str
    theirs: str
    via: str
    detail: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """The ``EXPLAINED`` key of this difference."""
        return (self.model_id, self.dataset, self.field)


@dataclass(frozen=True)
class Price:
    """A price reduced to what is compared: its rates and each context tier's rates.

    Attributes:
        rates: The rates below every threshold.
        tiers: ``(threshold, rates)`` pairs, ascending: the rates of a call whose total input
            is above the threshold (and below the next one).
    """

    rates: Rates
    tiers: tuple[tuple[int, Rates], ...] = ()


@dataclass(frozen=True)
class Call:
    """One priced call: token counts (parts included in their wholes) and its instant."""

    input_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    cache_write_long_tokens: int
    output_tokens: int
    when: dt.datetime

    def describe(self) -> str:
        """Return the call as ``in=... read=... write=... long=... out=... at ...``."""
        return (
            f"in={self.input_tokens} read={self.cache_read_tokens} "
            f"write={self.cache_write_tokens} long={self.cache_write_long_tokens} "
            f"out={self.output_tokens} at {self.when:%Y-%m-%dT%H:%M:%S}Z"
        )


def _fmt(value: float | None) -> str:
    """Format a price for the report.

    Args:
        value: USD per 1M tokens, or None.

    Returns:
        The price without float noise, or ``"None"``.
    """
    return "None" if value is None else f"{value:.6g}"


def _same(ours: float | None, theirs: float | None) -> bool:
    """Tell whether two prices are equal, ignoring float noise.

    Args:
        ours: The table's price.
        theirs: The dataset's price.

    Returns:
        True if both are None or both are numbers that agree to 1e-9 (relative).
    """
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return math.isclose(ours, theirs, rel_tol=REL_TOL, abs_tol=1e-12)


def _rates(values: Sequence[float | None]) -> Rates:
    """Pack the five rates of ``FIELDS`` into a ``Rates`` tuple.

    Args:
        values: Exactly five rates, in the order of ``FIELDS``.

    Returns:
        The rates as a tuple.
    """
    inp, out, read, write, write_long = values
    return (inp, out, read, write, write_long)


def our_price(pricing: ModelPricing) -> Price:
    """Reduce a table price (with no dated changes: ``ModelPricing.at``) to a ``Price``.

    Args:
        pricing: A price in force at some day.

    Returns:
        Its rates and its tiers' rates, as the table has them (None where it has none).
    """

    def rates(price: ModelPricing) -> Rates:
        return (
            price.input_per_million,
            price.output_per_million,
            price.cache_read_per_million,
            price.cache_write_per_million,
            price.cache_write_long_per_million,
        )

    return Price(rates(pricing), tuple((above, rates(tier)) for above, tier in pricing.tiers))


class _Tier(Protocol):
    """A genai-prices ``Tier``: from a total input above ``start``, ``price`` applies."""

    start: int
    price: Decimal


class _TieredPrice(Protocol):
    """A genai-prices ``TieredPrices``: a price that steps up with the total input."""

    base: Decimal
    """The price up to the first tier (USD per 1M tokens)."""
    tiers: Sequence[_Tier]
    """The tiers, ascending by ``start``."""


_GenaiPrice = Decimal | _TieredPrice | None
"""One genai-prices price: flat, tiered, or None where the model has no such price."""


class _ModelPrice(Protocol):
    """A genai-prices ``ModelPrice``: the five prices compared here (USD per 1M tokens)."""

    input_mtok: _GenaiPrice
    output_mtok: _GenaiPrice
    cache_read_mtok: _GenaiPrice
    cache_write_mtok: _GenaiPrice
    cache_write_1h_mtok: _GenaiPrice


class _ConditionalPrice(Protocol):
    """A genai-prices ``ConditionalPrice``: a price and when it applies."""

    constraint: object
    """None (always), or a ``StartDateConstraint`` (its ``start_date``); other kinds are
    reported as table problems."""
    prices: _ModelPrice


class _PriceVariant(Protocol):
    """A genai-prices ``PriceVariant``: prices for a request context, from a date on."""

    when: Mapping[str, str]
    constraint: object


class _ModelInfo(Protocol):
    """A genai-prices ``ModelInfo``: the dataset's own model entry."""

    id: str
    prices: _ModelPrice | Sequence[_ConditionalPrice]
    price_variants: Sequence[_PriceVariant] | None


class _PriceCalculation(Protocol):
    """What genai-prices' ``calc_price`` returns: the total, the model matched, its prices."""

    total_price: Decimal
    model: _ModelInfo
    model_price: _ModelPrice


class _GenaiPrices(Protocol):
    """The part of the ``genai_prices`` module used here (as of 0.2.5, which the session pins)."""

    __version__: str

    def Usage(self, **counts: int) -> object:  # noqa: N802 (the class genai-prices exports)
        """A usage: token counts by genai-prices' usage keys.

        ``input_tokens`` (cached ones included), ``cache_read_tokens``, ``cache_write_tokens``
        (of which ``cache_write_1h_tokens`` are 1-hour writes) and ``output_tokens``.
        """
        ...

    def calc_price(
        self,
        usage: object,
        model_ref: str,
        *,
        provider_id: str,
        genai_request_timestamp: dt.datetime,
        price_context: Mapping[str, str] | None = None,
    ) -> _PriceCalculation:
        """Match ``model_ref`` to a model of ``provider_id`` and price ``usage`` at a time.

        ``price_context`` selects the model's price variants (genai-prices 0.2.5).
        """
        ...


def _rate_above(price: _GenaiPrice, tokens: int) -> float | None:
    """Return the genai-prices rate for a call with ``tokens`` of total input.

    Args:
        price: A flat price, a tiered price or None (USD per 1M tokens).
        tokens: The call's total input (genai-prices applies a tier when it is > ``start``).

    Returns:
        The rate as a float, or None.
    """
    if price is None:
        return None
    if isinstance(price, Decimal):
        return float(price)
    rate = price.base
    for tier in price.tiers:
        if tokens > tier.start:
            rate = tier.price
    return float(rate)


def genai_price(price: _ModelPrice) -> Price:
    """Reduce a genai-prices ``ModelPrice`` to a ``Price``.

    A tier's rate for a price that does not step up (or steps up elsewhere) is the rate that
    applies just above the tier's threshold.

    Args:
        price: One of genai-prices' prices for a model.

    Returns:
        Its rates and its tiers' rates.
    """
    parts = (
        price.input_mtok,
        price.output_mtok,
        price.cache_read_mtok,
        price.cache_write_mtok,
        price.cache_write_1h_mtok,
    )
    starts = sorted(
        {
            tier.start
            for part in parts
            if part is not None and not isinstance(part, Decimal)
            for tier in part.tiers
        }
    )
    return Price(
        _rates([_rate_above(part, 0) for part in parts]),
        tuple(
            (start, _rates([_rate_above(part, start + 1) for part in parts])) for start in starts
        ),
    )


def load_genai_prices() -> _GenaiPrices:
    """Import the installed genai-prices package, typed as the part of its API used here.

    Returns:
        The ``genai_prices`` module.

    Raises:
        SystemExit: If genai-prices is not installed.
    """
    try:
        module = importlib.import_module("genai_prices")
    except ImportError as error:
        raise SystemExit(f"{error}: pip install genai-prices") from None
    return cast("_GenaiPrices", module)


def _noon(day: dt.date) -> dt.datetime:
    """Return 12:00 UTC on ``day``."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc)


def _midnight(day: dt.date) -> dt.datetime:
    """Return 00:00 UTC on ``day``."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class GenaiModel:
    """What genai-prices knows of one table id.

    Attributes:
        via: genai-prices' id of the model it matched.
        days: The start dates of its dated prices, ascending.
        problems: Its prices' constraints this script cannot compare (not start dates).
        tiers: Our service tiers it has a price variant for.
        tier_days: The start dates of those variants.
    """

    via: str
    days: tuple[dt.date, ...]
    problems: tuple[str, ...]
    tiers: tuple[str, ...] = ()
    tier_days: tuple[dt.date, ...] = ()


def genai_model(
    genai: _GenaiPrices, model_id: str, provider: str, when: dt.datetime
) -> GenaiModel | None:
    """Look a model up in genai-prices' bundled data.

    Args:
        genai: The genai-prices module.
        model_id: The table's model id.
        provider: The table's provider ("openai", "anthropic" or "google").
        when: Any instant (the model matched does not depend on it).

    Returns:
        The model's genai-prices id and the start dates of its dated prices, or None if
        genai-prices has no such model.
    """
    try:
        calc = genai.calc_price(
            genai.Usage(), model_id, provider_id=provider, genai_request_timestamp=when
        )
    except LookupError:
        return None
    prices = calc.model.prices
    days: list[dt.date] = []
    problems: list[str] = []
    if isinstance(prices, list):
        for conditional in cast("Sequence[_ConditionalPrice]", prices):
            constraint = conditional.constraint
            start = getattr(constraint, "start_date", None)
            if isinstance(start, dt.date):
                days.append(start)
            elif constraint is not None:
                problems.append(f"{model_id}: genai-prices price constraint {constraint!r}")
    tiers: set[str] = set()
    tier_days: set[dt.date] = set()
    for variant in calc.model.price_variants or ():
        for tier, context in TIER_CONTEXTS[provider].items():
            if dict(variant.when) == dict(context):
                tiers.add(tier)
                start = getattr(variant.constraint, "start_date", None)
                if isinstance(start, dt.date):
                    tier_days.add(start)
                elif variant.constraint is not None:
                    problems.append(f"{model_id}: variant constraint {variant.constraint!r}")
    return GenaiModel(
        calc.model.id,
        tuple(sorted(days)),
        tuple(problems),
        tuple(t for t in TIER_CONTEXTS[provider] if t in tiers),
        tuple(sorted(tier_days)),
    )


def genai_price_on(genai: _GenaiPrices, model_id: str, provider: str, day: dt.date) -> Price:
    """Return genai-prices' standard price for a model on a day.

    Args:
        genai: The genai-prices module.
        model_id: The table's model id (genai-prices knows it).
        provider: The table's provider.
        day: The day (its prices are read at 12:00 UTC).

    Returns:
        The price in force on that day.
    """
    calc = genai.calc_price(
        genai.Usage(), model_id, provider_id=provider, genai_request_timestamp=_noon(day)
    )
    return genai_price(calc.model_price)


def _mapping(value: object) -> Mapping[str, object] | None:
    """Narrow a parsed JSON value to an object (dict) or None.

    Args:
        value: Any parsed JSON value.

    Returns:
        The value if it is a JSON object, else None.
    """
    return value if isinstance(value, dict) else None


def _per_million(entry: Mapping[str, object], key: str) -> float | None:
    """Read one litellm per-token cost as USD per 1M tokens.

    Args:
        entry: A litellm model entry.
        key: The cost field, e.g. ``"input_cost_per_token"``.

    Returns:
        The cost times 1e6, rounded to drop float noise, or None if absent.
    """
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return round(value * 1_000_000, 9)


def load_litellm() -> tuple[str, Mapping[str, object]]:
    """Load the price map bundled in the installed litellm package without importing it.

    Returns:
        litellm's version and its model map.

    Raises:
        SystemExit: If litellm or its data file is not installed.
    """
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("litellm is not installed: pip install --no-deps litellm")
    path = Path(next(iter(spec.submodule_search_locations))) / LITELLM_FILE
    if not path.is_file():
        raise SystemExit(f"{path} is missing: litellm has no {LITELLM_FILE}")
    data = _mapping(json.loads(path.read_text(encoding="utf-8")))
    if data is None:
        raise SystemExit(f"{path} is not a JSON object")
    return importlib.metadata.version("litellm"), data


def litellm_price(entry: Mapping[str, object], provider: str) -> Price:
    """Reduce a litellm entry to a ``Price`` (its ``*_above_<N>k_tokens`` fields are tiers).

    Args:
        entry: A litellm model entry.
        provider: The table's provider (which long-write field applies).

    Returns:
        Its standard rates and its tiers' rates (a field with no tier price keeps its rate).
    """
    names = (*LITELLM_FIELDS, LITELLM_LONG[provider])
    pattern = re.compile(rf"^(?:{'|'.join(map(re.escape, names))})_above_(\d+)k_tokens$")
    thousands = sorted({int(found[1]) for key in entry if (found := pattern.match(key))})
    base = _rates([_per_million(entry, name) for name in names])
    tiers = []
    for count in thousands:
        above = [_per_million(entry, f"{name}_above_{count}k_tokens") for name in names]
        tier = [rate if rate is not None else base[i] for i, rate in enumerate(above)]
        tiers.append((count * 1000, _rates(tier)))
    return Price(base, tuple(tiers))


def litellm_variant(entry: Mapping[str, object], provider: str, tier: str) -> Price | None:
    """Reduce litellm's ``<field>_<suffix>`` prices of a tier to a ``Price``, or None.

    A field without a tier price keeps its standard price (as litellm bills it); None when
    the entry has no price for the tier at all.
    """
    suffix = LITELLM_TIER_SUFFIX[tier]
    if not any(key.endswith(f"_{suffix}") and "cost" in key for key in entry):
        return None
    renamed = dict(entry)
    for key, value in entry.items():
        if key.endswith(f"_{suffix}"):
            renamed[key.removesuffix(f"_{suffix}")] = value
    return litellm_price(renamed, provider)


def litellm_entry(
    data: Mapping[str, object], model_id: str, provider: str
) -> tuple[str, Mapping[str, object]] | None:
    """Return litellm's key and entry for a model (following ``alias_of``), or None."""
    prefix = "gemini/" if provider == "google" else ""
    for key in dict.fromkeys((prefix + model_id, model_id)):
        entry, via = _mapping(data.get(key)), key
        if entry is not None and isinstance(target := entry.get("alias_of"), str):
            via = f"{key} -> {target}"
            entry = _mapping(data.get(prefix + target)) or _mapping(data.get(target))
        if entry is None or entry.get("litellm_provider") not in LITELLM_PROVIDERS[provider]:
            continue
        return via, entry
    return None


def litellm_lookup(
    data: Mapping[str, object], model_id: str, provider: str
) -> tuple[str, Price] | None:
    """Look a model up in litellm's price map, following its ``alias_of`` entries.

    Only entries of the provider's own API count (``gemini/<id>`` for Google).

    Args:
        data: litellm's model map.
        model_id: The table's model id.
        provider: The table's provider ("openai", "anthropic" or "google").

    Returns:
        litellm's key for the model and its price, or None if it has no such model.
    """
    found = litellm_entry(data, model_id, provider)
    return None if found is None else (found[0], litellm_price(found[1], provider))


def _thresholds(price: Price) -> str:
    """Format a price's tier thresholds, e.g. ``>272000``, or ``none``."""
    return ", ".join(f">{above}" for above, _ in price.tiers) or "none"


def compare(
    model_id: str, dataset: str, ours: Price, found: tuple[str, Price] | None, when: str = ""
) -> list[Difference]:
    """List the differences between one table price and one dataset's price.

    A missing output price counts as 0.0 on both sides (embedding models).

    Args:
        model_id: The table row's model id.
        dataset: ``GENAI`` or ``LITELLM``.
        ours: The table's price.
        found: The dataset's id and price for the model, or None if it lacks it.
        when: Appended to each field name (`` from DAY`` for a dated price).

    Returns:
        One ``Difference`` per differing field, or a single ``MISSING`` one.
    """
    if found is None:
        return [Difference(model_id, dataset, MISSING, "-", "no such id", "-")]
    via, theirs = found
    diffs = []
    pairs = [("", ours.rates, theirs.rates)]
    if [above for above, _ in ours.tiers] != [above for above, _ in theirs.tiers]:
        diffs.append(
            Difference(model_id, dataset, TIERS + when, _thresholds(ours), _thresholds(theirs), via)
        )
    else:
        pairs += [
            (f"tier>{above} ", mine, other)
            for (above, mine), (_, other) in zip(ours.tiers, theirs.tiers, strict=True)
        ]
    for prefix, mine_rates, other_rates in pairs:
        for field, mine_rate, other_rate in zip(FIELDS, mine_rates, other_rates, strict=True):
            mine, other = mine_rate, other_rate
            if field == "output":
                mine, other = mine or 0.0, other or 0.0
            if not _same(mine, other):
                diffs.append(
                    Difference(
                        model_id, dataset, prefix + field + when, _fmt(mine), _fmt(other), via
                    )
                )
    return diffs


def compare_genai(
    genai: _GenaiPrices, model_id: str, provider: str, pricing: ModelPricing, found: GenaiModel
) -> list[Difference]:
    """Compare each price genai-prices has for a model, and each dated price of the table's.

    Args:
        genai: The genai-prices module.
        model_id: The table's model id.
        provider: The table's provider.
        pricing: The table's price (with its dated changes).
        found: What genai-prices knows of the id.

    Returns:
        The differences, the first price's first, then by date.
    """
    days = sorted({*found.days, *(dt.date.fromisoformat(day) for day, _ in pricing.changes)})
    diffs = []
    for day in (FIRST_DAY, *days):
        when = "" if day == FIRST_DAY else f" from {day}"
        theirs = genai_price_on(genai, model_id, provider, day)
        diffs += compare(model_id, GENAI, our_price(pricing.at(day)), (found.via, theirs), when)
    return diffs


def _thresholds_of(pricing: ModelPricing) -> set[int]:
    """Return every tier threshold of a table price, its dated prices' included."""
    prices = [pricing, *(change for _, change in pricing.changes)]
    return {above for price in prices for above, _ in price.tiers}


def draw_calls(
    model_id: str, thresholds: Iterable[int], days: Iterable[dt.date], at: dt.date
) -> list[Call]:
    """Draw the random calls for one model id (the same ones on every run).

    Args:
        model_id: The table's model id (it seeds the draw, with ``SEED``).
        thresholds: Every tier threshold of the table's and the dataset's prices.
        days: Every start day of a dated price of either.
        at: The last day calls are made on.

    Returns:
        Calls of every size on every instant, each once without and once with a long write.
    """
    rng = random.Random(f"{SEED}:{model_id}")
    end = _midnight(at + dt.timedelta(days=1)) - dt.timedelta(seconds=1)
    sizes = {0, 1, *(n for above in thresholds for n in (above - 1, above, above + 1))}
    sizes |= {round(10 ** rng.uniform(0, math.log10(MAX_INPUT))) for _ in range(RANDOM_SIZES)}
    instants = {_noon(at)}
    for day in days:
        start = _midnight(day)
        instants |= {start - dt.timedelta(seconds=1), start, start + dt.timedelta(hours=36)}
    span = (end - SPREAD_FROM).total_seconds()
    instants |= {
        SPREAD_FROM + dt.timedelta(seconds=round(rng.uniform(0, span)))
        for _ in range(RANDOM_INSTANTS)
    }
    calls = []
    for when in sorted(instant for instant in instants if instant <= end):
        for size in sorted(n for n in sizes if n >= 0):
            for long_write in (False, True):
                read = rng.randint(0, size) if rng.random() < 0.7 else 0
                write = rng.randint(0, size - read) if long_write or rng.random() < 0.7 else 0
                write_long = rng.randint(1, write) if long_write and write else 0
                out = (
                    round(10 ** rng.uniform(0, math.log10(MAX_OUTPUT))) if rng.random() < 0.9 else 0
                )
                calls.append(Call(size, read, write, write_long, out, when))
    return calls


def _relative(ours: float, theirs: float) -> float:
    """Return the relative difference of two costs (0.0 when both are 0)."""
    scale = max(abs(ours), abs(theirs))
    return 0.0 if scale == 0 else abs(ours - theirs) / scale


def compare_calls(  # noqa: PLR0917 - one model's calls, with the tiers to price them at
    genai: _GenaiPrices,
    model_id: str,
    provider: str,
    found: GenaiModel,
    calls: Sequence[Call],
    tiers: Sequence[str | None] = (None,),
) -> list[Difference]:
    """Price each call with ``compute_cost`` and with genai-prices; report the differences.

    Args:
        genai: The genai-prices module.
        model_id: The table's model id (genai-prices knows it).
        provider: The table's provider.
        found: What genai-prices knows of the id.
        calls: The calls to price.
        tiers: The service tiers to price each call at (None: standard), genai-prices'
            request context for each from ``TIER_CONTEXTS``.

    Returns:
        At most one ``CALLS`` and one ``LONG_CALLS`` difference per tier (``<tier> calls``),
        with the worst call.
    """
    worst: dict[str, tuple[float, Call, float, float]] = {}
    counts: dict[str, list[int]] = {}
    for call in calls:
        usage = genai.Usage(
            input_tokens=call.input_tokens,
            cache_read_tokens=call.cache_read_tokens,
            cache_write_tokens=call.cache_write_tokens,
            cache_write_1h_tokens=call.cache_write_long_tokens,
            output_tokens=call.output_tokens,
        )
        for tier in tiers:
            field = LONG_CALLS if call.cache_write_long_tokens else CALLS
            if tier is not None:
                field = f"{tier} {field}"
            ours = compute_cost(
                model_id,
                call.input_tokens,
                call.output_tokens,
                cache_read_tokens=call.cache_read_tokens,
                cache_write_tokens=call.cache_write_tokens,
                cache_write_long_tokens=call.cache_write_long_tokens,
                at=call.when,
                service_tier=tier,
            )
            theirs = float(
                genai.calc_price(
                    usage,
                    model_id,
                    provider_id=provider,
                    genai_request_timestamp=call.when,
                    price_context=None if tier is None else TIER_CONTEXTS[provider][tier],
                ).total_price
            )
            count = counts.setdefault(field, [0, 0])
            count[1] += 1
            rel = _relative(ours, theirs)
            if rel > REL_TOL:
                count[0] += 1
                if field not in worst or rel > worst[field][0]:
                    worst[field] = (rel, call, ours, theirs)
    diffs = []
    for field, (rel, call, ours, theirs) in worst.items():
        differing, total = counts[field]
        detail = f"{differing} of {total} differ; worst (rel {rel:.3g}): {call.describe()}"
        diffs.append(
            Difference(model_id, GENAI, field, f"${ours:.6g}", f"${theirs:.6g}", found.via, detail)
        )
    return diffs


def check_table() -> list[str]:
    """Check the table's own consistency (ids, providers, source keys, dates, changes).

    Returns:
        One message per problem found.
    """
    problems, seen = [], set()
    for model_id, provider, *_prices, checked_on, source in ENTRIES:
        if model_id in seen:
            problems.append(f"{model_id}: duplicate model id")
        seen.add(model_id)
        if provider not in LITELLM_PROVIDERS:
            problems.append(f"{model_id}: unknown provider {provider!r}")
        if source not in SOURCES:
            problems.append(f"{model_id}: source key {source!r} is not in SOURCES")
        try:
            dt.date.fromisoformat(checked_on)
        except ValueError:
            problems.append(f"{model_id}: checked date {checked_on!r} is not YYYY-MM-DD")
        pricing = DEFAULT_COST_TABLE[model_id]
        for day, change in pricing.changes:
            before = pricing.at(dt.date.fromisoformat(day) - dt.timedelta(days=1))
            if our_price(before) == our_price(change):
                problems.append(f"{model_id}: the change on {day} leaves the price as it was")
    return problems


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print rows as a plain text table with aligned columns.

    Args:
        headers: Column titles.
        rows: Table cells, one sequence per row.
    """
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=False)]
    for row in (headers, ["-" * width for width in widths], *rows):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line.

    Args:
        argv: Arguments without the program name, or None for ``sys.argv[1:]``.

    Returns:
        The parsed options.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--at",
        type=dt.date.fromisoformat,
        default=dt.date.fromisoformat(CHECKED_ON),
        help=(
            "the day the comparison is made as of: litellm is compared with the table's prices"
            " in force on it, and random calls are made up to its end"
            f" (default: the table's CHECKED_ON, {CHECKED_ON})"
        ),
    )
    parser.add_argument("--all", action="store_true", help="also list the rows that agree")
    return parser.parse_args(argv)


@dataclass
class Results:
    """Everything found: the differences, the table's problems and the call counts."""

    diffs: list[Difference]
    problems: list[str]
    calls: int = 0
    reasons: dict[tuple[str, str, str], str] = dataclasses.field(default_factory=dict)
    """The reasons ``variant_reason`` gives (rules that hold for many ids at once)."""


def collect(genai: _GenaiPrices, at: dt.date, litellm_data: Mapping[str, object]) -> Results:
    """Compare every table row with both datasets.

    Args:
        genai: The genai-prices module.
        at: The day the comparison is made as of.
        litellm_data: litellm's model map.

    Returns:
        Every difference, in table order, the problems and the number of calls priced.
    """
    results = Results([], check_table())
    for model_id, provider, *_rest in ENTRIES:
        pricing = DEFAULT_COST_TABLE[model_id]
        found = genai_model(genai, model_id, provider, _noon(at))
        first = len(results.diffs)
        if found is None:
            results.diffs += compare(model_id, GENAI, our_price(pricing), None)
        else:
            results.problems += found.problems
            results.diffs += compare_genai(genai, model_id, provider, pricing, found)
            theirs = [
                genai_price_on(genai, model_id, provider, day) for day in (FIRST_DAY, *found.days)
            ]
            thresholds = _thresholds_of(pricing) | {
                above for price in theirs for above, _ in price.tiers
            }
            tiers = served_tiers(pricing, provider, found)
            days = {*found.days, *(dt.date.fromisoformat(day) for day, _ in pricing.changes)}
            days |= {*found.tier_days, *variant_days(pricing)}
            thresholds |= {a for t in tiers if t for a in _thresholds_of(pricing.variant(t))}
            calls = draw_calls(model_id, thresholds, days, at)
            results.calls += len(calls) * (1 + len(tiers))
            results.diffs += compare_calls(genai, model_id, provider, found, calls, (None, *tiers))
        results.diffs += compare(
            model_id,
            LITELLM,
            our_price(pricing.at(at)),
            litellm_lookup(litellm_data, model_id, provider),
        )
        results.diffs += compare_litellm_variants(litellm_data, model_id, provider, pricing, at)
        genai_tiers = () if found is None else found.tiers
        for diff in results.diffs[first:]:
            reason = variant_reason(diff, provider, genai_tiers)
            if reason is not None:
                results.reasons[diff.key] = reason
    return results


def variant_reason(diff: Difference, provider: str, genai_tiers: Sequence[str]) -> str | None:
    """The reason of a variant's difference that a rule explains for every id, or None.

    Args:
        diff: A difference at a service tier (its field starts with the tier's name).
        provider: The table's provider.
        genai_tiers: The tiers genai-prices has a variant for, for this id.
    """
    tier = diff.field.split(" ")[0]
    if tier not in TIER_CONTEXTS[provider]:
        return None
    billed_as = "priority" if tier == "fast" and provider == "openai" else tier
    if diff.dataset == GENAI and diff.detail:
        if tier not in genai_tiers and billed_as not in genai_tiers:
            return (
                f"genai-prices has no {tier} variant for the id (it bills the tier at the"
                " standard price); the table's is litellm's"
            )
        if provider == "openai" and diff.field.endswith(LONG_CALLS):
            return _NO_12H
    if diff.dataset == LITELLM:
        if diff.field == f"{tier} {MISSING}":
            return f"litellm has no {tier} price for the id; the table's is genai-prices'"
        if provider == "anthropic" and tier == "batch" and "cache_write_long" in diff.field:
            return (
                "litellm has no 1-hour write price under batch (it keeps the standard one);"
                " genai-prices halves it as every batch price; chose genai-prices"
            )
    return None


def served_tiers(pricing: ModelPricing, provider: str, found: GenaiModel) -> tuple[str, ...]:
    """The tiers to price an id's calls at: those the table or genai-prices has a variant for.

    OpenAI's ``fast`` is priced too when the table has ``priority`` (it bills fast as
    priority).
    """
    ours = {tier for tier, _ in pricing.variants}
    if "priority" in ours and provider == "openai":
        ours.add("fast")
    return tuple(t for t in TIER_CONTEXTS[provider] if t in ours or t in found.tiers)


def variant_days(pricing: ModelPricing) -> set[dt.date]:
    """The start days of the table's variants' dated changes."""
    return {
        dt.date.fromisoformat(day) for _, variant in pricing.variants for day, _ in variant.changes
    }


def compare_litellm_variants(
    data: Mapping[str, object], model_id: str, provider: str, pricing: ModelPricing, at: dt.date
) -> list[Difference]:
    """Compare the table's variants in force on ``at`` with litellm's tier prices."""
    found = litellm_entry(data, model_id, provider)
    if found is None:
        return []
    via, entry = found
    diffs = []
    ours = {tier for tier, _ in pricing.variants}
    for tier in TIER_CONTEXTS[provider]:
        if tier == "fast" and provider == "openai":
            continue  # litellm has no fast fields: billed as priority, compared there
        theirs = litellm_variant(entry, provider, tier)
        if theirs is None and tier not in ours:
            continue
        mine = our_price(pricing.variant(tier).at(at))
        if theirs is None:
            diffs.append(Difference(model_id, LITELLM, f"{tier} {MISSING}", "-", "none", via))
            continue
        diffs += [
            Difference(d.model_id, d.dataset, f"{tier} {d.field}", d.ours, d.theirs, d.via)
            for d in compare(model_id, LITELLM, mine, (via, theirs))
        ]
    return diffs


def report(results: Results) -> int:
    """Print the differences, stale explanations, table problems and a summary line.

    Args:
        results: Everything ``collect`` found.

    Returns:
        The exit status: 0 if every difference is explained and the table is sound, else 1.
    """
    diffs, problems = results.diffs, results.problems
    reasons = {**results.reasons, **EXPLAINED}
    unexplained = [diff for diff in diffs if diff.key not in reasons]
    if diffs:
        print("\nDifferences (USD per 1M tokens; calls: USD of the worst call):")
        rows = [
            [
                d.model_id,
                d.dataset,
                d.field,
                d.ours,
                d.theirs,
                d.via,
                reasons.get(d.key, "UNEXPLAINED"),
            ]
            for d in diffs
        ]
        print_table(["model", "dataset", "field", "ours", "theirs", "dataset id", "reason"], rows)
    calls = [d for d in diffs if d.detail]
    if calls:
        print("\nDiffering calls:")
        print("\n".join(f"  {d.model_id} / {d.field}: {d.detail}" for d in calls))
    found = {diff.key for diff in diffs}
    stale = [key for key in EXPLAINED if key not in found]
    sections = (
        (
            "Explained but no longer different (remove from EXPLAINED, unless --at moved):",
            [" / ".join(k) for k in stale],
        ),
        ("Table problems:", list(problems)),
        (
            "UNEXPLAINED differences (fix the table or explain them in EXPLAINED):",
            [
                f"{d.model_id} / {d.dataset} / {d.field}: {d.ours} vs {d.theirs}"
                for d in unexplained
            ],
        ),
    )
    for title, lines in sections:
        if lines:
            print(f"\n{title}")
            print("\n".join(f"  {line}" for line in lines))
    counts = []
    for dataset in (GENAI, LITELLM):
        mine = [d for d in diffs if d.dataset == dataset]
        missing = sum(d.field == MISSING for d in mine)
        fields = sum(not d.detail and d.field != MISSING for d in mine)
        counts.append(f"{dataset}: {missing} ids missing, {fields} field differences")
    call_ids = len({d.model_id for d in calls})
    counts[0] += f", {len(calls)} call differences ({call_ids} ids) in {results.calls} calls"
    print(
        f"\nSummary: {len(ENTRIES)} entries; {'; '.join(counts)}; "
        f"{len(diffs) - len(unexplained)} explained, {len(unexplained)} unexplained, "
        f"{len(stale)} stale explanations, {len(problems)} table problems"
    )
    return 1 if unexplained or problems else 0


def print_agreeing(diffs: Sequence[Difference], at: dt.date) -> None:
    """Print the rows that agree with a dataset in every field, tier and call.

    Args:
        diffs: Every difference found (rows without one agree).
        at: The day whose prices are shown.
    """
    differing = {(diff.model_id, diff.dataset) for diff in diffs}
    rows = []
    for model_id, *_rest in ENTRIES:
        price = our_price(DEFAULT_COST_TABLE[model_id].at(at))
        shown = " / ".join(map(_fmt, price.rates)) + (
            f" ({_thresholds(price)})" if price.tiers else ""
        )
        rows += [
            [model_id, dataset, shown]
            for dataset in (GENAI, LITELLM)
            if (model_id, dataset) not in differing
        ]
    print(f"\nAgreeing rows (input / output / cache read / cache write / long write on {at}):")
    print_table(["model", "dataset", "prices"], rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the cross-check and print the report.

    Args:
        argv: Arguments without the program name, or None for ``sys.argv[1:]``.

    Returns:
        0 if every difference is explained, 1 otherwise.
    """
    args = parse_args(argv)
    at: dt.date = args.at
    genai = load_genai_prices()
    litellm_version, litellm_data = load_litellm()
    print(
        f"Checking {len(ENTRIES)} entries as of {at} against {GENAI} {genai.__version__} "
        f"(every dated price; random calls up to {at}) and {LITELLM} {litellm_version} "
        f"(prices in force on {at}); seed {SEED}"
    )
    results = collect(genai, at, litellm_data)
    if args.all:
        print_agreeing(results.diffs, at)
    return report(results)


if __name__ == "__main__":
    sys.exit(main())

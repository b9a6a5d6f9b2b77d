"""Cross-check the built-in price table against two maintained public price datasets.

Compares every row of ``ractogateway.pricing._data.ENTRIES`` field by field (input, output,
cache read, cache write; USD per 1M tokens) with the price data bundled in the installed
``genai-prices`` package and in the installed ``litellm`` package
(``model_prices_and_context_window_backup.json``, USD per token). It prints every difference and
every model id a dataset lacks, each marked with its reason when ``EXPLAINED`` lists it, then a
summary line. Exit status: 0 when every difference is explained, 1 otherwise.

Nothing is fetched from the network: both datasets come from the installed packages, and
``litellm`` is never imported (install it with ``--no-deps``). genai-prices needs Python 3.11+.
``nox -s prices`` runs it::

    pip install genai-prices && pip install --no-deps litellm
    python tools/check_prices.py [--at YYYY-MM-DD] [--all]

``--at`` picks the day at which genai-prices' dated prices (scheduled changes, introductory
rates) are read; it defaults to today (UTC), so a scheduled change shows up once it applies.

Neither dataset is needed to type-check this file (``nox -s typecheck`` installs neither):
genai-prices is imported at run time and typed by the small Protocols below, the part of its
API used here; litellm's JSON is narrowed as it is read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.metadata
import importlib.util
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final, Protocol, cast

from ractogateway.pricing._shared import ENTRIES, SOURCES

Prices = tuple[float | None, float | None, float | None, float | None]

FIELDS: Final = ("input", "output", "cache_read", "cache_write")
GENAI: Final = "genai-prices"
LITELLM: Final = "litellm"
MISSING: Final = "entry"
"""Field name of a difference meaning "the dataset has no price for this model id"."""

LITELLM_FILE: Final = "model_prices_and_context_window_backup.json"
LITELLM_PROVIDERS: Final[Mapping[str, tuple[str, ...]]] = {
    "openai": ("openai", "text-completion-openai"),
    "anthropic": ("anthropic",),
    "google": ("gemini",),
}
"""litellm_provider values that mean the provider's own API (not Azure, Bedrock, Vertex...)."""


def _each(
    dataset: str, field: str, reason: str, *model_ids: str
) -> dict[tuple[str, str, str], str]:
    """Explain one and the same difference for several model ids.

    Args:
        dataset: ``GENAI`` or ``LITELLM``.
        field: One of ``FIELDS``, or ``MISSING``.
        reason: Why the difference is expected.
        *model_ids: The model ids it applies to.

    Returns:
        The ``EXPLAINED`` items for those ids.
    """
    return {(model_id, dataset, field): reason for model_id in model_ids}


_RETIRED: Final = "retired; litellm dropped it, genai-prices keeps its last list price"
_NOT_IN_GENAI: Final = "not in genai-prices (yet); price from litellm"
_ALIAS: Final = "rolling alias genai-prices does not match; price of litellm's alias_of target"

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
        *("gpt-6-astra-law", "gemini-4-hydrogen", "gemini-omni-1.2-flash"),
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
        "cache_read",
        "genai-prices' own gemini-pro-1.5 entry (same model) lists 0.3125; chose that",
        *("gemini-1.5-pro", "gemini-1.5-pro-001", "gemini-1.5-pro-002"),
    ),
    **{
        (model_id, GENAI, field): (
            "genai-prices matches the id to gemini-1.5-flash (substring); "
            "its gemini-flash-1.5-8b entry has the table's price"
        )
        for model_id in ("gemini-1.5-flash-8b", "gemini-1.5-flash-8b-001")
        for field in ("input", "output", "cache_read")
    },
}


@dataclass(frozen=True)
class Difference:
    """One field of one table row that differs from a dataset.

    Attributes:
        model_id: The table row's model id.
        dataset: ``GENAI`` or ``LITELLM``.
        field: One of ``FIELDS``, or ``MISSING`` when the dataset has no such id.
        ours: The table's value, formatted.
        theirs: The dataset's value, formatted.
        via: The dataset's own id for the model (it may match several ids to one model).
    """

    model_id: str
    dataset: str
    field: str
    ours: str
    theirs: str
    via: str

    @property
    def key(self) -> tuple[str, str, str]:
        """The ``EXPLAINED`` key of this difference."""
        return (self.model_id, self.dataset, self.field)


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
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


class _TieredPrice(Protocol):
    """A genai-prices ``TieredPrices``: a price that steps up with the prompt length."""

    base: Decimal
    """The price of the lowest context tier (USD per 1M tokens)."""


_GenaiPrice = Decimal | _TieredPrice | None
"""One genai-prices price: flat, tiered, or None where the model has no such price."""


class _ModelPrice(Protocol):
    """A genai-prices ``ModelPrice``: the four prices compared here (USD per 1M tokens)."""

    input_mtok: _GenaiPrice
    output_mtok: _GenaiPrice
    cache_read_mtok: _GenaiPrice
    cache_write_mtok: _GenaiPrice


class _ModelInfo(Protocol):
    """A genai-prices ``ModelInfo``: the dataset's own model entry."""

    id: str


class _PriceCalculation(Protocol):
    """What genai-prices' ``calc_price`` returns: the model it matched and its prices."""

    model: _ModelInfo
    model_price: _ModelPrice


class _GenaiPrices(Protocol):
    """The part of the ``genai_prices`` module used here (as of 0.2.3, which the session pins)."""

    __version__: str

    def Usage(self) -> object:  # noqa: N802 (the class genai-prices exports)
        """An empty usage (no tokens): only the matched model and its prices are read."""
        ...

    def calc_price(
        self,
        usage: object,
        model_ref: str,
        *,
        provider_id: str,
        genai_request_timestamp: dt.datetime,
    ) -> _PriceCalculation:
        """Match ``model_ref`` to a model of ``provider_id`` and price ``usage`` at a time."""
        ...


def _base(price: _GenaiPrice) -> float | None:
    """Reduce a genai-prices price to its base (lowest context) tier.

    Args:
        price: A flat price, a tiered price or None (USD per 1M tokens).

    Returns:
        The flat or base-tier price as a float, or None.
    """
    if price is None:
        return None
    if isinstance(price, Decimal):
        return float(price)
    return float(price.base)


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


def genai_lookup(
    genai: _GenaiPrices, model_id: str, provider: str, when: dt.datetime
) -> tuple[str, Prices] | None:
    """Look a model up in genai-prices' bundled data (its standard, non-batch price).

    Args:
        genai: The genai-prices module.
        model_id: The table's model id.
        provider: The table's provider ("openai", "anthropic" or "google").
        when: The instant at which dated prices are read.

    Returns:
        genai-prices' id for the model and its four prices, or None if it has no such model.
    """
    try:
        calc = genai.calc_price(
            genai.Usage(), model_id, provider_id=provider, genai_request_timestamp=when
        )
    except LookupError:
        return None
    price = calc.model_price
    prices = (
        _base(price.input_mtok),
        _base(price.output_mtok),
        _base(price.cache_read_mtok),
        _base(price.cache_write_mtok),
    )
    return calc.model.id, prices


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
        raise SystemExit(f"litellm has no {LITELLM_FILE} at {path}")
    data = _mapping(json.loads(path.read_text(encoding="utf-8")))
    if data is None:
        raise SystemExit(f"{path} is not a JSON object")
    return importlib.metadata.version("litellm"), data


def litellm_lookup(
    data: Mapping[str, object], model_id: str, provider: str
) -> tuple[str, Prices] | None:
    """Look a model up in litellm's price map, following its ``alias_of`` entries.

    Only entries of the provider's own API count (``gemini/<id>`` for Google).

    Args:
        data: litellm's model map.
        model_id: The table's model id.
        provider: The table's provider ("openai", "anthropic" or "google").

    Returns:
        litellm's key for the model and its four prices, or None if it has no such model.
    """
    prefix = "gemini/" if provider == "google" else ""
    for key in dict.fromkeys((prefix + model_id, model_id)):
        entry, via = _mapping(data.get(key)), key
        if entry is not None and isinstance(target := entry.get("alias_of"), str):
            via = f"{key} -> {target}"
            entry = _mapping(data.get(prefix + target)) or _mapping(data.get(target))
        if entry is None or entry.get("litellm_provider") not in LITELLM_PROVIDERS[provider]:
            continue
        prices = (
            _per_million(entry, "input_cost_per_token"),
            _per_million(entry, "output_cost_per_token"),
            _per_million(entry, "cache_read_input_token_cost"),
            _per_million(entry, "cache_creation_input_token_cost"),
        )
        return via, prices
    return None


def compare(
    model_id: str, dataset: str, ours: Prices, found: tuple[str, Prices] | None
) -> list[Difference]:
    """List the differences between one table row and one dataset.

    A missing output price counts as 0.0 on both sides (embedding models).

    Args:
        model_id: The table row's model id.
        dataset: ``GENAI`` or ``LITELLM``.
        ours: The row's four prices.
        found: The dataset's id and prices for the model, or None if it lacks it.

    Returns:
        One ``Difference`` per differing field, or a single ``MISSING`` one.
    """
    if found is None:
        return [Difference(model_id, dataset, MISSING, "-", "no such id", "-")]
    via, theirs = found
    diffs = []
    for index, field in enumerate(FIELDS):
        mine, other = ours[index], theirs[index]
        if field == "output":
            mine, other = mine or 0.0, other or 0.0
        if not _same(mine, other):
            diffs.append(Difference(model_id, dataset, field, _fmt(mine), _fmt(other), via))
    return diffs


def check_table() -> list[str]:
    """Check the table's own consistency (ids, providers, source keys, dates).

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
        default=dt.datetime.now(dt.timezone.utc).date(),
        help="day at which genai-prices' dated prices are read (default: today, UTC)",
    )
    parser.add_argument("--all", action="store_true", help="also list the rows that agree")
    return parser.parse_args(argv)


def collect(
    genai: _GenaiPrices, when: dt.datetime, litellm_data: Mapping[str, object]
) -> list[Difference]:
    """Compare every table row with both datasets.

    Args:
        genai: The genai-prices module.
        when: The instant at which genai-prices' dated prices are read.
        litellm_data: litellm's model map.

    Returns:
        Every difference, in table order.
    """
    diffs: list[Difference] = []
    for model_id, provider, inp, out, read, write, *_rest in ENTRIES:
        ours: Prices = (inp, out, read, write)
        diffs += compare(model_id, GENAI, ours, genai_lookup(genai, model_id, provider, when))
        diffs += compare(model_id, LITELLM, ours, litellm_lookup(litellm_data, model_id, provider))
    return diffs


def report(diffs: Sequence[Difference], problems: Sequence[str]) -> int:
    """Print the differences, stale explanations, table problems and a summary line.

    Args:
        diffs: Every difference found.
        problems: The table's own consistency problems.

    Returns:
        The exit status: 0 if every difference is explained and the table is sound, else 1.
    """
    unexplained = [diff for diff in diffs if diff.key not in EXPLAINED]
    if diffs:
        print("\nDifferences (USD per 1M tokens):")
        reasons = [EXPLAINED.get(d.key, "UNEXPLAINED") for d in diffs]
        rows = [
            [d.model_id, d.dataset, d.field, d.ours, d.theirs, d.via, reason]
            for d, reason in zip(diffs, reasons, strict=True)
        ]
        print_table(["model", "dataset", "field", "ours", "theirs", "dataset id", "reason"], rows)
    found = {diff.key for diff in diffs}
    stale = [key for key in EXPLAINED if key not in found]
    sections = (
        (
            "Explained but no longer different (remove from EXPLAINED):",
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
        missing = sum(d.dataset == dataset and d.field == MISSING for d in diffs)
        fields = sum(d.dataset == dataset and d.field != MISSING for d in diffs)
        counts.append(f"{dataset}: {missing} ids missing, {fields} field differences")
    print(
        f"\nSummary: {len(ENTRIES)} entries; {'; '.join(counts)}; "
        f"{len(diffs) - len(unexplained)} explained, {len(unexplained)} unexplained, "
        f"{len(stale)} stale explanations, {len(problems)} table problems"
    )
    return 1 if unexplained or problems else 0


def print_agreeing(diffs: Sequence[Difference]) -> None:
    """Print the rows that agree with a dataset on all four prices.

    Args:
        diffs: Every difference found (rows without one agree).
    """
    differing = {(diff.model_id, diff.dataset) for diff in diffs}
    rows = [
        [model_id, dataset, " / ".join(_fmt(price) for price in prices)]
        for model_id, _provider, *prices, _checked_on, _source in ENTRIES
        for dataset in (GENAI, LITELLM)
        if (model_id, dataset) not in differing
    ]
    print("\nAgreeing rows (input / output / cache read / cache write):")
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
    when = dt.datetime(at.year, at.month, at.day, 12, tzinfo=dt.timezone.utc)
    genai = load_genai_prices()
    litellm_version, litellm_data = load_litellm()
    print(
        f"Checking {len(ENTRIES)} entries against {GENAI} {genai.__version__} "
        f"(prices as of {at}) and {LITELLM} {litellm_version}"
    )
    diffs = collect(genai, when, litellm_data)
    if args.all:
        print_agreeing(diffs)
    return report(diffs, check_table())


if __name__ == "__main__":
    sys.exit(main())

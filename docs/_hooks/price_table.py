"""MkDocs hook: write ``price-table.md`` from ``DEFAULT_COST_TABLE`` at build time.

The page exists only in the build (never in the repository), so it cannot drift from the
table. ``render()`` needs nothing but ``ractogateway-pricing``; the tests call it directly,
with the built-in table and with a table of their own that has tiers and dated prices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, __version__
from ractogateway.pricing._shared import CHECKED_ON, SOURCES, EntryInfo, entry_info

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

PAGE = "price-table.md"
PROVIDERS = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google Gemini"}
#: The rates a tier or a dated price is written with, in this order (as the columns).
RATES = (
    "input_per_million",
    "output_per_million",
    "cache_read_per_million",
    "cache_write_per_million",
    "cache_write_long_per_million",
)
DASH = "\u2013"
FIRST = "1970-01-01"  # a day before every dated change: the first price is in force


def usd(value: float | None) -> str:
    """Return a rate as its shortest exact text (``2.5``, ``10``), or a dash when unset."""
    if value is None:
        return DASH
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def threshold(tokens: int) -> str:
    """Return a tier's threshold as ``>200k`` (``>1M``, or the exact count if not round)."""
    if tokens and tokens % 1_000_000 == 0:
        return f">{tokens // 1_000_000}M"
    if tokens and tokens % 1_000 == 0:
        return f">{tokens // 1_000}k"
    return f">{tokens}"


def rates(pricing: ModelPricing) -> str:
    """Return ``input / output`` and the cache rates up to the last one set."""
    cells = [usd(getattr(pricing, field)) for field in RATES]
    while len(cells) > 2 and cells[-1] == DASH:
        cells.pop()
    return " / ".join(cells)


def schedule(pricing: ModelPricing, checked_on: str) -> list[str]:
    """Return the short texts of a price's tiers and dated changes, for its table cell.

    The tiers of the price in force on ``checked_on`` (whose base rates the row shows), then
    every dated price in time order: ``before <first date>`` for the first price, ``from
    <date>`` for each change, each with its own tiers; the one in force is ``as shown``.
    """
    in_force = pricing.at(checked_on)
    items = [f"{threshold(above)}: {rates(tier)}" for above, tier in in_force.tiers]
    if pricing.changes:
        started = [day for day, _change in pricing.changes if day <= checked_on]
        current = f"from {started[-1]}" if started else f"before {pricing.changes[0][0]}"
        periods = [(f"before {pricing.changes[0][0]}", pricing.at(FIRST))]
        periods += [(f"from {day}", change) for day, change in pricing.changes]
        for label, period in periods:
            if label == current:
                items.append(f"{label}: as shown")
                continue
            items.append(f"{label}: {rates(period)}")
            items += [f"{label}, {threshold(above)}: {rates(tier)}" for above, tier in period.tiers]
    for tier, variant in pricing.variants:
        served = variant.at(checked_on)
        items.append(f"{tier}: {rates(served)}")
        items += [f"{tier}, {threshold(above)}: {rates(t)}" for above, t in served.tiers]
        for day, change in variant.changes:
            if day > checked_on:
                items.append(f"{tier} from {day}: {rates(change)}")
                items += [
                    f"{tier} from {day}, {threshold(above)}: {rates(t)}"
                    for above, t in change.tiers
                ]
    items += [f"{tool} per 1k: {usd(price)}" for tool, price in pricing.server_tools]
    items += [f"region {region}: x{usd(uplift)}" for region, uplift in pricing.regions]
    if in_force.reasoning_per_million is not None:
        items.append(f"reasoning: {usd(in_force.reasoning_per_million)}")
    return items


def render(
    *,
    table: Mapping[str, ModelPricing] | None = None,
    info: Mapping[str, EntryInfo] | None = None,
    checked_on: str = CHECKED_ON,
) -> str:
    """Return the Markdown of the price table page (of ``DEFAULT_COST_TABLE`` by default).

    Args:
        table: The prices to show.
        info: Each model's provider, checked date and source key.
        checked_on: The table's check date: the rates shown are those in force that day.
    """
    table = DEFAULT_COST_TABLE if table is None else table
    info = entry_info() if info is None else info
    lines = [
        "<!-- Generated at build time by docs/_hooks/price_table.py: do not edit. -->",
        "# Price table",
        "",
        f"The built-in `DEFAULT_COST_TABLE` of ractogateway-pricing {__version__}: "
        f"{len(table)} models, list prices in **USD per 1M tokens** (the provider's own API, "
        f"standard tier), checked on **{checked_on}**; each row shows the rates in force that "
        "day, below any context tier. This page is generated from the table when the site is "
        "built.",
        "",
        "A dash means the provider publishes no such price: cache reads and writes bill at the "
        "input price, long cache writes (Anthropic's 1-hour, OpenAI's 12-hour retention) at the "
        "cache-write price. Reasoning tokens bill at the output price.",
        "",
        "**Tiers / changes** lists what else a model's price has ([Pricing](pricing.md#context-"
        "tiers) explains both), each with its rates as input / output / cache read / cache "
        "write / long cache write, like the columns (trailing dashes left out):",
        "",
        "- `>200k: 6 / 22.5`: a context tier; a call whose input, cached tokens included, is "
        "above 200,000 tokens bills every token at these rates;",
        "- `from 2027-01-01: 1.5 / 7.5`: a dated price, from 00:00 UTC that day on (`before "
        "2026-12-01`: the price until then; `as shown`: the one in force on the check date, "
        "whose rates the row shows);",
        "- `batch: 0.625 / 5 / 0.0625`: a variant by service tier ([Pricing](pricing.md#service-"
        "tiers-regions-and-server-side-tools)): a call served at that tier bills at these rates "
        "(those in force on the check date, with the variant's own tiers, then its scheduled "
        "changes as `batch from <date>`); OpenAI's `fast` bills as `priority`;",
        "- `web_search per 1k: 10`: USD per 1,000 requests of a server-side tool;",
        "- `region us: x1.1`: the multiplier of the token cost for a call processed there "
        "(`*`: any region but `global`).",
        "",
        "Ids resolve as [Pricing](pricing.md#how-a-model-id-is-resolved) explains: "
        "`openai/GPT-4o-2024-08-06` prices as `gpt-4o-2024-08-06`. To see one entry from the "
        "shell: `python -m ractogateway.pricing lookup <model>`.",
        "",
    ]
    for provider, title in PROVIDERS.items():
        models = sorted(m for m in table if info[m].provider == provider)
        lines += [
            f"## {title}",
            "",
            f"{len(models)} models.",
            "",
            "| model | input | output | cache read | cache write | long cache write "
            "| tiers / changes | checked on | source |",
            "|---|--:|--:|--:|--:|--:|---|---|---|",
        ]
        for model in models:
            p, entry = table[model].at(checked_on), info[model]
            lines.append(
                f"| `{model}` | {usd(p.input_per_million)} | {usd(p.output_per_million)} "
                f"| {usd(p.cache_read_per_million)} | {usd(p.cache_write_per_million)} "
                f"| {usd(p.cache_write_long_per_million)} "
                f"| {'<br>'.join(schedule(table[model], checked_on))} "
                f"| {entry.checked_on} | [{entry.source}](#source-{entry.source}) |"
            )
        lines.append("")
    lines += ["## Sources", "", "| key | where the prices come from |", "|---|---|"]
    lines += [f'| <a id="source-{key}"></a>`{key}` | {text} |' for key, text in SOURCES.items()]
    return "\n".join(lines) + "\n"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated page to the build."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, PAGE, content=render()))
    return files

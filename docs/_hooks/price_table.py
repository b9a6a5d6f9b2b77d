"""MkDocs hook: write ``price-table.md`` from ``DEFAULT_COST_TABLE`` at build time.

The page exists only in the build (never in the repository), so it cannot drift from the
table. ``render()`` needs nothing but ``ractogateway-pricing``; the tests call it directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ractogateway.pricing import DEFAULT_COST_TABLE, __version__
from ractogateway.pricing._shared import CHECKED_ON, SOURCES, entry_info

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

PAGE = "price-table.md"
PROVIDERS = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google Gemini"}


def _usd(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:g}"


def render() -> str:
    """Return the Markdown of the price table page."""
    info = entry_info()
    lines = [
        "<!-- Generated at build time by docs/_hooks/price_table.py: do not edit. -->",
        "# Price table",
        "",
        f"The built-in `DEFAULT_COST_TABLE` of ractogateway-pricing {__version__}: "
        f"{len(DEFAULT_COST_TABLE)} models, list prices in **USD per 1M tokens** (the provider's "
        f"own API, standard tier, base context tier), checked on **{CHECKED_ON}**. "
        "This page is generated from the table when the site is built.",
        "",
        "A dash means the provider publishes no such price, so those tokens bill at the input "
        "price. Ids resolve as [Pricing](pricing.md#how-a-model-id-is-resolved) explains: "
        "`openai/GPT-4o-2024-08-06` prices as `gpt-4o-2024-08-06`. To see one entry from the "
        "shell: `python -m ractogateway.pricing lookup <model>`.",
        "",
    ]
    for provider, title in PROVIDERS.items():
        models = sorted(m for m in DEFAULT_COST_TABLE if info[m].provider == provider)
        lines += [
            f"## {title}",
            "",
            f"{len(models)} models.",
            "",
            "| model | input | output | cache read | cache write | checked on | source |",
            "|---|--:|--:|--:|--:|---|---|",
        ]
        for model in models:
            p, entry = DEFAULT_COST_TABLE[model], info[model]
            lines.append(
                f"| `{model}` | {_usd(p.input_per_million)} | {_usd(p.output_per_million)} "
                f"| {_usd(p.cache_read_per_million)} | {_usd(p.cache_write_per_million)} "
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

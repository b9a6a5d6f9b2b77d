"""LLM prices and USD cost estimates, with no dependencies.

The built-in ``DEFAULT_COST_TABLE`` holds the list prices (USD per 1M tokens, standard
tier) of OpenAI, Anthropic and Google Gemini models, each checked on a stated date, with
their context tiers, dated price changes and long-retention cache-write prices. A price
file (``load_price_table``; ``RACTOGATEWAY_PRICES=<path>`` for every use) overrides and
extends it.

Examples:
    >>> from ractogateway.pricing import ModelPricing, compute_cost, lookup_pricing
    >>> round(compute_cost("my-model", 1_000, 500, price_table={
    ...     "my-model": ModelPricing(input_per_million=2.0, output_per_million=8.0)}), 6)
    0.006
    >>> lookup_pricing("openai/GPT-4o") == lookup_pricing("gpt-4o")
    True
    >>> lookup_pricing("no-such-model") is None
    True

From the shell: ``python -m ractogateway.pricing cost gpt-4o --input 1200 --output 300``.
"""

from ractogateway.pricing._cost import compute_cost, lookup_pricing
from ractogateway.pricing._model import ModelPricing
from ractogateway.pricing._table import DEFAULT_COST_TABLE
from ractogateway.pricing._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ractogateway.pricing._load import load_price_table

__all__ = [
    "DEFAULT_COST_TABLE",
    "ModelPricing",
    "__version__",
    "compute_cost",
    "load_price_table",
    "lookup_pricing",
]


def __getattr__(name: str) -> object:
    """Import ``load_price_table`` at its first use: most processes never read a price file."""
    if name == "load_price_table":
        from ractogateway.pricing._load import load_price_table

        globals()[name] = load_price_table
        return load_price_table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

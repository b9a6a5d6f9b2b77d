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

``usage_from(response)`` reads the billed usage of an OpenAI, Anthropic or Google GenAI
response (SDK object, dict or raw JSON; a list of stream chunks too) the way each provider
counts it, and ``usage_from(response).cost()`` prices it.

From the shell: ``python -m ractogateway.pricing cost gpt-4o --input 1200 --output 300``.
"""

from ractogateway.pricing._cost import compute_cost, lookup_pricing
from ractogateway.pricing._model import ModelPricing
from ractogateway.pricing._table import DEFAULT_COST_TABLE
from ractogateway.pricing._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ractogateway.pricing._load import load_price_table
    from ractogateway.pricing._usage import Usage, usage_from

__all__ = [
    "DEFAULT_COST_TABLE",
    "ModelPricing",
    "Usage",
    "__version__",
    "compute_cost",
    "load_price_table",
    "lookup_pricing",
    "usage_from",
]

#: Names imported at their first use (most processes never read a price file or a response).
_LAZY = {
    "load_price_table": "ractogateway.pricing._load",
    "Usage": "ractogateway.pricing._usage",
    "usage_from": "ractogateway.pricing._usage",
}


def __getattr__(name: str) -> object:
    """Import the names in ``_LAZY`` at their first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

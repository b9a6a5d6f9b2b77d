"""Cost arithmetic: ``compute_cost`` and ``lookup_pricing``."""

from __future__ import annotations

from ractogateway.pricing._resolve import DEFAULT_RESOLVER, PriceResolver

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ractogateway.pricing._model import ModelPricing

__all__ = ["compute_cost", "cost_usd", "lookup_pricing"]

# Known ids (and ids resolved before) answer from this dict without a method call.
_default_cache = DEFAULT_RESOLVER.cache
_default_cache_get = _default_cache.get


def cost_usd(
    pricing: ModelPricing,
    input_tokens: float,
    output_tokens: float,
    cache_read_tokens: float = 0,
    cache_write_tokens: float = 0,
) -> float:
    """Return the USD cost of a call from already validated token counts.

    ``cache_read_tokens`` and ``cache_write_tokens`` are the parts of ``input_tokens``
    billed at the cache rates (the input rate where the model has none).
    """
    if not (cache_read_tokens or cache_write_tokens):
        return (
            input_tokens * pricing.input_per_million + output_tokens * pricing.output_per_million
        ) / 1_000_000
    read = pricing.cache_read_per_million
    write = pricing.cache_write_per_million
    rate_in = pricing.input_per_million
    return (
        (input_tokens - cache_read_tokens - cache_write_tokens) * rate_in
        + cache_read_tokens * (rate_in if read is None else read)
        + cache_write_tokens * (rate_in if write is None else write)
        + output_tokens * pricing.output_per_million
    ) / 1_000_000


def _check_counts(
    input_tokens: float, output_tokens: float, cache_read_tokens: float, cache_write_tokens: float
) -> None:
    """Raise ValueError naming the first invalid token count."""
    for name, value in (
        ("input_tokens", input_tokens),
        ("output_tokens", output_tokens),
        ("cache_read_tokens", cache_read_tokens),
        ("cache_write_tokens", cache_write_tokens),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name} must be a number of tokens, got {value!r}")
        if not value >= 0 or value == float("inf"):
            raise ValueError(f"{name} must be a finite count >= 0, got {value!r}")
    if cache_read_tokens + cache_write_tokens > input_tokens:
        raise ValueError(
            f"cache_read_tokens + cache_write_tokens ({cache_read_tokens} + {cache_write_tokens})"
            f" must not exceed input_tokens ({input_tokens}): cached tokens are part of the input"
        )


def compute_cost(
    model: str,
    input_tokens: int,
    output_tokens: int,
    *,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
    price_table: Mapping[str, ModelPricing] | None = None,
) -> float:
    """Compute the estimated USD cost of one call from its token counts.

    Args:
        model: Model identifier; provider prefixes, case and dated snapshot suffixes are
            resolved (``openai/gpt-4o-2024-08-06`` prices as ``gpt-4o-2024-08-06``).
        input_tokens: Every prompt token, cached ones included.
        output_tokens: Completion tokens.
        cache_read_tokens: Part of ``input_tokens`` read from the prompt cache.
        cache_write_tokens: Part of ``input_tokens`` written to the prompt cache.
        price_table: Entries that override or extend ``DEFAULT_COST_TABLE``.

    Returns:
        The cost in USD; 0.0 for a model that is not in the table (see ``lookup_pricing``
        to tell unknown from free).

    Raises:
        ValueError: a count is negative, not finite, or the cache parts exceed the input.
        TypeError: ``model`` is not a str, or ``price_table`` is not a table of prices.

    Examples:
        >>> compute_cost("gpt-4o", 1_000_000, 0) == lookup_pricing("gpt-4o").input_per_million
        True
        >>> compute_cost("no-such-model", 1_000, 1_000)
        0.0
    """
    # Fast path (an id seen before, plain int counts, default table): one dict hit and the
    # sum. (The keyword-only parameters alone cost CPython ~50 ns a call: such calls are
    # not specialised; the signature is the contract.)
    pricing = _default_cache_get(model)
    if (
        type(input_tokens) is int
        and type(output_tokens) is int
        and input_tokens >= 0
        and output_tokens >= 0
        and price_table is None
        and not (cache_read_tokens or cache_write_tokens)
    ):
        if pricing is not None:
            return (
                input_tokens * pricing.input_per_million
                + output_tokens * pricing.output_per_million
            ) / 1_000_000
        if model in _default_cache:  # resolved before: unknown
            return 0.0
    _check_counts(input_tokens, output_tokens, cache_read_tokens, cache_write_tokens)
    resolver = PriceResolver(price_table) if price_table else DEFAULT_RESOLVER
    pricing = resolver.lookup(model)
    if pricing is None:
        return 0.0
    return cost_usd(pricing, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens)


def lookup_pricing(
    model: str, price_table: Mapping[str, ModelPricing] | None = None
) -> ModelPricing | None:
    """Return the ``ModelPricing`` that ``model`` resolves to, or None if it is unknown.

    Args:
        model: Model identifier, resolved as in ``compute_cost``.
        price_table: Entries that override or extend ``DEFAULT_COST_TABLE``.

    Raises:
        TypeError: ``model`` is not a str, or ``price_table`` is not a table of prices.
    """
    resolver = DEFAULT_RESOLVER if price_table is None else PriceResolver(price_table)
    return resolver.lookup(model)

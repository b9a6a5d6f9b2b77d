"""Cost arithmetic: ``compute_cost`` and ``lookup_pricing``."""

from __future__ import annotations

from ractogateway.pricing._fronts import KEYWORDS, positional_error, runs_as
from ractogateway.pricing._model import service_tier as _service_tier
from ractogateway.pricing._model import timestamp, trusted_pricing
from ractogateway.pricing._resolve import DEFAULT_RESOLVER, PriceResolver

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ractogateway.pricing._model import ModelPricing

__all__ = ["billed_usd", "compute_cost", "cost_usd", "lookup_pricing", "tools_usd"]

# Known ids with a simple price (no tiers or changes) answer from this dict without a method
# call; ids resolved before, the unknown ones (None) included, from the cache.
_default_simple_get = DEFAULT_RESOLVER.simple.get
_default_cache_get = DEFAULT_RESOLVER.cache.get


def cost_usd(  # noqa: PLR0917 - positional: it runs on every recorded call
    pricing: ModelPricing,
    input_tokens: float,
    output_tokens: float,
    cache_read_tokens: float = 0,
    cache_write_tokens: float = 0,
    cache_write_long_tokens: float = 0,
    reasoning_tokens: float = 0,
    at: float | None = None,
) -> float:
    """Return the USD cost of a call at ``pricing``, without checking the counts.

    The parts (cache read and write of ``input_tokens``, the long-retention part of the
    write, the reasoning part of ``output_tokens``) are billed at their own rates where the
    model has them. A price with dated changes is taken at ``at`` (POSIX seconds; None:
    now); a price with context tiers is taken at the tier of ``input_tokens``.
    """
    if not pricing._simple:
        if pricing.changes:
            pricing = pricing._in_force(timestamp(at))
        if pricing.tiers:
            pricing = pricing._rates_for(input_tokens)
    if not (cache_read_tokens or cache_write_tokens or reasoning_tokens):
        return (
            input_tokens * pricing.input_per_million + output_tokens * pricing.output_per_million
        ) / 1_000_000
    rate_in = pricing.input_per_million
    rate_out = pricing.output_per_million
    read = pricing.cache_read_per_million
    write = pricing.cache_write_per_million
    rate_write = rate_in if write is None else write
    write_long = pricing.cache_write_long_per_million
    reasoning = pricing.reasoning_per_million
    return (
        (input_tokens - cache_read_tokens - cache_write_tokens) * rate_in
        + cache_read_tokens * (rate_in if read is None else read)
        + (cache_write_tokens - cache_write_long_tokens) * rate_write
        + cache_write_long_tokens * (rate_write if write_long is None else write_long)
        + (output_tokens - reasoning_tokens) * rate_out
        + reasoning_tokens * (rate_out if reasoning is None else reasoning)
    ) / 1_000_000


def tools_usd(pricing: ModelPricing, requests: Iterable[tuple[str, float]]) -> float:
    """Return the USD of a call's server-side tool requests, ``((tool, count), ...)``.

    Each tool is billed at ``pricing.server_tools`` (USD per 1,000 requests); a tool the
    price does not list is not billed apart.
    """
    rates = dict(pricing.server_tools)
    return sum(count * rates.get(tool, 0.0) for tool, count in requests) / 1_000


def billed_usd(  # noqa: PLR0917 - positional, as cost_usd
    pricing: ModelPricing,
    service_tier: str | None,
    region: str | None,
    server_tool_requests: Iterable[tuple[str, float]],
    input_tokens: float,
    output_tokens: float,
    cache_read_tokens: float = 0,
    cache_write_tokens: float = 0,
    cache_write_long_tokens: float = 0,
    reasoning_tokens: float = 0,
    at: float | None = None,
) -> float:
    """Return ``cost_usd`` at the call's service tier and region, plus its tool requests.

    The tokens are billed at ``pricing.variant(service_tier)`` (a known tier name or None:
    ``ModelPricing.variant`` raises ValueError on another), times the region's multiplier
    (``pricing.uplift(region)``); the server-side tool requests are added at their prices.
    """
    cost = cost_usd(
        pricing.variant(service_tier),
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        cache_write_long_tokens,
        reasoning_tokens,
        at,
    )
    if region is not None:
        cost *= pricing.uplift(region)
    return cost + tools_usd(pricing, server_tool_requests) if server_tool_requests else cost


def _requests(value: object) -> tuple[tuple[str, int], ...]:
    """Check ``server_tool_requests=`` (a mapping of tool names to counts); return its pairs."""
    from collections.abc import Mapping

    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise TypeError(
            "server_tool_requests must be a mapping of tool names to request counts,"
            f" e.g. {{'web_search': 2}}, got {type(value).__name__}"
        )
    for tool, count in value.items():
        if not isinstance(tool, str):
            raise TypeError(f"server_tool_requests keys must be tool names (str), got {tool!r}")
        _check_count(f"server_tool_requests[{tool!r}]", count)
    return tuple(value.items())


def _region(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"region must be a str such as 'us', or None, got {type(value).__name__}")


def _check_count(name: str, value: object) -> None:
    """Raise ValueError naming ``name`` unless ``value`` is a finite count >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number of tokens, got {value!r}")
    try:
        finite = 0 <= float(value) < float("inf")
    except OverflowError:  # an int beyond float range: no count is that large
        raise ValueError(
            f"{name} must be a finite count >= 0, got an int beyond float range"
        ) from None
    if not finite:
        raise ValueError(f"{name} must be a finite count >= 0, got {value!r}")


def _check_part(part: str, value: float, whole: str, limit: float) -> None:
    if value > limit:
        raise ValueError(
            f"{part} ({value}) must not exceed {whole} ({limit}): it is a part of {whole}"
        )


def _check_counts(  # noqa: PLR0917 - compute_cost's counts, in its order
    input_tokens: float,
    output_tokens: float,
    cache_read_tokens: float,
    cache_write_tokens: float,
    cache_write_long_tokens: float,
    reasoning_tokens: float,
) -> None:
    for name, value in (
        ("input_tokens", input_tokens),
        ("output_tokens", output_tokens),
        ("cache_read_tokens", cache_read_tokens),
        ("cache_write_tokens", cache_write_tokens),
        ("cache_write_long_tokens", cache_write_long_tokens),
        ("reasoning_tokens", reasoning_tokens),
    ):
        _check_count(name, value)
    if cache_read_tokens + cache_write_tokens > input_tokens:
        raise ValueError(
            f"cache_read_tokens + cache_write_tokens ({cache_read_tokens} + {cache_write_tokens})"
            f" must not exceed input_tokens ({input_tokens}): cached tokens are part of the input"
        )
    _check_part(
        "cache_write_long_tokens", cache_write_long_tokens, "cache_write_tokens", cache_write_tokens
    )
    _check_part("reasoning_tokens", reasoning_tokens, "output_tokens", output_tokens)


def compute_cost(
    model: str,
    input_tokens: int,
    output_tokens: int,
    *,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
    cache_write_long_tokens: int = 0,
    reasoning_tokens: int = 0,
    price_table: Mapping[str, ModelPricing] | None = None,
    at: object = None,
    service_tier: str | None = None,
    region: str | None = None,
    server_tool_requests: Mapping[str, int] | None = None,
) -> float:
    """Return the USD cost of one call: tokens times the model's price per 1M tokens.

    Args:
        model: Model identifier; provider prefixes, case and dated snapshot suffixes are
            resolved (``openai/gpt-4o-2024-08-06`` prices as ``gpt-4o-2024-08-06``).
        input_tokens: Every prompt token, cached ones included. Above a model's context
            tier threshold, every token of the call is billed at that tier's rates.
        output_tokens: Completion tokens, reasoning tokens included.
        cache_read_tokens: Part of ``input_tokens`` read from the prompt cache.
        cache_write_tokens: Part of ``input_tokens`` written to the prompt cache.
        cache_write_long_tokens: Part of ``cache_write_tokens`` written with long retention
            (Anthropic's 1-hour, OpenAI's 12-hour cache).
        reasoning_tokens: Part of ``output_tokens`` that is reasoning (thinking); billed at
            the output rate unless the model has a reasoning price.
        price_table: Entries that override or extend ``DEFAULT_COST_TABLE``.
        at: When the call was made, for prices that change on a date: a ``datetime``
            (naive means UTC), a POSIX timestamp, a ``date`` or ``"YYYY-MM-DD"``; None: now.
        service_tier: The tier the call was served at: ``"batch"``, ``"flex"``,
            ``"priority"``, ``"fast"`` (OpenAI bills it as priority; Anthropic's fast mode)
            or ``"ultrafast"``; None, ``"default"``, ``"standard"`` or ``"auto"``: the
            standard price. A tier the model has no variant for bills at the standard price.
        region: Where the call was processed when it is billed by region (Anthropic's
            ``inference_geo``, OpenAI's regional processing, a Vertex AI regional endpoint):
            the token cost is multiplied by the model's uplift there (``"us"``: 1.1 where
            the provider charges it); None or ``"global"``: no uplift.
        server_tool_requests: Requests of server-side tools, ``{"web_search": 3}``, each
            billed at the model's price per request (web search, grounding).

    Returns:
        The cost in USD; 0.0 for a model that is not in the table (see ``lookup_pricing``
        to tell unknown from free).

    Raises:
        ValueError: a count is negative or not finite, a part exceeds its whole, or
            ``service_tier`` names no known tier.
        TypeError: ``model`` is not a str, ``price_table`` is not a table of prices, ``at``
            is not a time, ``region`` is not a str, or ``server_tool_requests`` is not a
            mapping of tool names to counts.

    Examples:
        >>> compute_cost("gpt-4o", 1_000_000, 0) == lookup_pricing("gpt-4o").input_per_million
        True
        >>> compute_cost("no-such-model", 1_000, 1_000)
        0.0
        >>> compute_cost("gpt-5", 1_000_000, 0, service_tier="flex", at="2026-12-07")
        0.625
    """
    _check_counts(
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        cache_write_long_tokens,
        reasoning_tokens,
    )
    seconds = timestamp(at)
    tier = _service_tier(service_tier)
    place = _region(region)
    requests = _requests(server_tool_requests)
    resolver = PriceResolver(price_table) if price_table else DEFAULT_RESOLVER
    found = resolver.lookup(model)
    if found is None:
        return 0.0
    return billed_usd(
        found,
        tier,
        place,
        requests,
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        cache_write_long_tokens,
        reasoning_tokens,
        seconds,
    )


def _plain_first(  # noqa: PLR0917 - keyword-only in meaning (see the docstring)
    model: str,
    input_tokens: int,
    output_tokens: int,
    _keywords: object = KEYWORDS,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
    cache_write_long_tokens: int = 0,
    reasoning_tokens: int = 0,
    price_table: Mapping[str, ModelPricing] | None = None,
    at: object = None,
    service_tier: str | None = None,
    region: str | None = None,
    server_tool_requests: Mapping[str, int] | None = None,
) -> float:
    """``compute_cost`` as it runs (a front, ``_fronts``): a plain call is priced here.

    Any other goes to the documented function. A plain call leaves nine keyword-only
    options out, whose defaults would cost as much as the pricing itself.
    """
    # A plain call (plain int counts, default table, now, standard tier): one dict hit for
    # a simple known id, one more for an id resolved before (aliases, tiers, dated prices;
    # None: unknown), and the sum.
    if (
        _keywords is KEYWORDS
        and type(input_tokens) is int
        and type(output_tokens) is int
        and input_tokens >= 0
        and output_tokens >= 0
        and price_table is None
        and at is None
        and service_tier is None
        and region is None
        and server_tool_requests is None
        and not (
            cache_read_tokens or cache_write_tokens or cache_write_long_tokens or reasoning_tokens
        )
    ):
        try:
            pricing = _default_simple_get(model)
            if pricing is not None:
                return (
                    input_tokens * pricing.input_per_million
                    + output_tokens * pricing.output_per_million
                ) / 1_000_000
            found = _default_cache_get(model, KEYWORDS)
            if found is None:  # resolved before: unknown
                return 0.0
            if found is not KEYWORDS:  # a price
                return cost_usd(found, input_tokens, output_tokens)  # type: ignore[arg-type]
        except (OverflowError, TypeError):  # beyond float range, an unhashable model: checked
            pass
    if _keywords is not KEYWORDS:
        raise positional_error("compute_cost", ("model", "input_tokens", "output_tokens"))
    return _compute_cost(
        model,
        input_tokens,
        output_tokens,
        cache_read_tokens=cache_read_tokens,
        cache_write_tokens=cache_write_tokens,
        cache_write_long_tokens=cache_write_long_tokens,
        reasoning_tokens=reasoning_tokens,
        price_table=price_table,
        at=at,
        service_tier=service_tier,
        region=region,
        server_tool_requests=server_tool_requests,
    )


_compute_cost = compute_cost
if not TYPE_CHECKING:  # callers run the front; introspection and type checkers see the contract
    compute_cost = runs_as(compute_cost, _plain_first)


def lookup_pricing(
    model: str,
    price_table: Mapping[str, ModelPricing] | None = None,
    *,
    at: object = None,
    service_tier: str | None = None,
    region: str | None = None,
) -> ModelPricing | None:
    """Return the price ``model`` resolves to at ``at``, or None if the model is unknown.

    Args:
        model: Model identifier, resolved as in ``compute_cost``.
        price_table: Entries that override or extend ``DEFAULT_COST_TABLE``.
        at: The time the price is wanted for (as in ``compute_cost``); None: now. The
            price returned has its context tiers and no dated changes.
        service_tier: The tier (as in ``compute_cost``): the price returned is that tier's
            variant (the standard price when the model has none), with the model's
            server-tool prices.
        region: Where the call is processed (as in ``compute_cost``): the token rates
            returned are multiplied by the model's uplift there.

    Raises:
        ValueError: ``service_tier`` names no known tier.
        TypeError: ``model`` is not a str, ``price_table`` is not a table of prices, ``at``
            is not a time, or ``region`` is not a str.

    Examples:
        >>> lookup_pricing("gpt-4o", at="2026-12-07", service_tier="priority").input_per_million
        4.25
    """
    resolver = DEFAULT_RESOLVER if price_table is None else PriceResolver(price_table)
    if service_tier is None and region is None:
        pricing = resolver.lookup(model)
        return None if pricing is None else pricing.at(at)
    tier = _service_tier(service_tier)
    place = _region(region)
    pricing = resolver.lookup(model)
    if pricing is None:
        return None
    served = pricing.variant(tier).at(at)
    uplift = pricing.uplift(place)
    return _scaled(served, uplift, pricing.server_tools)


def _scaled(
    pricing: ModelPricing, uplift: float, server_tools: tuple[tuple[str, float], ...]
) -> ModelPricing:
    """``pricing``'s rates (and its tiers') times ``uplift``, with ``server_tools``."""

    def times(price: ModelPricing) -> ModelPricing:
        rates = [
            None if rate is None else rate * uplift
            for rate in (
                price.input_per_million,
                price.output_per_million,
                price.cache_read_per_million,
                price.cache_write_per_million,
                price.cache_write_long_per_million,
                price.reasoning_per_million,
            )
        ]
        return trusted_pricing(
            rates[0] or 0.0,
            rates[1] or 0.0,
            rates[2],
            rates[3],
            rates[4],
            rates[5],
            tuple([(above, times(tier)) for above, tier in price.tiers]),
        )

    scaled = times(pricing) if uplift != 1.0 else pricing
    return trusted_pricing(
        scaled.input_per_million,
        scaled.output_per_million,
        scaled.cache_read_per_million,
        scaled.cache_write_per_million,
        scaled.cache_write_long_per_million,
        scaled.reasoning_per_million,
        scaled.tiers,
        (),
        (),
        server_tools,
    )

"""Token usage read straight from a provider's response: ``usage_from`` and ``Usage``.

Each provider counts differently, and this module is the one place that knows how:

============  =====================================  =====================================
provider      input (every prompt token)             output (every billed output token)
============  =====================================  =====================================
OpenAI        ``prompt_tokens`` / ``input_tokens``   ``completion_tokens`` /
              (cached ones already inside)           ``output_tokens`` (reasoning inside)
Anthropic     ``input_tokens`` + ``cache_read_`` +   ``output_tokens`` (thinking inside)
              ``cache_creation_input_tokens``
Gemini        ``promptTokenCount`` +                 ``candidatesTokenCount`` +
              ``toolUsePromptTokenCount``            ``thoughtsTokenCount``
============  =====================================  =====================================

The parts: cache read (OpenAI ``cached_tokens``, Anthropic ``cache_read_input_tokens``,
Gemini ``cachedContentTokenCount``), cache write (OpenAI ``cache_write_tokens``, Anthropic
``cache_creation_input_tokens``) and its long-retention part (OpenAI ``ttl_12h_tokens``,
Anthropic ``ephemeral_1h_input_tokens``), reasoning (OpenAI ``reasoning_tokens``, Anthropic
``thinking_tokens``, Gemini ``thoughtsTokenCount``).

The bill's other parts: the tier the call was served at (OpenAI's ``service_tier`` on Chat
Completions and Responses, where ``"fast"`` is echoed as ``"priority"``; Anthropic's
``usage.service_tier`` and ``usage.speed == "fast"``; Vertex AI's ``usage_metadata.traffic_type``),
the region it was processed in (Anthropic's ``usage.inference_geo``) and its server-side tool
requests (Anthropic's ``usage.server_tool_use`` web search and web fetch requests, OpenAI
Responses' ``tool_usage.web_search.num_requests``, Gemini's grounding ``web_search_queries``).

Streams: OpenAI sends usage once, in a final chunk (Chat Completions only with
``stream_options={"include_usage": True}``; the Responses API in ``response.completed``);
Anthropic in ``message_start``, updated by ``message_delta`` (cumulative counts); Gemini in
every chunk as running totals, so the last one wins.

Everything is duck-typed: SDK objects (read by attribute), their ``model_dump()`` dicts and
the raw JSON a client gets over HTTP (Gemini's in camelCase) read alike; no SDK is imported.
Reading never raises on odd input: a field that is missing or not a count reads as 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import Enum

from ractogateway.pricing._cost import compute_cost, lookup_pricing
from ractogateway.pricing._counts import MAX_COUNT, clamp_parts
from ractogateway.pricing._model import service_tier

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ractogateway.pricing._model import ModelPricing

__all__ = ["Reader", "Usage", "usage_from"]

_ANTHROPIC_EVENTS = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "ping",
    }
)
#: The Anthropic usage fields a stream carries, cumulative, each possibly updated later.
_ANTHROPIC_FIELDS = (
    "input_tokens",
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
    "output_tokens",
)
_OPENAI_CHAT = (
    "prompt_tokens",
    "completion_tokens",
    "prompt_tokens_details",
    "completion_tokens_details",
)
#: Vertex AI's ``traffic_type`` -> the tier it is billed at (None: standard); another value is
#: kept as sent, lower case (an unknown tier: the standard price, logged once when recorded).
_TRAFFIC_TYPES = {
    "ON_DEMAND": None,
    "TRAFFIC_TYPE_UNSPECIFIED": None,
    "ON_DEMAND_PRIORITY": "priority",
    "ON_DEMAND_FLEX": "flex",
}
#: Anthropic's ``usage.server_tool_use`` counts -> the tool names prices use.
_ANTHROPIC_TOOLS = (("web_search_requests", "web_search"), ("web_fetch_requests", "web_fetch"))
_OPENAI_RESPONSES = (
    "input_tokens",
    "output_tokens",
    "input_tokens_details",
    "output_tokens_details",
)


@dataclass(frozen=True, slots=True, init=False)
class Usage:
    """The billed token counts of one call, in the providers' common terms.

    ``input_tokens`` counts every prompt token and ``output_tokens`` every billed output
    token; the other counts are parts of them (as ``compute_cost`` takes them).

    Attributes:
        input_tokens: Every prompt token, cached ones included.
        output_tokens: Every billed output token, reasoning included.
        cache_read_tokens: Part of ``input_tokens`` read from the prompt cache.
        cache_write_tokens: Part of ``input_tokens`` written to the prompt cache.
        cache_write_long_tokens: Part of ``cache_write_tokens`` written with long retention
            (Anthropic's 1-hour, OpenAI's 12-hour cache).
        reasoning_tokens: Part of ``output_tokens`` that is reasoning (thinking).
        model: The model id the response names (often a dated snapshot), or None.
        service_tier: The tier the response says it was served at, as the provider names
            it (``"default"``, ``"priority"``, ``"batch"``, ``"fast"``...), or None.
        region: Where the response says it was processed (Anthropic's ``inference_geo``).
        server_tool_requests: Server-side tool requests, ``(("web_search", 2), ...)``.
    """

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cache_write_long_tokens: int = 0
    reasoning_tokens: int = 0
    model: str | None = None
    service_tier: str | None = None
    region: str | None = None
    server_tool_requests: tuple[tuple[str, int], ...] = ()

    def __init__(  # noqa: PLR0917 - the dataclass's own positional order
        self,
        input_tokens: int = 0,
        output_tokens: int = 0,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        cache_write_long_tokens: int = 0,
        reasoning_tokens: int = 0,
        model: str | None = None,
        service_tier: str | None = None,
        region: str | None = None,
        server_tool_requests: tuple[tuple[str, int], ...] = (),
    ) -> None:
        # Set through the slots' own descriptors: a frozen dataclass's generated __init__
        # goes through object.__setattr__ for each field, and a kit builds one per call.
        _set_input(self, input_tokens)
        _set_output(self, output_tokens)
        _set_cache_read(self, cache_read_tokens)
        _set_cache_write(self, cache_write_tokens)
        _set_cache_write_long(self, cache_write_long_tokens)
        _set_reasoning(self, reasoning_tokens)
        _set_model(self, model)
        _set_service_tier(self, service_tier)
        _set_region(self, region)
        _set_server_tool_requests(self, server_tool_requests)

    def cost(
        self,
        *,
        model: str | None = None,
        price_table: Mapping[str, ModelPricing] | None = None,
        at: object = None,
    ) -> float:
        """Return the USD cost of these tokens, as ``compute_cost`` computes it.

        Priced as the response's ``model`` when the table has a price for it, else as
        ``model`` (the id the call requested); 0.0 when neither has a price. The call is
        billed at its ``service_tier`` (a tier ``compute_cost`` does not know: the standard
        price), in its ``region``, with its ``server_tool_requests``.

        Args:
            model: The requested model id, used when the response's own has no price.
            price_table: Entries that override or extend ``DEFAULT_COST_TABLE``.
            at: When the call was made (as for ``compute_cost``); None: now.

        Raises:
            ValueError: a count is negative or a part exceeds its whole.

        Examples:
            >>> usage = Usage(input_tokens=1_000, output_tokens=500, model="gpt-4o-2024-08-06")
            >>> usage.cost() == compute_cost("gpt-4o", 1_000, 500)
            True
            >>> flex = Usage(1_000_000, 0, service_tier="flex", model="gpt-5")
            >>> flex.cost(at="2026-12-07")
            0.625
        """
        priced = self.model
        if priced is None or lookup_pricing(priced, price_table, at=at) is None:
            priced = model
        if priced is None:
            return 0.0
        return compute_cost(
            priced,
            self.input_tokens,
            self.output_tokens,
            cache_read_tokens=self.cache_read_tokens,
            cache_write_tokens=self.cache_write_tokens,
            cache_write_long_tokens=self.cache_write_long_tokens,
            reasoning_tokens=self.reasoning_tokens,
            price_table=price_table,
            at=at,
            service_tier=known_tier(self.service_tier),
            region=self.region,
            server_tool_requests=dict(self.server_tool_requests) or None,
        )


(
    _set_input,
    _set_output,
    _set_cache_read,
    _set_cache_write,
    _set_cache_write_long,
    _set_reasoning,
    _set_model,
    _set_service_tier,
    _set_region,
    _set_server_tool_requests,
) = (vars(Usage)[field.name].__set__ for field in fields(Usage))


def known_tier(value: object) -> str | None:
    """Return the tier ``value`` names (``SERVICE_TIERS``), or None: standard or unknown."""
    try:
        return service_tier(value)
    except ValueError:
        return None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _field(obj: object, name: str) -> object:
    """Return ``obj``'s field ``name`` (snake_case, or its camelCase in a dict), or None."""
    if isinstance(obj, Mapping):
        value = obj.get(name)
        if value is None and "_" in name:
            value = obj.get(_camel(name))
        return value
    if obj is None or isinstance(obj, (str, bytes, int, float)):
        return None
    return getattr(obj, name, None)


def _count(value: object) -> int:
    """Return a token count (an int >= 0, or an integral float); anything else is 0."""
    if type(value) is int:
        return value if 0 <= value <= MAX_COUNT else 0
    if type(value) is float and math.isfinite(value) and value >= 0 and value.is_integer():
        return int(value) if value <= MAX_COUNT else 0
    return 0


def _text(value: object) -> str | None:
    """Return a non-empty str (an enum's value too), else None."""
    if isinstance(value, Enum):
        value = value.value
    return value if isinstance(value, str) and value else None


def _items(value: object) -> list[object] | tuple[object, ...]:
    """Return a list or tuple as is; anything else (never iterated: it may be a stream) as ()."""
    return value if isinstance(value, (list, tuple)) else ()


def _clamped(usage: Usage) -> Usage:
    """Return ``usage`` with no part above its whole (whatever the provider sent)."""
    return Usage(
        usage.input_tokens,
        usage.output_tokens,
        *clamp_parts(
            usage.input_tokens,
            usage.output_tokens,
            usage.cache_read_tokens,
            usage.cache_write_tokens,
            usage.cache_write_long_tokens,
            usage.reasoning_tokens,
        ),
        usage.model,
    )


def _openai_usage(usage: object, names: tuple[str, str, str, str], model: str | None) -> Usage:
    """Read an OpenAI usage object: Chat Completions and embeddings, or the Responses API."""
    input_name, output_name, input_details, output_details = names
    prompt = _field(usage, input_details)
    written = _field(prompt, "cache_write_tokens")
    return _clamped(
        Usage(
            _count(_field(usage, input_name)),
            _count(_field(usage, output_name)),
            _count(_field(prompt, "cached_tokens")),
            _count(written),
            _count(_field(_field(prompt, "cache_write_tokens_details"), "ttl_12h_tokens")),
            _count(_field(_field(usage, output_details), "reasoning_tokens")),
            model,
        )
    )


def _anthropic_counts(usage: object) -> dict[str, int]:
    """Return the Anthropic usage fields ``usage`` carries (absent ones left out)."""
    counts = {
        name: _count(value)
        for name in _ANTHROPIC_FIELDS
        if (value := _field(usage, name)) is not None
    }
    long = _field(_field(usage, "cache_creation"), "ephemeral_1h_input_tokens")
    if long is not None:
        counts["long"] = _count(long)
    thinking = _field(_field(usage, "output_tokens_details"), "thinking_tokens")
    if thinking is not None:
        counts["thinking"] = _count(thinking)
    return counts


def _anthropic_usage(counts: Mapping[str, int], model: str | None) -> Usage:
    """Anthropic's ``input_tokens`` leaves out the cache reads and writes: add them back."""
    read = counts.get("cache_read_input_tokens", 0)
    write = counts.get("cache_creation_input_tokens", 0)
    return _clamped(
        Usage(
            counts.get("input_tokens", 0) + read + write,
            counts.get("output_tokens", 0),
            read,
            write,
            counts.get("long", 0),
            counts.get("thinking", 0),
            model,
        )
    )


def _gemini_usage(usage: object, model: str | None) -> Usage:
    """Gemini's prompt and candidate counts leave out tool-use prompts and thoughts."""
    thoughts = _count(_field(usage, "thoughts_token_count"))
    return _clamped(
        Usage(
            _count(_field(usage, "prompt_token_count"))
            + _count(_field(usage, "tool_use_prompt_token_count")),
            _count(_field(usage, "candidates_token_count") or _field(usage, "response_token_count"))
            + thoughts,
            _count(_field(usage, "cached_content_token_count")),
            0,
            0,
            thoughts,
            model,
        )
    )


class Reader:
    """Reads one call's responses, or its stream's chunks in order, into what it reports.

    ``read(obj)`` takes a finished response or the next chunk/event; the attributes hold
    the result so far. Never raises on odd input.

    Attributes:
        usage: The call's ``Usage``, or None while no usage has been seen.
        model: The model id the response names, or None.
        response_id: The response's id, or None.
        finish_reasons: Why generation stopped, per choice or candidate.
        tools: The tool calls so far: key (the call's id, or its position) -> tool name.
        content: Whether any chunk so far carried content (text, tool call or thinking).
        provider: ``"openai"``, ``"anthropic"`` or ``"gemini"`` once a shape is known.
        unknown: The type name of the last object whose shape was not recognised, or None.
        service_tier: The tier the response says it was served at, as the provider names it.
        region: Where the response says it was processed (Anthropic's ``inference_geo``).
        requests: Server-side tool requests so far: tool name -> count.
    """

    __slots__ = (
        "_anthropic",
        "_open",
        "content",
        "finish_reasons",
        "model",
        "provider",
        "region",
        "requests",
        "response_id",
        "service_tier",
        "tools",
        "unknown",
        "usage",
    )

    def __init__(self) -> None:
        self.usage: Usage | None = None
        self.model: str | None = None
        self.response_id: str | None = None
        self.finish_reasons: tuple[str, ...] = ()
        self.tools: dict[object, str | None] = {}
        self.content = False
        self.provider: str | None = None
        self.unknown: str | None = None
        self.service_tier: str | None = None
        self.region: str | None = None
        self.requests: dict[str, int] = {}
        self._anthropic: dict[str, int] = {}
        self._open: dict[object, object] = {}  # OpenAI stream: (choice, index) -> call id

    def billed(self) -> Usage | None:
        """The usage read so far with the tier, region and tool requests read, or None."""
        usage = self.usage
        if usage is None:
            return None
        return Usage(
            usage.input_tokens,
            usage.output_tokens,
            usage.cache_read_tokens,
            usage.cache_write_tokens,
            usage.cache_write_long_tokens,
            usage.reasoning_tokens,
            usage.model,
            self.service_tier,
            self.region,
            tuple(self.requests.items()),
        )

    def read(self, obj: object) -> bool:
        """Read a response or the next chunk; return whether it carried content."""
        try:
            return self._read(obj)
        except Exception:  # an object whose attributes raise: nothing more to read from it
            self.unknown = type(obj).__name__
            return False

    def _read(self, obj: object) -> bool:  # noqa: PLR0911 - one branch per shape
        kind = _field(obj, "object")
        event = _field(obj, "type")
        if kind in {"chat.completion", "chat.completion.chunk"}:
            return self._openai_chat(obj)
        if kind == "response":
            return self._openai_response(obj)
        if kind == "list" or (kind is None and _field(obj, "data") is not None):
            return self._openai_embeddings(obj)
        if event == "message":
            return self._anthropic_message(obj)
        if event in _ANTHROPIC_EVENTS:
            return self._anthropic_event(obj, event)
        if isinstance(event, str) and event.startswith("response."):
            return self._openai_event(obj, event)
        if _field(obj, "candidates") is not None or _field(obj, "model_version") is not None:
            return self._gemini_content(obj)
        if _field(obj, "embeddings") is not None or _field(obj, "embedding") is not None:
            return self._gemini_embeddings(obj)
        if _field(obj, "choices") is not None:
            return self._openai_chat(obj)
        if _field(obj, "usage_metadata") is not None:
            return self._gemini_content(obj)
        self.unknown = type(obj).__name__
        return False

    def _named(self, obj: object, model_field: str = "model", id_field: str = "id") -> None:
        self.model = _text(_field(obj, model_field)) or self.model
        self.response_id = _text(_field(obj, id_field)) or self.response_id

    def _served(self, tier: object) -> None:
        """Note the tier the response names (a later one replaces it)."""
        tier = _text(tier)
        if tier is not None:
            self.service_tier = tier

    def _requested(self, tool: str, count: object) -> None:
        """Note the server-side requests of ``tool`` (counts are running totals)."""
        if count is not None:
            self.requests[tool] = _count(count)

    def _tool(self, key: object, name: object) -> None:
        """Note a tool call; its first known name sticks."""
        if self.tools.get(key) is None:
            self.tools[key] = _text(name)

    # OpenAI

    def _openai_chat(self, obj: object) -> bool:
        self.provider = "openai"
        self._named(obj)
        self._served(_field(obj, "service_tier"))
        usage = _field(obj, "usage")
        if usage is not None:
            self.usage = _openai_usage(usage, _OPENAI_CHAT, self.model)
        content = False
        reasons = []
        for position, choice in enumerate(_items(_field(obj, "choices"))):
            reason = _text(_field(choice, "finish_reason"))
            if reason is not None:
                reasons.append(reason)
            index = _field(choice, "index")
            message = _field(choice, "message")
            if message is not None:  # a finished response
                for call_position, call in enumerate(_items(_field(message, "tool_calls"))):
                    key = _text(_field(call, "id")) or (position, call_position)
                    self._tool(
                        key,
                        _field(_field(call, "function"), "name")
                        or _field(_field(call, "custom"), "name"),
                    )
                continue
            delta = _field(choice, "delta")
            if (
                _field(delta, "content")
                or _field(delta, "refusal")
                or _field(delta, "reasoning_content")
            ):
                content = True
            for call in _items(_field(delta, "tool_calls")):
                content = True
                slot = (index, _field(call, "index"))
                call_id = _text(_field(call, "id"))
                if call_id is not None:
                    self._open[slot] = call_id
                self._tool(self._open.get(slot, slot), _field(_field(call, "function"), "name"))
        if reasons:
            self.finish_reasons = tuple(reasons)
        return content

    def _openai_response(self, obj: object) -> bool:
        self.provider = "openai"
        self._named(obj)
        self._served(_field(obj, "service_tier"))
        searches = _field(_field(_field(obj, "tool_usage"), "web_search"), "num_requests")
        self._requested("web_search", searches)
        usage = _field(obj, "usage")
        if usage is not None:
            self.usage = _openai_usage(usage, _OPENAI_RESPONSES, self.model)
        for position, item in enumerate(_items(_field(obj, "output"))):
            self._openai_item(item, position)
        reason = _text(_field(_field(obj, "incomplete_details"), "reason")) or _text(
            _field(obj, "status")
        )
        if reason is not None:
            self.finish_reasons = (reason,)
        return False

    def _openai_item(self, item: object, position: object) -> None:
        if _field(item, "type") in ("function_call", "custom_tool_call"):
            self._tool(
                _text(_field(item, "id")) or _text(_field(item, "call_id")) or position,
                _field(item, "name"),
            )

    def _openai_event(self, obj: object, event: str) -> bool:
        self.provider = "openai"
        response = _field(obj, "response")
        if response is not None:
            self._openai_response(response)
        item = _field(obj, "item")
        if item is not None:
            self._openai_item(item, ("item", _field(obj, "output_index")))
        return event.endswith(".delta")

    def _openai_embeddings(self, obj: object) -> bool:
        self.provider = "openai"
        self._named(obj)
        usage = _field(obj, "usage")
        if usage is not None:
            self.usage = _openai_usage(usage, _OPENAI_CHAT, self.model)
        return False

    # Anthropic

    def _anthropic_bill(self, usage: object) -> None:
        """Read the tier, speed, region and server-tool counts of an Anthropic usage."""
        if _text(_field(usage, "speed")) == "fast":
            self.service_tier = "fast"
        elif self.service_tier != "fast":
            self._served(_field(usage, "service_tier"))
        self.region = _text(_field(usage, "inference_geo")) or self.region
        tools = _field(usage, "server_tool_use")
        for field, tool in _ANTHROPIC_TOOLS:
            self._requested(tool, _field(tools, field))

    def _anthropic_message(self, obj: object) -> bool:
        self.provider = "anthropic"
        self._named(obj)
        usage = _field(obj, "usage")
        if usage is not None:
            self._anthropic.update(_anthropic_counts(usage))
            self.usage = _anthropic_usage(self._anthropic, self.model)
            self._anthropic_bill(usage)
        for position, block in enumerate(_items(_field(obj, "content"))):
            if _field(block, "type") == "tool_use":
                self._tool(_text(_field(block, "id")) or position, _field(block, "name"))
        reason = _text(_field(obj, "stop_reason"))
        if reason is not None:
            self.finish_reasons = (reason,)
        return False

    def _anthropic_event(self, obj: object, event: object) -> bool:
        self.provider = "anthropic"
        if event == "message_start":
            return self._anthropic_message(_field(obj, "message"))
        if event == "message_delta":
            usage = _field(obj, "usage")
            if usage is not None:
                self._anthropic.update(_anthropic_counts(usage))
                self.usage = _anthropic_usage(self._anthropic, self.model)
                self._anthropic_bill(usage)
            reason = _text(_field(_field(obj, "delta"), "stop_reason"))
            if reason is not None:
                self.finish_reasons = (reason,)
            return False
        if event == "content_block_start":
            block = _field(obj, "content_block")
            if _field(block, "type") == "tool_use":
                self._tool(
                    _text(_field(block, "id")) or ("block", _field(obj, "index")),
                    _field(block, "name"),
                )
                return True
            return False
        return event == "content_block_delta"

    # Gemini

    def _gemini_content(self, obj: object) -> bool:
        self.provider = "gemini"
        self._named(obj, "model_version", "response_id")
        usage = _field(obj, "usage_metadata")
        if usage is not None:  # running totals in a stream: the last one wins
            self.usage = _gemini_usage(usage, self.model)
            traffic = _text(_field(usage, "traffic_type"))
            if traffic is not None:
                self.service_tier = _TRAFFIC_TYPES.get(traffic.upper(), traffic.lower())
        content = False
        reasons = []
        searches = None
        for candidate in _items(_field(obj, "candidates")):
            queries = _field(_field(candidate, "grounding_metadata"), "web_search_queries")
            if isinstance(queries, (list, tuple)):
                searches = (searches or 0) + len(queries)
            reason = _text(_field(candidate, "finish_reason"))
            if reason is not None:
                reasons.append(reason)
            for part in _items(_field(_field(candidate, "content"), "parts")):
                content = True
                call = _field(part, "function_call")
                if call is not None:
                    self._tool(
                        _text(_field(call, "id")) or ("part", len(self.tools)), _field(call, "name")
                    )
        if reasons:
            self.finish_reasons = tuple(reasons)
        self._requested("web_search", searches)
        return content

    def _gemini_embeddings(self, obj: object) -> bool:
        self.provider = "gemini"
        usage = _field(obj, "usage_metadata")
        if usage is not None:
            self.usage = _gemini_usage(usage, self.model)
            return False
        embeddings = _items(_field(obj, "embeddings")) or (_field(obj, "embedding"),)
        counted = [_field(_field(e, "statistics"), "token_count") for e in embeddings]
        if any(count is not None for count in counted):  # Vertex AI: tokens per embedding
            self.usage = _clamped(Usage(sum(map(_count, counted)), model=self.model))
        return False


def usage_from(response: object) -> Usage:
    """Return the billed token usage of a finished response, or of a stream's chunks.

    Reads OpenAI Chat Completions, Responses and embeddings, Anthropic Messages and Google
    GenAI ``generate_content`` / ``embed_content`` responses: the SDK's object, its
    ``model_dump()`` dict or the raw JSON dict. A list or tuple is a stream's chunks or
    events, in order. No SDK is imported.

    Raises:
        TypeError: ``response`` is not a response of a provider this module knows.
        ValueError: the response carries no usage (an OpenAI stream needs
            ``stream_options={"include_usage": True}``).

    Examples:
        >>> usage = usage_from({"object": "chat.completion", "model": "gpt-4o-2024-08-06",
        ...     "usage": {"prompt_tokens": 1200, "completion_tokens": 300,
        ...               "prompt_tokens_details": {"cached_tokens": 1024}}})
        >>> usage.input_tokens, usage.cache_read_tokens, usage.output_tokens
        (1200, 1024, 300)
        >>> round(usage.cost(), 6)
        0.00472
    """
    reader = Reader()
    chunks = response if isinstance(response, (list, tuple)) else (response,)
    for chunk in chunks:
        reader.read(chunk)
    if reader.provider is None:
        raise TypeError(
            f"usage_from() got {type(response).__name__}, not a response of OpenAI, Anthropic"
            " or Google GenAI (an SDK object, its model_dump() dict or the raw JSON dict)"
        )
    if reader.usage is None:
        fix = (
            "; stream with stream_options={'include_usage': True}"
            if reader.provider == "openai"
            else ""
        )
        raise ValueError(f"the {reader.provider} response carries no usage{fix}")
    return reader.billed() or reader.usage

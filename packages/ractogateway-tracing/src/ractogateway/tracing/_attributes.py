"""Span names, attribute keys and how a ``Call`` maps to them (spans and GenAI metrics).

The keys are the documented ``llm.*`` set and the OpenTelemetry GenAI ones. The GenAI keys
are our own constants: OpenTelemetry's Python constants for them are deprecated while the
GenAI conventions are still in development.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from opentelemetry.trace import Status, StatusCode

if TYPE_CHECKING:
    from opentelemetry.util.types import AttributeValue

    from ractogateway.pricing._shared import Call

# Span names (contract).
SPAN_CHAT: Final = "llm.chat"
SPAN_EMBED: Final = "llm.embed"

# The documented ``llm.*`` attributes.
LLM_PROVIDER: Final = "llm.provider"
LLM_MODEL: Final = "llm.model"
LLM_OPERATION: Final = "llm.operation"
LLM_LATENCY_MS: Final = "llm.latency_ms"
LLM_INPUT_TOKENS: Final = "llm.input_tokens"
LLM_OUTPUT_TOKENS: Final = "llm.output_tokens"
LLM_COST_USD: Final = "llm.cost_usd"
LLM_CACHE_HIT: Final = "llm.cache_hit"
LLM_TOOL_CALLS: Final = "llm.tool_calls"
LLM_ERROR_TYPE: Final = "llm.error_type"
LLM_TIME_TO_FIRST_TOKEN_MS: Final = "llm.time_to_first_token_ms"
#: The long-retention part of the cache writes (no GenAI attribute for it yet).
LLM_CACHE_WRITE_LONG_TOKENS: Final = "llm.cache_write_long_tokens"
#: The service tier the call was served at (as the provider names it), its region, and its
#: server-side tool request counts, one attribute per tool.
LLM_SERVICE_TIER: Final = "llm.service_tier"
LLM_REGION: Final = "llm.region"
LLM_SERVER_TOOL_WEB_SEARCH: Final = "llm.server_tool_requests.web_search"
LLM_SERVER_TOOL_WEB_FETCH: Final = "llm.server_tool_requests.web_fetch"
_server_tool_key = "llm.server_tool_requests.{}".format  # any other tool, by its name
_SERVER_TOOL_KEYS = {
    "web_search": LLM_SERVER_TOOL_WEB_SEARCH,
    "web_fetch": LLM_SERVER_TOOL_WEB_FETCH,
}
#: The OpenAI GenAI convention's served tier (OpenAI calls only).
OPENAI_RESPONSE_SERVICE_TIER: Final = "openai.response.service_tier"

# OpenTelemetry GenAI semantic-convention attributes.
GEN_AI_OPERATION_NAME: Final = "gen_ai.operation.name"
GEN_AI_PROVIDER_NAME: Final = "gen_ai.provider.name"
GEN_AI_REQUEST_MODEL: Final = "gen_ai.request.model"
GEN_AI_REQUEST_STREAM: Final = "gen_ai.request.stream"
GEN_AI_USAGE_INPUT_TOKENS: Final = "gen_ai.usage.input_tokens"
GEN_AI_USAGE_OUTPUT_TOKENS: Final = "gen_ai.usage.output_tokens"
GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS: Final = "gen_ai.usage.cache_read.input_tokens"
GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS: Final = "gen_ai.usage.cache_write.input_tokens"
#: The older name of the cache writes, kept until the GenAI conventions publish a release
#: with ``gen_ai.usage.cache_write.input_tokens``; both carry the same value.
GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS: Final = "gen_ai.usage.cache_creation.input_tokens"
GEN_AI_USAGE_REASONING_OUTPUT_TOKENS: Final = "gen_ai.usage.reasoning.output_tokens"
GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK: Final = "gen_ai.response.time_to_first_chunk"
GEN_AI_RESPONSE_MODEL: Final = "gen_ai.response.model"
GEN_AI_RESPONSE_ID: Final = "gen_ai.response.id"
GEN_AI_RESPONSE_FINISH_REASONS: Final = "gen_ai.response.finish_reasons"
ERROR_TYPE: Final = "error.type"

#: ``error.type`` when a failed call did not say which error it was (GenAI convention).
ERROR_TYPE_OTHER: Final = "_OTHER"

#: ``gen_ai.operation.name`` of chat and stream calls, and of embedding calls.
GEN_AI_OPERATION_CHAT: Final = "chat"
GEN_AI_OPERATION_EMBEDDINGS: Final = "embeddings"

#: ``gen_ai.provider.name`` per provider as the kits name it; other names pass through.
GEN_AI_PROVIDER_NAMES: Final = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gcp.gemini",
}


_ERROR = StatusCode.ERROR


def span_name(call: Call) -> str:
    """``llm.embed`` for an embedding call, ``llm.chat`` for the others (contract)."""
    return SPAN_EMBED if call.operation == "embed" else SPAN_CHAT


def base_attributes(
    call: Call, attributes: dict[str, AttributeValue] | None = None
) -> dict[str, AttributeValue]:
    """The GenAI attributes that name a call: on its span and on its GenAI metrics.

    ``gen_ai.operation.name``, ``gen_ai.provider.name``, ``gen_ai.request.model`` and, when
    the response named one, ``gen_ai.response.model``: added to ``attributes`` (a new dict
    if None), which is returned.
    """
    if attributes is None:
        attributes = {}
    provider = call.provider
    attributes[GEN_AI_OPERATION_NAME] = (
        GEN_AI_OPERATION_EMBEDDINGS if call.operation == "embed" else GEN_AI_OPERATION_CHAT
    )
    attributes[GEN_AI_PROVIDER_NAME] = GEN_AI_PROVIDER_NAMES.get(provider, provider)
    attributes[GEN_AI_REQUEST_MODEL] = call.model
    if call.response_model is not None:
        attributes[GEN_AI_RESPONSE_MODEL] = call.response_model
    return attributes


def _billing(call: Call, attributes: dict[str, AttributeValue]) -> None:
    """Add the tier a call was served at, its region and its server-side tool requests."""
    tier = call.service_tier
    if tier is not None:
        attributes[LLM_SERVICE_TIER] = tier
        if call.provider == "openai":
            attributes[OPENAI_RESPONSE_SERVICE_TIER] = tier
    if call.region is not None:
        attributes[LLM_REGION] = call.region
    for tool, count in call.server_tool_requests:
        attributes[_SERVER_TOOL_KEYS.get(tool) or _server_tool_key(tool)] = count


def span_attributes(call: Call) -> tuple[str, dict[str, AttributeValue], Status | None]:
    """A call's span: name, attributes (parts only where non-zero), status (None: unset)."""
    # One literal of every attribute a chat span always has: CPython sizes the dict for
    # all of them at once (a dict grown key by key, or merged from another, is resized).
    attributes: dict[str, AttributeValue] = {
        LLM_PROVIDER: call.provider,
        LLM_MODEL: call.model,
        LLM_OPERATION: call.operation,
        LLM_LATENCY_MS: call.latency_ms,
        LLM_INPUT_TOKENS: call.input_tokens,
        LLM_OUTPUT_TOKENS: call.output_tokens,
        LLM_COST_USD: call.cost_usd or 0.0,
        LLM_CACHE_HIT: call.cache_hit,
        LLM_TOOL_CALLS: call.tool_calls,
        GEN_AI_REQUEST_STREAM: call.operation == "stream",
        GEN_AI_USAGE_INPUT_TOKENS: call.input_tokens,
        GEN_AI_USAGE_OUTPUT_TOKENS: call.output_tokens,
    }
    embed = call.operation == "embed"
    if embed:  # an embedding call neither streams nor outputs tokens
        del attributes[GEN_AI_REQUEST_STREAM], attributes[GEN_AI_USAGE_OUTPUT_TOKENS]
    base_attributes(call, attributes)
    if call.cache_read_tokens:
        attributes[GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = call.cache_read_tokens
    if call.cache_write_tokens:
        attributes[GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS] = call.cache_write_tokens
        attributes[GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = call.cache_write_tokens
        if call.cache_write_long_tokens:
            attributes[LLM_CACHE_WRITE_LONG_TOKENS] = call.cache_write_long_tokens
    if call.reasoning_tokens:
        attributes[GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = call.reasoning_tokens
    first = call.time_to_first_token_ms
    if first is not None:
        attributes[LLM_TIME_TO_FIRST_TOKEN_MS] = first
        attributes[GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = first / 1000
    if call.response_id is not None:
        attributes[GEN_AI_RESPONSE_ID] = call.response_id
    if call.finish_reasons:
        attributes[GEN_AI_RESPONSE_FINISH_REASONS] = call.finish_reasons
    if call.service_tier is not None or call.region is not None or call.server_tool_requests:
        _billing(call, attributes)
    name = SPAN_EMBED if embed else SPAN_CHAT
    if call.status == "ok":
        return name, attributes, None
    error_type = call.error_type
    attributes[ERROR_TYPE] = error_type or ERROR_TYPE_OTHER
    if error_type:
        attributes[LLM_ERROR_TYPE] = error_type
    return name, attributes, Status(_ERROR, error_type)

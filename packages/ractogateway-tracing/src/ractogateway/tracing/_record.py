"""``SpanRecord``: one captured span, as ``RactoTracer(in_memory=True).spans`` returns it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from ractogateway.pricing._shared import Call
from ractogateway.tracing._attributes import span_name

if TYPE_CHECKING:
    from typing import Any

__all__ = ["SpanRecord", "span_record"]


class SpanRecord(BaseModel):
    """In-memory span record, captured when ``RactoTracer(in_memory=True)``.

    Inspect ``tracer.spans`` after a call to assert on what was recorded without an
    OpenTelemetry backend. Values are the sanitised ones the exported span carries.

    Examples:
        >>> SpanRecord(name="llm.chat", provider="openai", model="gpt-4o",
        ...            operation="chat", latency_ms=12.5).status
        'ok'
    """

    name: str = Field(description='OTel span name: "llm.chat" or "llm.embed".')
    provider: str = Field(description='"openai", "google", "anthropic", or another provider.')
    model: str = Field(description="Model identifier.")
    operation: str = Field(description='"chat", "stream" or "embed".')
    latency_ms: float = Field(ge=0, description="Wall-clock latency in milliseconds.")
    input_tokens: int = Field(default=0, ge=0, description="Prompt tokens, cached ones included.")
    output_tokens: int = Field(default=0, ge=0, description="Completion tokens.")
    cost_usd: float = Field(default=0.0, ge=0, description="Estimated USD cost (0 if unpriced).")
    cache_hit: str = Field(default="miss", description='"exact", "semantic" or "miss".')
    tool_calls: int = Field(default=0, ge=0, description="Number of tool calls.")
    status: str = Field(default="ok", description='"ok" or "error".')
    error_type: str | None = Field(default=None, description="Exception class name on error.")
    timestamp: float = Field(
        default_factory=time.time, description="Unix time of recording (the span's end)."
    )
    cache_read_tokens: int = Field(
        default=0, ge=0, description="Part of input_tokens read from the prompt cache."
    )
    cache_write_tokens: int = Field(
        default=0, ge=0, description="Part of input_tokens written to the prompt cache."
    )
    time_to_first_token_ms: float | None = Field(
        default=None, ge=0, description="Time to the first streamed token, if measured."
    )
    cache_write_long_tokens: int = Field(
        default=0,
        ge=0,
        description="Part of cache_write_tokens written with long retention (1 h, 12 h).",
    )
    reasoning_tokens: int = Field(
        default=0, ge=0, description="Part of output_tokens that is reasoning (thinking)."
    )
    response_model: str | None = Field(
        default=None, description="The model id the response named (e.g. a dated snapshot)."
    )
    response_id: str | None = Field(default=None, description="The response's id, if given.")
    finish_reasons: tuple[str, ...] = Field(
        default=(), description="Why generation stopped, per choice, if given."
    )
    service_tier: str | None = Field(
        default=None, description="The service tier the call was served at (None: standard)."
    )
    region: str | None = Field(
        default=None, description="Where the call was processed, when billed by region."
    )
    server_tool_requests: tuple[tuple[str, int], ...] = Field(
        default=(), description="Server-side tool requests, ((tool, count), ...)."
    )


#: The ``SpanRecord`` fields that are ``Call`` fields of the same name and meaning.
_FROM_CALL = tuple(name for name in SpanRecord.model_fields if name in Call._fields)


def span_record(call: Call) -> SpanRecord:
    """The ``SpanRecord`` of a recorded call (its values are already safe: not checked again)."""
    fields: dict[str, Any] = {name: getattr(call, name) for name in _FROM_CALL}
    fields["name"] = span_name(call)
    fields["cost_usd"] = call.cost_usd or 0.0
    fields["timestamp"] = call.end_ns / 1e9
    return SpanRecord.model_construct(**fields)

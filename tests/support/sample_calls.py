"""One complete sample call, every keyword spelled out, for the tests that need all of them.

``FULL_CHAT_SPAN`` holds every keyword of ``RactoTracer.record_chat_span``, each set to a value
other than its default, so that a keyword a recorder drops or mixes up shows: a stream from
Anthropic's API, served through the semantic cache, with two tool calls, every part of the
input and output (cache reads, 5-minute and 1-hour cache writes, reasoning), its time to
first token, the response's model, id and finish reasons, served at the batch tier in the US
with three web searches and a web fetch, which then failed. The tests
spread it (``tracer.record_chat_span(**FULL_CHAT_SPAN)``) and compare what was recorded with
it; ``tests/tracing/test_docs.py`` checks that it names every keyword of the signature.
``TOKEN_PARTS`` are the keywords of the parts, as ``compute_cost`` takes them. Read-only
mappings, standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

FULL_CHAT_SPAN: Mapping[str, Any] = MappingProxyType(
    {
        "provider": "anthropic",
        "model": "claude-sonnet-4-5",
        "latency_ms": 950.5,
        "input_tokens": 5_000,
        "output_tokens": 400,
        "cache_hit": "semantic",
        "tool_calls": 2,
        "status": "error",
        "error_type": "ReadTimeout",
        "operation": "stream",
        "cache_read_tokens": 2_000,
        "cache_write_tokens": 1_000,
        "time_to_first_token_ms": 210.0,
        "cache_write_long_tokens": 500,
        "reasoning_tokens": 100,
        "response_model": "claude-sonnet-4-5-20250929",
        "response_id": "msg_01",
        "finish_reasons": ("end_turn", "tool_use"),
        "service_tier": "batch",
        "region": "us",
        "server_tool_requests": (("web_search", 3), ("web_fetch", 1)),
    }
)
#: The parts of the sample's input and output, by their ``compute_cost`` keywords.
TOKEN_PARTS: Mapping[str, Any] = MappingProxyType(
    {
        name: FULL_CHAT_SPAN[name]
        for name in (
            "cache_read_tokens",
            "cache_write_tokens",
            "cache_write_long_tokens",
            "reasoning_tokens",
        )
    }
)


#: How many calls ``record_sample_calls`` records.
SAMPLE_CALLS = 7


def record_sample_calls(tracer: Any) -> None:
    """Seven calls: chat, stream, errors and embeddings, with every optional attribute
    somewhere, and a kind of call seen twice (its cached path)."""
    tracer.record_chat_span(
        provider="openai", model="gpt-4o", latency_ms=812.0, input_tokens=1200, output_tokens=300
    )
    tracer.record_chat_span(**{**FULL_CHAT_SPAN, "status": "ok", "error_type": None})
    tracer.record_chat_span(
        provider="google",
        model="gemini-2.5-pro",
        latency_ms=30.0,
        status="error",
        error_type="RateLimitError",
    )
    tracer.record_chat_span(provider="acme", model="acme-1", latency_ms=1.0, status="error")
    tracer.record_embed_span(
        provider="openai",
        model="text-embedding-3-small",
        latency_ms=12.0,
        input_tokens=800,
        response_model="text-embedding-3-small",
    )
    tracer.record_embed_span(
        provider="google",
        model="gemini-embedding-001",
        latency_ms=3.0,
        status="error",
        error_type="TimeoutError",
    )
    tracer.record_chat_span(
        provider="openai", model="gpt-4o", latency_ms=95.0, input_tokens=10, output_tokens=3
    )

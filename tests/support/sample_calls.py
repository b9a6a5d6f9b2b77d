"""One complete sample call, every keyword spelled out, for the tests that need all of them.

``FULL_CHAT_SPAN`` holds every keyword of ``RactoTracer.record_chat_span``, each set to a value
other than its default, so that a keyword a recorder drops or mixes up shows: a stream from
Anthropic's API, served through the semantic cache, with two tool calls, every part of the
input and output (cache reads, 5-minute and 1-hour cache writes, reasoning), its time to
first token, the response's model, id and finish reasons, which then failed. The tests
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

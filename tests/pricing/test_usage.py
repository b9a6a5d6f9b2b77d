"""``usage_from``: each provider's usage in the common terms, from dicts, JSON and objects.

The real SDKs' objects are tested in tests/telemetry/test_provider_sdks.py; here the
payloads are plain dicts (as ``model_dump()`` and the raw JSON give them) and
``SimpleNamespace`` objects (attributes, as SDK objects are read), so the pricing cell needs
no third-party package.
"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ractogateway.pricing import ModelPricing, Usage, compute_cost, lookup_pricing, usage_from
from ractogateway.pricing._usage import Reader


def _snake_key(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


def _objects(value: Any) -> Any:
    """Turn a JSON-like dict into nested objects with snake_case attributes, as SDK objects."""
    if isinstance(value, dict):
        return SimpleNamespace(**{_snake_key(key): _objects(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_objects(item) for item in value]
    return value


OPENAI_CHAT = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "model": "gpt-4.1-2025-04-14",
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "tool_calls": [
                    {"id": "call_a", "type": "function", "function": {"name": "search"}},
                    {"id": "call_b", "type": "function", "function": {"name": "fetch"}},
                ],
            },
        }
    ],
    "usage": {
        "prompt_tokens": 5000,
        "completion_tokens": 700,
        "total_tokens": 5700,
        "prompt_tokens_details": {"cached_tokens": 4096, "cache_write_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 300},  # inside completion_tokens
    },
}
OPENAI_RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "model": "gpt-5.1-2025-11-13",
    "status": "completed",
    "output": [{"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "lookup"}],
    "usage": {
        "input_tokens": 20_000,
        "input_tokens_details": {
            "cached_tokens": 8_000,
            "cache_write_tokens": 6_000,
            "cache_write_tokens_details": {"ttl_12h_tokens": 4_000, "ttl_30m_tokens": 2_000},
        },
        "output_tokens": 1_500,
        "output_tokens_details": {"reasoning_tokens": 1_000},
        "total_tokens": 21_500,
    },
}
ANTHROPIC = {
    "id": "msg_1",
    "type": "message",
    "model": "claude-sonnet-4-5-20250929",
    "stop_reason": "tool_use",
    "content": [{"type": "text", "text": "ok"}, {"type": "tool_use", "id": "tu_1", "name": "calc"}],
    "usage": {
        "input_tokens": 120,  # excludes the cache reads and writes
        "cache_read_input_tokens": 30_000,
        "cache_creation_input_tokens": 3_000,
        "cache_creation": {"ephemeral_5m_input_tokens": 2_000, "ephemeral_1h_input_tokens": 1_000},
        "output_tokens": 800,
        "output_tokens_details": {"thinking_tokens": 500},
    },
}
GEMINI = {  # the raw JSON: camelCase
    "responseId": "r-1",
    "modelVersion": "gemini-2.5-flash",
    "candidates": [
        {
            "finishReason": "STOP",
            "content": {"role": "model", "parts": [{"functionCall": {"name": "weather"}}]},
        }
    ],
    "usageMetadata": {
        "promptTokenCount": 1_000,  # cached content included
        "cachedContentTokenCount": 600,
        "toolUsePromptTokenCount": 150,  # extra input
        "candidatesTokenCount": 200,  # thoughts not included
        "thoughtsTokenCount": 400,
        "totalTokenCount": 1_750,
    },
}


def _snake(value: Any) -> Any:
    """Gemini's JSON as the SDK's ``model_dump()`` gives it: snake_case keys."""
    if isinstance(value, dict):
        return {_snake_key(key): _snake(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_snake(item) for item in value]
    return value


@pytest.mark.parametrize("form", [dict, _objects])
@pytest.mark.parametrize(
    ("response", "expected"),
    [
        pytest.param(
            OPENAI_CHAT,
            Usage(5000, 700, 4096, 0, 0, 300, "gpt-4.1-2025-04-14"),
            id="openai-chat: reasoning already inside completion_tokens",
        ),
        pytest.param(
            OPENAI_RESPONSE,
            Usage(20_000, 1_500, 8_000, 6_000, 4_000, 1_000, "gpt-5.1-2025-11-13"),
            id="openai-responses: cache writes and their 12-hour part",
        ),
        pytest.param(
            {
                "object": "list",
                "model": "text-embedding-3-small",
                "data": [{"index": 0}],
                "usage": {"prompt_tokens": 42, "total_tokens": 42},
            },
            Usage(42, 0, model="text-embedding-3-small"),
            id="openai-embeddings",
        ),
        pytest.param(
            ANTHROPIC,
            Usage(33_120, 800, 30_000, 3_000, 1_000, 500, "claude-sonnet-4-5-20250929"),
            id="anthropic: input + cache read + cache creation",
        ),
        pytest.param(
            GEMINI,
            Usage(1_150, 600, 600, 0, 0, 400, "gemini-2.5-flash"),
            id="gemini-camelCase: prompt + tool-use prompt, candidates + thoughts",
        ),
        pytest.param(
            _snake(GEMINI),
            Usage(1_150, 600, 600, 0, 0, 400, "gemini-2.5-flash"),
            id="gemini-snake_case",
        ),
        pytest.param(
            {"embeddings": [{"values": [0.1]}], "usageMetadata": {"promptTokenCount": 12}},
            Usage(12),
            id="gemini-embeddings with usage metadata",
        ),
        pytest.param(
            {
                "embeddings": [
                    {"statistics": {"tokenCount": 7.0}},
                    {"statistics": {"tokenCount": 5.0}},
                ]
            },
            Usage(12),
            id="gemini-embeddings on Vertex AI: tokens per embedding",
        ),
    ],
)
def test_each_providers_usage_in_common_terms(
    response: dict[str, Any], expected: Usage, form: Any
) -> None:
    assert usage_from(form(response)) == expected


def test_the_raw_json_reads_as_the_dict() -> None:
    for response in (OPENAI_CHAT, OPENAI_RESPONSE, ANTHROPIC, GEMINI):
        assert usage_from(json.loads(json.dumps(response))) == usage_from(response)


def test_the_reader_takes_tool_calls_ids_and_finish_reasons() -> None:
    cases = [
        (OPENAI_CHAT, ["search", "fetch"], "chatcmpl-1", ("tool_calls",)),
        (OPENAI_RESPONSE, ["lookup"], "resp_1", ("completed",)),
        (ANTHROPIC, ["calc"], "msg_1", ("tool_use",)),
        (GEMINI, ["weather"], "r-1", ("STOP",)),
    ]
    for response, tools, response_id, reasons in cases:
        reader = Reader()
        reader.read(_objects(response))
        assert list(reader.tools.values()) == tools
        assert (reader.response_id, reader.finish_reasons) == (response_id, reasons)


def _openai_chunk(delta: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, **fields}]
    return {"id": "c", "object": "chat.completion.chunk", "model": "gpt-4.1", "choices": choices}


OPENAI_STREAM = [
    _openai_chunk({"role": "assistant", "content": ""}),
    _openai_chunk({"content": "Hel"}),
    _openai_chunk(
        {
            "tool_calls": [
                {"index": 0, "id": "call_1", "function": {"name": "search", "arguments": ""}}
            ]
        }
    ),
    _openai_chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"q":'}}]}),
    _openai_chunk({"tool_calls": [{"index": 0, "function": {"arguments": '"x"}'}}]}),
    _openai_chunk(
        {
            "tool_calls": [
                {"index": 1, "id": "call_2", "function": {"name": "fetch", "arguments": ""}}
            ]
        }
    ),
    _openai_chunk({}, finish_reason="tool_calls"),
    {
        **_openai_chunk(None),
        "usage": {
            "prompt_tokens": 900,
            "completion_tokens": 40,
            "total_tokens": 940,
            "prompt_tokens_details": {"cached_tokens": 512},
        },
    },
]


def test_an_openai_stream_the_final_usage_chunk_and_its_tool_calls() -> None:
    reader = Reader()
    content = [reader.read(chunk) for chunk in OPENAI_STREAM]

    assert content == [False, True, True, True, True, True, False, False]
    assert reader.usage == Usage(900, 40, 512, model="gpt-4.1")
    assert list(reader.tools.values()) == ["search", "fetch"]  # one per id, first delta's name
    assert reader.finish_reasons == ("tool_calls",)
    assert usage_from(OPENAI_STREAM) == reader.usage


def test_an_openai_stream_without_usage_says_how_to_get_it() -> None:
    with pytest.raises(ValueError, match="include_usage"):
        usage_from(OPENAI_STREAM[:-1])


ANTHROPIC_STREAM = [
    {
        "type": "message_start",
        "message": {
            "id": "msg_2",
            "type": "message",
            "model": "claude-sonnet-4-5-20250929",
            "content": [],
            "usage": {
                "input_tokens": 50,
                "cache_read_input_tokens": 10_000,
                "cache_creation_input_tokens": 2_000,
                "output_tokens": 1,
                "cache_creation": {
                    "ephemeral_5m_input_tokens": 0,
                    "ephemeral_1h_input_tokens": 2_000,
                },
            },
        },
    },
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "ping"},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "tool_use", "id": "tu_9", "name": "calc", "input": {}},
    },
    {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta"}},
    {"type": "content_block_stop", "index": 1},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use"},
        "usage": {"output_tokens": 321},
    },
    {"type": "message_stop"},
]


def test_an_anthropic_stream_message_start_then_cumulative_message_delta() -> None:
    reader = Reader()
    content = [reader.read(_objects(event)) for event in ANTHROPIC_STREAM]

    assert content == [False, False, False, True, False, True, True, False, False, False]
    assert reader.usage == Usage(12_050, 321, 10_000, 2_000, 2_000, 0, "claude-sonnet-4-5-20250929")
    assert list(reader.tools.values()) == ["calc"]
    assert (reader.response_id, reader.finish_reasons) == ("msg_2", ("tool_use",))


def test_a_gemini_stream_carries_running_totals_and_the_last_one_wins() -> None:
    def chunk(text: str, prompt: int, candidates: int, thoughts: int) -> dict[str, Any]:
        return {
            "modelVersion": "gemini-2.5-pro",
            "candidates": [{"content": {"parts": [{"text": text}]}}],
            "usageMetadata": {
                "promptTokenCount": prompt,
                "candidatesTokenCount": candidates,
                "thoughtsTokenCount": thoughts,
            },
        }

    stream = [chunk("a", 300, 5, 120), chunk("b", 300, 17, 120), chunk("c", 300, 40, 120)]
    usage = usage_from(stream)

    assert usage == Usage(300, 160, 0, 0, 0, 120, "gemini-2.5-pro")  # not the sum of chunks
    assert usage.cost() == pytest.approx(compute_cost("gemini-2.5-pro", 300, 160))


def test_an_openai_responses_stream_takes_the_completed_response() -> None:
    completed = {"type": "response.completed", "response": OPENAI_RESPONSE}
    events = [
        {"type": "response.created", "response": {**OPENAI_RESPONSE, "usage": None, "output": []}},
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": OPENAI_RESPONSE["output"][0],
        },
        {"type": "response.function_call_arguments.delta", "delta": "{"},
        {"type": "response.output_text.delta", "delta": "hi"},
        completed,
    ]
    reader = Reader()
    content = [reader.read(event) for event in events]

    assert content == [False, False, True, True, False]
    assert reader.usage == usage_from(OPENAI_RESPONSE)
    assert list(reader.tools.values()) == ["lookup"]  # the added item and the completed one


def test_parts_never_exceed_their_wholes() -> None:
    usage = usage_from(
        {"object": "chat.completion", "usage": {"prompt_tokens": 100, "completion_tokens": 10,
         "prompt_tokens_details": {"cached_tokens": 80, "cache_write_tokens": 50,
                                   "cache_write_tokens_details": {"ttl_12h_tokens": 90}},
         "completion_tokens_details": {"reasoning_tokens": 25}}}
    )  # fmt: skip
    assert usage == Usage(100, 10, 80, 20, 20, 10)


@pytest.mark.parametrize(
    "value", [-5, "12", None, math.nan, 1.5, True, 2**64, [3], {"n": 1}], ids=repr
)
def test_a_count_that_is_no_count_reads_as_0(value: object) -> None:
    usage = usage_from(
        {"object": "chat.completion", "usage": {"prompt_tokens": value, "completion_tokens": 7}}
    )
    assert (usage.input_tokens, usage.output_tokens) == (0, 7)


def test_cost_prices_the_responses_model_when_it_has_a_price() -> None:
    snapshot = Usage(1_000, 100, model="gpt-4o-2024-05-13")  # a snapshot priced on its own
    assert snapshot.cost(model="gpt-4o") == compute_cost("gpt-4o-2024-05-13", 1_000, 100)
    assert snapshot.cost() != compute_cost("gpt-4o", 1_000, 100)

    unpriced = Usage(1_000, 100, model="gpt-4o-canary")
    assert unpriced.cost(model="gpt-4o") == compute_cost("gpt-4o", 1_000, 100)
    assert unpriced.cost() == 0.0
    assert Usage(1_000, 100).cost() == 0.0


def test_cost_takes_the_tier_the_price_table_and_the_date() -> None:
    pricing = lookup_pricing("gemini-2.5-pro")
    assert pricing is not None
    assert pricing.tiers
    threshold = pricing.tiers[0][0]
    usage = Usage(threshold + 1, 1_000, model="gemini-2.5-pro")
    assert usage.cost() == compute_cost("gemini-2.5-pro", threshold + 1, 1_000)
    assert usage.cost() > Usage(threshold, 1_000, model="gemini-2.5-pro").cost() * 1.5

    table = {"gemini-2.5-pro": ModelPricing(input_per_million=1.0, output_per_million=1.0)}
    assert usage.cost(price_table=table) == pytest.approx((threshold + 1 + 1_000) / 1e6)
    o3 = Usage(1_000_000, 0, model="o3")  # o3's price was cut on 2025-06-10
    assert o3.cost(at="2025-06-01") > o3.cost(at="2025-07-01")


@pytest.mark.parametrize(
    "response", [{}, {"foo": 1}, "text", 42, None, object(), [], [{"bar": 2}]], ids=repr
)
def test_a_shape_of_no_known_provider_is_a_type_error(response: object) -> None:
    with pytest.raises(TypeError, match="not a response of OpenAI, Anthropic or Google GenAI"):
        usage_from(response)


def test_a_response_without_usage_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="anthropic response carries no usage"):
        usage_from({"type": "message", "content": []})


class _Exploding:
    """An object whose every attribute raises, as a broken proxy might."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError(f"no {name}")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["object", "type", "usage", "choices", "delta", "message", "tool_calls", "index",
             "id", "model", "function", "name", "prompt_tokens", "completion_tokens",
             "input_tokens", "output_tokens", "cache_read_input_tokens", "candidates",
             "usageMetadata", "content", "parts", "functionCall", "response", "item",
             "output", "embeddings", "statistics", "tokenCount", "finish_reason"]
        ) | st.text(max_size=6),
        children,
        max_size=6,
    ),
    max_leaves=30,
)  # fmt: skip
SHAPES = st.sampled_from(
    ["chat.completion", "chat.completion.chunk", "response", "list", "message",
     "message_start", "message_delta", "content_block_start", "response.completed"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    body=st.dictionaries(st.text(max_size=6), JSON, max_size=6),
    shape=SHAPES,
    key=st.sampled_from(["object", "type"]),
)
def test_the_reader_never_raises_and_its_usage_is_consistent(
    body: dict[str, Any], shape: str, key: str
) -> None:
    reader = Reader()
    for obj in ({**body, key: shape}, _objects({**body, key: shape}), body, _Exploding()):
        assert reader.read(obj) in (True, False)
    usage = reader.usage
    if usage is not None:
        counts = (usage.input_tokens, usage.output_tokens, usage.cache_read_tokens)
        assert all(type(count) is int and count >= 0 for count in counts)
        assert usage.cache_read_tokens + usage.cache_write_tokens <= usage.input_tokens
        assert usage.cache_write_long_tokens <= usage.cache_write_tokens
        assert usage.reasoning_tokens <= usage.output_tokens
        assert usage.cost(model="gpt-4o") >= 0.0  # consistent parts: compute_cost accepts them


@settings(max_examples=200, deadline=None)
@given(response=JSON)
def test_usage_from_raises_only_its_documented_errors(response: object) -> None:
    try:
        usage = usage_from(response)
    except (TypeError, ValueError):
        return
    assert isinstance(usage, Usage)

"""The official SDKs against a local provider API: what the kit records equals the bill.

Each scenario sends a real request with the official ``openai``, ``anthropic`` or
``google-genai`` client to ``ProviderApi`` (tests/support/provider_api.py), which answers with
the provider's documented JSON or server-sent events, checked first against the SDK's own types
(tests/support/provider_payloads.py). The kit hands the answer to ``call.response()`` or each
event to ``call.chunk()`` in three forms: the SDK's object, its ``model_dump()`` and the raw
JSON the server sent. The span and the metrics must then hold the provider's bill: the token
counts, and the cost computed here from the billed categories (uncached input, cache reads,
short and long cache writes, output) at the price table's rates, independently of the
library's reading of the responses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from exposition import total
from provider_api import ProviderApi
from provider_payloads import validate

from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    RactoTracer,
    Telemetry,
    lookup_pricing,
)

FORMS = ("sdk", "dict", "json")
TOOL = {"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}
MESSAGES = [{"role": "user", "content": "What is the weather in Paris?"}]


@dataclass(frozen=True)
class Bill:
    """A call's billed categories, as the provider's price list names them."""

    model: str  # the id whose price applies
    uncached: int = 0
    cache_read: int = 0
    cache_write: int = 0  # short-retention writes (Anthropic 5 minutes)
    cache_write_long: int = 0  # Anthropic 1 hour, OpenAI 12 hours
    output: int = 0  # reasoning included: every provider bills it as output

    def usd(self) -> float:
        """Tokens times the rates of the price list (the cliff model above a tier)."""
        pricing = lookup_pricing(self.model)
        assert pricing is not None, self.model
        total = self.uncached + self.cache_read + self.cache_write + self.cache_write_long
        for threshold, tier in pricing.tiers:
            if total > threshold:
                pricing = tier
        rate_in = pricing.input_per_million
        read = pricing.cache_read_per_million
        write = pricing.cache_write_per_million
        write = rate_in if write is None else write
        long = pricing.cache_write_long_per_million
        return (
            self.uncached * rate_in
            + self.cache_read * (rate_in if read is None else read)
            + self.cache_write * write
            + self.cache_write_long * (write if long is None else long)
            + self.output * pricing.output_per_million
        ) / 1e6


@dataclass(frozen=True)
class Tokens:
    """What the span and ``ractogateway_tokens_total`` must record."""

    input: int = 0
    output: int = 0
    cache_read: int = 0
    cache_write: int = 0
    cache_write_long: int = 0
    reasoning: int = 0


@dataclass(frozen=True)
class Scenario:
    """One provider call: what the server answers, the SDK call, and what must be recorded."""

    id: str
    provider: str
    operation: str  # "chat", "stream" or "embed"
    model: str  # the requested id
    path: str
    framing: str | None  # None: a JSON answer; else the stream's SSE framing
    kind: str  # the SDK type of the payload(s) (provider_payloads.KINDS)
    payload: Callable[[], Any]  # the JSON body, or the list of events
    call: Callable[[Clients], Any]
    tokens: Tokens
    bill: Bill
    tools: list[str] = field(default_factory=list)
    response_model: str | None = None
    response_id: str | None = None
    finish_reasons: tuple[str, ...] = ()


class Clients:
    """The three official clients, pointed at the local API (built on first use)."""

    def __init__(self, api: ProviderApi) -> None:
        self._api = api
        self._built: dict[str, Any] = {}

    def _get(self, name: str, build: Callable[[], Any]) -> Any:
        if name not in self._built:
            self._built[name] = build()
        return self._built[name]

    @property
    def openai(self) -> Any:
        import openai

        return self._get(
            "openai",
            lambda: openai.OpenAI(base_url=f"{self._api.url}/v1", api_key="sk-test", max_retries=0),
        )

    @property
    def anthropic(self) -> Any:
        import anthropic

        return self._get(
            "anthropic",
            lambda: anthropic.Anthropic(base_url=self._api.url, api_key="sk-test", max_retries=0),
        )

    @property
    def gemini(self) -> Any:
        from google import genai
        from google.genai import types

        options = types.HttpOptions(base_url=self._api.url, api_version="v1beta")
        return self._get("gemini", lambda: genai.Client(api_key="test", http_options=options))


def _gemini_embed_reports_usage() -> bool:
    """google-genai 3.x parses ``usageMetadata`` of embed responses; 1.x drops it."""
    from google.genai import types

    return "usage_metadata" in types.EmbedContentResponse.model_fields


# OpenAI ----------------------------------------------------------------------------------


def _openai_chat() -> dict[str, Any]:
    calls = [
        {"id": f"call_{name}", "type": "function", "function": {"name": name, "arguments": "{}"}}
        for name in ("search", "fetch")
    ]
    return {
        "id": "chatcmpl-A1",
        "object": "chat.completion",
        "created": 1_764_547_200,
        "model": "gpt-4.1-2025-04-14",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "logprobs": None,
                "message": {"role": "assistant", "content": None, "tool_calls": calls},
            }
        ],
        "usage": {
            "prompt_tokens": 5_000,
            "completion_tokens": 700,
            "total_tokens": 5_700,
            "prompt_tokens_details": {"cached_tokens": 4_096, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 300, "audio_tokens": 0},
        },
    }


def _chunk(delta: dict[str, Any] | None, finish: str | None = None) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {
        "id": "chatcmpl-S1",
        "object": "chat.completion.chunk",
        "created": 1_764_547_200,
        "model": "gpt-4.1-2025-04-14",
        "choices": choices,
    }


def _openai_stream(with_usage: bool) -> Callable[[], list[dict[str, Any]]]:
    def events() -> list[dict[str, Any]]:
        first = {"index": 0, "id": "call_s", "type": "function",
                 "function": {"name": "search", "arguments": ""}}  # fmt: skip
        chunks = [
            _chunk({"role": "assistant", "content": ""}),
            _chunk({"content": "Let me look"}),
            _chunk({"content": " that up."}),
            _chunk({"tool_calls": [first]}),  # the id and the name: on the first delta only
            _chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"q": '}}]}),
            _chunk({"tool_calls": [{"index": 0, "function": {"arguments": '"Paris"}'}}]}),
            _chunk({}, finish="tool_calls"),
        ]
        if with_usage:
            usage = {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940,
                     "prompt_tokens_details": {"cached_tokens": 512}}  # fmt: skip
            chunks.append({**_chunk(None), "usage": usage})
        return chunks

    return events


def _openai_create_stream(with_usage: bool) -> Callable[[Clients], Any]:
    def call(clients: Clients) -> Any:
        options = {"stream_options": {"include_usage": True}} if with_usage else {}
        return clients.openai.chat.completions.create(
            model="gpt-4.1", messages=MESSAGES, tools=[TOOL], stream=True, **options
        )

    return call


def _openai_response(usage: bool = True) -> dict[str, Any]:
    return {
        "id": "resp_R1",
        "object": "response",
        "created_at": 1_764_547_200,
        "model": "gpt-5.1-2025-11-13",
        "status": "completed",
        "output": [
            {
                "type": "function_call",
                "id": "fc_1",
                "call_id": "call_r",
                "name": "lookup",
                "arguments": '{"city": "Paris"}',
                "status": "completed",
            }
        ],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": None
        if not usage
        else {
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


def _openai_response_events() -> list[dict[str, Any]]:
    item = _openai_response()["output"][0]
    return [
        {"type": "response.created", "sequence_number": 0,
         "response": {**_openai_response(usage=False), "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
         "item": {**item, "arguments": "", "status": "in_progress"}},
        {"type": "response.function_call_arguments.delta", "sequence_number": 2,
         "output_index": 0, "item_id": "fc_1", "delta": '{"city": '},
        {"type": "response.function_call_arguments.delta", "sequence_number": 3,
         "output_index": 0, "item_id": "fc_1", "delta": '"Paris"}'},
        {"type": "response.output_item.done", "sequence_number": 4, "output_index": 0,
         "item": item},
        {"type": "response.completed", "sequence_number": 5, "response": _openai_response()},
    ]  # fmt: skip


def _openai_embeddings() -> dict[str, Any]:
    return {
        "object": "list",
        "model": "text-embedding-3-small",
        "data": [
            {"object": "embedding", "index": i, "embedding": [0.01, -0.02, 0.03]} for i in range(2)
        ],
        "usage": {"prompt_tokens": 640, "total_tokens": 640},
    }


# Anthropic --------------------------------------------------------------------------------


def _anthropic_usage(long: bool) -> dict[str, Any]:
    if not long:  # 5-minute writes only, nothing read
        return {"input_tokens": 4_000, "cache_read_input_tokens": 0,
                "cache_creation_input_tokens": 2_000, "output_tokens": 300,
                "cache_creation": {"ephemeral_5m_input_tokens": 2_000,
                                   "ephemeral_1h_input_tokens": 0}}  # fmt: skip
    return {
        "input_tokens": 120,  # leaves out the cache reads and writes
        "cache_read_input_tokens": 30_000,
        "cache_creation_input_tokens": 3_000,
        "cache_creation": {"ephemeral_5m_input_tokens": 2_000, "ephemeral_1h_input_tokens": 1_000},
        "output_tokens": 800,
        "output_tokens_details": {"thinking_tokens": 500},
        "service_tier": "standard",
    }


def _anthropic_message(long: bool = True) -> Callable[[], dict[str, Any]]:
    def message() -> dict[str, Any]:
        return {
            "id": "msg_M1",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [
                {"type": "text", "text": "Checking."},
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "get_weather",
                    "input": {"city": "Paris"},
                },
            ],
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "usage": _anthropic_usage(long),
        }

    return message


def _anthropic_events() -> list[dict[str, Any]]:
    start = {**_anthropic_message()(), "content": [], "stop_reason": None}
    start["usage"] = {**_anthropic_usage(True), "output_tokens": 1}
    del start["usage"]["output_tokens_details"]
    tool = {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {}}
    return [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "text_delta", "text": "Checking."}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": tool},
        {"type": "content_block_delta", "index": 1,
         "delta": {"type": "input_json_delta", "partial_json": '{"city": "Paris"}'}},
        {"type": "content_block_stop", "index": 1},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
         "usage": {"output_tokens": 800, "output_tokens_details": {"thinking_tokens": 500}}},
        {"type": "message_stop"},
    ]  # fmt: skip


# Gemini -----------------------------------------------------------------------------------


def _gemini(
    prompt: int, candidates: int, *, thoughts: int = 0, tool_use: int = 0, cached: int = 0,
    model: str = "gemini-2.5-flash", call: str | None = None, finish: str | None = "STOP",
) -> dict[str, Any]:  # fmt: skip
    parts: list[dict[str, Any]] = [{"text": "Sunny."}]
    if call:
        parts.append({"functionCall": {"name": call, "args": {"city": "Paris"}}})
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    usage = {"promptTokenCount": prompt, "candidatesTokenCount": candidates,
             "totalTokenCount": prompt + candidates + thoughts + tool_use}  # fmt: skip
    for name, count in (("thoughtsTokenCount", thoughts), ("toolUsePromptTokenCount", tool_use),
                        ("cachedContentTokenCount", cached)):  # fmt: skip
        if count:
            usage[name] = count
    return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": model,
            "responseId": "gem-R1"}  # fmt: skip


def _gemini_stream() -> list[dict[str, Any]]:
    # Running totals: the prompt and thoughts in every chunk, the candidates growing.
    return [
        _gemini(1_000, 5, thoughts=400, finish=None),
        _gemini(1_000, 60, thoughts=400, finish=None),
        _gemini(1_000, 200, thoughts=400, call="get_weather"),
    ]


def _gemini_embed() -> dict[str, Any]:
    return {
        "embeddings": [{"values": [0.1, 0.2, 0.3]}, {"values": [0.3, 0.2, 0.1]}],
        "usageMetadata": {"promptTokenCount": 24, "totalTokenCount": 24},
    }


def _gemini_path(model: str, method: str) -> str:
    return f"/v1beta/models/{model}:{method}"


SCENARIOS = [
    Scenario(
        "openai-chat-cached-reasoning-tools", "openai", "chat", "gpt-4.1",
        "/v1/chat/completions", None, "openai.chat", _openai_chat,
        lambda c: c.openai.chat.completions.create(model="gpt-4.1", messages=MESSAGES,
                                                   tools=[TOOL]),
        Tokens(input=5_000, output=700, cache_read=4_096, reasoning=300),
        Bill("gpt-4.1-2025-04-14", uncached=904, cache_read=4_096, output=700),
        ["search", "fetch"], "gpt-4.1-2025-04-14", "chatcmpl-A1", ("tool_calls",),
    ),
    Scenario(
        "openai-stream-include-usage", "openai", "stream", "gpt-4.1",
        "/v1/chat/completions", "openai", "openai.chunk", _openai_stream(True),
        _openai_create_stream(True),
        Tokens(input=900, output=40, cache_read=512),
        Bill("gpt-4.1-2025-04-14", uncached=388, cache_read=512, output=40),
        ["search"], "gpt-4.1-2025-04-14", "chatcmpl-S1", ("tool_calls",),
    ),
    Scenario(
        "openai-responses-cache-writes", "openai", "chat", "gpt-5.1",
        "/v1/responses", None, "openai.response", _openai_response,
        lambda c: c.openai.responses.create(model="gpt-5.1", input="Weather in Paris?"),
        Tokens(input=20_000, output=1_500, cache_read=8_000, cache_write=6_000,
               cache_write_long=4_000, reasoning=1_000),
        Bill("gpt-5.1-2025-11-13", uncached=6_000, cache_read=8_000, cache_write=2_000,
             cache_write_long=4_000, output=1_500),
        ["lookup"], "gpt-5.1-2025-11-13", "resp_R1", ("completed",),
    ),
    Scenario(
        "openai-responses-stream", "openai", "stream", "gpt-5.1",
        "/v1/responses", "named", "openai.response_event", _openai_response_events,
        lambda c: c.openai.responses.create(model="gpt-5.1", input="Paris?", stream=True),
        Tokens(input=20_000, output=1_500, cache_read=8_000, cache_write=6_000,
               cache_write_long=4_000, reasoning=1_000),
        Bill("gpt-5.1-2025-11-13", uncached=6_000, cache_read=8_000, cache_write=2_000,
             cache_write_long=4_000, output=1_500),
        ["lookup"], "gpt-5.1-2025-11-13", "resp_R1", ("completed",),
    ),
    Scenario(
        "openai-embeddings", "openai", "embed", "text-embedding-3-small",
        "/v1/embeddings", None, "openai.embeddings", _openai_embeddings,
        lambda c: c.openai.embeddings.create(model="text-embedding-3-small",
                                             input=["a", "b"], encoding_format="float"),
        Tokens(input=640),
        Bill("text-embedding-3-small", uncached=640),
        response_model="text-embedding-3-small",
    ),
    Scenario(
        "anthropic-1h-and-5m-writes-thinking-tool", "anthropic", "chat", "claude-sonnet-4-5",
        "/v1/messages", None, "anthropic.message", _anthropic_message(),
        lambda c: c.anthropic.messages.create(model="claude-sonnet-4-5", max_tokens=1024,
                                              messages=MESSAGES),
        Tokens(input=33_120, output=800, cache_read=30_000, cache_write=3_000,
               cache_write_long=1_000, reasoning=500),
        Bill("claude-sonnet-4-5-20250929", uncached=120, cache_read=30_000, cache_write=2_000,
             cache_write_long=1_000, output=800),
        ["get_weather"], "claude-sonnet-4-5-20250929", "msg_M1", ("tool_use",),
    ),
    Scenario(
        "anthropic-5m-writes-only", "anthropic", "chat", "claude-sonnet-4-5",
        "/v1/messages", None, "anthropic.message", _anthropic_message(long=False),
        lambda c: c.anthropic.messages.create(model="claude-sonnet-4-5", max_tokens=1024,
                                              messages=MESSAGES),
        Tokens(input=6_000, output=300, cache_write=2_000),
        Bill("claude-sonnet-4-5-20250929", uncached=4_000, cache_write=2_000, output=300),
        ["get_weather"], "claude-sonnet-4-5-20250929", "msg_M1", ("tool_use",),
    ),
    Scenario(
        "anthropic-stream", "anthropic", "stream", "claude-sonnet-4-5",
        "/v1/messages", "named", "anthropic.event", _anthropic_events,
        lambda c: c.anthropic.messages.create(model="claude-sonnet-4-5", max_tokens=1024,
                                              messages=MESSAGES, stream=True),
        Tokens(input=33_120, output=800, cache_read=30_000, cache_write=3_000,
               cache_write_long=1_000, reasoning=500),
        Bill("claude-sonnet-4-5-20250929", uncached=120, cache_read=30_000, cache_write=2_000,
             cache_write_long=1_000, output=800),
        ["get_weather"], "claude-sonnet-4-5-20250929", "msg_M1", ("tool_use",),
    ),
    Scenario(
        "gemini-thoughts-tool-use-cached", "google", "chat", "gemini-2.5-flash",
        _gemini_path("gemini-2.5-flash", "generateContent"), None, "gemini.content",
        lambda: _gemini(1_000, 200, thoughts=400, tool_use=150, cached=600, call="get_weather"),
        lambda c: c.gemini.models.generate_content(model="gemini-2.5-flash", contents="Paris?"),
        Tokens(input=1_150, output=600, cache_read=600, reasoning=400),
        Bill("gemini-2.5-flash", uncached=550, cache_read=600, output=600),
        ["get_weather"], "gemini-2.5-flash", "gem-R1", ("STOP",),
    ),
    Scenario(
        "gemini-stream-running-totals", "google", "stream", "gemini-2.5-flash",
        _gemini_path("gemini-2.5-flash", "streamGenerateContent"), "gemini", "gemini.content",
        _gemini_stream,
        lambda c: c.gemini.models.generate_content_stream(model="gemini-2.5-flash",
                                                          contents="Paris?"),
        Tokens(input=1_000, output=600, reasoning=400),
        Bill("gemini-2.5-flash", uncached=1_000, output=600),
        ["get_weather"], "gemini-2.5-flash", "gem-R1", ("STOP",),
    ),
    Scenario(
        "gemini-prompt-above-200k", "google", "chat", "gemini-2.5-pro",
        _gemini_path("gemini-2.5-pro", "generateContent"), None, "gemini.content",
        lambda: _gemini(250_000, 1_000, thoughts=2_000, model="gemini-2.5-pro"),
        lambda c: c.gemini.models.generate_content(model="gemini-2.5-pro", contents="Summarise"),
        Tokens(input=250_000, output=3_000, reasoning=2_000),
        Bill("gemini-2.5-pro", uncached=250_000, output=3_000),
        [], "gemini-2.5-pro", "gem-R1", ("STOP",),
    ),
    Scenario(
        "gemini-embeddings", "google", "embed", "gemini-embedding-001",
        _gemini_path("gemini-embedding-001", "batchEmbedContents"), None, "gemini.embed",
        _gemini_embed,
        lambda c: c.gemini.models.embed_content(model="gemini-embedding-001",
                                                contents=["a", "b"]),
        Tokens(input=24),
        Bill("gemini-embedding-001", uncached=24),
    ),
]  # fmt: skip
BY_ID = {scenario.id: scenario for scenario in SCENARIOS}


@pytest.fixture
def api() -> Iterator[ProviderApi]:
    """The local provider API; the test fails if it answered a request it did not expect."""
    server = ProviderApi()
    yield server
    server.close()
    assert not server.errors, server.errors


def _queue(api: ProviderApi, scenario: Scenario) -> Any:
    """Check the scenario's payload(s) with the SDK's types and queue them; return the JSON."""
    payload = scenario.payload()
    checked = payload if isinstance(payload, list) else [payload]
    for item in checked:
        if item.get("type") == "ping":  # Anthropic's keep-alive: the SDK drops it unparsed
            continue
        if scenario.kind == "gemini.embed" and not _gemini_embed_reports_usage():
            item = {k: v for k, v in item.items() if k != "usageMetadata"}  # noqa: PLW2901
        validate(scenario.kind, item)
    if scenario.framing is None:
        api.reply(scenario.path, payload)
    else:
        api.stream(scenario.path, payload, scenario.framing)
    return payload


def _observe(telemetry: Telemetry, scenario: Scenario) -> Any:
    return {
        "chat": telemetry.chat,
        "stream": telemetry.stream,
        "embed": telemetry.embed,
    }[scenario.operation](provider=scenario.provider, model=scenario.model)


def _record(telemetry: Telemetry, api: ProviderApi, scenario: Scenario, form: str) -> None:
    """Make the scenario's SDK call inside the kit's block, reporting the answer in ``form``."""
    payload = _queue(api, scenario)
    clients = Clients(api)
    with _observe(telemetry, scenario) as call:
        answer = scenario.call(clients)
        if scenario.framing is None:
            call.response({"sdk": answer, "dict": _dump(answer), "json": payload}[form])
            return
        events: Iterable[Any] = answer
        for event in events:  # as they arrive
            if form != "json":
                call.chunk(event if form == "sdk" else _dump(event))
        if form == "json":
            for raw in payload:
                call.chunk(raw)


def _dump(obj: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = obj.model_dump()
    return dumped


def _expected(scenario: Scenario, form: str) -> tuple[Tokens, float, int]:
    """(tokens, cost, usage-missing count) the scenario must record in ``form``."""
    if scenario.kind == "gemini.embed" and form != "json" and not _gemini_embed_reports_usage():
        return Tokens(), 0.0, 1  # this google-genai drops the usage of embed responses
    return scenario.tokens, scenario.bill.usd(), 0


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_the_span_and_the_metrics_equal_the_bill(
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    api: ProviderApi,
    scenario: Scenario,
    form: str,
) -> None:
    _record(Telemetry(tracer=tracer, metrics=metrics), api, scenario, form)
    tokens, cost, missing = _expected(scenario, form)

    (span,) = tracer.spans
    recorded = Tokens(
        span.input_tokens,
        span.output_tokens,
        span.cache_read_tokens,
        span.cache_write_tokens,
        span.cache_write_long_tokens,
        span.reasoning_tokens,
    )
    assert recorded == tokens
    assert span.cost_usd == pytest.approx(cost, rel=1e-9)
    assert (span.model, span.status) == (scenario.model, "ok")
    if scenario.operation != "embed":
        assert span.tool_calls == len(scenario.tools)
        assert (span.response_id, span.finish_reasons) == (
            scenario.response_id,
            scenario.finish_reasons,
        )
    assert span.response_model == scenario.response_model
    if scenario.operation == "stream":
        assert span.time_to_first_token_ms is not None
        assert 0 <= span.time_to_first_token_ms <= span.latency_ms

    text = metrics.generate_latest()
    labels = {"provider": scenario.provider, "model": scenario.model}
    by_type = {
        kind: total(text, "ractogateway_tokens_total", token_type=kind, **labels)
        for kind in ("input", "output", "cache_read", "cache_write", "cache_write_long",
                     "reasoning")
    }  # fmt: skip
    assert by_type == {
        "input": tokens.input,
        "output": tokens.output,
        "cache_read": tokens.cache_read,
        "cache_write": tokens.cache_write,
        "cache_write_long": tokens.cache_write_long,
        "reasoning": tokens.reasoning,
    }
    assert total(text, "ractogateway_cost_usd_total", **labels) == pytest.approx(cost, rel=1e-9)
    for name in set(scenario.tools):
        assert total(text, "ractogateway_tool_calls_total", tool_name=name) == (
            scenario.tools.count(name)
        )
    assert total(text, "ractogateway_usage_missing_total") == missing


@pytest.mark.usefixtures("fresh_warnings")
def test_an_openai_stream_without_include_usage_is_a_visible_gap(
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    api: ProviderApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    scenario = Scenario(
        "openai-stream-without-usage", "openai", "stream", "gpt-4.1",
        "/v1/chat/completions", "openai", "openai.chunk", _openai_stream(False),
        _openai_create_stream(False), Tokens(), Bill("gpt-4.1"), ["search"],
    )  # fmt: skip
    telemetry = Telemetry(tracer=tracer, metrics=metrics)
    with caplog.at_level(logging.WARNING, logger="ractogateway"):
        _record(telemetry, api, scenario, "sdk")
        _record(telemetry, api, scenario, "json")

    assert "stream_options" not in api.requests[0].body  # the SDK asked for no usage
    assert [(s.input_tokens, s.output_tokens, s.cost_usd) for s in tracer.spans] == [
        (0, 0, 0.0)
    ] * 2
    assert [s.tool_calls for s in tracer.spans] == [1, 1]
    (warning,) = [r.getMessage() for r in caplog.records if "usage" in r.getMessage()]
    assert "stream_options={'include_usage': True}" in warning
    text = metrics.generate_latest()
    missing = total(
        text, "ractogateway_usage_missing_total", provider="openai", model="gpt-4.1",
        operation="stream",
    )  # fmt: skip
    assert missing == 2


def test_the_stream_requests_asked_the_provider_for_usage(api: ProviderApi) -> None:
    clients = Clients(api)
    _queue(api, BY_ID["openai-stream-include-usage"])
    list(BY_ID["openai-stream-include-usage"].call(clients))
    _queue(api, BY_ID["gemini-stream-running-totals"])
    list(BY_ID["gemini-stream-running-totals"].call(clients))

    openai_request, gemini_request = api.requests
    assert openai_request.body["stream_options"] == {"include_usage": True}
    assert openai_request.body["stream"] is True
    assert gemini_request.path.endswith(":streamGenerateContent?alt=sse")


def test_summing_geminis_stream_chunks_would_overcount(api: ProviderApi) -> None:
    # Why "the last chunk wins": the running totals summed count the prompt once per chunk.
    chunks = list(BY_ID["gemini-stream-running-totals"].payload())
    summed = sum(c["usageMetadata"]["promptTokenCount"] for c in chunks)
    assert summed == 3 * BY_ID["gemini-stream-running-totals"].tokens.input


def test_the_otel_attributes_carry_the_bill(api: ProviderApi) -> None:
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracer = RactoTracer(custom_exporter=exporter)
    telemetry = Telemetry(tracer=tracer)
    chosen = [BY_ID[i] for i in ("openai-responses-stream", "anthropic-stream",
                                 "gemini-thoughts-tool-use-cached")]  # fmt: skip
    for scenario in chosen:
        _record(telemetry, api, scenario, "sdk")
    assert tracer.force_flush() is True

    spans = exporter.get_finished_spans()
    assert len(spans) == len(chosen)
    for scenario, span in zip(chosen, spans, strict=True):
        attributes = dict(span.attributes or {})
        tokens = scenario.tokens
        assert attributes["gen_ai.usage.input_tokens"] == tokens.input
        assert attributes["gen_ai.usage.output_tokens"] == tokens.output
        assert attributes["gen_ai.usage.cache_read.input_tokens"] == tokens.cache_read
        assert attributes.get("gen_ai.usage.cache_write.input_tokens", 0) == tokens.cache_write
        assert attributes.get("gen_ai.usage.cache_creation.input_tokens", 0) == tokens.cache_write
        assert attributes["gen_ai.usage.reasoning.output_tokens"] == tokens.reasoning
        assert attributes["gen_ai.request.model"] == scenario.model
        assert attributes["gen_ai.response.model"] == scenario.response_model
        assert attributes["gen_ai.response.id"] == scenario.response_id
        assert attributes["gen_ai.response.finish_reasons"] == scenario.finish_reasons
        assert attributes["llm.cost_usd"] == pytest.approx(scenario.bill.usd(), rel=1e-9)
    tracer.shutdown()


@pytest.mark.parametrize(
    ("scenario_id", "shortcut"),
    [
        # Anthropic's input_tokens passed as is: the cache reads and writes go missing.
        ("anthropic-1h-and-5m-writes-thinking-tool", {"input_tokens": 120, "output_tokens": 800}),
        # Gemini's candidatesTokenCount as the output: the thoughts go missing.
        ("gemini-thoughts-tool-use-cached", {"input_tokens": 1_000, "output_tokens": 200}),
        # OpenAI's reasoning tokens added to completion_tokens: counted twice.
        (
            "openai-chat-cached-reasoning-tools",
            {"input_tokens": 5_000, "output_tokens": 1_000, "cache_read_tokens": 4_096},
        ),
    ],
)
def test_the_tempting_hand_mappings_miss_the_bill(
    tracer: RactoTracer, api: ProviderApi, scenario_id: str, shortcut: dict[str, int]
) -> None:
    scenario = BY_ID[scenario_id]
    telemetry = Telemetry(tracer=tracer)
    _record(telemetry, api, scenario, "sdk")
    with _observe(telemetry, scenario) as call:
        call.usage(**shortcut)
    read, shortcut_span = tracer.spans
    assert read.cost_usd == pytest.approx(scenario.bill.usd(), rel=1e-9)
    assert shortcut_span.cost_usd != pytest.approx(scenario.bill.usd(), rel=0.05)

"""The bill at the tier the provider served: the official SDKs against the local provider API.

Each scenario makes a real SDK call (``openai``, ``anthropic``, ``google-genai``) to
``ProviderApi`` (tests/support/provider_api.py), whose answers are checked first against the
SDKs' own types (tests/support/provider_payloads.py), and hands the answer to the kit's
``call.response()`` / ``call.chunk()`` as the SDK object and as the raw JSON. The span must
carry the tier, region and server-side tool requests the response names (or the kit declared),
and its cost, like the cost counter, must be the call priced at them: ``compute_cost`` with
those keywords, whose variant figures test_published_prices.py pins to genai-prices'.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from exposition import total
from provider_api import ProviderApi
from provider_payloads import validate

from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry, compute_cost

MESSAGES = [{"role": "user", "content": "What changed in Paris today?"}]
FORMS = ("sdk", "json")


@pytest.fixture
def api() -> Iterator[ProviderApi]:
    server = ProviderApi()
    yield server
    server.close()
    assert not server.errors, server.errors


class Clients:
    """The official clients, pointed at the local API."""

    def __init__(self, api: ProviderApi) -> None:
        import anthropic
        import openai
        from google import genai
        from google.genai import types

        url = api.url
        self.openai: Any = openai.OpenAI(base_url=f"{url}/v1", api_key="sk-test", max_retries=0)
        self.anthropic: Any = anthropic.Anthropic(base_url=url, api_key="sk-test", max_retries=0)
        options = types.HttpOptions(base_url=url, api_version="v1beta")
        self.gemini: Any = genai.Client(api_key="test", http_options=options)


@dataclass(frozen=True)
class Served:
    """One call: the answer, the SDK call, what the kit declares and what must be billed."""

    id: str
    provider: str
    model: str
    path: str
    kind: str  # provider_payloads.KINDS; events when framing is set
    payload: Callable[[], Any]
    call: Callable[[Clients], Any]
    # the span's tier, region and tool requests; the cost is compute_cost at ``billed``
    tier: str | None
    billed: dict[str, Any]
    tokens: tuple[int, int, int]  # input (cached included), output, cache read
    declared: dict[str, Any] = field(default_factory=dict)  # telemetry.chat(service_tier=...)
    region: str | None = None
    requests: tuple[tuple[str, int], ...] = ()
    framing: str | None = None
    operation: str = "chat"


# OpenAI -----------------------------------------------------------------------------------


def _chat(tier: str | None, model: str = "gpt-5-2025-08-07") -> Callable[[], dict[str, Any]]:
    def payload() -> dict[str, Any]:
        answer: dict[str, Any] = {
            "id": "chatcmpl-T1",
            "object": "chat.completion",
            "created": 1_765_000_000,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "logprobs": None,
                    "message": {"role": "assistant", "content": "Sunny."},
                }
            ],
            "usage": {
                "prompt_tokens": 100_000,
                "completion_tokens": 5_000,
                "total_tokens": 105_000,
                "prompt_tokens_details": {"cached_tokens": 20_000},
            },
        }
        if tier is not None:
            answer["service_tier"] = tier
        return answer

    return payload


def _create(**options: Any) -> Callable[[Clients], Any]:
    def call(clients: Clients) -> Any:
        return clients.openai.chat.completions.create(model="gpt-5", messages=MESSAGES, **options)

    return call


def _response() -> dict[str, Any]:
    return {
        "id": "resp_T1",
        "object": "response",
        "created_at": 1_765_000_000,
        "model": "gpt-5-2025-08-07",
        "status": "completed",
        "service_tier": "flex",
        "output": [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "tool_usage": {
            "image_gen": {
                "input_tokens": 0,
                "output_tokens": 0,
                "total_tokens": 0,
                "input_tokens_details": {"image_tokens": 0, "text_tokens": 0},
            },
            "web_search": {"num_requests": 2},
        },
        "usage": {
            "input_tokens": 40_000,
            "input_tokens_details": {"cached_tokens": 10_000, "cache_write_tokens": 0},
            "output_tokens": 2_000,
            "output_tokens_details": {"reasoning_tokens": 500},
            "total_tokens": 42_000,
        },
    }


def _responses_create(clients: Clients) -> Any:
    return clients.openai.responses.create(
        model="gpt-5", input="What changed?", service_tier="flex",
        tools=[{"type": "web_search"}],
    )  # fmt: skip


# Anthropic --------------------------------------------------------------------------------


def _message(usage: dict[str, Any], model: str = "claude-sonnet-4-5-20250929") -> dict[str, Any]:
    return {
        "id": "msg_T1",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": "Here is what changed."}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": usage,
    }


def _anthropic_searches() -> dict[str, Any]:
    return _message(
        {
            "input_tokens": 20_000,
            "cache_read_input_tokens": 30_000,
            "cache_creation_input_tokens": 0,
            "output_tokens": 2_000,
            "server_tool_use": {"web_search_requests": 3, "web_fetch_requests": 1},
            "service_tier": "standard",
        }
    )


def _anthropic_batch_result() -> dict[str, Any]:
    # A Message Batches result's message: its usage names the batch tier.
    return _message(
        {
            "input_tokens": 20_000,
            "cache_read_input_tokens": 30_000,
            "cache_creation_input_tokens": 0,
            "output_tokens": 2_000,
            "service_tier": "batch",
        }
    )


def _anthropic_fast_stream() -> list[dict[str, Any]]:
    # Fast mode, US-only inference: named only on message_start; message_delta brings the
    # final output and the (cumulative) server-side tool requests.
    start = _message(
        {
            "input_tokens": 40_000,
            "cache_read_input_tokens": 10_000,
            "cache_creation_input_tokens": 0,
            "output_tokens": 1,
            "service_tier": "standard",
            "speed": "fast",
            "inference_geo": "us",
        },
        model="claude-opus-4-8",
    )
    start = {**start, "content": [], "stop_reason": None}
    return [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "text_delta", "text": "Here is what changed."}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 2_000,
                   "server_tool_use": {"web_search_requests": 2, "web_fetch_requests": 0}}},
        {"type": "message_stop"},
    ]  # fmt: skip


def _anthropic_create(**options: Any) -> Callable[[Clients], Any]:
    def call(clients: Clients) -> Any:
        return clients.anthropic.messages.create(
            model=options.pop("model", "claude-sonnet-4-5"), max_tokens=4_096,
            messages=MESSAGES, **options,
        )  # fmt: skip

    return call


# Gemini -----------------------------------------------------------------------------------


def _gemini(traffic: str | None = None, searches: int = 0) -> Callable[[], dict[str, Any]]:
    def payload() -> dict[str, Any]:
        usage: dict[str, Any] = {
            "promptTokenCount": 50_000,
            "candidatesTokenCount": 2_000,
            "totalTokenCount": 52_000,
        }
        if traffic is not None:
            usage["trafficType"] = traffic
        candidate: dict[str, Any] = {
            "content": {"role": "model", "parts": [{"text": "Sunny."}]},
            "finishReason": "STOP",
            "index": 0,
        }
        if searches:
            queries = [f"paris news {i}" for i in range(searches)]
            candidate["groundingMetadata"] = {"webSearchQueries": queries}
        return {"candidates": [candidate], "usageMetadata": usage,
                "modelVersion": "gemini-4-argon", "responseId": "gem-T1"}  # fmt: skip

    return payload


def _generate(clients: Clients) -> Any:
    return clients.gemini.models.generate_content(model="gemini-4-argon", contents="What changed?")


GEMINI_PATH = "/v1beta/models/gemini-4-argon:generateContent"


def _vertex_names_priority() -> bool:
    """google-genai 3.x knows ON_DEMAND_PRIORITY; 1.x (Python 3.10's) has no such type."""
    from google.genai import types

    return "ON_DEMAND_PRIORITY" in types.TrafficType.__members__


SCENARIOS = [
    # Requested priority, served at the default tier: billed at the standard price.
    Served(
        "openai-priority-downgraded", "openai", "gpt-5", "/v1/chat/completions", "openai.chat",
        _chat("default"), _create(service_tier="priority"), "default", {},
        (100_000, 5_000, 20_000), declared={"service_tier": "priority"},
    ),
    # Requested fast: OpenAI echoes priority and bills it so.
    Served(
        "openai-fast-echoed-as-priority", "openai", "gpt-5", "/v1/chat/completions",
        "openai.chat", _chat("priority"), _create(service_tier="fast"), "priority",
        {"service_tier": "priority"}, (100_000, 5_000, 20_000), declared={"service_tier": "fast"},
    ),
    # A Batch API result names the tier of the request (default): the declared batch stays.
    Served(
        "openai-batch-result", "openai", "gpt-5", "/v1/chat/completions", "openai.chat",
        _chat("default"), _create(), "batch", {"service_tier": "batch"},
        (100_000, 5_000, 20_000), declared={"service_tier": "batch"},
    ),
    # The Responses API at flex, with two web searches in tool_usage.
    Served(
        "openai-responses-flex-web-search", "openai", "gpt-5", "/v1/responses",
        "openai.response", _response, _responses_create, "flex",
        {"service_tier": "flex", "server_tool_requests": {"web_search": 2}},
        (40_000, 2_000, 10_000), requests=(("web_search", 2),),
    ),
    # OpenAI's regional processing is declared by the caller (gpt-5.4: 1.1 in the US).
    Served(
        "openai-regional-processing", "openai", "gpt-5.4", "/v1/chat/completions",
        "openai.chat", _chat("default", "gpt-5.4-2026-03-05"), _create(), "default",
        {"region": "us"}, (100_000, 5_000, 20_000), declared={"region": "us"}, region="us",
    ),
    # A tier no price knows (OpenAI's scale tier): standard price, logged once, still counted.
    Served(
        "openai-unknown-tier", "openai", "gpt-5", "/v1/chat/completions", "openai.chat",
        _chat("scale"), _create(), "scale", {}, (100_000, 5_000, 20_000),
    ),
    Served(
        "anthropic-web-searches", "anthropic", "claude-sonnet-4-5", "/v1/messages",
        "anthropic.message", _anthropic_searches, _anthropic_create(), "standard",
        {"server_tool_requests": {"web_search": 3, "web_fetch": 1}}, (50_000, 2_000, 30_000),
        requests=(("web_search", 3), ("web_fetch", 1)),
    ),
    Served(
        "anthropic-batch-result", "anthropic", "claude-sonnet-4-5", "/v1/messages",
        "anthropic.message", _anthropic_batch_result, _anthropic_create(), "batch",
        {"service_tier": "batch"}, (50_000, 2_000, 30_000),
    ),
    # Streamed: the tier (fast mode) and the region only on message_start.
    Served(
        "anthropic-stream-fast-us", "anthropic", "claude-opus-4-8", "/v1/messages",
        "anthropic.event", _anthropic_fast_stream,
        _anthropic_create(model="claude-opus-4-8", stream=True), "fast",
        {"service_tier": "fast", "region": "us", "server_tool_requests": {"web_search": 2}},
        (50_000, 2_000, 10_000), region="us", requests=(("web_search", 2),),
        framing="named", operation="stream",
    ),
    # Vertex AI names the tier in usage_metadata.traffic_type.
    Served(
        "gemini-vertex-priority", "google", "gemini-4-argon", GEMINI_PATH, "gemini.content",
        _gemini("ON_DEMAND_PRIORITY"), _generate, "priority", {"service_tier": "priority"},
        (50_000, 2_000, 0),
    ),
    # The Gemini Developer API does not: the kit declares flex; two grounding queries.
    Served(
        "gemini-declared-flex-grounding", "google", "gemini-4-argon", GEMINI_PATH,
        "gemini.content", _gemini(searches=2), _generate, "flex",
        {"service_tier": "flex", "server_tool_requests": {"web_search": 2}}, (50_000, 2_000, 0),
        declared={"service_tier": "flex"}, requests=(("web_search", 2),),
    ),
]  # fmt: skip
# A scenario the installed SDK cannot express is not parametrised (never a skipped case).
SCENARIOS = [s for s in SCENARIOS if s.id != "gemini-vertex-priority" or _vertex_names_priority()]


def _record(telemetry: Telemetry, api: ProviderApi, scenario: Served, form: str) -> None:
    payload = scenario.payload()
    for item in payload if isinstance(payload, list) else [payload]:
        validate(scenario.kind, item)
    if scenario.framing is None:
        api.reply(scenario.path, payload)
    else:
        api.stream(scenario.path, payload, scenario.framing)
    observe = telemetry.stream if scenario.operation == "stream" else telemetry.chat
    with observe(provider=scenario.provider, model=scenario.model, **scenario.declared) as call:
        clients = Clients(api)  # kept until the answer is read (a client closes when freed)
        answer = scenario.call(clients)
        if scenario.framing is None:
            call.response(answer if form == "sdk" else payload)
            return
        for event in answer:
            if form == "sdk":
                call.chunk(event)
        if form == "json":
            for raw in payload:
                call.chunk(raw)


@pytest.mark.usefixtures("fresh_warnings")
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_the_call_is_billed_at_the_tier_served(  # noqa: PLR0917 - fixtures and parameters
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    api: ProviderApi,
    scenario: Served,
    form: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="ractogateway.telemetry")
    _record(Telemetry(tracer=tracer, metrics=metrics), api, scenario, form)
    (span,) = tracer.spans
    inputs, outputs, read = scenario.tokens
    assert (span.input_tokens, span.output_tokens, span.cache_read_tokens) == scenario.tokens
    assert (span.service_tier, span.region) == (scenario.tier, scenario.region)
    assert span.server_tool_requests == scenario.requests
    cost = compute_cost(
        scenario.model, inputs, outputs, cache_read_tokens=read,
        reasoning_tokens=span.reasoning_tokens, at=span.timestamp, **scenario.billed,
    )  # fmt: skip
    assert span.cost_usd == pytest.approx(cost, rel=1e-9)
    if scenario.billed:  # the tier, region or tools change the bill
        standard = compute_cost(scenario.model, inputs, outputs, cache_read_tokens=read)
        assert abs(cost - standard) > 1e-6 * standard
    text = metrics.generate_latest()
    labels = {"provider": scenario.provider, "model": scenario.model}
    assert total(text, "ractogateway_cost_usd_total", **labels) == pytest.approx(cost, rel=1e-9)
    assert total(text, "ractogateway_requests_total", **labels) == 1
    unknown = [r for r in caplog.records if "is not a tier the prices know" in r.getMessage()]
    assert len(unknown) == (1 if scenario.id == "openai-unknown-tier" else 0)


def test_the_span_attributes_name_the_tier_region_and_tools(api: ProviderApi) -> None:
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracer = RactoTracer(custom_exporter=exporter)
    telemetry = Telemetry(tracer=tracer)
    by_id = {s.id: s for s in SCENARIOS}
    for name in ("openai-fast-echoed-as-priority", "anthropic-stream-fast-us"):
        _record(telemetry, api, by_id[name], "sdk")
    assert tracer.force_flush() is True
    openai_span, anthropic_span = (dict(s.attributes or {}) for s in exporter.get_finished_spans())
    assert openai_span["llm.service_tier"] == "priority"
    assert openai_span["openai.response.service_tier"] == "priority"
    assert "llm.region" not in openai_span
    assert anthropic_span["llm.service_tier"] == "fast"
    assert "openai.response.service_tier" not in anthropic_span
    assert anthropic_span["llm.region"] == "us"
    assert anthropic_span["llm.server_tool_requests.web_search"] == 2
    tracer.shutdown()


def test_usage_by_hand_takes_the_same_keywords(tracer: RactoTracer) -> None:
    telemetry = Telemetry(tracer=tracer)
    with telemetry.chat(provider="anthropic", model="claude-opus-4-8") as call:
        call.usage(
            input_tokens=50_000, output_tokens=2_000, service_tier="fast", region="us",
            server_tool_requests={"web_search": 4},
        )  # fmt: skip
    (span,) = tracer.spans
    assert (span.service_tier, span.region) == ("fast", "us")
    assert span.server_tool_requests == (("web_search", 4),)
    assert span.cost_usd == pytest.approx(
        compute_cost(
            "claude-opus-4-8", 50_000, 2_000, at=span.timestamp, service_tier="fast",
            region="us", server_tool_requests={"web_search": 4},
        ),
        rel=1e-12,
    )  # fmt: skip

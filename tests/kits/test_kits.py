"""The RactoGateway SDK 0.2.1's developer kits, as published, with our tracer and metrics.

Each kit (OpenAI, Anthropic, Google) makes its ``chat``, ``stream`` and ``embed`` calls (the
Anthropic kit has no ``embed``), one async call and one provider error per kit against the
local provider API, whose answers are checked first against the installed provider SDK's
types. For every call: one span and one request were recorded through our code, with
exactly the values the kit passed; the span lasts the latency the kit measured (over a real
OTLP receiver too) and carries the GenAI attributes; errors are recorded as errors.

What the kits pass is not always the bill: the last tests put, next to what each kit
recorded, what ``call.response()``/``call.chunk()`` record from the very same provider
answers, and check that docs/migration.md shows exactly these numbers.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.metadata
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from exposition import SampleReader
from otlp_receivers import OtlpHttpReceiver, ReceivedSpan
from prometheus_client import CollectorRegistry
from provider_api import ProviderApi
from provider_payloads import validate

from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry, compute_cost

# The 0.2.1 kits build a provider client per call and never close it (an async one outlives
# its event loop): its sockets and transports are left to the garbage collector, which reports
# each as unclosed, in whichever later test it runs. That is the SDK's, not ours; our own code
# runs with every warning as an error in tests/tracing, tests/metrics and tests/telemetry.
pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in:pytest.PytestUnraisableExceptionWarning"
    ),
]
ROOT = Path(__file__).parents[2]
MIGRATION = ROOT / "docs" / "migration.md"
OPENAI_MODEL = "gpt-4o"
ANTHROPIC_MODEL = "claude-sonnet-4-5-20250929"
GOOGLE_MODEL = "gemini-2.5-flash"
GENAI_PROVIDER = {"openai": "openai", "anthropic": "anthropic", "google": "gcp.gemini"}


# Our tracer and metrics, noting what the kits pass ------------------------------------

#: Every provider answer waits this long, so each call takes a measurable time.
DELAY_S = 0.03


class KitTracer(RactoTracer):
    """Our tracer, noting ``(method, keywords)`` of every call a kit makes."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.passed: list[tuple[str, dict[str, Any]]] = []

    def record_chat_span(self, **passed: Any) -> None:
        self.passed.append(("record_chat_span", passed))
        super().record_chat_span(**passed)

    def record_embed_span(self, **passed: Any) -> None:
        self.passed.append(("record_embed_span", passed))
        super().record_embed_span(**passed)


class KitMetrics(GatewayMetricsMiddleware):
    """Our metrics middleware, noting the keywords of every ``record_request``."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.passed: list[dict[str, Any]] = []

    def record_request(self, **passed: Any) -> None:
        self.passed.append(passed)
        super().record_request(**passed)


@pytest.fixture(scope="module")
def api() -> Iterator[ProviderApi]:
    """The local provider API, with the Anthropic and Google SDKs pointed at it."""
    server = ProviderApi(delay_s=DELAY_S)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANTHROPIC_BASE_URL", server.url)
        patch.setenv("GOOGLE_GEMINI_BASE_URL", server.url)
        for name in ("OPENAI_BASE_URL", "GOOGLE_API_KEY", "GEMINI_API_KEY"):
            patch.delenv(name, raising=False)
        yield server
    server.close()


@dataclass
class Rig:
    """One test's kits, the API they call, our tracer (in memory and over OTLP), our metrics."""

    api: ProviderApi
    tracer: KitTracer
    metrics: KitMetrics
    receiver: OtlpHttpReceiver
    kits: Kits


@pytest.fixture
def rig(api: ProviderApi) -> Iterator[Rig]:
    """The three kits with a fresh tracer (to a real OTLP/HTTP receiver) and metrics."""
    receiver = OtlpHttpReceiver()
    tracer = KitTracer(in_memory=True, otlp_http_endpoint=receiver.endpoint)
    metrics = KitMetrics(registry=CollectorRegistry())
    try:
        yield Rig(api, tracer, metrics, receiver, Kits(api, tracer, metrics))
    finally:
        tracer.shutdown()
        receiver.stop()


# The provider answers ------------------------------------------------------------------


def _openai_usage() -> dict[str, Any]:
    return {
        "prompt_tokens": 1_200,
        "completion_tokens": 300,
        "total_tokens": 1_500,
        "prompt_tokens_details": {"cached_tokens": 1_024, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
    }


def _openai_chat() -> dict[str, Any]:
    calls = [
        {"id": f"call_{name}", "type": "function", "function": {"name": name, "arguments": "{}"}}
        for name in ("search", "fetch")
    ]
    message = {"role": "assistant", "content": None, "tool_calls": calls}
    return {
        "id": "chatcmpl-K1", "object": "chat.completion", "created": 1_764_547_200,
        "model": "gpt-4o-2024-08-06",
        "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": None,
                     "message": message}],
        "usage": _openai_usage(),
    }  # fmt: skip


def _openai_chunk(delta: dict[str, Any] | None, finish: str | None = None) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    chunk = {"id": "chatcmpl-K2", "object": "chat.completion.chunk", "created": 1_764_547_200,
             "model": "gpt-4o-2024-08-06", "choices": choices}  # fmt: skip
    if delta is None:
        chunk["usage"] = _openai_usage()  # stream_options={"include_usage": True}, as the kit asks
    return chunk


def _openai_stream() -> list[dict[str, Any]]:
    return [
        _openai_chunk({"role": "assistant", "content": ""}),
        _openai_chunk({"content": "Sunny"}),
        _openai_chunk({"content": " today."}),
        _openai_chunk({}, "stop"),
        _openai_chunk(None),  # the usage comes last, after the finish reason
    ]


def _openai_embed() -> dict[str, Any]:
    return {
        "object": "list", "model": "text-embedding-3-small",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.1, -0.2, 0.3]}],
        "usage": {"prompt_tokens": 1_000, "total_tokens": 1_000},
    }  # fmt: skip


def _anthropic_usage(output: int) -> dict[str, Any]:
    return {"input_tokens": 50, "output_tokens": output, "cache_read_input_tokens": 2_000,
            "cache_creation_input_tokens": 1_000}  # fmt: skip


def _anthropic_message() -> dict[str, Any]:
    return {
        "id": "msg_K1", "type": "message", "role": "assistant", "model": ANTHROPIC_MODEL,
        "content": [{"type": "text", "text": "Sunny today."}], "stop_reason": "end_turn",
        "stop_sequence": None, "usage": _anthropic_usage(300),
    }  # fmt: skip


def _anthropic_stream() -> list[dict[str, Any]]:
    start = {**_anthropic_message(), "content": [], "stop_reason": None,
             "usage": _anthropic_usage(1)}  # fmt: skip
    return [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "text_delta", "text": "Sunny today."}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 300}},  # as documented: input counts are in message_start
        {"type": "message_stop"},
    ]  # fmt: skip


def _gemini_usage() -> dict[str, Any]:
    return {"promptTokenCount": 1_000, "candidatesTokenCount": 200, "thoughtsTokenCount": 800,
            "totalTokenCount": 2_000}  # fmt: skip


def _gemini_content(text: str, *, last: bool = True) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": text}]},
                                 "index": 0}  # fmt: skip
    usage: dict[str, Any] = {"promptTokenCount": 1_000, "totalTokenCount": 1_000}
    if last:
        candidate["finishReason"] = "STOP"
        usage = _gemini_usage()
    return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": GOOGLE_MODEL,
            "responseId": "gem-K1"}  # fmt: skip


def _gemini_stream() -> list[dict[str, Any]]:
    return [_gemini_content("Sunny", last=False), _gemini_content(" today.")]


def _gemini_embed() -> dict[str, Any]:
    return {"embeddings": [{"values": [0.1, -0.2, 0.3]}]}  # the Gemini API reports no usage


# The kits ------------------------------------------------------------------------------


def _sdk(module: str, name: str) -> Any:
    """A name of the RactoGateway SDK 0.2.1 (untyped for mypy, installed by nox -s kits only)."""
    return getattr(importlib.import_module(module), name)


class Kits:
    """The three 0.2.1 kits, pointed at the local API, with our tracer and metrics."""

    def __init__(self, api: ProviderApi, tracer: RactoTracer, metrics: KitMetrics) -> None:
        prompt = _sdk("ractogateway.prompts.engine", "RactoPrompt")(
            role="You are a weather assistant.",
            aim="Answer the question.",
            constraints=["Be brief."],
            tone="Plain",
            output_format="text",
        )
        common = {"default_prompt": prompt, "tracer": tracer, "metrics": metrics}
        openai_kit = _sdk("ractogateway.openai_developer_kit", "OpenAIDeveloperKit")
        anthropic_kit = _sdk("ractogateway.anthropic_developer_kit", "AnthropicDeveloperKit")
        google_kit = _sdk("ractogateway.google_developer_kit", "GoogleDeveloperKit")
        self.openai = openai_kit(
            OPENAI_MODEL, api_key="sk-test", base_url=f"{api.url}/v1", **common
        )
        self.anthropic = anthropic_kit(ANTHROPIC_MODEL, api_key="sk-test", **common)
        self.google = google_kit(
            GOOGLE_MODEL, api_key="test", embedding_model="gemini-embedding-001", **common
        )

    @staticmethod
    def chat_config() -> Any:
        return _sdk("ractogateway._models.chat", "ChatConfig")(
            user_message="What is the weather in Paris?"
        )

    @staticmethod
    def embed_config(*texts: str) -> Any:
        return _sdk("ractogateway._models.embedding", "EmbeddingConfig")(texts=list(texts))


def _drain(chunks: Iterator[Any]) -> list[Any]:
    return list(chunks)


async def _adrain(chunks: Any) -> list[Any]:
    return [chunk async for chunk in chunks]


# The scenarios -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One kit call: the answer queued, the call, and what the kit is seen to pass."""

    id: str
    label: str  # the row of the table in docs/migration.md
    provider: str  # as the kit names it
    operation: str  # what the kit passes to record_request
    model: str
    path: str
    kind: str  # provider_payloads kind of the answer (or of each event)
    answer: Callable[[], Any]
    framing: str | None  # None: one JSON answer; else the stream's SSE framing
    call: Callable[[Kits], Any]
    kit_tokens: tuple[int, int]  # (input, output) as the kit passes them
    tool_calls: int = 0
    usage_text: str = ""  # the provider's usage, as the docs table shows it


SCENARIOS = [
    Scenario(
        "openai-chat", "OpenAI `chat`", "openai", "chat", OPENAI_MODEL, "/v1/chat/completions",
        "openai.chat", _openai_chat, None, lambda k: k.openai.chat(k.chat_config()),
        (1_200, 300), tool_calls=2,
        usage_text="1,200 prompt (1,024 cached), 300 completion",
    ),
    Scenario(
        "openai-stream", "OpenAI `stream`", "openai", "stream", OPENAI_MODEL,
        "/v1/chat/completions", "openai.chunk", _openai_stream, "openai",
        lambda k: _drain(k.openai.stream(k.chat_config())), (0, 0),
        usage_text="1,200 prompt (1,024 cached), 300 completion, in the last chunk",
    ),
    Scenario(
        "openai-embed", "OpenAI `embed`", "openai", "embed", "text-embedding-3-small",
        "/v1/embeddings", "openai.embeddings", _openai_embed, None,
        lambda k: k.openai.embed(k.embed_config("Paris weather")), (1_000, 0),
        usage_text="1,000 prompt",
    ),
    Scenario(
        "anthropic-chat", "Anthropic `chat`", "anthropic", "chat", ANTHROPIC_MODEL,
        "/v1/messages", "anthropic.message", _anthropic_message, None,
        lambda k: k.anthropic.chat(k.chat_config()), (50, 300),
        usage_text="50 input, 2,000 cache read, 1,000 cache write, 300 output",
    ),
    Scenario(
        "anthropic-stream", "Anthropic `stream`", "anthropic", "stream", ANTHROPIC_MODEL,
        "/v1/messages", "anthropic.event", _anthropic_stream, "named",
        lambda k: _drain(k.anthropic.stream(k.chat_config())), (0, 300),
        usage_text="the same, input counts in `message_start`",
    ),
    Scenario(
        "google-chat", "Google `chat`", "google", "chat", GOOGLE_MODEL,
        f"/v1beta/models/{GOOGLE_MODEL}:generateContent", "gemini.content",
        lambda: _gemini_content("Sunny today."), None,
        lambda k: k.google.chat(k.chat_config()), (1_000, 200),
        usage_text="1,000 prompt, 200 candidates, 800 thoughts",
    ),
    Scenario(
        "google-stream", "Google `stream`", "google", "stream", GOOGLE_MODEL,
        f"/v1beta/models/{GOOGLE_MODEL}:streamGenerateContent", "gemini.content",
        _gemini_stream, "gemini", lambda k: _drain(k.google.stream(k.chat_config())),
        (1_000, 200), usage_text="the same, in the last chunk",
    ),
    Scenario(
        "google-embed", "Google `embed`", "google", "embed", "gemini-embedding-001",
        "/v1beta/models/gemini-embedding-001:batchEmbedContents", "gemini.embed",
        _gemini_embed, None, lambda k: k.google.embed(k.embed_config("Paris weather")),
        (0, 0), usage_text="none (the Gemini API reports no usage for embeddings)",
    ),
]  # fmt: skip
ASYNC = Scenario(
    "anthropic-achat", "Anthropic `achat`", "anthropic", "chat", ANTHROPIC_MODEL,
    "/v1/messages", "anthropic.message", _anthropic_message, None,
    lambda k: asyncio.run(k.anthropic.achat(k.chat_config())), (50, 300),
)  # fmt: skip
BY_ID = {scenario.id: scenario for scenario in [*SCENARIOS, ASYNC]}


def _queue(api: ProviderApi, scenario: Scenario) -> None:
    """Check the scenario's answer against the provider SDK's types, then queue it."""
    answer = scenario.answer()
    if scenario.framing is None:
        validate(scenario.kind, answer)
        api.reply(scenario.path, answer)
    else:
        for event in answer:
            validate(scenario.kind, event)
        api.stream(scenario.path, answer, scenario.framing)


def _one_span(receiver: OtlpHttpReceiver, tracer: RactoTracer) -> ReceivedSpan:
    assert tracer.force_flush(timeout_millis=10_000)
    spans = receiver.store.wait_for(1, timeout_s=10)
    assert len(spans) == 1, spans
    return spans[0]


# One span and one request per kit call, with the values the kit passed -----------------


@pytest.mark.parametrize("scenario", [*SCENARIOS, ASYNC], ids=lambda s: s.id)
def test_a_kit_call_records_one_span_and_one_request_with_what_the_kit_passed(
    scenario: Scenario, rig: Rig
) -> None:
    api, tracer, metrics, receiver, kits = rig.api, rig.tracer, rig.metrics, rig.receiver, rig.kits
    _queue(api, scenario)
    started = time.perf_counter()
    scenario.call(kits)
    elapsed_s = time.perf_counter() - started
    assert api.errors == []

    # What the kit passed: one span and one request, its latency measured around the call.
    ((method, passed),) = tracer.passed
    (request,) = metrics.passed
    embed = scenario.operation == "embed"
    assert method == ("record_embed_span" if embed else "record_chat_span")
    assert (passed["provider"], passed["model"]) == (scenario.provider, scenario.model)
    latency_ms = passed["latency_ms"]
    assert DELAY_S <= latency_ms / 1_000 <= elapsed_s
    assert (passed.get("input_tokens", 0), passed.get("output_tokens", 0)) == scenario.kit_tokens
    assert passed.get("tool_calls", 0) == scenario.tool_calls
    assert request == {
        **request,
        "provider": scenario.provider,
        "model": scenario.model,
        "operation": scenario.operation,
        "status": "ok",
        "latency_s": latency_ms / 1_000,
    }
    assert request.get("input_tokens", 0) == scenario.kit_tokens[0]

    # The span, in memory: exactly what the kit passed, priced by our table.
    (span,) = tracer.spans
    input_tokens, output_tokens = scenario.kit_tokens
    assert (span.name, span.provider, span.model) == (
        "llm.embed" if embed else "llm.chat",
        scenario.provider,
        scenario.model,
    )
    assert span.latency_ms == latency_ms
    assert (span.input_tokens, span.output_tokens, span.tool_calls) == (
        input_tokens,
        output_tokens,
        scenario.tool_calls,
    )
    assert span.cost_usd == pytest.approx(compute_cost(scenario.model, input_tokens,
                                                       output_tokens), rel=1e-12)  # fmt: skip
    assert span.operation == ("embed" if embed else "chat")  # 0.2.1 kits never say "stream"
    assert (span.status, span.error_type) == ("ok", None)

    # The span over OTLP: it lasts the kit's latency, with the GenAI attributes.
    received = _one_span(receiver, tracer)
    assert (received.name, received.kind, received.status_code) == (
        span.name,
        "CLIENT",
        "UNSET",
    )
    assert abs((received.end_ns - received.start_ns) - latency_ms * 1e6) <= 1_000
    attributes = received.attributes
    assert attributes["gen_ai.operation.name"] == ("embeddings" if embed else "chat")
    assert attributes["gen_ai.provider.name"] == GENAI_PROVIDER[scenario.provider]
    assert attributes["gen_ai.request.model"] == scenario.model
    assert attributes["gen_ai.usage.input_tokens"] == input_tokens
    assert attributes["llm.latency_ms"] == latency_ms
    if not embed:
        assert attributes["gen_ai.usage.output_tokens"] == output_tokens
        assert attributes["gen_ai.request.stream"] is False
        assert attributes["llm.tool_calls"] == scenario.tool_calls
    assert "error.type" not in attributes

    # The request, in Prometheus: counted once, its duration the kit's latency.
    samples = SampleReader(metrics.generate_latest())
    series = {"provider": scenario.provider, "model": scenario.model}
    assert samples.value("ractogateway_requests_total", **series,
                         operation=scenario.operation, status="ok") == 1  # fmt: skip
    duration = {**series, "operation": scenario.operation}
    assert samples.value("ractogateway_request_duration_seconds_count", **duration) == 1
    assert samples.value("ractogateway_request_duration_seconds_sum", **duration) == (
        latency_ms / 1_000
    )
    tokens = samples.get("ractogateway_tokens_total", 0.0, **series, token_type="input")
    assert tokens == input_tokens
    cost = samples.get("ractogateway_cost_usd_total", 0.0, **series)
    assert cost == pytest.approx(span.cost_usd, rel=1e-12)
    if scenario.tool_calls:
        for name in ("search", "fetch"):
            assert samples.value("ractogateway_tool_calls_total", tool_name=name) == 1


ERRORS: dict[str, tuple[str, int, str | None, dict[str, Any]]] = {
    "openai": ("/v1/chat/completions", 400, "openai.error",
               {"error": {"message": "max_tokens is too large", "type": "invalid_request_error",
                          "param": "max_tokens", "code": None}}),
    "anthropic": ("/v1/messages", 400, "anthropic.error",
                  {"type": "error", "error": {"type": "invalid_request_error",
                                              "message": "max_tokens: too large"}}),
    # google-genai has no type for its errors: the test below checks what it parsed instead.
    "google": (f"/v1beta/models/{GOOGLE_MODEL}:generateContent", 400, None,
               {"error": {"code": 400, "message": "max_output_tokens too large",
                          "status": "INVALID_ARGUMENT"}}),
}  # fmt: skip


@pytest.mark.parametrize("provider", sorted(ERRORS))
def test_a_provider_error_is_recorded_as_an_error_and_reaches_the_caller(
    provider: str, rig: Rig
) -> None:
    api, tracer, metrics, receiver, kits = rig.api, rig.tracer, rig.metrics, rig.receiver, rig.kits
    api_error = _sdk("ractogateway.exceptions", "RactoGatewayAPIError")
    path, status, kind, body = ERRORS[provider]
    if kind is not None:
        validate(kind, body)
    api.fail(path, status, body)
    kit = getattr(kits, provider)
    with pytest.raises(api_error) as raised:
        kit.chat(kits.chat_config())
    assert api.errors == []
    cause = raised.value.__cause__
    assert getattr(cause, "status_code", None) == 400 or getattr(cause, "code", None) == 400
    if provider == "google":
        assert (getattr(cause, "status", None), getattr(cause, "message", None)) == (
            "INVALID_ARGUMENT",
            "max_output_tokens too large",
        )

    ((_, passed),) = tracer.passed
    (request,) = metrics.passed
    assert (passed["status"], passed["error_type"]) == ("error", "RactoGatewayAPIError")
    (span,) = tracer.spans
    assert (span.status, span.error_type, span.latency_ms) == (
        "error",
        "RactoGatewayAPIError",
        passed["latency_ms"],
    )
    assert (span.input_tokens, span.output_tokens, span.cost_usd) == (0, 0, 0.0)
    received = _one_span(receiver, tracer)
    assert received.status_code == "ERROR"
    assert received.attributes["error.type"] == "RactoGatewayAPIError"
    assert received.attributes["llm.error_type"] == "RactoGatewayAPIError"
    assert abs((received.end_ns - received.start_ns) - passed["latency_ms"] * 1e6) <= 1_000
    assert (request["status"], request["latency_s"]) == ("error", passed["latency_ms"] / 1_000)
    samples = SampleReader(metrics.generate_latest())
    model = kit._model  # the kit's configured model
    assert samples.value("ractogateway_requests_total", provider=provider, model=model,
                         operation="chat", status="error") == 1  # fmt: skip
    assert samples.get("ractogateway_requests_total", provider=provider, model=model,
                       operation="chat", status="ok") == 0  # fmt: skip


# What the kits pass, against what call.response() reads from the same answers ----------


@dataclass(frozen=True)
class Recorded:
    """Tokens and cost, as one span holds them."""

    input: int
    output: int
    cost_usd: float
    parts: dict[str, int] = field(default_factory=dict)


def _kit_records(scenario: Scenario, api: ProviderApi) -> Recorded:
    """Run the kit call with a fresh tracer; what its span holds."""
    tracer = RactoTracer(in_memory=True)
    try:
        kits = Kits(api, tracer, KitMetrics(registry=CollectorRegistry()))
        _queue(api, scenario)
        scenario.call(kits)
        (span,) = tracer.spans
    finally:
        tracer.shutdown()
    return Recorded(span.input_tokens, span.output_tokens, span.cost_usd)


def _helper_records(scenario: Scenario) -> Recorded:
    """Hand the same answer, as the provider SDK's objects, to Telemetry; what it records."""
    tracer = RactoTracer(in_memory=True)
    try:
        telemetry = Telemetry(tracer=tracer)
        block = getattr(telemetry, scenario.operation)
        answer = scenario.answer()
        with block(provider=scenario.provider, model=scenario.model) as call:
            if scenario.framing is None:
                call.response(validate(scenario.kind, answer))
            else:
                for event in answer:
                    call.chunk(validate(scenario.kind, event))
        (span,) = tracer.spans
    finally:
        tracer.shutdown()
    assert span.operation == scenario.operation  # a stream is recorded as one
    parts = {
        "cache read": span.cache_read_tokens,
        "cache write": span.cache_write_tokens,
        "reasoning": span.reasoning_tokens,
    }
    return Recorded(span.input_tokens, span.output_tokens, span.cost_usd,
                    {name: count for name, count in parts.items() if count})  # fmt: skip


def _row(scenario: Scenario, kit: Recorded, helper: Recorded) -> str:
    """The scenario's row of the table in docs/migration.md."""
    inputs = [
        f"{helper.parts[n]:,} {n}" for n in ("cache read", "cache write") if n in helper.parts
    ]
    helper_in = f"{helper.input:,} in" + (f" ({', '.join(inputs)})" if inputs else "")
    reasoning = helper.parts.get("reasoning")
    helper_out = f"{helper.output:,} out" + (f" ({reasoning:,} reasoning)" if reasoning else "")
    return (
        f"| {scenario.label}, `{scenario.model}` | {scenario.usage_text}"
        f" | {kit.input:,} in, {kit.output:,} out | ${kit.cost_usd:.6f}"
        f" | {helper_in}, {helper_out} | ${helper.cost_usd:.6f} |"
    )


#: What the helper records from each answer: the provider's bill (hand-computed from the
#: price lists: gpt-4o 2.50/1.25 cached/10.00, Claude Sonnet 4.5 3.00/0.30 read/3.75
#: write/15.00, Gemini 2.5 Flash 0.30/2.50 with thoughts billed as output, USD per 1M).
BILLS = {
    "openai-chat": 0.004720,
    "openai-stream": 0.004720,
    "openai-embed": 0.000020,
    "anthropic-chat": 0.009000,
    "anthropic-stream": 0.009000,
    "google-chat": 0.002800,
    "google-stream": 0.002800,
    "google-embed": 0.0,
}


def test_what_the_kits_record_against_the_bill_is_what_the_migration_guide_shows(
    api: ProviderApi,
) -> None:
    rows = []
    for scenario in SCENARIOS:
        kit = _kit_records(scenario, api)
        helper = _helper_records(scenario)
        assert (kit.input, kit.output) == scenario.kit_tokens
        assert kit.cost_usd == pytest.approx(compute_cost(scenario.model, kit.input, kit.output))
        assert helper.cost_usd == pytest.approx(BILLS[scenario.id], abs=1e-12), scenario.id
        rows.append(_row(scenario, kit, helper))
    assert api.errors == []
    documented = {line.strip() for line in MIGRATION.read_text(encoding="utf-8").splitlines()}
    missing = [row for row in rows if row not in documented]
    assert not missing, "docs/migration.md should hold these rows:\n" + "\n".join(rows)


def test_the_sdk_and_provider_sdks_are_the_published_ones_its_kits_accept() -> None:
    assert importlib.metadata.version("ractogateway") == "0.2.1"
    accepted = {}
    for requirement in importlib.metadata.requires("ractogateway") or []:
        match = re.match(r"([\w-]+)\s*<([\d.]+),\s*>=([\d.]+); extra == '(\w+)'", requirement)
        if match and match[4] in ("openai", "anthropic", "google"):
            accepted[match[1]] = (match[3], match[2])
    assert sorted(accepted) == ["anthropic", "google-genai", "openai"]
    for name, (low, high) in accepted.items():
        installed = importlib.metadata.version(name)

        def release(version: str) -> tuple[int, ...]:
            return tuple(int(part) for part in re.findall(r"\d+", version)[:3])

        assert release(low) <= release(installed) < release(high), (name, installed)

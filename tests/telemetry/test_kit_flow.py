"""End to end: a small fake developer kit that takes ``tracer=``/``metrics=`` and uses Telemetry.

The kit is shaped like the SDK's kits (sync ``chat``, generator ``stream``, ``embed``, async
``achat``, an exact-match response cache); its "provider" answers deterministically. The
spans and the metrics must agree with what the kit returned to its caller.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    RactoTracer,
    Telemetry,
    compute_cost,
)

REQUESTS = "ractogateway_requests_total"
TOKENS = "ractogateway_tokens_total"


class RateLimitError(Exception):
    """What the fake provider raises for a prompt containing "overload"."""


@dataclass(frozen=True)
class ToolCallResult:
    name: str
    arguments: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Usage:
    input_tokens: int
    output_tokens: int
    cached_tokens: int = 0


@dataclass(frozen=True)
class ChatResponse:
    content: str
    usage: Usage
    tool_calls: list[ToolCallResult]
    cached: bool = False


class FakeOpenAIKit:
    """A developer kit: ``tracer=`` and ``metrics=`` in, one ``Telemetry`` block per call."""

    provider = "openai"

    def __init__(
        self,
        *,
        model: str = "gpt-4o",
        tracer: RactoTracer | None = None,
        metrics: GatewayMetricsMiddleware | None = None,
    ) -> None:
        self.model = model
        self._telemetry = Telemetry(tracer=tracer, metrics=metrics)
        self._cache: dict[str, ChatResponse] = {}
        self._lock = threading.Lock()

    def _provider(self, prompt: str) -> ChatResponse:
        if "overload" in prompt:
            raise RateLimitError("429 Too Many Requests")
        words = prompt.split()
        tools = [ToolCallResult("get_weather", {"city": w}) for w in words if w.istitle()]
        return ChatResponse(
            content=" ".join(reversed(words)),
            usage=Usage(input_tokens=10 * len(words), output_tokens=3 * len(words),
                        cached_tokens=8 * len(words) if len(words) > 4 else 0),
            tool_calls=tools,
        )  # fmt: skip

    def chat(self, prompt: str) -> ChatResponse:
        with self._telemetry.chat(provider=self.provider, model=self.model) as call:
            with self._lock:
                cached = self._cache.get(prompt)
            if cached is not None:
                call.cache_hit("exact")
                return ChatResponse(cached.content, Usage(0, 0), [], cached=True)
            call.cache_miss("exact")
            response = self._provider(prompt)
            call.usage(
                input_tokens=response.usage.input_tokens,
                output_tokens=response.usage.output_tokens,
                cache_read_tokens=response.usage.cached_tokens,
            )
            call.tool_calls(response.tool_calls)
            with self._lock:
                self._cache[prompt] = response
            return response

    def stream(self, prompt: str) -> Iterator[str]:
        with self._telemetry.stream(provider=self.provider, model=self.model) as call:
            response = self._provider(prompt)
            for word in response.content.split():
                call.first_token()
                yield word
            call.usage(
                input_tokens=response.usage.input_tokens,
                output_tokens=response.usage.output_tokens,
            )

    def embed(self, texts: list[str]) -> list[list[float]]:
        with self._telemetry.embed(provider=self.provider, model="text-embedding-3-small") as call:
            call.usage(input_tokens=sum(len(text.split()) for text in texts))
            return [[float(len(text))] for text in texts]

    async def achat(self, prompt: str) -> ChatResponse:
        async with self._telemetry.chat(provider=self.provider, model=self.model) as call:
            await asyncio.sleep(0)
            response = self._provider(prompt)
            call.usage(
                input_tokens=response.usage.input_tokens,
                output_tokens=response.usage.output_tokens,
                cache_read_tokens=response.usage.cached_tokens,
            )
            call.tool_calls(response.tool_calls)
            return response


@pytest.fixture
def kit(tracer: RactoTracer, metrics: GatewayMetricsMiddleware) -> FakeOpenAIKit:
    return FakeOpenAIKit(tracer=tracer, metrics=metrics)


def _cost(response: ChatResponse, model: str = "gpt-4o") -> float:
    usage = response.usage
    return compute_cost(
        model, usage.input_tokens, usage.output_tokens, cache_read_tokens=usage.cached_tokens
    )


def test_chat_spans_and_metrics_agree_with_the_responses(
    kit: FakeOpenAIKit,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    prompts = ["what is the weather in Paris and Rome today", "hello there", "hello there"]
    responses = [kit.chat(prompt) for prompt in prompts]
    assert [r.cached for r in responses] == [False, False, True]
    spans = tracer.spans
    assert [s.cache_hit for s in spans] == ["miss", "miss", "exact"]
    for span, response in zip(spans, responses, strict=True):
        assert (span.input_tokens, span.output_tokens, span.cache_read_tokens) == (
            response.usage.input_tokens,
            response.usage.output_tokens,
            response.usage.cached_tokens,
        )
        assert span.tool_calls == len(response.tool_calls)
        assert span.cost_usd == pytest.approx(_cost(response))
    text = metrics.generate_latest()
    assert total(text, REQUESTS, model="gpt-4o", operation="chat", status="ok") == 3
    assert total(text, TOKENS, token_type="input") == sum(r.usage.input_tokens for r in responses)
    assert total(text, TOKENS, token_type="output") == sum(r.usage.output_tokens for r in responses)
    assert total(text, TOKENS, token_type="cache_read") == sum(
        r.usage.cached_tokens for r in responses
    )
    assert total(text, "ractogateway_cost_usd_total", model="gpt-4o") == pytest.approx(
        sum(span.cost_usd for span in spans)
    )
    assert total(text, "ractogateway_tool_calls_total", tool_name="get_weather") == 2
    assert total(text, "ractogateway_cache_hits_total", cache_type="exact") == 1
    assert total(text, "ractogateway_cache_misses_total", cache_type="exact") == 2


def test_a_provider_error_reaches_the_caller_and_is_recorded(
    kit: FakeOpenAIKit,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with pytest.raises(RateLimitError, match="429"):
        kit.chat("please overload the provider")
    (span,) = tracer.spans
    assert (span.status, span.error_type, span.input_tokens, span.cost_usd) == (
        "error",
        "RateLimitError",
        0,
        0.0,
    )
    text = metrics.generate_latest()
    assert total(text, REQUESTS, status="error") == 1
    assert total(text, REQUESTS, status="ok") == 0


def test_stream_and_embed(
    kit: FakeOpenAIKit,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    words = list(kit.stream("one two three"))
    vectors = kit.embed(["a b", "c d e"])
    assert words == ["three", "two", "one"]
    assert vectors == [[3.0], [5.0]]
    stream, embed = tracer.spans
    assert (stream.operation, stream.input_tokens, stream.output_tokens) == ("stream", 30, 9)
    assert stream.time_to_first_token_ms is not None
    assert stream.time_to_first_token_ms <= stream.latency_ms
    assert (embed.operation, embed.input_tokens) == ("embed", 5)
    text = metrics.generate_latest()
    assert total(text, REQUESTS, operation="stream") == 1
    assert total(text, REQUESTS, operation="embed", model="text-embedding-3-small") == 1


def test_async_kit_calls_run_concurrently(
    kit: FakeOpenAIKit,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    prompts = [f"question number {n} about Berlin" for n in range(30)] + ["overload now"]

    async def main() -> list[ChatResponse | BaseException]:
        return await asyncio.gather(*(kit.achat(p) for p in prompts), return_exceptions=True)

    results = asyncio.run(main())
    responses = [r for r in results if isinstance(r, ChatResponse)]
    assert len(responses) == 30
    assert isinstance(results[-1], RateLimitError)
    spans = tracer.spans
    assert sorted(s.status for s in spans) == ["error"] + ["ok"] * 30
    text = metrics.generate_latest()
    assert total(text, REQUESTS) == 31
    assert total(text, TOKENS, token_type="input") == sum(r.usage.input_tokens for r in responses)
    assert total(text, "ractogateway_tool_calls_total", tool_name="get_weather") == 30
    assert total(text, "ractogateway_cost_usd_total") == pytest.approx(
        sum(_cost(r) for r in responses)
    )


def test_eight_threads_share_one_kit(
    kit: FakeOpenAIKit,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    results: list[list[ChatResponse]] = [[] for _ in range(8)]

    def work(worker: int) -> None:
        for n in range(50):
            results[worker].append(kit.chat(f"thread {worker} asks {n % 25}"))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    responses = [r for rs in results for r in rs]
    spans = tracer.spans
    assert len(spans) == 400
    hits = sum(r.cached for r in responses)
    assert hits == 200  # each thread asks its 25 questions twice
    assert sum(s.cache_hit == "exact" for s in spans) == hits
    text = metrics.generate_latest()
    assert total(text, REQUESTS) == 400
    assert total(text, "ractogateway_cache_hits_total") == hits
    assert total(text, "ractogateway_cache_misses_total") == 400 - hits
    assert total(text, TOKENS, token_type="input") == sum(r.usage.input_tokens for r in responses)
    assert total(text, "ractogateway_cost_usd_total") == pytest.approx(
        sum(s.cost_usd for s in spans)
    )

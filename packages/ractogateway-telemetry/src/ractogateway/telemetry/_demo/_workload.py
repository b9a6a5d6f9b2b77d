"""The simulated gateway behind the demo: planned requests and fake providers behind a cache.

Request ``i`` of seed ``s`` is always the same (operation, model, tokens, cache outcome, tool
calls, error, latency), whatever the number of worker threads; only the measured latency
varies. ``SimulatedGateway`` handles a request the way a developer kit does, through
``Telemetry``; ``run_workload`` drives many of them from worker threads.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ractogateway.telemetry._kit import CallObservation, Telemetry

__all__ = [
    "CHAT_MODELS",
    "EMBED_MODELS",
    "APIConnectionError",
    "APITimeoutError",
    "CallOutcome",
    "InternalServerError",
    "ModelProfile",
    "ProviderError",
    "RateLimitError",
    "Request",
    "SimulatedGateway",
    "ToolCall",
    "plan_request",
]


class ProviderError(Exception):
    """A simulated provider failure (the kinds real SDKs raise)."""


class RateLimitError(ProviderError):
    """HTTP 429 from the provider."""


class APITimeoutError(ProviderError):
    """The provider did not answer in time."""


class InternalServerError(ProviderError):
    """HTTP 5xx from the provider."""


class APIConnectionError(ProviderError):
    """The connection dropped in the middle of a stream."""


@dataclass(frozen=True, kw_only=True)
class ModelProfile:
    """A model the simulated gateway serves, with its share of traffic and its speed."""

    provider: str
    model: str
    weight: float
    ttft_ms: float
    tokens_per_s: float


#: Chat models: three providers, a large and a small model each (ids in DEFAULT_COST_TABLE).
CHAT_MODELS = (
    ModelProfile(provider="openai", model="gpt-4o", weight=3, ttft_ms=450, tokens_per_s=90),
    ModelProfile(provider="openai", model="gpt-4o-mini", weight=5, ttft_ms=300, tokens_per_s=140),
    ModelProfile(
        provider="anthropic", model="claude-sonnet-4-5", weight=3, ttft_ms=700, tokens_per_s=70
    ),
    ModelProfile(
        provider="anthropic", model="claude-haiku-4-5", weight=3, ttft_ms=400, tokens_per_s=150
    ),
    ModelProfile(provider="google", model="gemini-2.5-pro", weight=2, ttft_ms=900, tokens_per_s=80),
    ModelProfile(
        provider="google", model="gemini-2.0-flash", weight=4, ttft_ms=250, tokens_per_s=200
    ),
)
#: Embedding models; the semantic cache embeds with the first.
EMBED_MODELS = (
    ModelProfile(
        provider="openai", model="text-embedding-3-small", weight=3, ttft_ms=80, tokens_per_s=0
    ),
    ModelProfile(
        provider="google", model="gemini-embedding-001", weight=1, ttft_ms=120, tokens_per_s=0
    ),
)
TOOLS = ("get_weather", "search_docs", "lookup_order", "create_ticket")
_ERRORS: tuple[type[ProviderError], ...] = (RateLimitError, APITimeoutError, InternalServerError)


@dataclass(frozen=True, kw_only=True)
class ToolCall:
    """A tool call in a simulated response (what a kit passes to ``call.tool_calls``)."""

    name: str
    arguments: str


@dataclass(frozen=True, kw_only=True)
class Request:
    """One planned gateway request; ``plan_request`` derives it from (seed, index).

    Built by keyword only. The fields with defaults are what a request without caches, tool
    calls or errors has (every embedding request, for one).
    """

    number: int  # its position in the workload: 0, 1, ...
    operation: str  # "chat", "stream" or "embed"
    profile: ModelProfile
    input_tokens: int
    output_tokens: int
    ttft_s: float  # simulated wall-clock time to the first token
    duration_s: float  # simulated wall-clock time of the whole call
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    tools: tuple[str, ...] = ()
    checks_exact: bool = False  # looks the prompt up in the exact-match response cache
    checks_semantic: bool = False  # then embeds it and looks it up in the semantic cache
    lookup_tokens: int = 0  # tokens the semantic cache embeds
    lookup_s: float = 0.0  # simulated wall-clock time of that embedding call
    cache_hit: str | None = None  # "exact", "semantic" or None
    error: type[ProviderError] | None = None


@dataclass(frozen=True, kw_only=True)
class _PromptCache:
    """Provider-side prompt caching of one call: the parts of its input read or written."""

    read_tokens: int = 0
    write_tokens: int = 0


@dataclass(frozen=True, kw_only=True)
class CallOutcome:
    """One LLM call as the gateway reported it to ``Telemetry``."""

    request: int
    operation: str
    provider: str
    model: str
    status: str
    error_type: str | None
    cache_hit: str
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    tool_calls: tuple[str, ...]


def _weighted(rng: random.Random, profiles: tuple[ModelProfile, ...]) -> ModelProfile:
    return rng.choices(profiles, weights=[p.weight for p in profiles])[0]


def _lognormal(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    return max(low, min(high, int(rng.lognormvariate(math.log(median), sigma))))


def _plan_embed(rng: random.Random, index: int, speedup: float) -> Request:
    profile = _weighted(rng, EMBED_MODELS)
    tokens = _lognormal(rng, 600, 1.0, 8, 16_000)
    duration = (profile.ttft_ms + tokens * 0.02) * rng.lognormvariate(0, 0.25) / 1000
    error = RateLimitError if rng.random() < 0.01 else None
    return Request(
        number=index,
        operation="embed",
        profile=profile,
        input_tokens=tokens,
        output_tokens=0,
        ttft_s=0.0,
        duration_s=duration / speedup,
        error=error,
    )


def _prompt_cache(rng: random.Random, profile: ModelProfile, input_tokens: int) -> _PromptCache:
    """Draw the provider-side prompt caching of a call with ``input_tokens`` of input."""
    if input_tokens < 1024 or rng.random() >= 0.35:
        return _PromptCache()
    cached = min(input_tokens // 2, rng.choice((1024, 2048, 4096)))
    if profile.provider == "anthropic" and rng.random() < 0.25:
        return _PromptCache(write_tokens=cached)  # Anthropic writes the cache explicitly
    return _PromptCache(read_tokens=cached)


def plan_request(seed: int, index: int, *, speedup: float = 20.0) -> Request:
    """Return request ``index`` of the workload of ``seed`` (the same on every run).

    Args:
        seed: Selects the workload.
        index: Position of the request in it (0, 1, ...).
        speedup: Simulated providers answer this many times faster than real ones.
    """
    rng = random.Random(f"ractogateway-demo:{seed}:{index}")
    kind = rng.random()
    if kind < 0.15:
        return _plan_embed(rng, index, speedup)
    operation = "stream" if kind < 0.5 else "chat"
    profile = _weighted(rng, CHAT_MODELS)
    checks_exact = rng.random() < 0.6
    cache_hit: str | None = "exact" if checks_exact and rng.random() < 0.15 else None
    checks_semantic = cache_hit is None and rng.random() < 0.3
    if checks_semantic and rng.random() < 0.3:
        cache_hit = "semantic"
    lookup_tokens = _lognormal(rng, 80, 0.6, 4, 2_000) if checks_semantic else 0
    lookup_ms = (EMBED_MODELS[0].ttft_ms + lookup_tokens * 0.02) * rng.lognormvariate(0, 0.25)
    input_tokens = _lognormal(rng, 1200, 0.8, 20, 60_000)
    output_tokens = _lognormal(rng, 250, 0.7, 5, 4_000)
    ttft_ms = profile.ttft_ms * rng.lognormvariate(0, 0.35) * (1 + input_tokens / 50_000)
    generate_ms = 1000 * output_tokens / (profile.tokens_per_s * rng.lognormvariate(0, 0.2))
    error: type[ProviderError] | None = None
    if cache_hit is not None:
        # Served from the cache: nothing billed, a lookup's latency.
        input_tokens = output_tokens = 0
        ttft_ms = generate_ms = (2 if cache_hit == "exact" else 15) * rng.lognormvariate(0, 0.3)
        prompt_cache = _PromptCache()
        tools: tuple[str, ...] = ()
    else:
        prompt_cache = _prompt_cache(rng, profile, input_tokens)
        tools = tuple(rng.sample(TOOLS, rng.choice((1, 1, 2)))) if rng.random() < 0.2 else ()
        if rng.random() < 0.04:
            error = APIConnectionError if operation == "stream" else rng.choice(_ERRORS)
            generate_ms *= rng.random()
            if error is APITimeoutError:
                ttft_ms *= 3
    return Request(
        number=index,
        operation=operation,
        profile=profile,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        ttft_s=ttft_ms / 1000 / speedup,
        duration_s=(ttft_ms + generate_ms) / 1000 / speedup,
        cache_read_tokens=prompt_cache.read_tokens,
        cache_write_tokens=prompt_cache.write_tokens,
        tools=tools,
        checks_exact=checks_exact,
        checks_semantic=checks_semantic,
        lookup_tokens=lookup_tokens,
        lookup_s=lookup_ms / 1000 / speedup,
        cache_hit=cache_hit,
        error=error,
    )


class SimulatedGateway:
    """Handles requests the way a developer kit does: each provider call inside ``Telemetry``.

    Args:
        telemetry: Where the calls are recorded.
        sleep: Waits out the simulated latencies (``time.sleep``).
    """

    def __init__(
        self, telemetry: Telemetry, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._telemetry = telemetry
        self._sleep = sleep

    def handle(self, request: Request) -> list[CallOutcome]:
        """Serve ``request``; return every LLM call it made, as reported to ``Telemetry``."""
        if request.operation == "embed":
            return [self._call(request, request.profile, "embed", self._provider_embed)]
        outcomes = []
        if request.checks_semantic:
            # The semantic cache embeds the prompt first: an embedding call of its own.
            lookup = replace(
                request,
                input_tokens=request.lookup_tokens,
                output_tokens=0,
                cache_read_tokens=0,
                cache_write_tokens=0,
                tools=(),
                cache_hit=None,
                error=None,
                duration_s=request.lookup_s,
            )
            outcomes.append(self._call(lookup, EMBED_MODELS[0], "embed", self._provider_embed))
        outcomes.append(self._call(request, request.profile, request.operation, self._respond))
        return outcomes

    def _call(
        self,
        request: Request,
        profile: ModelProfile,
        operation: str,
        body: Callable[[CallObservation, Request], None],
    ) -> CallOutcome:
        observe = getattr(self._telemetry, operation)
        status, error_type = "ok", None
        try:
            with observe(provider=profile.provider, model=profile.model) as call:
                body(call, request)
        except ProviderError as error:  # recorded by Telemetry, re-raised to the "user"
            status, error_type = "error", type(error).__name__
        billed = request.cache_hit is None
        return CallOutcome(
            request=request.number,
            operation=operation,
            provider=profile.provider,
            model=profile.model,
            status=status,
            error_type=error_type,
            cache_hit=request.cache_hit or "miss",
            input_tokens=request.input_tokens if billed and status == "ok" else 0,
            output_tokens=request.output_tokens if billed and status == "ok" else 0,
            cache_read_tokens=request.cache_read_tokens if billed and status == "ok" else 0,
            cache_write_tokens=request.cache_write_tokens if billed and status == "ok" else 0,
            tool_calls=request.tools if status == "ok" else (),
        )

    def _provider_embed(self, call: CallObservation, request: Request) -> None:
        self._sleep(request.duration_s)
        if request.error is not None:
            raise request.error(f"simulated {request.error.__name__} on {request.profile.model}")
        call.usage(input_tokens=request.input_tokens)

    def _respond(self, call: CallObservation, request: Request) -> None:
        """Chat or stream: the caches first, then the provider."""
        if request.checks_exact:
            if request.cache_hit == "exact":
                self._from_cache(call, request, "exact")
                return
            call.cache_miss("exact")
        if request.checks_semantic:
            if request.cache_hit == "semantic":
                self._from_cache(call, request, "semantic")
                return
            call.cache_miss("semantic")
        self._sleep(request.ttft_s)
        if request.error is not None and request.error is not APIConnectionError:
            raise request.error(f"simulated {request.error.__name__} on {request.profile.model}")
        if request.operation == "stream":
            call.first_token()
        self._sleep(request.duration_s - request.ttft_s)
        if request.error is not None:
            raise request.error(f"simulated stream drop on {request.profile.model}")
        call.usage(
            input_tokens=request.input_tokens,
            output_tokens=request.output_tokens,
            cache_read_tokens=request.cache_read_tokens,
            cache_write_tokens=request.cache_write_tokens,
        )
        if request.tools:
            call.tool_calls([ToolCall(name=name, arguments="{}") for name in request.tools])

    def _from_cache(self, call: CallObservation, request: Request, cache_type: str) -> None:
        call.cache_hit(cache_type)
        self._sleep(request.duration_s)
        if request.operation == "stream":
            call.first_token()

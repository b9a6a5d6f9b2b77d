"""The minimum: the same work written by hand on the raw dependencies, nothing else.

- a span: ``tracer.start_span(name, kind, attributes, start_time)`` + ``span.end(end_time)`` on
  an SDK ``TracerProvider`` with the SDK's ``BatchSpanProcessor`` (ours has a retrying
  ``SpanQueue`` in its place) and the same exporter as ours, the
  same name, kind and attribute set (DESIGN.md section 4; the cache-token attributes only
  when non-zero, as ours: never in this call);
- a request: prometheus-client counters and histogram on label children bound once (the
  seven metric families of API.md, ours' duration buckets, a fresh ``CollectorRegistry``);
- a cost: a plain dict look-up and the arithmetic.

The functions keep the documented signatures, so ``calls.py`` statements run unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import SpanKind
from opentelemetry.util.types import AttributeValue
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from benchmarks import calls
from benchmarks.spans import CountingSpanExporter, sink_facts
from benchmarks.timing import Workload

#: The minimum's price table: a plain dict holding the ids it is asked about.
PRICES = {calls.MODEL: calls.GPT_4O_PRICE, calls.ALIAS_MODEL: calls.GPT_4O_PRICE}
GEN_AI_PROVIDER = {"openai": "openai", "anthropic": "anthropic", "google": "gcp.gemini"}
#: Ours' span queue bound (``ractogateway.tracing._pipeline.MAX_QUEUE_SIZE``).
QUEUE_SIZE = 65_536
#: GenAI semantic-convention advice for durations (DESIGN.md section 5): 0.01 .. 81.92 s.
BUCKETS = tuple(0.01 * 2**power for power in range(14))


def compute_cost(model: str, input_tokens: int, output_tokens: int) -> float:
    """Cost by a dict look-up and the arithmetic."""
    prices = PRICES.get(model)
    if prices is None:
        return 0.0
    return (input_tokens * prices[0] + output_tokens * prices[1]) / 1_000_000


class MinimumTracer:
    """A span per call on a raw SDK provider: the work ``RactoTracer`` cannot avoid."""

    def __init__(self, exporter: SpanExporter) -> None:
        self.provider = TracerProvider(resource=Resource.create({"service.name": "ractogateway"}))
        self.provider.add_span_processor(BatchSpanProcessor(exporter, max_queue_size=QUEUE_SIZE))
        self._tracer = self.provider.get_tracer("ractogateway")

    def record_chat_span(
        self,
        *,
        provider: str,
        model: str,
        latency_ms: float,
        input_tokens: int = 0,
        output_tokens: int = 0,
        cache_hit: str = "miss",
        tool_calls: int = 0,
        status: str = "ok",
        error_type: str | None = None,
    ) -> None:
        """One ``llm.chat`` span with ours' attribute set, ending now, lasting ``latency_ms``."""
        end = time.time_ns()
        cost = compute_cost(model, input_tokens, output_tokens)
        attributes: dict[str, AttributeValue] = {
            "llm.provider": provider,
            "llm.model": model,
            "llm.operation": "chat",
            "llm.latency_ms": latency_ms,
            "llm.input_tokens": input_tokens,
            "llm.output_tokens": output_tokens,
            "llm.cost_usd": cost,
            "llm.cache_hit": cache_hit,
            "llm.tool_calls": tool_calls,
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": GEN_AI_PROVIDER.get(provider, provider),
            "gen_ai.request.model": model,
            "gen_ai.request.stream": False,
            "gen_ai.usage.input_tokens": input_tokens,
            "gen_ai.usage.output_tokens": output_tokens,
        }
        span = self._tracer.start_span(
            "llm.chat",
            kind=SpanKind.CLIENT,
            attributes=attributes,
            start_time=end - int(latency_ms * 1_000_000),
        )
        span.end(end)


class MinimumMetrics:
    """The seven metric families; with ``bind``, children for the benchmarked labels bound once."""

    def __init__(self, *, bind: bool = True) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.requests = Counter(
            "ractogateway_requests_total",
            "LLM requests.",
            ["provider", "model", "operation", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "ractogateway_request_duration_seconds",
            "LLM request latency.",
            ["provider", "model", "operation"],
            buckets=BUCKETS,
            registry=registry,
        )
        self.tokens = Counter(
            "ractogateway_tokens_total",
            "Tokens.",
            ["provider", "model", "token_type"],
            registry=registry,
        )
        self.cost = Counter(
            "ractogateway_cost_usd_total", "Cost.", ["provider", "model"], registry=registry
        )
        Counter("ractogateway_cache_hits_total", "Hits.", ["cache_type"], registry=registry)
        Counter("ractogateway_cache_misses_total", "Misses.", ["cache_type"], registry=registry)
        self.tools = Counter(
            "ractogateway_tool_calls_total", "Tool calls.", ["tool_name"], registry=registry
        )
        if not bind:
            return
        model = (calls.PROVIDER, calls.MODEL)
        self._requests = self.requests.labels(*model, "chat", "ok")
        self._duration = self.duration.labels(*model, "chat")
        self._input = self.tokens.labels(*model, "input")
        self._output = self.tokens.labels(*model, "output")
        self._cost = self.cost.labels(*model)
        self._tool = self.tools.labels(calls.TOOL_NAME)

    def record_request(
        self,
        *,
        provider: str,
        model: str,
        operation: str,
        status: str,
        latency_s: float,
        input_tokens: int = 0,
        output_tokens: int = 0,
        tool_calls: Sequence[calls.ToolCall] | None = None,
    ) -> None:
        """Count the benchmarked request on the bound children."""
        self._requests.inc()
        self._duration.observe(latency_s)
        self._input.inc(input_tokens)
        self._output.inc(output_tokens)
        self._cost.inc(compute_cost(model, input_tokens, output_tokens))
        for _call in tool_calls or ():
            self._tool.inc()

    def populate(self, models: Sequence[str], statuses: Sequence[str]) -> None:
        """S6: one request per model and status, with the labels looked up as ours must."""
        price_in, price_out = calls.S6_PRICE
        cost = (calls.INPUT_TOKENS * price_in + calls.OUTPUT_TOKENS * price_out) / 1_000_000
        for model in models:
            for status in statuses:
                self.requests.labels(calls.PROVIDER, model, "chat", status).inc()
                self.duration.labels(calls.PROVIDER, model, "chat").observe(calls.LATENCY_S)
                self.tokens.labels(calls.PROVIDER, model, "input").inc(calls.INPUT_TOKENS)
                self.tokens.labels(calls.PROVIDER, model, "output").inc(calls.OUTPUT_TOKENS)
                self.cost.labels(calls.PROVIDER, model).inc(cost)
                self.tools.labels(calls.TOOL_NAME).inc()

    def generate_latest(self) -> str:
        """The exposition text of the registry, as a str (like ours)."""
        return generate_latest(self.registry).decode()

    def facts(self) -> dict[str, object]:
        """How many requests the registry counted for the benchmarked labels."""
        labels = {"provider": calls.PROVIDER, "model": calls.MODEL}
        counted = self.registry.get_sample_value(
            "ractogateway_requests_total", {**labels, "operation": "chat", "status": "ok"}
        )
        return {"requests_counted": counted}


def _otlp_export(transport: str) -> Workload:
    """S8: the raw SDK with the official OTLP exporter to the sink, each batch flushed."""
    from benchmarks import otlp

    sink = otlp.Sink(transport)
    tracer = MinimumTracer(otlp.raw_exporter(transport, sink.endpoint))
    return Workload(
        calls.CHAT_SPAN,
        {"record_chat_span": tracer.record_chat_span},
        facts=lambda: dict(sink.received()),
        settle=tracer.provider.force_flush,
        min_calls=otlp.MIN_SPANS,
    )


def build(sid: str) -> Workload | None:  # noqa: PLR0911 - one way out per kind of scenario
    """Return the minimum's workload for scenario ``sid`` (None where it has none)."""
    if sid in calls.S4_MODELS:
        model = calls.S4_MODELS[sid]
        return Workload(
            calls.COMPUTE_COST,
            {"compute_cost": compute_cost, "model": model},
            facts=lambda: {"cost": compute_cost(model, calls.INPUT_TOKENS, calls.OUTPUT_TOKENS)},
        )
    metrics = MinimumMetrics(bind=sid != "S6")
    if sid == "S3":
        return Workload(
            calls.RECORD_REQUEST,
            {"record_request": metrics.record_request, "tool_calls": calls.TOOL_CALLS},
            facts=metrics.facts,
        )
    if sid == "S6":
        metrics.populate(calls.S6_MODELS, calls.S6_STATUSES)
        return Workload(
            calls.GENERATE_LATEST,
            {"generate_latest": metrics.generate_latest},
            facts=lambda: {"chars": len(metrics.generate_latest())},
        )
    if sid in ("S8-grpc", "S8-http"):
        return _otlp_export(sid.removeprefix("S8-"))
    if sid not in ("S2", "S5", "S7"):
        return None
    exporter = CountingSpanExporter()
    tracer = MinimumTracer(exporter)

    def span_facts() -> dict[str, object]:
        tracer.provider.force_flush()
        return sink_facts(exporter)

    if sid == "S2":
        return Workload(
            calls.CHAT_SPAN,
            {"record_chat_span": tracer.record_chat_span},
            between=exporter.clear,
            facts=span_facts,
        )
    return Workload(
        calls.KIT_DIRECT,
        {
            "record_chat_span": tracer.record_chat_span,
            "record_request": metrics.record_request,
            "tool_calls": calls.TOOL_CALLS,
            "perf_counter": time.perf_counter,
        },
        between=exporter.clear,
        facts=lambda: {**span_facts(), **metrics.facts()},
    )

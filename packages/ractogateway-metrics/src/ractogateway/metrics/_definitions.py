"""The metric definitions, and the one set of collectors per registry that holds them.

Two middlewares on the same registry share its collectors (registering the same names
twice would fail with "Duplicated timeseries"); middlewares on different registries never
see each other's series.
"""

from __future__ import annotations

import threading
import weakref
from typing import NamedTuple

from prometheus_client import CollectorRegistry, Counter, Histogram

from ractogateway.metrics._labels import LabelCap
from ractogateway.pricing._shared import DURATION_BUCKETS_S

__all__ = ["CALLER_LABELS", "DURATION_BUCKETS_SECONDS", "METRICS", "MetricSet", "metrics_for"]

#: OpenTelemetry GenAI semantic-convention advice for ``gen_ai.client.operation.duration``
#: (the tracer's GenAI duration metrics use the same, from the same door).
DURATION_BUCKETS_SECONDS = DURATION_BUCKETS_S


class MetricSpec(NamedTuple):
    """Name, help text and label names of one metric."""

    name: str
    documentation: str
    labels: tuple[str, ...]


REQUESTS = MetricSpec(
    "ractogateway_requests_total",
    "LLM requests, by provider, model, operation and status.",
    ("provider", "model", "operation", "status"),
)
DURATION = MetricSpec(
    "ractogateway_request_duration_seconds",
    "Wall-clock latency of LLM requests in seconds.",
    ("provider", "model", "operation"),
)
TOKENS = MetricSpec(
    "ractogateway_tokens_total",
    "Tokens of LLM requests by token_type: input (every prompt token, cached ones included)"
    " and output (every billed output token); the parts cache_read and cache_write of input,"
    " cache_write_long of cache_write, reasoning of output (add only input and output).",
    ("provider", "model", "token_type"),
)
COST = MetricSpec(
    "ractogateway_cost_usd_total",
    "Estimated cost of LLM requests in USD (list prices of ractogateway-pricing).",
    ("provider", "model"),
)
CACHE_HITS = MetricSpec(
    "ractogateway_cache_hits_total", "Response cache hits, by cache type.", ("cache_type",)
)
CACHE_MISSES = MetricSpec(
    "ractogateway_cache_misses_total", "Response cache misses, by cache type.", ("cache_type",)
)
TOOL_CALLS = MetricSpec(
    "ractogateway_tool_calls_total", "Tool calls in LLM responses, by tool name.", ("tool_name",)
)
UNPRICED = MetricSpec(
    "ractogateway_unpriced_requests_total",
    "LLM requests whose model has no price (not counted in ractogateway_cost_usd_total).",
    ("model",),
)
USAGE_MISSING = MetricSpec(
    "ractogateway_usage_missing_total",
    "LLM requests whose response reported no token usage (recorded as 0 tokens and $0).",
    ("provider", "model", "operation"),
)
DROPPED_SPANS = MetricSpec(
    "ractogateway_dropped_spans_total",
    "Spans a RactoTracer dropped without exporting them (RactoTracer.dropped_spans), by reason:"
    " queue_full (the collector was down too long), export_failed (it kept rejecting them),"
    " shutdown (not exported at shutdown).",
    ("reason",),
)
METRICS = (
    REQUESTS,
    DURATION,
    TOKENS,
    COST,
    CACHE_HITS,
    CACHE_MISSES,
    TOOL_CALLS,
    UNPRICED,
    USAGE_MISSING,
    DROPPED_SPANS,
)
#: The labels whose values come from callers: each has a cap on its distinct values.
CALLER_LABELS = ("provider", "model", "operation", "status", "cache_type", "tool_name")


class MetricSet:
    """The collectors of one registry and the label caps they share.

    Raises:
        ValueError: the registry already holds a metric of the same name that was not
            created here.
    """

    __slots__ = (
        "cache_hits",
        "cache_misses",
        "caps",
        "cost",
        "dropped_spans",
        "duration",
        "requests",
        "tokens",
        "tool_calls",
        "unpriced",
        "usage_missing",
    )

    def __init__(self, registry: CollectorRegistry) -> None:
        def counter(spec: MetricSpec) -> Counter:
            return Counter(spec.name, spec.documentation, spec.labels, registry=None)

        self.requests = counter(REQUESTS)
        self.duration = Histogram(
            DURATION.name,
            DURATION.documentation,
            DURATION.labels,
            registry=None,
            buckets=DURATION_BUCKETS_SECONDS,
        )
        self.tokens = counter(TOKENS)
        self.cost = counter(COST)
        self.cache_hits = counter(CACHE_HITS)
        self.cache_misses = counter(CACHE_MISSES)
        self.tool_calls = counter(TOOL_CALLS)
        self.unpriced = counter(UNPRICED)
        self.usage_missing = counter(USAGE_MISSING)
        self.dropped_spans = counter(DROPPED_SPANS)
        #: label name -> its cap; the unpriced counter's ``model`` shares the model cap.
        self.caps = {label: LabelCap() for label in CALLER_LABELS}
        collectors = (
            self.requests,
            self.duration,
            self.tokens,
            self.cost,
            self.cache_hits,
            self.cache_misses,
            self.tool_calls,
            self.unpriced,
            self.usage_missing,
            self.dropped_spans,
        )
        registered: list[Counter | Histogram] = []
        try:
            for collector in collectors:
                registry.register(collector)
                registered.append(collector)
        except ValueError as error:
            for collector in registered:
                registry.unregister(collector)
            raise ValueError(
                f"this registry already holds a metric that ractogateway.metrics defines ({error});"
                " pass registry=prometheus_client.CollectorRegistry() to keep them apart"
            ) from error


_SETS: weakref.WeakKeyDictionary[CollectorRegistry, MetricSet] = weakref.WeakKeyDictionary()
_SETS_LOCK = threading.Lock()


def metrics_for(registry: CollectorRegistry) -> MetricSet:
    """Return the collectors registered on ``registry``, creating them on first use."""
    with _SETS_LOCK:
        found = _SETS.get(registry)
        if found is None:
            found = _SETS[registry] = MetricSet(registry)
        return found

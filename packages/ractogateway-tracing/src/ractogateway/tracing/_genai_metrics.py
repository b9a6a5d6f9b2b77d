"""The OpenTelemetry GenAI client metrics of recorded calls, aggregated here, read by SDK readers.

``RactoTracer(genai_metrics=True)`` records, per call, the histograms of the GenAI semantic
conventions (v1.37+, development status) with their advised bucket boundaries:

- ``gen_ai.client.operation.duration`` (s): every call, ``error.type`` on failed ones;
- ``gen_ai.client.token.usage`` (``{token}``): input and output tokens of successful calls
  (input only for embeddings), with ``gen_ai.token.type``;
- ``gen_ai.client.operation.time_to_first_chunk`` (s): streams that marked a first token.

Why not the SDK's instruments: ``Histogram.record`` costs about 20 µs a measurement in
opentelemetry-sdk 1.45 (it cleans and hashes the attributes each time), 60 µs a call for
three, four times what recording the span costs. ``GenAIMetrics`` instead keeps one
explicit-bucket histogram per metric and attribute set itself (a dictionary look-up and a
bisection per measurement, about 2 µs a call in all) and acts as the metric source of the
readers it is given: each reader's collect callback is ours, so a ``PeriodicExportingMetricReader``
(the OTLP exporters), an ``InMemoryMetricReader`` or any other SDK reader collects
``MetricsData`` built from these histograms, cumulative or delta as the reader prefers. A
reader therefore belongs to this tracer alone (it cannot also serve a ``MeterProvider``).

Being a reader's metric source takes private names of the SDK (listed in ``_borrowed``): where
one cannot be read, ``GenAIMetrics`` raises ``BorrowedNameError`` before it has changed
anything, and the tracer records the same metrics through a ``MeterProvider`` of its own
(``_genai_public``).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from time import time_ns
from typing import TYPE_CHECKING, Any, Final

from opentelemetry.sdk.metrics.export import (
    AggregationTemporality,
    Histogram,
    HistogramDataPoint,
    Metric,
    MetricReader,
    MetricsData,
    ResourceMetrics,
    ScopeMetrics,
)
from opentelemetry.sdk.util.instrumentation import InstrumentationScope

from ractogateway.pricing._shared import DURATION_BUCKETS_S
from ractogateway.tracing._attributes import ERROR_TYPE, ERROR_TYPE_OTHER, base_attributes
from ractogateway.tracing._borrowed import (
    COLLECT,
    HISTOGRAM_INSTRUMENT,
    INSTRUMENT_CLASS_TEMPORALITY,
    SET_COLLECT_CALLBACK,
    BorrowedNameError,
    load,
    read,
    read_method,
)
from ractogateway.tracing._fork import rerun_in_child
from ractogateway.tracing._version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from opentelemetry.sdk.resources import Resource
    from opentelemetry.util.types import AttributeValue

    from ractogateway.pricing._shared import Call

__all__ = [
    "DURATION",
    "DURATION_BOUNDS",
    "MAX_SERIES",
    "TIME_TO_FIRST_CHUNK",
    "TOKEN_BOUNDS",
    "TOKEN_USAGE",
    "GenAIMetrics",
]

DURATION: Final = "gen_ai.client.operation.duration"
TOKEN_USAGE: Final = "gen_ai.client.token.usage"
TIME_TO_FIRST_CHUNK: Final = "gen_ai.client.operation.time_to_first_chunk"
GEN_AI_TOKEN_TYPE: Final = "gen_ai.token.type"
#: The conventions' advised boundaries: seconds for both durations (the Prometheus
#: histogram's too), tokens for the usage.
DURATION_BOUNDS: Final = DURATION_BUCKETS_S
TOKEN_BOUNDS: Final = tuple(float(4**power) for power in range(14))  # 1 .. 67,108,864
#: Attribute sets per metric beyond which calls go to one overflow set (the SDK's default
#: cardinality limit), marked ``otel.metric.overflow``.
MAX_SERIES: Final = 2000
_OVERFLOW: Final = (("otel.metric.overflow", True),)

#: name -> (unit, description, bucket boundaries)
_METRICS: Final = {
    DURATION: ("s", "GenAI operation duration.", DURATION_BOUNDS),
    TOKEN_USAGE: ("{token}", "Number of input and output tokens used.", TOKEN_BOUNDS),
    TIME_TO_FIRST_CHUNK: (
        "s",
        "Time to receive the first chunk of a streamed response.",
        DURATION_BOUNDS,
    ),
}

_Attributes = tuple[tuple[str, "AttributeValue"], ...]
_Key = tuple[str, _Attributes]
#: A histogram a kind of call updates: (buckets, their bounds, which value of the call).
_Target = tuple["_Buckets", tuple[float, ...], int]
#: Kinds of call whose histograms are cached (beyond, the cache starts over).
_MAX_TARGETS: Final = 4 * MAX_SERIES


def kind_and_values(call: Call) -> tuple[tuple[Any, ...], tuple[float, ...]]:
    """What decides a call's histograms and attributes (its kind), and its four values.

    The values, by index: duration (s), input tokens, output tokens, time to first chunk (s).
    """
    first = call.time_to_first_token_ms
    kind = (
        call.operation == "embed",
        call.provider,
        call.model,
        call.response_model,
        call.status,
        call.error_type,
        first is None,
    )
    return kind, (call.latency_s, call.input_tokens, call.output_tokens, (first or 0.0) / 1000)


def measurements(call: Call) -> list[tuple[str, _Attributes, int]]:
    """The rule: (metric, attributes, index of the value) of each measurement of ``call``.

    Every call: its duration, with ``error.type`` on failures; successful calls: input and
    (but embeddings) output tokens, by ``gen_ai.token.type``; streams that marked a first
    token: the time to it.
    """
    base: _Attributes = tuple(base_attributes(call).items())
    ok = call.status == "ok"
    wanted = [
        (DURATION, base if ok else (*base, (ERROR_TYPE, call.error_type or ERROR_TYPE_OTHER)), 0)
    ]
    if ok:
        wanted.append((TOKEN_USAGE, (*base, (GEN_AI_TOKEN_TYPE, "input")), 1))
        if call.operation != "embed":
            wanted.append((TOKEN_USAGE, (*base, (GEN_AI_TOKEN_TYPE, "output")), 2))
    if call.time_to_first_token_ms is not None:
        wanted.append((TIME_TO_FIRST_CHUNK, base, 3))
    return wanted


class _Buckets:
    """One explicit-bucket histogram: counts per bucket, count, sum, min and max."""

    __slots__ = ("count", "counts", "high", "low", "start_ns", "total")

    def __init__(self, size: int, start_ns: int) -> None:
        self.counts = [0] * (size + 1)
        self.count = 0
        self.total = 0.0
        self.low = float("inf")
        self.high = float("-inf")
        self.start_ns = start_ns


class _Store:
    """What one reader will collect: histograms by (metric, attributes) since ``start_ns``."""

    __slots__ = ("delta", "series", "sizes", "start_ns")

    def __init__(self, delta: bool) -> None:
        self.delta = delta
        self.series: dict[_Key, _Buckets] = {}
        self.sizes = dict.fromkeys(_METRICS, 0)
        self.start_ns = time_ns()


class GenAIMetrics:
    """Aggregates the GenAI client metrics of recorded calls for ``readers``.

    Args:
        resource: The resource the metrics carry (the tracer's).
        readers: SDK metric readers not registered anywhere else.

    Raises:
        TypeError: a reader is not an ``opentelemetry.sdk.metrics.export.MetricReader``.
        ValueError: a reader is already registered (with a ``MeterProvider`` or a tracer).
        BorrowedNameError: a borrowed name of the SDK cannot be read (nothing has been changed).
    """

    def __init__(self, resource: Resource, readers: Sequence[MetricReader]) -> None:
        for reader in readers:
            if not isinstance(reader, MetricReader):
                raise TypeError(
                    "metric_readers must hold opentelemetry.sdk.metrics.export.MetricReader"
                    f" objects, got {type(reader).__name__}"
                )
        # Every borrowed name is read before anything changes: a BorrowedNameError leaves
        # the readers free for the public path.
        histogram = load(HISTOGRAM_INSTRUMENT)
        hooks = [_reader_hooks(reader, histogram) for reader in readers]
        for reader, (registered, _, _) in zip(readers, hooks, strict=True):
            if registered:
                raise ValueError(
                    f"this {type(reader).__name__} is already registered (with a MeterProvider"
                    " or another RactoTracer); give each tracer readers of its own"
                )
        self._resource = resource
        self._scope = InstrumentationScope("ractogateway.tracing", __version__)
        self.readers = tuple(readers)
        self._delta = {
            id(reader): delta for reader, (_, delta, _) in zip(readers, hooks, strict=True)
        }
        self._start()
        for _, _, set_collect_callback in hooks:
            set_collect_callback(self._collect)
        rerun_in_child(self._start)

    def _start(self) -> None:
        """Start empty (at construction, and in a forked child: the parent's calls are its own)."""
        self._lock = threading.Lock()
        self._targets: dict[tuple[Any, ...], list[_Target]] = {}
        self._stores = {id(reader): _Store(self._delta[id(reader)]) for reader in self.readers}

    def record(self, call: Call) -> None:
        """Count one recorded call for every reader."""
        kind, values = kind_and_values(call)
        with self._lock:
            targets = self._targets.get(kind)
            if targets is None:
                targets = self._bind(kind, call)
            for buckets, bounds, which in targets:
                value = values[which]
                buckets.counts[bisect_left(bounds, value)] += 1  # (bounds[i-1], bounds[i]]
                buckets.count += 1
                buckets.total += value
                if value < buckets.low:  # noqa: PLR1730 - cheaper than min() here
                    buckets.low = value
                if value > buckets.high:  # noqa: PLR1730 - cheaper than max() here
                    buckets.high = value

    def _bind(self, kind: tuple[Any, ...], call: Call) -> list[_Target]:
        """The histograms ``call``'s kind updates in every store (under the lock, cached)."""
        wanted = measurements(call)
        targets = [
            (self._buckets(store, metric, attributes), _METRICS[metric][2], which)
            for store in self._stores.values()
            for metric, attributes, which in wanted
        ]
        if len(self._targets) >= _MAX_TARGETS:
            self._targets.clear()  # unbounded call kinds: keep the cache bounded
        self._targets[kind] = targets
        return targets

    @staticmethod
    def _buckets(store: _Store, metric: str, attributes: _Attributes) -> _Buckets:
        """The histogram of ``metric`` and ``attributes`` in ``store`` (created on first use)."""
        key = (metric, attributes)
        found = store.series.get(key)
        if found is None:
            if store.sizes[metric] >= MAX_SERIES:
                key = (metric, _OVERFLOW)
                found = store.series.get(key)
            if found is None:
                found = store.series[key] = _Buckets(len(_METRICS[metric][2]), store.start_ns)
                store.sizes[metric] += 1
        return found

    def _collect(self, reader: MetricReader, timeout_millis: float = 10_000) -> MetricsData:
        """The reader's collect callback: its histograms as ``MetricsData`` (delta: then reset)."""
        now = time_ns()
        with self._lock:
            store = self._stores.get(id(reader))
            if store is None:
                series: list[tuple[_Key, _Buckets]] = []
                delta = False
            else:
                series = [(key, _copy(buckets)) for key, buckets in store.series.items()]
                delta = store.delta
                if delta:
                    self._stores[id(reader)] = _Store(delta=True)
                    self._targets.clear()  # they point into the store just replaced
        temporality = AggregationTemporality.DELTA if delta else AggregationTemporality.CUMULATIVE
        points: dict[str, list[HistogramDataPoint]] = {name: [] for name in _METRICS}
        for (metric, attributes), buckets in series:
            points[metric].append(
                HistogramDataPoint(
                    attributes=dict(attributes),
                    start_time_unix_nano=buckets.start_ns,
                    time_unix_nano=now,
                    count=buckets.count,
                    sum=buckets.total,
                    bucket_counts=buckets.counts,
                    explicit_bounds=_METRICS[metric][2],
                    min=buckets.low,
                    max=buckets.high,
                )
            )
        metrics = [
            Metric(
                name=name,
                description=_METRICS[name][1],
                unit=_METRICS[name][0],
                data=Histogram(data_points=found, aggregation_temporality=temporality),
            )
            for name, found in points.items()
            if found
        ]
        return MetricsData(
            resource_metrics=[
                ResourceMetrics(
                    resource=self._resource,
                    scope_metrics=[ScopeMetrics(scope=self._scope, metrics=metrics, schema_url="")],
                    schema_url="",
                )
            ]
        )

    def force_flush(self, timeout_millis: float) -> bool:
        """Have every reader collect and export now; False if one failed."""
        return all([reader.force_flush(timeout_millis) for reader in self.readers])

    def shutdown(self, timeout_millis: float) -> None:
        """Shut every reader down (the periodic ones export a last time)."""
        for reader in self.readers:
            reader.shutdown(timeout_millis=timeout_millis)


def _reader_hooks(
    reader: MetricReader, histogram: type
) -> tuple[bool, bool, Callable[[Callable[..., MetricsData]], None]]:
    """What the borrowed names of ``reader`` say: registered?, delta?, its callback setter.

    Raises:
        BorrowedNameError: one of them cannot be read.
    """
    collect = read(reader, COLLECT, object)
    if collect is not None and not callable(collect):
        raise BorrowedNameError(COLLECT, f"is a {type(collect).__name__}, not a callback")
    registered = collect is not None
    temporality = read(reader, INSTRUMENT_CLASS_TEMPORALITY, dict).get(histogram)
    if not isinstance(temporality, AggregationTemporality):
        raise BorrowedNameError(INSTRUMENT_CLASS_TEMPORALITY, "holds no histogram temporality")
    set_collect_callback = read_method(reader, SET_COLLECT_CALLBACK)
    return registered, temporality is AggregationTemporality.DELTA, set_collect_callback


def _copy(buckets: _Buckets) -> _Buckets:
    """A snapshot of ``buckets`` (taken under the lock, read outside it)."""
    copied = _Buckets(len(buckets.counts) - 1, buckets.start_ns)
    copied.counts = list(buckets.counts)
    copied.count, copied.total = buckets.count, buckets.total
    copied.low, copied.high = buckets.low, buckets.high
    return copied

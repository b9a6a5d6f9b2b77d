"""The GenAI client metrics through the SDK's public API, where the fast path cannot be built.

``GenAIMetrics`` (``_genai_metrics``) aggregates the histograms itself and is its readers'
metric source, which takes private names of the SDK (``_borrowed``). Where one of them cannot
be read (an SDK release it was not tested on), ``build_genai_metrics`` records the same
metrics through the public API instead: ``PublicGenAIMetrics``, a ``MeterProvider`` of the
tracer's own (never the global one) with the readers, and three SDK ``Histogram``
instruments of the same names, units, descriptions and bucket boundaries, fed the same
measurements with the same attributes. It costs what the SDK's instruments cost (about 20 µs
a measurement in opentelemetry-sdk 1.45, against 2 µs a call for ``GenAIMetrics``). The
boundaries are set by views, which every SDK release since the declared minimum has (the
``explicit_bucket_boundaries_advisory`` argument of ``create_histogram`` came later).
If even that cannot be built, the tracer records no GenAI metrics, says so once, and records
its spans as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Protocol

from ractogateway.tracing._borrowed import BorrowedNameError, fall_back
from ractogateway.tracing._genai_metrics import (
    _METRICS,
    MAX_SERIES,
    GenAIMetrics,
    kind_and_values,
    measurements,
)
from ractogateway.tracing._version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    from opentelemetry.metrics import Histogram
    from opentelemetry.sdk.metrics.export import MetricReader
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.util.types import AttributeValue

    from ractogateway.pricing._shared import Call

__all__ = ["GenAIRecorder", "PublicGenAIMetrics", "build_genai_metrics"]

_Attributes = tuple[tuple[str, "AttributeValue"], ...]
#: Kinds of call whose instruments and attributes are cached (beyond, the cache starts over).
_MAX_KINDS: Final = 4 * MAX_SERIES


class GenAIRecorder(Protocol):
    """What the pipeline needs of the GenAI metrics, fast path or public one."""

    readers: tuple[MetricReader, ...]

    def record(self, call: Call) -> None:
        """Count one recorded call for every reader."""

    def force_flush(self, timeout_millis: float) -> bool:
        """Have every reader collect and export now; False if one failed."""

    def shutdown(self, timeout_millis: float) -> None:
        """Shut every reader down (the periodic ones export a last time)."""


def build_genai_metrics(
    resource: Resource, readers: Sequence[MetricReader]
) -> GenAIRecorder | None:
    """The GenAI metrics for ``readers``: ``GenAIMetrics``, else the public path, else none.

    Raises:
        TypeError: a reader is not an ``opentelemetry.sdk.metrics.export.MetricReader``.
        ValueError: a reader is already registered (found by the fast path).
    """
    try:
        return GenAIMetrics(resource, readers)
    except BorrowedNameError as missing:
        problem = str(missing)
    try:
        public = PublicGenAIMetrics(resource, readers)
    except Exception as error:  # the public path failing too: no metrics, spans as before
        fall_back(
            problem,
            "the SDK's public MeterProvider could not take the metric readers either"
            f" ({type(error).__name__}: {error}), so GenAI metrics are disabled for this tracer"
            " (its spans are recorded as before)",
        )
        return None
    fall_back(
        problem,
        "GenAI metrics go through a MeterProvider of the tracer's own instead (the SDK's public"
        " instruments: the same metrics, at a higher cost per call)",
    )
    return public


class PublicGenAIMetrics:
    """The GenAI client metrics through a ``MeterProvider`` of the tracer's own.

    Args:
        resource: The resource the metrics carry (the tracer's).
        readers: SDK metric readers not registered anywhere else.

    Raises:
        Exception: what the SDK's ``MeterProvider`` raises (a reader registered elsewhere).
    """

    def __init__(self, resource: Resource, readers: Sequence[MetricReader]) -> None:
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.view import ExplicitBucketHistogramAggregation, View

        views = [
            View(instrument_name=name, aggregation=ExplicitBucketHistogramAggregation(bounds))
            for name, (_, _, bounds) in _METRICS.items()
        ]
        self._provider = MeterProvider(
            metric_readers=readers, resource=resource, views=views, shutdown_on_exit=False
        )
        meter = self._provider.get_meter("ractogateway.tracing", __version__)
        self._histograms: dict[str, Histogram] = {
            name: meter.create_histogram(name, unit=unit, description=description)
            for name, (unit, description, _) in _METRICS.items()
        }
        self.readers = tuple(readers)
        self._kinds: dict[tuple[Any, ...], list[tuple[Histogram, dict[str, Any], int]]] = {}

    def record(self, call: Call) -> None:
        """Count one recorded call for every reader."""
        kind, values = kind_and_values(call)
        bound = self._kinds.get(kind)
        if bound is None:
            bound = [
                (self._histograms[metric], dict(attributes), which)
                for metric, attributes, which in measurements(call)
            ]
            if len(self._kinds) >= _MAX_KINDS:
                self._kinds.clear()  # unbounded call kinds: keep the cache bounded
            self._kinds[kind] = bound
        for histogram, attributes, which in bound:
            histogram.record(values[which], attributes)

    def force_flush(self, timeout_millis: float) -> bool:
        """Have every reader collect and export now; False if one failed."""
        return self._provider.force_flush(timeout_millis)

    def shutdown(self, timeout_millis: float) -> None:
        """Shut every reader down (the periodic ones export a last time)."""
        self._provider.shutdown(timeout_millis=timeout_millis)

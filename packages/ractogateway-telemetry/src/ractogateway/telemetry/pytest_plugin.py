"""The pytest fixture ``telemetry_capture``: what a kit's test recorded, spans and metrics.

``ractogateway-telemetry`` declares this module as a ``pytest11`` plugin, so pytest loads it
in every session of an environment that has the distribution (``-p no:ractogateway-telemetry``
turns it off); ``import ractogateway.telemetry`` never imports it, nor pytest. The fixture
gives each test a fresh ``TelemetryCapture``: pass its ``tracer`` and ``metrics`` to the kit
under test (or use its ``telemetry``), then read the spans and the metric values::

    def test_my_kit_records_usage(telemetry_capture):
        MyKit(tracer=telemetry_capture.tracer, metrics=telemetry_capture.metrics).chat("hi")
        assert telemetry_capture.spans[0].input_tokens == 10

``prometheus_client`` is imported when the first capture is built, not when pytest loads the
plugin: it picks its storage for good when first imported (by ``PROMETHEUS_MULTIPROC_DIR``),
and loading a plugin must not choose it for the test process.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry
    from prometheus_client.samples import Sample

    from ractogateway.pricing import ModelPricing
    from ractogateway.tracing import SpanRecord

__all__ = ["TelemetryCapture", "telemetry_capture"]

#: A family's sample names are its name plus these, by type (``_created`` is left out).
_SUFFIXES = {
    "counter": ("_total",),
    "histogram": ("_bucket", "_count", "_sum"),
    "gaugehistogram": ("_bucket", "_gcount", "_gsum"),
    "summary": ("", "_count", "_sum"),
    "info": ("_info",),
}


class TelemetryCapture:
    """What a test recorded: in-memory spans, metrics on their own registry, a Telemetry of both.

    Attributes:
        tracer: A ``RactoTracer(in_memory=True)``; its spans are ``spans``.
        registry: A fresh ``prometheus_client.CollectorRegistry`` of this capture alone.
        metrics: A ``GatewayMetricsMiddleware`` on ``registry``.
        telemetry: A ``Telemetry`` recording to ``tracer`` and ``metrics``.

    Args:
        price_table: Entries that override or extend the built-in price table, for both the
            tracer and the metrics.

    Raises:
        RuntimeError: ``prometheus_client`` keeps its values in ``PROMETHEUS_MULTIPROC_DIR``
            (the variable was set when it was first imported): there every registry of the
            process shares one value per series, so captures would count each other's calls.

    Examples:
        >>> capture = TelemetryCapture()
        >>> with capture.telemetry.chat(provider="openai", model="gpt-4o") as call:
        ...     call.usage(input_tokens=10, output_tokens=2)
        >>> capture.spans[0].input_tokens
        10
        >>> capture.value("ractogateway_requests_total", provider="openai", model="gpt-4o",
        ...               operation="chat", status="ok")
        1.0
        >>> capture.total("ractogateway_tokens_total", model="gpt-4o")
        12.0
    """

    __slots__ = ("metrics", "registry", "telemetry", "tracer")

    def __init__(self, *, price_table: dict[str, ModelPricing] | None = None) -> None:
        from prometheus_client import CollectorRegistry, values

        if values.ValueClass is not values.MutexValue:
            raise RuntimeError(
                "TelemetryCapture: prometheus_client keeps metric values in the files of"
                " PROMETHEUS_MULTIPROC_DIR, one per series for every registry of the process,"
                " so captures would count each other's calls; unset the variable for the tests"
            )
        self.tracer: RactoTracer = RactoTracer(
            in_memory=True, service_name="telemetry-capture", price_table=price_table
        )
        self.registry: CollectorRegistry = CollectorRegistry()
        self.metrics: GatewayMetricsMiddleware = GatewayMetricsMiddleware(
            registry=self.registry, price_table=price_table
        )
        self.telemetry: Telemetry = Telemetry(tracer=self.tracer, metrics=self.metrics)

    @property
    def spans(self) -> list[SpanRecord]:
        """The spans recorded so far, oldest first (``tracer.spans``)."""
        return self.tracer.spans

    def value(self, name: str, **labels: str) -> float:
        """Return the value of one series: the sample ``name`` with exactly these labels.

        Args:
            name: A sample name as the exposition shows it (``ractogateway_requests_total``,
                ``ractogateway_request_duration_seconds_count``); a counter's family name
                (``ractogateway_requests``) stands for its ``_total``.
            **labels: Every label of the series (a histogram bucket's ``le`` too).

        Returns:
            The value, or 0.0 when no such series was recorded (a counter never incremented).

        Raises:
            ValueError: ``name`` is not a metric of the registry, or ``labels`` leave out a
                label of recorded series of ``name`` (add them up with ``total``).
        """
        matching = self._samples(name, labels)
        for sample in matching:
            if sample.labels == labels:
                return sample.value
        if matching:
            missing = sorted({key for sample in matching for key in sample.labels} - set(labels))
            raise ValueError(
                f"value({name!r}) needs every label of a series, also {missing};"
                " total() adds up the series that match some labels"
            )
        return 0.0

    def total(self, name: str, **labels: str) -> float:
        """Return the sum over every series of ``name`` whose labels include ``labels``.

        ``total("ractogateway_tokens_total", model="gpt-4o")`` adds up every provider and
        token type of that model; with no labels, every series. ``name`` is as in ``value``.

        Raises:
            ValueError: ``name`` is not a metric of the registry.
        """
        return float(sum(sample.value for sample in self._samples(name, labels)))

    def exposition(self) -> str:
        """Return this capture's registry in the Prometheus text exposition format.

        Unlike ``metrics.generate_latest()``, never the aggregate of ``PROMETHEUS_MULTIPROC_DIR``.
        """
        from prometheus_client import generate_latest

        return generate_latest(self.registry).decode("utf-8")

    def clear(self) -> None:
        """Forget the spans recorded so far.

        Metrics cannot be reset (a Prometheus counter only goes up): read a value before and
        after, or take a new capture.
        """
        self.tracer.clear_spans()

    def _samples(self, name: str, labels: dict[str, str]) -> list[Sample]:
        """Return the samples of the series of ``name`` whose labels include ``labels``."""
        families = list(self.registry.collect())
        known = {
            family.name + suffix
            for family in families
            for suffix in _SUFFIXES.get(family.type, ("",))
        }
        if name not in known and any(f.name == name and f.type == "counter" for f in families):
            name = f"{name}_total"  # a counter's family name stands for its total
        if name not in known:
            raise ValueError(f"no metric {name!r} in this capture; it has {sorted(known)}")
        wanted = labels.items()
        return [
            sample
            for family in families
            for sample in family.samples
            if sample.name == name and wanted <= sample.labels.items()
        ]


@pytest.fixture
def telemetry_capture() -> Iterator[TelemetryCapture]:
    """A fresh ``TelemetryCapture`` for the test; its tracer is shut down after it."""
    capture = TelemetryCapture()
    yield capture
    capture.tracer.shutdown()

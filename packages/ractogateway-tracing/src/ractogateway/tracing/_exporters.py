"""Building the span exporters and metric readers a ``RactoTracer`` asks for.

The OTLP exporters are imported lazily, only for the endpoints given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SpanExporter

if TYPE_CHECKING:
    from opentelemetry.sdk.metrics.export import MetricExporter, MetricReader

__all__ = [
    "build_exporters",
    "build_metric_readers",
    "otlp_http_metrics_url",
    "otlp_http_traces_url",
]

_TRACES_PATH = "/v1/traces"
_METRICS_PATH = "/v1/metrics"


def _check_url(name: str, value: object, example: str) -> None:
    """Raise unless ``value`` is an http(s) URL with a host (the message names ``name``)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a URL string such as {example!r}, got {value!r}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{name} must be an http:// or https:// URL such as {example!r}, got {value!r}"
        )


def otlp_http_traces_url(base_url: str) -> str:
    """Return where OTLP/HTTP spans go: ``<base_url>/v1/traces`` (kept if already there)."""
    base = base_url.rstrip("/")
    return base if base.endswith(_TRACES_PATH) else base + _TRACES_PATH


def otlp_http_metrics_url(base_url: str) -> str:
    """Return where OTLP/HTTP metrics go: ``<base_url>/v1/metrics`` (beside the spans)."""
    return otlp_http_traces_url(base_url).removesuffix(_TRACES_PATH) + _METRICS_PATH


def _missing(argument: str, transport: str, extra: str, signal: str = "span") -> str:
    return (
        f"{argument} needs the OTLP {transport} {signal} exporter, which is not installed:"
        f' pip install "ractogateway-tracing[{extra}]"'
    )


def _grpc_exporter_class() -> Callable[..., SpanExporter]:
    try:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    except ImportError as error:
        raise ImportError(_missing("otlp_endpoint", "gRPC", "otlp-grpc")) from error
    return OTLPSpanExporter


def _http_exporter_class() -> Callable[..., SpanExporter]:
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError as error:
        raise ImportError(_missing("otlp_http_endpoint", "HTTP", "otlp-http")) from error
    return OTLPSpanExporter


def build_exporters(
    *,
    otlp_endpoint: str | None,
    otlp_http_endpoint: str | None,
    console: bool,
    custom_exporter: SpanExporter | None,
) -> list[SpanExporter]:
    """Validate the exporter arguments, then build the exporters they ask for.

    Raises:
        TypeError: an endpoint is not a str, or ``custom_exporter`` is not a SpanExporter.
        ValueError: an endpoint is not an http(s) URL with a host.
        ImportError: the OTLP exporter for a given endpoint is not installed (the message
            holds the ``pip install`` line).
    """
    if otlp_endpoint is not None:
        _check_url("otlp_endpoint", otlp_endpoint, "http://localhost:4317")
    if otlp_http_endpoint is not None:
        _check_url("otlp_http_endpoint", otlp_http_endpoint, "http://localhost:4318")
    if custom_exporter is not None and not isinstance(custom_exporter, SpanExporter):
        raise TypeError(
            "custom_exporter must be an opentelemetry.sdk.trace.export.SpanExporter,"
            f" got {custom_exporter!r}"
        )
    # Import every OTLP class first, so a missing one leaves no half-built exporter open.
    otlp: list[tuple[Callable[..., SpanExporter], str]] = []
    if otlp_endpoint is not None:
        otlp.append((_grpc_exporter_class(), otlp_endpoint))
    if otlp_http_endpoint is not None:
        otlp.append((_http_exporter_class(), otlp_http_traces_url(otlp_http_endpoint)))
    exporters = [exporter_class(endpoint=url) for exporter_class, url in otlp]
    if console:
        exporters.append(ConsoleSpanExporter(out=sys.stdout))
    if custom_exporter is not None:
        exporters.append(custom_exporter)
    return exporters


def _metric_exporter(argument: str) -> Callable[..., MetricExporter]:
    """The OTLP metric exporter class behind ``argument`` (gRPC or HTTP)."""
    try:
        if argument == "otlp_endpoint":
            from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import (
                OTLPMetricExporter,
            )
        else:
            from opentelemetry.exporter.otlp.proto.http.metric_exporter import (  # type: ignore[assignment]
                OTLPMetricExporter,
            )
    except ImportError as error:
        transport, extra = (
            ("gRPC", "otlp-grpc") if argument == "otlp_endpoint" else ("HTTP", "otlp-http")
        )
        raise ImportError(_missing(argument, transport, extra, "metric")) from error
    return OTLPMetricExporter


def build_metric_readers(
    *, otlp_endpoint: str | None, otlp_http_endpoint: str | None
) -> list[MetricReader]:
    """A periodic OTLP metric reader per endpoint (checked by ``build_exporters`` first).

    They export every ``OTEL_METRIC_EXPORT_INTERVAL`` ms (60 s by default), and at flush
    and shutdown.
    """
    from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader

    endpoints = []
    if otlp_endpoint is not None:
        endpoints.append((_metric_exporter("otlp_endpoint"), otlp_endpoint))
    if otlp_http_endpoint is not None:
        endpoints.append(
            (_metric_exporter("otlp_http_endpoint"), otlp_http_metrics_url(otlp_http_endpoint))
        )
    return [
        PeriodicExportingMetricReader(exporter_class(endpoint=url))
        for exporter_class, url in endpoints
    ]

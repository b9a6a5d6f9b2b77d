"""The set-up checks of a ``RactoTracer``, and building the exporters and readers it asks for.

Everything here runs at construction and fails fast with a message that says what to pass
or install. The OTLP exporters are imported lazily, only for the endpoints given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SpanExporter

from ractogateway.tracing._borrowed import OTLP_GRPC_ENCODE_SPANS, OTLP_HTTP_ENCODE_SPANS

if TYPE_CHECKING:
    from opentelemetry.sdk.metrics.export import MetricExporter, MetricReader

__all__ = [
    "build_exporters",
    "build_metric_readers",
    "check_settings",
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


def check_settings(
    *,
    service_name: object,
    max_queued_spans: object,
    genai_metrics: object,
    metric_readers: object,
    otlp: object,
) -> None:
    """Fail fast on tracer settings that cannot work, saying what to pass.

    Raises:
        TypeError: a setting has the wrong type.
        ValueError: ``service_name`` is empty, ``max_queued_spans`` is below 1,
            ``metric_readers`` are given without ``genai_metrics=True``, or
            ``genai_metrics=True`` has nowhere to send the metrics.
    """
    if max_queued_spans is not None:
        if isinstance(max_queued_spans, bool) or not isinstance(max_queued_spans, int):
            raise TypeError(
                f"max_queued_spans must be an int or None, got {type(max_queued_spans).__name__}"
            )
        if max_queued_spans < 1:
            raise ValueError(f"max_queued_spans must be at least 1, got {max_queued_spans}")
    if not isinstance(genai_metrics, bool):
        raise TypeError(f"genai_metrics must be a bool, got {type(genai_metrics).__name__}")
    if isinstance(metric_readers, (str, bytes)) or not isinstance(metric_readers, (list, tuple)):
        raise TypeError(
            "metric_readers must be a list or tuple of MetricReader,"
            f" got {type(metric_readers).__name__}"
        )
    if metric_readers and not genai_metrics:
        raise ValueError("metric_readers are read only with genai_metrics=True: pass both")
    if genai_metrics and not (metric_readers or otlp):
        raise ValueError(
            "genai_metrics=True needs somewhere to send the metrics: otlp_endpoint,"
            " otlp_http_endpoint or metric_readers"
        )
    if not isinstance(service_name, str):
        raise TypeError(f"service_name must be a str, got {service_name!r}")
    if not service_name.strip():
        raise ValueError("service_name must not be empty")


def _missing(argument: str, transport: str, extra: str, signal: str = "span") -> str:
    return (
        f"{argument} needs the OTLP {transport} {signal} exporter, which is not installed:"
        f' pip install "ractogateway-tracing[{extra}]"'
    )


def _grpc_exporter_class() -> Callable[..., SpanExporter]:
    """The official OTLP/gRPC span exporter, with our span encoder (``_otlp``)."""
    try:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    except ImportError as error:
        raise ImportError(_missing("otlp_endpoint", "gRPC", "otlp-grpc")) from error
    from ractogateway.tracing._otlp import fast_exporter_class

    return fast_exporter_class(OTLPSpanExporter, OTLP_GRPC_ENCODE_SPANS)


def _http_exporter_class() -> Callable[..., SpanExporter]:
    """The official OTLP/HTTP span exporter, with our span encoder (``_otlp``)."""
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError as error:
        raise ImportError(_missing("otlp_http_endpoint", "HTTP", "otlp-http")) from error
    from ractogateway.tracing._otlp import encode_serialized, fast_exporter_class

    return fast_exporter_class(OTLPSpanExporter, OTLP_HTTP_ENCODE_SPANS, encode_serialized)


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

"""Building the span exporters a ``RactoTracer`` asks for (the OTLP ones imported lazily)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SpanExporter

__all__ = ["build_exporters", "otlp_http_traces_url"]

_TRACES_PATH = "/v1/traces"


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


def _missing(argument: str, transport: str, extra: str) -> str:
    return (
        f"{argument} needs the OTLP {transport} span exporter, which is not installed:"
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

"""Telemetry for LLM calls: OpenTelemetry spans, Prometheus metrics and USD cost, in one place.

The meta-package of RactoGateway Telemetry: the names of ``ractogateway.tracing``,
``ractogateway.metrics`` and ``ractogateway.pricing`` (the very same objects), plus
``Telemetry``, the helper a developer kit wraps around each LLM call. Pass a tracer as
``tracer=`` and metrics as ``metrics=`` to any developer kit.

Examples:
    >>> from prometheus_client import CollectorRegistry
    >>> from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry
    >>> tracer = RactoTracer(in_memory=True)
    >>> metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
    >>> telemetry = Telemetry(tracer=tracer, metrics=metrics)
    >>> with telemetry.chat(provider="openai", model="gpt-4o") as call:
    ...     call.usage(input_tokens=1_200, output_tokens=300)
    >>> span = tracer.spans[0]
    >>> span.model, span.input_tokens, span.output_tokens, round(span.cost_usd, 6)
    ('gpt-4o', 1200, 300, 0.006)
    >>> [line for line in metrics.generate_latest().splitlines()
    ...  if line.startswith("ractogateway_cost_usd_total{")]
    ['ractogateway_cost_usd_total{model="gpt-4o",provider="openai"} 0.006']

A kit can hand over the provider's answer instead, as the SDK object, its dict or the raw
JSON, and ``Telemetry`` reads the usage the way that provider counts it:

    >>> with telemetry.chat(provider="anthropic", model="claude-sonnet-4-5") as call:
    ...     call.response({"type": "message", "model": "claude-sonnet-4-5-20250929",
    ...         "content": [], "usage": {"input_tokens": 50, "output_tokens": 10,
    ...                                  "cache_read_input_tokens": 2_000}})
    >>> span = tracer.spans[-1]
    >>> span.input_tokens, span.cache_read_tokens, span.response_model
    (2050, 2000, 'claude-sonnet-4-5-20250929')

From the shell, ``python -m ractogateway.telemetry`` runs a simulated gateway through all of
it, serves the metrics on http://127.0.0.1:8000/metrics and prints a summary.
"""

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter
from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, compute_cost, lookup_pricing
from ractogateway.telemetry._kit import Telemetry
from ractogateway.telemetry._version import __version__
from ractogateway.tracing import RactoTracer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ractogateway.pricing import Usage, load_price_table, usage_from
    from ractogateway.tracing import SpanRecord

__all__ = [
    "DEFAULT_COST_TABLE",
    "GatewayMetricsMiddleware",
    "ModelPricing",
    "PrometheusExporter",
    "RactoTracer",
    "SpanRecord",
    "Telemetry",
    "Usage",
    "__version__",
    "compute_cost",
    "load_price_table",
    "lookup_pricing",
    "usage_from",
]

#: Names imported at their first use, from the distribution that owns them (``SpanRecord``
#: loads pydantic; the others are imported lazily by pricing too).
_LAZY = {
    "SpanRecord": "ractogateway.tracing",
    "Usage": "ractogateway.pricing",
    "load_price_table": "ractogateway.pricing",
    "usage_from": "ractogateway.pricing",
}


def __getattr__(name: str) -> object:
    """Import the names in ``_LAZY`` at their first use (the very same objects)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

"""Prometheus metrics for LLM gateways: requests, latency, tokens, cost, cache and tool calls.

Pass a ``GatewayMetricsMiddleware`` as ``metrics=`` to a developer kit, and serve what it
records with a ``PrometheusExporter`` (or ``generate_latest()`` in your own endpoint).
Depends on ``ractogateway-pricing`` and ``prometheus-client`` only.

Examples:
    >>> from prometheus_client import CollectorRegistry
    >>> from ractogateway.metrics import GatewayMetricsMiddleware
    >>> metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
    >>> metrics.record_request(provider="openai", model="gpt-4o", operation="chat",
    ...     status="ok", latency_s=0.42, input_tokens=1200, output_tokens=300,
    ...     tool_calls=[{"name": "get_weather"}])
    >>> metrics.record_cache_hit("exact")
    >>> text = metrics.generate_latest()
    >>> 'provider="openai",status="ok"} 1.0' in text
    True
    >>> 'ractogateway_tool_calls_total{tool_name="get_weather"} 1.0' in text
    True

Serving it: ``PrometheusExporter(port=8000).start()`` (``addr=``, ``certfile=``/``keyfile=``
for HTTPS). Under gunicorn or uvicorn workers, set ``PROMETHEUS_MULTIPROC_DIR``: see
docs/multiprocess.md; ``mark_worker_dead(pid)`` (gunicorn's ``child_exit``) or
``merge_exited_workers()`` folds exited workers' files so that the directory stays small.
"""

from ractogateway.metrics._exporter import PrometheusExporter
from ractogateway.metrics._middleware import GatewayMetricsMiddleware
from ractogateway.metrics._multiprocess import mark_worker_dead, merge_exited_workers
from ractogateway.metrics._version import __version__

__all__ = [
    "GatewayMetricsMiddleware",
    "PrometheusExporter",
    "__version__",
    "mark_worker_dead",
    "merge_exited_workers",
]

"""The demo's simulated gateway workload, importable for other tools (dashboards, rules, bench).

Not part of the public ``ractogateway.telemetry`` API: it serves this repository's demo and
tooling, and may change with them.

Examples:
    >>> from prometheus_client import CollectorRegistry
    >>> from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry
    >>> from ractogateway.telemetry._demo import run_workload, summarize
    >>> tracer = RactoTracer(in_memory=True)
    >>> metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
    >>> result = run_workload(Telemetry(tracer=tracer, metrics=metrics), requests=50, seed=7,
    ...                       speedup=1000)
    >>> len(tracer.spans) == len(result.calls)
    True
    >>> summarize(tracer.spans).calls == len(result.calls)
    True
"""

from ractogateway.telemetry._demo._cli import build_parser, main, metrics_url
from ractogateway.telemetry._demo._driver import Progress, WorkloadResult, run_workload
from ractogateway.telemetry._demo._summary import ModelSummary, Summary, render_summary, summarize
from ractogateway.telemetry._demo._workload import (
    CHAT_MODELS,
    EMBED_MODELS,
    CallOutcome,
    ModelProfile,
    ProviderError,
    Request,
    SimulatedGateway,
    plan_request,
)

__all__ = [
    "CHAT_MODELS",
    "EMBED_MODELS",
    "CallOutcome",
    "ModelProfile",
    "ModelSummary",
    "Progress",
    "ProviderError",
    "Request",
    "SimulatedGateway",
    "Summary",
    "WorkloadResult",
    "build_parser",
    "main",
    "metrics_url",
    "plan_request",
    "render_summary",
    "run_workload",
    "summarize",
]

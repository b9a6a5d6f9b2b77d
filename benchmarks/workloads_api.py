"""Ours and earlier: the documented API (API.md), same calls and arguments for both.

Ours takes each name from the leaf distribution that owns it (``ractogateway.tracing``,
``.metrics``, ``.pricing``; the kit helper from ``.telemetry``); earlier takes them all from
``ractogateway.telemetry`` of ``ractogateway==0.2.1``. Names are imported by the worker at run
time, so a name that has not landed yet makes the scenario "unavailable", not an error.
"""

from __future__ import annotations

import functools
import importlib
import time
from collections.abc import Callable
from typing import Any

from benchmarks import calls
from benchmarks.catalogue import EARLIER, OURS
from benchmarks.timing import Workload

_LEAF = {
    "RactoTracer": "ractogateway.tracing",
    "GatewayMetricsMiddleware": "ractogateway.metrics",
    "compute_cost": "ractogateway.pricing",
    "ModelPricing": "ractogateway.pricing",
    "Telemetry": "ractogateway.telemetry",
}


def load(impl: str, name: str) -> Any:
    """Return the documented ``name`` of implementation ``impl``.

    Raises:
        ImportError: the module is missing, or (earlier) has no such name.
        AttributeError: the module does not define ``name`` (yet).
    """
    if impl == EARLIER and name == "Telemetry":
        raise ImportError("ractogateway 0.2.1 has no Telemetry kit helper")
    module = importlib.import_module(_LEAF[name] if impl == OURS else "ractogateway.telemetry")
    return getattr(module, name)


def _flush(tracer: Any) -> None:
    """Export every span recorded so far: ``force_flush`` (ours), the SDK's (earlier)."""
    if hasattr(tracer, "force_flush"):
        tracer.force_flush()
        return
    # 0.2.1 has no force_flush: reach the span processor of the SDK tracer it builds.
    getattr(tracer, "_otel_tracer").span_processor.force_flush()  # noqa: B009


def _metrics(impl: str, **options: Any) -> tuple[Any, Callable[[], dict[str, object]]]:
    """A middleware on a fresh registry, and a function counting the benchmarked requests."""
    from prometheus_client import CollectorRegistry

    registry = CollectorRegistry()
    metrics = load(impl, "GatewayMetricsMiddleware")(registry=registry, **options)
    labels = {"provider": calls.PROVIDER, "model": calls.MODEL, "operation": "chat", "status": "ok"}

    def facts() -> dict[str, object]:
        return {
            "requests_counted": registry.get_sample_value("ractogateway_requests_total", labels)
        }

    return metrics, facts


def _exporting_tracer(
    impl: str, **options: Any
) -> tuple[Any, Any, Callable[[], dict[str, object]]]:
    """A tracer exporting to the counting in-memory exporter through a batch processor."""
    from benchmarks.spans import CountingSpanExporter, sink_facts

    exporter = CountingSpanExporter()
    tracer = load(impl, "RactoTracer")(custom_exporter=exporter, **options)

    def facts() -> dict[str, object]:
        _flush(tracer)
        return sink_facts(exporter)

    return tracer, exporter, facts


def _in_memory(impl: str, *, embed: bool = False) -> Workload:
    tracer = load(impl, "RactoTracer")(in_memory=True)
    recorded = 0

    def between() -> None:
        nonlocal recorded
        recorded += len(tracer.spans)
        tracer.clear_spans()

    return Workload(
        calls.EMBED_SPAN if embed else calls.CHAT_SPAN,
        {
            "record_chat_span": tracer.record_chat_span,
            "record_embed_span": tracer.record_embed_span,
        },
        between=between,
        facts=lambda: {"spans_recorded": recorded},
    )


def _generate_latest(impl: str) -> Workload:
    pricing = load(impl, "ModelPricing")
    price_in, price_out = calls.S6_PRICE
    table = {
        model: pricing(input_per_million=price_in, output_per_million=price_out)
        for model in calls.S6_MODELS
    }
    metrics, _facts = _metrics(impl, price_table=table)
    for model in calls.S6_MODELS:
        for status in calls.S6_STATUSES:
            metrics.record_request(
                provider=calls.PROVIDER,
                model=model,
                operation="chat",
                status=status,
                latency_s=calls.LATENCY_S,
                input_tokens=calls.INPUT_TOKENS,
                output_tokens=calls.OUTPUT_TOKENS,
                tool_calls=calls.TOOL_CALLS,
            )
    return Workload(
        calls.GENERATE_LATEST,
        {"generate_latest": metrics.generate_latest},
        facts=lambda: {"chars": len(metrics.generate_latest())},
    )


def _kit(impl: str, *, helper: bool) -> Workload:
    tracer, exporter, span_facts = _exporting_tracer(impl)
    metrics, request_facts = _metrics(impl)
    note = ""
    namespace: dict[str, Any] = {"tool_calls": calls.TOOL_CALLS}
    try:
        telemetry = load(impl, "Telemetry")(tracer=tracer, metrics=metrics) if helper else None
    except (ImportError, AttributeError) as error:
        telemetry = None
        note = f"direct calls, no kit helper ({error})"
    if telemetry is not None:
        stmt = calls.KIT_HELPER
        namespace["chat"] = telemetry.chat
        note = "Telemetry kit helper"
    else:
        stmt = calls.KIT_DIRECT
        namespace["record_chat_span"] = tracer.record_chat_span
        namespace["record_request"] = metrics.record_request
        namespace["perf_counter"] = time.perf_counter
        note = note or "direct record_chat_span + record_request"
    return Workload(
        stmt,
        namespace,
        between=exporter.clear,
        facts=lambda: {**span_facts(), **request_facts()},
        note=note,
    )


def _chat_span(impl: str, *, sdk_path: bool = False, genai: bool = False) -> Workload:
    options: dict[str, Any] = {}
    if genai:  # the GenAI client metrics too, read by the SDK's in-memory reader
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader

        options = {"genai_metrics": True, "metric_readers": [InMemoryMetricReader()]}
    tracer, exporter, facts = _exporting_tracer(impl, **options)
    if sdk_path:
        # Ours' private switch to the SDK path that finished spans replaced (the reference
        # of tests/tracing/test_finished.py): the same tracer, spans made by start_span + end.
        tracer._emit = tracer._pipeline.emit_live
    return Workload(
        calls.CHAT_SPAN,
        {"record_chat_span": tracer.record_chat_span},
        between=exporter.clear,
        facts=facts,
    )


def _request(impl: str) -> Workload:
    metrics, facts = _metrics(impl)
    return Workload(
        calls.RECORD_REQUEST,
        {"record_request": metrics.record_request, "tool_calls": calls.TOOL_CALLS},
        facts=facts,
    )


def _cost(impl: str, model: str) -> Workload:
    compute_cost = load(impl, "compute_cost")
    return Workload(
        calls.COMPUTE_COST,
        {"compute_cost": compute_cost, "model": model},
        facts=lambda: {"cost": compute_cost(model, calls.INPUT_TOKENS, calls.OUTPUT_TOKENS)},
    )


def _otlp_export(impl: str, transport: str) -> Workload | None:
    """S8: ours' tracer exporting over OTLP to the sink; each timed batch ends with a flush."""
    if impl != OURS:
        return None
    from benchmarks import otlp

    sink = otlp.Sink(transport)
    tracer = otlp.ours_tracer(transport, sink.endpoint)
    return Workload(
        calls.CHAT_SPAN,
        {"record_chat_span": tracer.record_chat_span},
        facts=lambda: {"dropped_spans": tracer.dropped_spans, **sink.received()},
        settle=tracer.force_flush,
        min_calls=otlp.MIN_SPANS,
    )


def _otlp_latency(impl: str, transport: str) -> Workload | None:
    """S9: ours' call latency with the exporter flat out and idle (``otlp.latencies``)."""
    if impl != OURS:
        return None
    from benchmarks import otlp

    sink = otlp.Sink(transport)
    tracer = otlp.ours_tracer(transport, sink.endpoint, max_queued_spans=otlp.S9_QUEUE)
    record = functools.partial(
        tracer.record_chat_span,
        provider=calls.PROVIDER,
        model=calls.MODEL,
        latency_ms=calls.LATENCY_MS,
        input_tokens=calls.INPUT_TOKENS,
        output_tokens=calls.OUTPUT_TOKENS,
        tool_calls=1,
    )

    def measure(blocks: int) -> dict[str, object]:
        busy, backlog = otlp.latencies(record, tracer, blocks, busy=True)
        idle, _ = otlp.latencies(record, tracer, blocks, busy=False)
        return otlp.latency_summary(busy, idle, backlog)

    return Workload(
        calls.CHAT_SPAN,
        {"record_chat_span": tracer.record_chat_span},
        facts=lambda: {"dropped_spans": tracer.dropped_spans, **sink.received()},
        latency=measure,
    )


_BUILDERS: dict[str, Callable[[str], Workload | None]] = {
    "S1": _in_memory,
    "S1-embed": lambda impl: _in_memory(impl, embed=True),
    "S2": _chat_span,
    "S2-sdk": lambda impl: _chat_span(impl, sdk_path=True),
    "S2-genai": lambda impl: _chat_span(impl, genai=True),
    "S3": _request,
    **{sid: functools.partial(_cost, model=model) for sid, model in calls.S4_MODELS.items()},
    "S5": lambda impl: _kit(impl, helper=True),
    "S5-direct": lambda impl: _kit(impl, helper=False),
    "S6": _generate_latest,
    "S7": lambda impl: _kit(impl, helper=True),
    **{
        f"{prefix}-{transport}": functools.partial(builder, transport=transport)
        for prefix, builder in (("S8", _otlp_export), ("S9", _otlp_latency))
        for transport in ("grpc", "http")
    },
}


def build(impl: str, sid: str) -> Workload | None:
    """Return ``impl``'s workload for scenario ``sid`` (None where it has none)."""
    builder = _BUILDERS.get(sid)
    return None if builder is None else builder(impl)

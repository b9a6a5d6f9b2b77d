"""The S2/S5/S7 span sink, shared by all implementations: an in-memory exporter that counts.

Imported only by workers that export spans (it needs opentelemetry-sdk).
"""

from __future__ import annotations

from collections.abc import Sequence

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


class CountingSpanExporter(InMemorySpanExporter):
    """OpenTelemetry's ``InMemorySpanExporter`` that also counts what it received.

    The timing loop clears it between batches (memory stays bounded); the count and the last
    span survive, so the orchestrator can check that every span was exported (none dropped by
    a full queue) and that ours and the minimum produce the same span.
    """

    def __init__(self) -> None:
        super().__init__()
        self.exported = 0
        self.last: ReadableSpan | None = None

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        """Count, keep the last span, and store the spans as the parent does."""
        if spans:
            self.exported += len(spans)
            self.last = spans[-1]
        return super().export(spans)


def describe(span: ReadableSpan | None) -> dict[str, object]:
    """Return what must match between ours and the minimum: name, kind, attribute keys."""
    if span is None:
        return {}
    attributes = dict(span.attributes or {})
    duration_ns = (span.end_time or 0) - (span.start_time or 0)
    return {
        "name": span.name,
        "kind": span.kind.name,
        "attributes": sorted(attributes),
        "values": {key: repr(value) for key, value in sorted(attributes.items())},
        "status": span.status.status_code.name,
        "duration_ms": round(duration_ns / 1e6, 3),
    }


def sink_facts(exporter: CountingSpanExporter) -> dict[str, object]:
    """Facts about the exported spans, for the JSON (after a flush)."""
    return {"spans_exported": exporter.exported, "span": describe(exporter.last)}

"""In-process span exporters for the tracing tests, and the reader of the console exporter.

``CollectingExporter`` keeps what it exports in a ``SpanStore`` (the store the real OTLP
receivers of ``otlp_receivers.py`` fill), as ``ReceivedSpan`` objects made by
``from_readable``, so a test reads spans the same way whichever transport delivered them.
``HangingExporter`` is a collector that hangs: its export blocks until ``release()``.
``parse_console`` decodes what ``ConsoleSpanExporter`` printed. They subclass the
OpenTelemetry SDK's ``SpanExporter``: only tests/tracing imports this module (cells with
ractogateway-tracing, hence the SDK); ``tests/tracing/conftest.py`` serves them as fixtures.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from otlp_receivers import ReceivedSpan, SpanStore

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import ReadableSpan


def from_readable(span: ReadableSpan) -> ReceivedSpan:
    """Turn an SDK ``ReadableSpan`` (what a custom exporter gets) into a ``ReceivedSpan``."""
    context = span.get_span_context()
    assert context is not None
    assert span.start_time is not None
    assert span.end_time is not None
    return ReceivedSpan(
        name=span.name,
        kind=span.kind.name,
        start_ns=span.start_time,
        end_ns=span.end_time,
        attributes=dict(span.attributes or {}),
        resource=dict(span.resource.attributes),
        scope=span.instrumentation_scope.name if span.instrumentation_scope else "",
        status_code=span.status.status_code.name,
        status_message=span.status.description or "",
        trace_id=context.trace_id,
        span_id=context.span_id,
        parent_span_id=span.parent.span_id if span.parent else None,
    )


class CollectingExporter(SpanExporter):
    """An in-process custom exporter that keeps what it exports in a ``SpanStore``."""

    def __init__(self, store: SpanStore) -> None:
        self.store = store

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.store.add([from_readable(span) for span in spans])
        return SpanExportResult.SUCCESS


class HangingExporter(SpanExporter):
    """A custom exporter whose export blocks until ``release()`` (a hung collector)."""

    def __init__(self) -> None:
        self._released = threading.Event()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self._released.wait()
        return SpanExportResult.FAILURE

    def release(self) -> None:
        self._released.set()


def parse_console(text: str) -> list[dict[str, Any]]:
    """Decode the JSON span objects ``ConsoleSpanExporter`` printed, one after another."""
    decoder = json.JSONDecoder()
    spans: list[dict[str, Any]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        span, position = decoder.raw_decode(text, position)
        spans.append(span)
        while position < len(text) and text[position].isspace():
            position += 1
    return spans

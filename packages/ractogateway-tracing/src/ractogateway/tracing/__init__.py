"""OpenTelemetry spans for LLM calls, with GenAI semantic-convention attributes and cost.

``RactoTracer`` records one span per chat, stream or embedding call; ``SpanRecord`` is what
``RactoTracer(in_memory=True).spans`` returns.

Examples:
    >>> from ractogateway.tracing import RactoTracer
    >>> tracer = RactoTracer(in_memory=True)
    >>> tracer.record_chat_span(provider="anthropic", model="claude-sonnet-4-5",
    ...                         latency_ms=950.0, input_tokens=2000, output_tokens=400,
    ...                         operation="stream", time_to_first_token_ms=210.0)
    >>> span = tracer.spans[0]
    >>> span.name, span.operation, span.time_to_first_token_ms
    ('llm.chat', 'stream', 210.0)

Export with ``RactoTracer(otlp_endpoint="http://localhost:4317")`` (gRPC, extra
``otlp-grpc``), ``otlp_http_endpoint="http://localhost:4318"`` (extra ``otlp-http``),
``console=True`` or ``custom_exporter=...``.
"""

from ractogateway.tracing._tracer import RactoTracer
from ractogateway.tracing._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ractogateway.tracing._record import SpanRecord

__all__ = ["RactoTracer", "SpanRecord", "__version__"]


def __getattr__(name: str) -> object:
    """Import ``SpanRecord`` (and with it pydantic) at its first use."""
    if name != "SpanRecord":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ractogateway.tracing._record import SpanRecord

    globals()[name] = SpanRecord
    return SpanRecord

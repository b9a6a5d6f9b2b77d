"""``RactoTracer``: one OpenTelemetry span per LLM call, never raising or blocking the caller.

The facade: the keyword entry points build the call's record (``make_call``, shared with
the metrics) and hand it to ``_record_call``, the internal entry point the kit helper uses
too; how a record becomes a span lives with the attribute keys (``_attributes``), the
set-up checks with the exporters (``_exporters``), export with the pipeline (``_pipeline``).
"""

from __future__ import annotations

import weakref
from time import time_ns
from typing import TYPE_CHECKING

from ractogateway.pricing._shared import (
    KEYWORDS,
    PriceResolver,
    Sanitizer,
    make_call,
    positional_error,
    runs_as,
)
from ractogateway.tracing._attributes import span_attributes
from ractogateway.tracing._exporters import build_exporters, build_metric_readers, check_settings
from ractogateway.tracing._inputs import CHAT_OPERATIONS, chat_operation, outcome
from ractogateway.tracing._log import LOGGER
from ractogateway.tracing._pipeline import Pipeline

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from opentelemetry.sdk.metrics.export import MetricReader
    from opentelemetry.sdk.trace.export import SpanExporter
    from opentelemetry.trace import SpanContext

    from ractogateway.pricing import ModelPricing
    from ractogateway.pricing._shared import Call, Lookup
    from ractogateway.tracing._finished import Emit
    from ractogateway.tracing._genai_public import GenAIRecorder
    from ractogateway.tracing._record import SpanRecord

__all__ = ["RactoTracer"]


class RactoTracer:
    """OpenTelemetry tracer for LLM calls. Pass it as ``tracer=`` to any developer kit.

    Each ``record_*`` call becomes one span named ``llm.chat`` or ``llm.embed``, of kind
    CLIENT, child of the current context, ending now and starting ``latency_ms`` earlier,
    carrying the ``llm.*`` and OpenTelemetry GenAI attributes and the call's cost. The
    tracer owns its ``TracerProvider`` (the global one is never replaced); export runs in
    batches on background threads, and queued spans are flushed at interpreter exit
    (waiting at most 10 s). While a collector is down, spans wait in a bounded queue per
    exporter and a failed export is retried with backoff, in order; spans beyond the bound
    are dropped and counted in ``dropped_spans``.

    ``record_*`` never raise and never block: bad arguments are sanitised (rule below) and
    each kind of problem is logged once at WARNING on the ``ractogateway.tracing`` logger.
    The rule: ``latency_ms`` negative, NaN, infinite, above 1e12 or not a number -> 0; token
    counts and ``tool_calls`` negative, above 2**63 - 1 or not a number -> 0 (floats are
    truncated); cache token parts above ``input_tokens`` -> clamped to it, the long-write
    part to ``cache_write_tokens`` and the reasoning part to ``output_tokens``; None, empty or
    non-str ``provider`` or ``model`` -> ``str(value)`` or ``"unknown"``; any string with
    lone surrogates -> U+FFFD for each, longer than 256 characters -> its first 256; unknown
    ``cache_hit`` -> ``"miss"``; unknown ``operation`` -> ``"chat"``; unknown ``status`` ->
    ``"error"`` if ``error_type`` is given, else ``"ok"``; ``error_type`` with
    ``status="ok"`` -> dropped; a bad ``time_to_first_token_ms`` -> not recorded.

    Args:
        service_name: The ``service.name`` resource attribute.
        otlp_endpoint: OTLP gRPC endpoint URL, e.g. ``"http://localhost:4317"``; needs
            ``pip install "ractogateway-tracing[otlp-grpc]"``.
        otlp_http_endpoint: OTLP HTTP base URL, e.g. ``"http://localhost:4318"``; spans go
            to ``<base>/v1/traces``; needs ``pip install "ractogateway-tracing[otlp-http]"``.
        console: Also print spans to stdout.
        in_memory: Capture spans in a thread-safe list, read with ``.spans`` (for tests).
        custom_exporter: Any ``opentelemetry.sdk.trace.export.SpanExporter``.
        price_table: Entries that override or extend the built-in price table.
        max_queued_spans: Spans held per exporter while they wait for export (the memory
            bound, about 1 KiB each); None: ``OTEL_BSP_MAX_QUEUE_SIZE`` if set, else 65,536.
        genai_metrics: Also record the OpenTelemetry GenAI client metrics of each call
            (``gen_ai.client.operation.duration``, ``gen_ai.client.token.usage``,
            ``gen_ai.client.operation.time_to_first_chunk``), sent to the OTLP endpoints
            (``/v1/metrics`` over HTTP) and to ``metric_readers``.
        metric_readers: More readers of those metrics, e.g. an ``InMemoryMetricReader``;
            each belongs to this tracer alone (not to a ``MeterProvider``).

    Raises:
        TypeError: ``service_name``, an endpoint, ``custom_exporter``, ``price_table``,
            ``max_queued_spans``, ``genai_metrics`` or ``metric_readers`` has the wrong type.
        ValueError: ``service_name`` is empty, an endpoint is not an http(s) URL,
            ``max_queued_spans`` is below 1, ``metric_readers`` are given without
            ``genai_metrics=True`` (or a reader is registered elsewhere), or
            ``genai_metrics=True`` has neither an OTLP endpoint nor a reader.
        ImportError: an OTLP endpoint is given but its exporter extra is not installed.

    Examples:
        >>> tracer = RactoTracer(in_memory=True)
        >>> tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=812.0,
        ...                         input_tokens=1200, output_tokens=300)
        >>> [(s.name, s.latency_ms, s.cost_usd > 0) for s in tracer.spans]
        [('llm.chat', 812.0, True)]
    """

    __slots__ = ("__weakref__", "_emit", "_genai", "_lookup", "_pipeline", "_rows", "_sanitizer")

    def __init__(
        self,
        *,
        service_name: str = "ractogateway",
        otlp_endpoint: str | None = None,
        otlp_http_endpoint: str | None = None,
        console: bool = False,
        in_memory: bool = False,
        custom_exporter: SpanExporter | None = None,
        price_table: dict[str, ModelPricing] | None = None,
        max_queued_spans: int | None = None,
        genai_metrics: bool = False,
        metric_readers: Sequence[MetricReader] = (),
    ) -> None:
        check_settings(
            service_name=service_name,
            max_queued_spans=max_queued_spans,
            genai_metrics=genai_metrics,
            metric_readers=metric_readers,
            otlp=otlp_endpoint or otlp_http_endpoint,
        )
        self._lookup: Lookup = PriceResolver(price_table).lookup
        self._sanitizer = Sanitizer(LOGGER)
        service_name = self._sanitizer.label("service_name", service_name)
        # The records of the calls, built into SpanRecord objects when read. list.append,
        # .copy() and .clear() are each atomic (the GIL, or the list's own lock).
        self._rows: list[Call] | None = [] if in_memory else None
        exporters = build_exporters(
            otlp_endpoint=otlp_endpoint,
            otlp_http_endpoint=otlp_http_endpoint,
            console=console,
            custom_exporter=custom_exporter,
        )
        readers = (
            [
                *build_metric_readers(
                    otlp_endpoint=otlp_endpoint, otlp_http_endpoint=otlp_http_endpoint
                ),
                *metric_readers,
            ]
            if genai_metrics
            else []
        )
        self._pipeline: Pipeline | None = None
        self._emit: Emit | None = None
        self._genai: GenAIRecorder | None = None
        if exporters or readers:
            self._pipeline = Pipeline(service_name, exporters, max_queued_spans, readers)
            self._emit = self._pipeline.emit if exporters else None
            self._genai = self._pipeline.genai
            # A tracer dropped without shutdown() still flushes and frees its threads.
            weakref.finalize(self, self._pipeline.begin_shutdown).atexit = False

    def record_chat_span(
        self,
        *,
        provider: str,
        model: str,
        latency_ms: float,
        input_tokens: int = 0,
        output_tokens: int = 0,
        cache_hit: str = "miss",
        tool_calls: int = 0,
        status: str = "ok",
        error_type: str | None = None,
        operation: str = "chat",
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        time_to_first_token_ms: float | None = None,
        cache_write_long_tokens: int = 0,
        reasoning_tokens: int = 0,
        response_model: str | None = None,
        response_id: str | None = None,
        finish_reasons: Sequence[str] | None = None,
        service_tier: str | None = None,
        region: str | None = None,
        server_tool_requests: Mapping[str, int] | None = None,
    ) -> SpanContext | None:
        """Record a completed chat or stream call. Never raises.

        Args:
            provider: ``"openai"``, ``"google"``, ``"anthropic"`` or another provider.
            model: Model identifier, e.g. ``"gpt-4o"``.
            latency_ms: Total wall-clock latency of the call in milliseconds.
            input_tokens: Prompt tokens, cached ones included; 0 for cache hits.
            output_tokens: Completion tokens; 0 for cache hits.
            cache_hit: ``"exact"``, ``"semantic"`` or ``"miss"``.
            tool_calls: Number of tool calls in the response.
            status: ``"ok"`` or ``"error"``.
            error_type: Exception class name when ``status == "error"``, else None.
            operation: ``"chat"`` or ``"stream"``.
            cache_read_tokens: Part of ``input_tokens`` read from the provider's prompt cache.
            cache_write_tokens: Part of ``input_tokens`` written to the prompt cache.
            time_to_first_token_ms: For streams, time to the first token in milliseconds.
            cache_write_long_tokens: Part of ``cache_write_tokens`` written with long
                retention (Anthropic's 1-hour, OpenAI's 12-hour cache).
            reasoning_tokens: Part of ``output_tokens`` that is reasoning (thinking).
            response_model: The model id the response named (often a dated snapshot).
            response_id: The response's id.
            finish_reasons: Why generation stopped, one reason per choice.
            service_tier: The tier the call was served at (the response's
                ``service_tier``; ``"batch"`` for a Batch API call; ``"fast"`` for
                Anthropic's fast mode): priced at that tier's variant (an unknown tier:
                the standard price, logged once).
            region: Where the call was processed when billed by region (Anthropic's
                ``inference_geo``, OpenAI's regional processing): the uplift applies.
            server_tool_requests: Server-side tool requests, ``{"web_search": 2}``,
                priced per request.

        The cost is the price at the span's end time, with its context tier, of
        ``response_model`` when the price table has it, else of ``model``.

        Returns:
            The span's context (its ``trace_id`` and ``span_id``) if the span was sampled
            for export, else None: pass it to ``record_request(span_context=...)`` for an
            exemplar that links the metrics to this span.
        """
        # The contract; callers run _chat_front itself, installed under this name below.
        return self._chat_front(
            KEYWORDS,
            input_tokens,
            output_tokens,
            cache_hit,
            tool_calls,
            status,
            error_type,
            operation,
            cache_read_tokens,
            cache_write_tokens,
            time_to_first_token_ms,
            cache_write_long_tokens,
            reasoning_tokens,
            response_model,
            response_id,
            finish_reasons,
            service_tier,
            region,
            server_tool_requests,
            provider=provider,
            model=model,
            latency_ms=latency_ms,
        )

    def _chat_front(  # noqa: PLR0917 - keyword-only in meaning (pricing._fronts)
        self,
        _keywords: object = KEYWORDS,
        input_tokens: int = 0,
        output_tokens: int = 0,
        cache_hit: str = "miss",
        tool_calls: int = 0,
        status: str = "ok",
        error_type: str | None = None,
        operation: str = "chat",
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        time_to_first_token_ms: float | None = None,
        cache_write_long_tokens: int = 0,
        reasoning_tokens: int = 0,
        response_model: str | None = None,
        response_id: str | None = None,
        finish_reasons: Sequence[str] | None = None,
        service_tier: str | None = None,
        region: str | None = None,
        server_tool_requests: Mapping[str, int] | None = None,
        *,
        provider: str,
        model: str,
        latency_ms: float,
    ) -> SpanContext | None:
        """``record_chat_span`` as it runs, installed under its name (``pricing._fronts``).

        Its options are positional-or-keyword, so the ones a call leaves out cost no dict
        look-up; a value given by position raises ``TypeError``, as for the documented method.
        """
        end_ns = time_ns()
        if _keywords is not KEYWORDS:
            raise positional_error("RactoTracer.record_chat_span")
        try:
            if not (operation in CHAT_OPERATIONS and status == "ok" and error_type is None):
                operation = chat_operation(self._sanitizer, operation)
                status, error_type = outcome(self._sanitizer, status, error_type)
            return self._record_call(
                make_call(  # positional, in Call's order (make_call says why)
                    self._sanitizer,
                    self._lookup,
                    operation,
                    provider,
                    model,
                    status,
                    error_type,
                    latency_ms,
                    None,
                    end_ns,
                    input_tokens,
                    output_tokens,
                    cache_read_tokens,
                    cache_write_tokens,
                    cache_write_long_tokens,
                    reasoning_tokens,
                    cache_hit,
                    tool_calls,
                    (),
                    time_to_first_token_ms,
                    response_model,
                    response_id,
                    finish_reasons,
                    service_tier,
                    region,
                    server_tool_requests,
                )
            )
        except Exception as error:  # telemetry never breaks the call
            self._internal_error(error)
        return None

    def record_embed_span(
        self,
        *,
        provider: str,
        model: str,
        latency_ms: float,
        input_tokens: int = 0,
        status: str = "ok",
        error_type: str | None = None,
        response_model: str | None = None,
        service_tier: str | None = None,
        region: str | None = None,
    ) -> SpanContext | None:
        """Record a completed embedding call. Never raises.

        Args:
            provider: ``"openai"``, ``"google"`` or another provider.
            model: Embedding model identifier.
            latency_ms: Total wall-clock latency of the call in milliseconds.
            input_tokens: Tokens embedded.
            status: ``"ok"`` or ``"error"``.
            error_type: Exception class name when ``status == "error"``, else None.
            response_model: The model id the response named; priced when the price table
                has it, else ``model``.
            service_tier: The tier the call was served at (``"batch"``...), as for
                ``record_chat_span``.
            region: Where the call was processed, as for ``record_chat_span``.

        Returns:
            The span's context if it was sampled for export, else None (as
            ``record_chat_span``).
        """
        # The contract; callers run _embed_front itself, installed under this name below.
        return self._embed_front(
            KEYWORDS,
            input_tokens,
            status,
            error_type,
            response_model,
            service_tier,
            region,
            provider=provider,
            model=model,
            latency_ms=latency_ms,
        )

    def _embed_front(  # noqa: PLR0917 - keyword-only in meaning (pricing._fronts)
        self,
        _keywords: object = KEYWORDS,
        input_tokens: int = 0,
        status: str = "ok",
        error_type: str | None = None,
        response_model: str | None = None,
        service_tier: str | None = None,
        region: str | None = None,
        *,
        provider: str,
        model: str,
        latency_ms: float,
    ) -> SpanContext | None:
        """``record_embed_span`` as it runs, installed under its name (as ``_chat_front``)."""
        end_ns = time_ns()
        if _keywords is not KEYWORDS:
            raise positional_error("RactoTracer.record_embed_span")
        try:
            if not (status == "ok" and error_type is None):
                status, error_type = outcome(self._sanitizer, status, error_type)
            return self._record_call(
                make_call(  # positional, in Call's order (make_call says why)
                    self._sanitizer,
                    self._lookup,
                    "embed",
                    provider,
                    model,
                    status,
                    error_type,
                    latency_ms,
                    None,
                    end_ns,
                    input_tokens,
                    0,
                    0,
                    0,
                    0,
                    0,
                    "miss",
                    0,
                    (),
                    None,
                    response_model,
                    None,
                    None,
                    service_tier,
                    region,
                )
            )
        except Exception as error:  # telemetry never breaks the call
            self._internal_error(error)
        return None

    def _record_call(self, call: Call) -> SpanContext | None:
        """Record a call already made safe and priced: its row, GenAI metrics and span.

        The internal entry point of ``record_chat_span`` / ``record_embed_span`` and of the
        kit helper (``ractogateway.telemetry.Telemetry``), which builds one ``Call`` for
        both recorders. Returns the span's context if it was sampled for export.
        """
        rows = self._rows
        if rows is not None:
            rows.append(call)
        if self._genai is not None:
            self._genai.record(call)
        emit = self._emit
        if emit is None:
            return None
        name, attributes, status = span_attributes(call)
        end_ns = call.end_ns
        return emit(name, attributes, end_ns - round(call.latency_ms * 1e6), end_ns, status)

    def _internal_error(self, error: Exception) -> None:
        """Log an unexpected failure inside ``record_*`` once per exception type."""
        self._sanitizer.warn_once(
            f"internal-{type(error).__name__}",
            f"span not recorded ({type(error).__name__})",
        )

    @property
    def spans(self) -> list[SpanRecord]:
        """A snapshot of the captured spans, oldest first ([] unless ``in_memory=True``)."""
        rows = self._rows
        if rows is None:
            return []
        # Imported here: pydantic is loaded only when spans are first read.
        from ractogateway.tracing._record import span_record

        return [span_record(call) for call in rows.copy()]

    def clear_spans(self) -> None:
        """Forget the captured spans (no effect unless ``in_memory=True``)."""
        if self._rows is not None:
            self._rows.clear()

    @property
    def dropped_spans(self) -> int:
        """Spans dropped, never exported, since construction (monotonic; 0 without export).

        A span is dropped when ``max_queued_spans`` spans already wait for an exporter, when
        its batch still fails 5 minutes after the first attempt, or when it is still queued
        as a shutdown's export fails. Each outage that dropped spans logs one WARNING.
        """
        pipeline = self._pipeline
        return 0 if pipeline is None else pipeline.dropped_spans

    def add_drop_listener(self, listener: Callable[[int, str], object]) -> None:
        """Call ``listener(count, reason)`` whenever spans are dropped from now on.

        ``reason`` is ``"queue_full"``, ``"export_failed"`` or ``"shutdown"`` (see
        ``dropped_spans``); a listener already added is not added again.

        It runs on the thread that dropped them: the recording one or the export thread.
        ``ractogateway.telemetry.Telemetry`` adds its metrics' ``record_dropped_spans``, so
        ``ractogateway_dropped_spans_total`` follows ``dropped_spans``. A listener must be
        quick and must not record spans; what it raises is logged at DEBUG and ignored.
        """
        if self._pipeline is not None:
            self._pipeline.add_drop_listener(listener)

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        """Export every queued span now, waiting at most ``timeout_millis``.

        Returns:
            True if every exporter finished in time (or there is nothing to export); False
            if one failed, did not finish in time, or the tracer is shut down.
        """
        pipeline = self._pipeline
        return True if pipeline is None else pipeline.force_flush(timeout_millis)

    def shutdown(self, *, timeout_millis: int = 10000) -> None:
        """Export the queued spans and close the exporters, waiting at most ``timeout_millis``.

        Later ``record_*`` calls are no longer exported nor measured (in-memory capture goes
        on). Idempotent; also done at interpreter exit and when the tracer is garbage-collected.
        """
        self._emit = None
        self._genai = None
        if self._pipeline is not None:
            self._pipeline.shutdown(timeout_millis)


if not TYPE_CHECKING:  # callers run the fronts; introspection and type checkers see the contract
    RactoTracer.record_chat_span = runs_as(RactoTracer.record_chat_span, RactoTracer._chat_front)
    RactoTracer.record_embed_span = runs_as(RactoTracer.record_embed_span, RactoTracer._embed_front)

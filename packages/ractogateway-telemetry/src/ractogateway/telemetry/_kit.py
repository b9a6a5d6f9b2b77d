"""``Telemetry``: the one block a developer kit wraps around each LLM call.

A kit holds one ``Telemetry`` built from the ``tracer=`` and ``metrics=`` its user passed
and opens ``with telemetry.chat(provider=..., model=...) as call:`` around every provider call.
On exit the block records one span and one request metric with the measured latency.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable, Mapping
from time import perf_counter, time_ns
from typing import TYPE_CHECKING, Any, Final

from ractogateway.metrics import GatewayMetricsMiddleware
from ractogateway.pricing._shared import (
    Call,
    PriceResolver,
    Reader,
    Sanitizer,
    make_call,
    priced,
)
from ractogateway.tracing import RactoTracer

if TYPE_CHECKING:
    from types import TracebackType

    from ractogateway.pricing._shared import Lookup

__all__ = ["CallObservation", "Telemetry"]

CHAT: Final = "chat"
STREAM: Final = "stream"
EMBED: Final = "embed"

_SANITIZER = Sanitizer(logging.getLogger("ractogateway.telemetry"))
_TRACER_METHODS = ("record_chat_span", "record_embed_span")
_METRICS_METHODS = ("record_request", "record_cache_hit", "record_cache_miss")
_PROVIDERS = {"openai": "OpenAI", "anthropic": "Anthropic", "gemini": "Google GenAI"}
#: A call's token counts in ``Usage``'s field order (make_call's too), model left out.
_Counts = tuple[int, int, int, int, int, int]
_NO_PARTS = (0, 0, 0, 0)


def _failed(recorder: str, error: Exception) -> None:
    """Log (once per recorder) that recording failed; the kit's call goes on untouched."""
    _SANITIZER.warn_once(
        f"{recorder}-raised",
        f"Telemetry: the {recorder} raised {type(error).__name__}; the call was not recorded there",
    )


def _no_usage(reader: Reader, operation: str) -> None:
    """Log (once per kind) that the call's responses carried no usage, and what to do."""
    if reader.provider is None:
        _SANITIZER.warn_once(
            f"unknown-{reader.unknown}",
            f"Telemetry: call.response()/chunk() got an object of type {reader.unknown}, not a"
            " response of OpenAI, Anthropic or Google GenAI; its usage was not read (use"
            " call.usage(...))",
        )
    elif reader.provider == "openai" and operation == STREAM:
        _SANITIZER.warn_once(
            "openai-stream-usage",
            "Telemetry: an OpenAI stream ended without usage, so it was recorded as 0 tokens"
            " and $0; create it with stream_options={'include_usage': True}",
        )
    else:
        _SANITIZER.warn_once(
            f"{reader.provider}-usage",
            f"Telemetry: a {_PROVIDERS[reader.provider]} {operation} response carried no usage;"
            " recorded as 0 tokens and $0",
        )


def _count_cache(record: Callable[[str], None], cache_type: str) -> None:
    """Count a cache hit or miss with ``record``; log, never raise, if it fails."""
    try:
        record(cache_type)
    except Exception as error:
        _failed("metrics", error)


class CallObservation:
    """What one LLM call reports while it runs; returned by ``Telemetry.chat/stream/embed``.

    Use it once, as ``with`` (or ``async with``). Report the provider's answer with
    ``response(...)`` (or each stream chunk with ``chunk(...)``), or by hand with ``usage``
    and ``tool_calls``. Every method is optional and never raises; what is reported twice
    keeps the last value (``first_token`` keeps the first).
    """

    __slots__ = (
        "_cache_hit",
        "_counts",
        "_first_token",
        "_model",
        "_operation",
        "_provider",
        "_reader",
        "_recorders",
        "_region",
        "_requests",
        "_service_tier",
        "_start",
        "_tools",
    )

    def __init__(  # noqa: PLR0917 - internal: Telemetry.chat/stream/embed build it
        self,
        recorders: _Recorders | None,
        operation: str,
        provider: str,
        model: str,
        service_tier: str | None = None,
        region: str | None = None,
    ) -> None:
        self._recorders = recorders
        self._operation = operation
        self._provider = provider
        self._model = model
        self._counts: _Counts | None = None  # reported by hand (usage())
        self._tools: list[Any] | None = None
        self._cache_hit = "miss"
        self._first_token: float | None = None
        self._start = 0.0
        self._reader: Reader | None = None
        self._service_tier = service_tier  # requested (declared); the served one wins
        self._region = region
        self._requests: object = None  # reported by hand (usage())

    def usage(
        self,
        *,
        input_tokens: int | None = 0,
        output_tokens: int | None = 0,
        cache_read_tokens: int | None = 0,
        cache_write_tokens: int | None = 0,
        cache_write_long_tokens: int | None = 0,
        reasoning_tokens: int | None = 0,
        service_tier: str | None = None,
        region: str | None = None,
        server_tool_requests: Mapping[str, int] | None = None,
    ) -> None:
        """Set the call's token usage as the provider reported it (None counts as 0).

        Args:
            input_tokens: Every prompt token, cached ones included (for Anthropic, add
                ``cache_read_input_tokens`` and ``cache_creation_input_tokens`` to its
                ``input_tokens``).
            output_tokens: Completion tokens (embeddings have none).
            cache_read_tokens: Part of ``input_tokens`` read from the provider's prompt cache.
            cache_write_tokens: Part of ``input_tokens`` written to the provider's prompt cache.
            cache_write_long_tokens: Part of ``cache_write_tokens`` written with long
                retention (Anthropic's 1-hour writes, ``ephemeral_1h_input_tokens``; OpenAI's
                12-hour cache).
            reasoning_tokens: Part of ``output_tokens`` that is reasoning (thinking): for
                OpenAI ``reasoning_tokens``, already inside ``completion_tokens``.
            service_tier: The tier the provider says it served the call at (OpenAI's
                ``service_tier``; Anthropic's ``usage.service_tier``, or ``"fast"`` when
                ``usage.speed`` is ``"fast"``); None keeps the tier declared on ``chat()``.
            region: Where the provider says it processed the call (Anthropic's
                ``usage.inference_geo``); None keeps the declared one.
            server_tool_requests: Server-side tool requests, ``{"web_search": 2}``
                (Anthropic's ``usage.server_tool_use``, OpenAI's ``tool_usage``).
        """
        # Kept as counts, not a Usage: a kit reports them on every call.
        self._counts = (
            input_tokens or 0,
            output_tokens or 0,
            cache_read_tokens or 0,
            cache_write_tokens or 0,
            cache_write_long_tokens or 0,
            reasoning_tokens or 0,
        )
        if service_tier is not None:
            self._service_tier = service_tier
        if region is not None:
            self._region = region
        if server_tool_requests is not None:
            self._requests = server_tool_requests
        reader = self._reader
        if reader is not None:  # forget the usage read so far: this replaces it
            reader.usage = None
            reader.unknown = None

    def response(self, response: object) -> None:
        """Read the usage, tool calls and model id of the provider's finished response.

        Takes an OpenAI Chat Completions, Responses or embeddings response, an Anthropic
        message, or a Google GenAI ``generate_content`` or ``embed_content`` response: the
        SDK's object, its ``model_dump()`` or the raw JSON dict. The call is then priced as
        the model the response names when the price table has it (a dated snapshot), else
        as the requested one, at the tier the response says it was served at (else the one
        declared on ``chat()``), in the region it names, with its server-side tool requests.
        A response without usage is logged once and counted in
        ``ractogateway_usage_missing_total``.
        """
        self._read(response)

    def chunk(self, chunk: object) -> None:
        """Read one stream chunk or event as it arrives (call it for every one, in order).

        OpenAI chunks and Responses events, Anthropic stream events and Google GenAI stream
        responses, as SDK objects or dicts. The first chunk with content marks the time to
        first token; usage is taken as each provider streams it, and streamed tool calls
        are put together (one per call id). An OpenAI chat stream reports usage only when
        created with ``stream_options={"include_usage": True}``.
        """
        if self._read(chunk) and self._first_token is None:
            self._first_token = perf_counter()

    def _read(self, obj: object) -> bool:
        """Read ``obj`` with this call's reader; return whether it carried content."""
        reader = self._reader
        if reader is None:
            reader = self._reader = Reader()
        return reader.read(obj)

    def tool_calls(self, calls: Iterable[Any] | None) -> None:
        """Set the tool calls of the response: objects with ``.name``, dicts, or names.

        The span records how many there are; the metrics count each tool by name. A single
        name or object counts as one call; None as none.
        """
        self._tools = (calls if type(calls) is list else _SANITIZER.tool_calls(calls)) or None
        if self._reader is not None:
            self._reader.tools.clear()

    def cache_hit(self, cache_type: str = "exact") -> None:
        """Mark the call as served from the gateway's cache and count the hit.

        Args:
            cache_type: ``"exact"`` or ``"semantic"``. The span records it as ``cache_hit``;
                report no usage for a hit (nothing was billed).
        """
        self._cache_hit = cache_type
        if self._recorders is not None and self._recorders.metrics is not None:
            _count_cache(self._recorders.metrics.record_cache_hit, cache_type)

    def cache_miss(self, cache_type: str = "exact") -> None:
        """Count a lookup in the gateway's ``"exact"`` or ``"semantic"`` cache that missed.

        Misses are counted only when the kit says so: a kit without a cache reports none.
        """
        if self._recorders is not None and self._recorders.metrics is not None:
            _count_cache(self._recorders.metrics.record_cache_miss, cache_type)

    def first_token(self) -> None:
        """Mark the arrival of the first token (streams); later calls are ignored."""
        if self._first_token is None:
            self._first_token = perf_counter()

    def __enter__(self) -> CallObservation:
        self._start = perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        latency_s = perf_counter() - self._start
        # GeneratorExit: the consumer closed a stream early, which is not a failed call.
        if exc_type is None or exc_type is GeneratorExit:
            self._record(latency_s, "ok", None)
        else:
            self._record(latency_s, "error", exc_type.__name__)
        # Returning None lets any exception propagate unchanged, traceback included.

    async def __aenter__(self) -> CallObservation:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, traceback)

    def _record(self, latency_s: float, status: str, error_type: str | None) -> None:
        """Build the call's record and hand it to the recorders; log, never raise."""
        recorders = self._recorders
        if recorders is None:
            return
        counts = self._counts
        reader = self._reader
        response_model = response_id = finish_reasons = None
        tier, region, requests = self._service_tier, self._region, self._requests
        missing = False
        if reader is not None:
            usage = reader.usage
            if usage is not None:
                counts = (
                    usage.input_tokens,
                    usage.output_tokens,
                    usage.cache_read_tokens,
                    usage.cache_write_tokens,
                    usage.cache_write_long_tokens,
                    usage.reasoning_tokens,
                )
            elif counts is None:
                missing = status == "ok" and self._cache_hit == "miss"
                if missing:
                    _no_usage(reader, self._operation)
            if reader.tools:
                self._tools = list(reader.tools.values())
            response_model, response_id = reader.model, reader.response_id
            finish_reasons = reader.finish_reasons
            tier, region, requests = _served(reader, tier, region, requests)
        first = self._first_token
        read, write, write_long, reasoning = _NO_PARTS if counts is None else counts[2:]
        try:
            call = make_call(  # positional, in Call's order (make_call says why)
                _SANITIZER,
                recorders.lookup,
                self._operation,
                self._provider,
                self._model,
                status,
                error_type,
                None,
                latency_s,
                time_ns(),
                0 if counts is None else counts[0],
                0 if counts is None else counts[1],
                read,
                write,
                write_long,
                reasoning,
                self._cache_hit,
                None,
                self._tools or (),
                None if first is None else (first - self._start) * 1000.0,
                response_model,
                response_id,
                finish_reasons,
                tier,
                region,
                requests,
            )
        except Exception as error:  # the record's own rules never raise; be safe anyway
            _failed("helper", error)
            return
        recorders.record(call, missing)


def _served(
    reader: Reader, tier: str | None, region: str | None, requests: object
) -> tuple[str | None, str | None, object]:
    """The call's tier, region and tool requests: what the response says wins.

    A declared ``"batch"`` stays: a Batch API's results name the tier of the request
    (``"default"``), not the batch discount it is billed at.
    """
    served = reader.service_tier
    if served is not None and tier != "batch":
        tier = served
    if reader.region is not None:
        region = reader.region
    if reader.requests:
        requests = reader.requests
    return tier, region, requests


class _Recorders:
    """The tracer and metrics of a ``Telemetry``, and how a call's record reaches each.

    ``RactoTracer`` and ``GatewayMetricsMiddleware`` take the record itself (their internal
    entry points); another recorder (one written for 0.3.0, a hand-made one) gets the
    documented keywords, read from the record by name.
    """

    __slots__ = ("link", "lookup", "metrics", "reprice", "to_metrics", "to_tracer", "tracer")

    def __init__(
        self, tracer: RactoTracer | None, metrics: GatewayMetricsMiddleware | None
    ) -> None:
        self.tracer = tracer
        self.metrics = metrics
        ours_tracer = tracer if isinstance(tracer, RactoTracer) else None
        ours_metrics = metrics if isinstance(metrics, GatewayMetricsMiddleware) else None
        # The record is priced once, with the tracer's prices, else the metrics'; metrics
        # with a price table of their own price it again with theirs.
        self.lookup: Lookup = (
            ours_tracer._lookup
            if ours_tracer is not None
            else ours_metrics._lookup
            if ours_metrics is not None
            else PriceResolver().lookup
        )
        self.reprice: Lookup | None = None
        if ours_metrics is not None and not _same_prices(self.lookup, ours_metrics._lookup):
            self.reprice = ours_metrics._lookup
        self.to_tracer: Callable[[Call], object] | None = (
            None
            if tracer is None
            else ours_tracer._record_call
            if ours_tracer is not None
            else self._tracer_keywords
        )
        # Exemplars: the span's context goes to record_request when it takes one.
        self.link = tracer is not None and (
            ours_metrics is not None or _takes(metrics, "record_request", "span_context")
        )
        self.to_metrics: Callable[[Call, object], object] | None = (
            None
            if metrics is None
            else ours_metrics._record_call
            if ours_metrics is not None
            else self._metrics_keywords
        )

    def record(self, call: Call, missing: bool) -> None:
        """Record ``call`` with the tracer, then the metrics (with its span's context)."""
        context = None
        if self.to_tracer is not None:
            try:
                context = self.to_tracer(call)
            except Exception as error:
                _failed("tracer", error)
        if self.to_metrics is not None:
            try:
                if self.reprice is not None:
                    call = priced(call, self.reprice)
                self.to_metrics(call, context if self.link else None)
                if missing and self.metrics is not None:
                    self.metrics.record_usage_missing(
                        provider=call.provider, model=call.model, operation=call.operation
                    )
            except Exception as error:
                _failed("metrics", error)

    def _tracer_keywords(self, call: Call) -> object:
        """A tracer of another kind: the documented keywords of ``record_*_span``."""
        tracer: Any = self.tracer
        if call.operation == "embed":
            return tracer.record_embed_span(
                provider=call.provider,
                model=call.model,
                latency_ms=call.latency_ms,
                input_tokens=call.input_tokens,
                status=call.status,
                error_type=call.error_type,
                response_model=call.response_model,
            )
        return tracer.record_chat_span(
            provider=call.provider,
            model=call.model,
            latency_ms=call.latency_ms,
            input_tokens=call.input_tokens,
            output_tokens=call.output_tokens,
            cache_hit=call.cache_hit,
            tool_calls=call.tool_calls,
            status=call.status,
            error_type=call.error_type,
            operation=call.operation,
            cache_read_tokens=call.cache_read_tokens,
            cache_write_tokens=call.cache_write_tokens,
            time_to_first_token_ms=call.time_to_first_token_ms,
            cache_write_long_tokens=call.cache_write_long_tokens,
            reasoning_tokens=call.reasoning_tokens,
            response_model=call.response_model,
            response_id=call.response_id,
            finish_reasons=call.finish_reasons,
        )

    def _metrics_keywords(self, call: Call, span_context: object) -> object:
        """Metrics of another kind: the documented keywords of ``record_request``."""
        metrics: Any = self.metrics
        linked = {} if span_context is None else {"span_context": span_context}
        return metrics.record_request(
            provider=call.provider,
            model=call.model,
            operation=call.operation,
            status=call.status,
            latency_s=call.latency_s,
            input_tokens=call.input_tokens,
            output_tokens=call.output_tokens,
            tool_calls=call.tools or None,
            cache_read_tokens=call.cache_read_tokens,
            cache_write_tokens=call.cache_write_tokens,
            cache_write_long_tokens=call.cache_write_long_tokens,
            reasoning_tokens=call.reasoning_tokens,
            response_model=call.response_model,
            **linked,
        )


def _same_prices(first: Lookup, second: Lookup) -> bool:
    """Whether two resolvers' lookups price every model alike (the same price table)."""
    one, other = getattr(first, "__self__", None), getattr(second, "__self__", None)
    return (
        isinstance(one, PriceResolver)
        and isinstance(other, PriceResolver)
        and one.same_prices(other)
    )


def _takes(recorder: object, method: str, keyword: str) -> bool:
    """Whether ``recorder.method`` accepts ``keyword`` (an older or hand-made one may not)."""
    if recorder is None:
        return False
    try:
        parameters = inspect.signature(getattr(recorder, method)).parameters
    except (TypeError, ValueError):  # no signature to read: do not risk the call
        return False
    return keyword in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def _check_recorder(value: object, name: str, methods: tuple[str, ...], kind: str) -> None:
    """Fail fast when ``tracer=``/``metrics=`` is not what it should be (e.g. swapped)."""
    if value is not None and not all(callable(getattr(value, m, None)) for m in methods):
        raise TypeError(f"{name}= must be a {kind} or None, got {value!r}")


class Telemetry:
    """Times a developer kit's LLM calls and records each as one span and one request metric.

    Args:
        tracer: A ``RactoTracer`` (the kit's ``tracer=``), or None for no spans.
        metrics: A ``GatewayMetricsMiddleware`` (the kit's ``metrics=``), or None for no
            metrics. With both, each request's metrics carry its span's ids as an exemplar,
            and spans the tracer drops from now on are counted in
            ``ractogateway_dropped_spans_total``.

    Raises:
        TypeError: ``tracer`` or ``metrics`` lacks the recording methods (swapped arguments?).

    Examples:
        >>> from ractogateway.telemetry import RactoTracer, Telemetry
        >>> tracer = RactoTracer(in_memory=True)
        >>> telemetry = Telemetry(tracer=tracer)
        >>> with telemetry.chat(provider="openai", model="gpt-4o") as call:
        ...     call.usage(input_tokens=1_000, output_tokens=200)
        >>> span = tracer.spans[0]
        >>> (span.operation, span.input_tokens, span.output_tokens, span.status)
        ('chat', 1000, 200, 'ok')
    """

    __slots__ = ("_recorders",)

    def __init__(
        self,
        *,
        tracer: RactoTracer | None = None,
        metrics: GatewayMetricsMiddleware | None = None,
    ) -> None:
        _check_recorder(tracer, "tracer", _TRACER_METHODS, "RactoTracer")
        _check_recorder(metrics, "metrics", _METRICS_METHODS, "GatewayMetricsMiddleware")
        self._recorders = (
            None if tracer is None and metrics is None else _Recorders(tracer, metrics)
        )
        add_listener = getattr(tracer, "add_drop_listener", None)
        record = getattr(metrics, "record_dropped_spans", None)
        if add_listener is not None and record is not None:
            add_listener(record)  # ractogateway_dropped_spans_total follows dropped_spans

    @property
    def tracer(self) -> RactoTracer | None:
        """The tracer spans go to, or None."""
        return None if self._recorders is None else self._recorders.tracer

    @property
    def metrics(self) -> GatewayMetricsMiddleware | None:
        """The metrics middleware requests are counted in, or None."""
        return None if self._recorders is None else self._recorders.metrics

    def chat(
        self,
        *,
        provider: str,
        model: str,
        service_tier: str | None = None,
        region: str | None = None,
    ) -> CallObservation:
        """Observe one chat call (a ``with`` block around it).

        Args:
            provider: ``"openai"``, ``"anthropic"``, ``"google"`` or another provider.
            model: The model id requested.
            service_tier: The tier requested, for providers whose responses do not name it
                (the Gemini Developer API) and for calls through a Batch API (``"batch"``,
                which stays whatever the results say). A tier the response names wins.
            region: Where the call is processed when the caller chose it (OpenAI's regional
                processing, a Vertex AI regional endpoint: ``"us"``, ``"eu"``,
                ``"europe-west4"``); a region the response names wins.
        """
        return CallObservation(self._recorders, CHAT, provider, model, service_tier, region)

    def stream(
        self,
        *,
        provider: str,
        model: str,
        service_tier: str | None = None,
        region: str | None = None,
    ) -> CallObservation:
        """Observe one streamed chat call, until its last chunk; mark ``call.first_token()``.

        ``service_tier`` and ``region`` as for ``chat``.
        """
        return CallObservation(self._recorders, STREAM, provider, model, service_tier, region)

    def embed(
        self,
        *,
        provider: str,
        model: str,
        service_tier: str | None = None,
        region: str | None = None,
    ) -> CallObservation:
        """Observe one embedding call (``service_tier`` and ``region`` as for ``chat``)."""
        return CallObservation(self._recorders, EMBED, provider, model, service_tier, region)

    def __repr__(self) -> str:
        return f"Telemetry(tracer={self.tracer!r}, metrics={self.metrics!r})"

"""Spans born finished: a call's span built whole and handed to the tracer's span processors.

A ``record_*`` call reports a call that is already over, so its span is finished before it
exists. The SDK's ``start_span`` + ``end`` would pay for a live span's lifecycle that nothing
here uses: a mutable ``_Span`` with its lock, ``on_start``, a bounded copy of the attributes
and, at ``end``, a second, read-only ``ReadableSpan`` copy. ``FinishedSpans.emit`` does what
those two calls do for a span that has ended, in the SDK's order, and nothing else:

1. the parent is the current context's span (an invalid one makes a root span with a trace
   id from the provider's id generator);
2. the provider's sampler decides, given exactly what ``start_span`` gives it (a span that is
   not recorded is dropped here; a recorded, unsampled one reaches the processors, which
   skip it as they would the SDK's); its attributes and trace state are the span's;
3. the trace flags (sampled, and the random-trace-id flag where the SDK sets it) and a span
   id from the id generator;
4. the span limits (``OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT``, ``OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT``)
   applied by the SDK's own ``BoundedAttributes`` whenever they could change anything;
5. a ``ReadableSpan`` with the provider's resource and the tracer's instrumentation scope,
   handed to the provider's span processors' ``on_end``.

It relies on the SDK in three places, each pinned by tests/tracing/test_finished.py, which
records the same calls both ways under every sampler, parent and limit setting and compares
what the exporters receive: ``ReadableSpan``'s constructor, the ``Tracer`` attributes read
below, and the span processors being ``SpanQueue`` or ``BatchSpanProcessor`` (whose ``on_start``
does nothing). The private names among those attributes are read through ``_borrowed``, where
all of them are listed, once, when the tracer is built.
Where a tracer does something this module does not reproduce (a processor of another kind,
the SDK's own span metrics, a disabled tracer), ``emitter`` returns the SDK path
(``LiveSpans``) instead; so it does, with one warning, where a borrowed name is missing or
changed (an SDK release this was not tested on). ``emitter`` never raises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opentelemetry.attributes import BoundedAttributes
from opentelemetry.sdk.trace import (
    ReadableSpan,
    SpanLimits,
    SynchronousMultiSpanProcessor,
    Tracer,
)
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import (
    Decision,
    ParentBased,
    Sampler,
    StaticSampler,
    TraceIdRatioBased,
)
from opentelemetry.sdk.util.instrumentation import InstrumentationScope
from opentelemetry.trace import (
    SpanContext,
    SpanKind,
    Status,
    StatusCode,
    TraceFlags,
    get_current_span,
)
from opentelemetry.trace import Tracer as ApiTracer

from ractogateway.tracing._borrowed import (
    INSTRUMENTATION_SCOPE,
    NO_OP_TRACER_METRICS,
    PARENT_LOCAL_NOT_SAMPLED,
    PARENT_LOCAL_SAMPLED,
    PARENT_REMOTE_NOT_SAMPLED,
    PARENT_REMOTE_SAMPLED,
    PARENT_ROOT,
    SPAN_LIMITS,
    SPAN_PROCESSORS,
    TRACER_IS_ENABLED,
    TRACER_METRICS,
    BorrowedNameError,
    expected,
    fall_back,
    load,
    read,
    read_method,
)
from ractogateway.tracing._queue import SpanQueue

if TYPE_CHECKING:
    from collections.abc import Callable

    from opentelemetry.util.types import AttributeValue

    #: ``emit(name, attributes, start_ns, end_ns, status)``: record one finished span; return
    #: its context if it was sampled (exported), else None.
    Emit = Callable[[str, dict[str, AttributeValue], int, int, Status | None], SpanContext | None]

__all__ = ["FinishedSpans", "LiveSpans", "emitter"]

#: Span processors whose on_start does nothing, so a span that never started loses nothing.
_ON_END_ONLY = (SpanQueue, BatchSpanProcessor)
_CLIENT = SpanKind.CLIENT
_SAMPLE = Decision.RECORD_AND_SAMPLE
#: The decisions that record a span (``Decision.is_recording``).
_RECORD = frozenset({Decision.RECORD_ONLY, Decision.RECORD_AND_SAMPLE})
_UNSET = Status(StatusCode.UNSET)
#: The random-trace-id flag (W3C Trace Context level 2), on SDKs that set it (else 0).
_RANDOM: int = getattr(TraceFlags, "RANDOM_TRACE_ID", 0)
#: Trace flags by ``sampled + 2 * random``, as the SDK builds them.
_FLAGS = tuple(
    TraceFlags((TraceFlags.SAMPLED if index & 1 else TraceFlags.DEFAULT) | (_RANDOM * (index >> 1)))
    for index in range(4)
)
#: Samplers whose result carries the attributes they were given, unchanged.
_PLAIN_SAMPLERS = (StaticSampler, TraceIdRatioBased)
#: The delegates of a ``ParentBased`` sampler (borrowed names).
_DELEGATES = (
    PARENT_ROOT,
    PARENT_REMOTE_SAMPLED,
    PARENT_REMOTE_NOT_SAMPLED,
    PARENT_LOCAL_SAMPLED,
    PARENT_LOCAL_NOT_SAMPLED,
)
#: What the tracer does when a borrowed name cannot be read.
_SDK_PATH = (
    "spans are recorded through the SDK's public start_span + end instead (the same spans,"
    " at a higher cost per call)"
)


def _passes_attributes(sampler: Sampler) -> bool:
    """Whether ``sampler`` is built in: its result's attributes are the ones given to it.

    Raises:
        BorrowedNameError: a borrowed name could not be read.
    """
    if isinstance(sampler, ParentBased):
        delegates = [read(sampler, entry, Sampler) for entry in _DELEGATES]
        return all(type(delegate) in _PLAIN_SAMPLERS for delegate in delegates)
    return type(sampler) in _PLAIN_SAMPLERS


def _reproducible(tracer: Tracer) -> bool:
    """Whether ``FinishedSpans`` records exactly what the SDK path would for ``tracer``.

    Raises:
        BorrowedNameError: a borrowed name could not be read.
    """
    processor = tracer.span_processor
    if type(processor) is not SynchronousMultiSpanProcessor:
        return False
    if not all(type(p) in _ON_END_ONLY for p in read(processor, SPAN_PROCESSORS, tuple)):
        return False
    # SDK 1.40+: the SDK's own span metrics (always on in 1.40 and 1.41, off unless asked
    # for from 1.42) and tracer configs.
    if expected(TRACER_METRICS):
        metrics = read(tracer, TRACER_METRICS, object)
        if not expected(NO_OP_TRACER_METRICS) or type(metrics) is not load(NO_OP_TRACER_METRICS):
            return False
    return not expected(TRACER_IS_ENABLED) or bool(read_method(tracer, TRACER_IS_ENABLED)())


class FinishedSpans:
    """Records finished spans on ``tracer``'s provider as its ``start_span`` + ``end`` would."""

    __slots__ = (
        "_info",
        "_limits",
        "_new_span_id",
        "_new_trace_id",
        "_on_end",
        "_passes",
        "_resource",
        "_root_random",
        "_sample",
        "_scope",
    )

    def __init__(self, tracer: Tracer) -> None:
        """Read what ``emit`` needs from ``tracer``.

        Raises:
            BorrowedNameError: a borrowed name could not be read.
        """
        ids = tracer.id_generator
        self._new_trace_id = ids.generate_trace_id
        self._new_span_id = ids.generate_span_id
        self._sample = tracer.sampler.should_sample
        self._passes = _passes_attributes(tracer.sampler)
        self._resource = tracer.resource
        self._info = tracer.instrumentation_info
        self._scope = read(tracer, INSTRUMENTATION_SCOPE, InstrumentationScope)
        limits = read(tracer, SPAN_LIMITS, SpanLimits)
        self._limits: tuple[int | None, int | None] = (
            limits.max_span_attributes,
            limits.max_span_attribute_length,
        )
        self._on_end = tracer.span_processor.on_end
        # Root spans' flags index: the random flag as the id generator declares it.
        self._root_random = 2 if _RANDOM and getattr(ids, "is_trace_id_random", bool)() else 0

    def emit(
        self,
        name: str,
        attributes: dict[str, AttributeValue],
        start_ns: int,
        end_ns: int,
        status: Status | None,
    ) -> SpanContext | None:
        """Record one span of kind CLIENT from ``start_ns`` to ``end_ns`` (status UNSET if None).

        Returns:
            The span's context if it was sampled (it will be exported), else None.
        """
        parent: SpanContext | None = get_current_span().get_span_context()
        if parent is None or not parent.is_valid:
            parent = None
            trace_id = self._new_trace_id()
        else:
            trace_id = parent.trace_id
        result = self._sample(None, trace_id, name, _CLIENT, attributes, ())
        decision = result.decision
        span_id = self._new_span_id()  # drawn before the decision, as the SDK does
        if decision not in _RECORD:
            return None
        random = self._root_random if parent is None else 2 * (parent.trace_flags & _RANDOM != 0)
        context = SpanContext(
            trace_id,
            span_id,
            is_remote=False,
            trace_flags=_FLAGS[(decision is _SAMPLE) + random],
            trace_state=result.trace_state,
        )
        count, length = self._limits
        recorded: object = attributes
        if not (self._passes and length is None and (count is None or len(attributes) <= count)):
            recorded = BoundedAttributes(
                count, result.attributes, immutable=True, max_value_len=length
            )
        span = ReadableSpan(
            name=name,
            context=context,
            parent=parent,
            resource=self._resource,
            attributes=recorded,  # type: ignore[arg-type]  # a BoundedAttributes, as the SDK's
            kind=_CLIENT,
            instrumentation_info=self._info,
            start_time=start_ns,
            end_time=end_ns,
            instrumentation_scope=self._scope,
            status=_UNSET if status is None else status,
        )
        self._on_end(span)
        return context if decision is _SAMPLE else None


class LiveSpans:
    """The SDK path: ``start_span`` + ``end`` (the reference ``FinishedSpans`` must match)."""

    __slots__ = ("_tracer",)

    def __init__(self, tracer: ApiTracer) -> None:
        self._tracer = tracer

    def emit(
        self,
        name: str,
        attributes: dict[str, AttributeValue],
        start_ns: int,
        end_ns: int,
        status: Status | None,
    ) -> SpanContext | None:
        """Record one span of kind CLIENT from ``start_ns`` to ``end_ns`` (status UNSET if None).

        Returns:
            The span's context if it was sampled (it will be exported), else None.
        """
        span = self._tracer.start_span(
            name, kind=_CLIENT, attributes=attributes, start_time=start_ns
        )
        if status is not None:
            span.set_status(status)
        span.end(end_ns)
        context = span.get_span_context()
        return context if context.trace_flags.sampled else None


def emitter(tracer: ApiTracer) -> Emit:
    """Return how ``tracer`` records finished spans; never raises.

    ``FinishedSpans`` where it reproduces the SDK exactly, else the SDK path (``LiveSpans``):
    also, with one warning, where a borrowed name of the SDK cannot be read, and for the
    SDK's no-op tracer (``OTEL_SDK_DISABLED=true``).
    """
    if not isinstance(tracer, Tracer):
        return LiveSpans(tracer).emit
    try:
        if _reproducible(tracer):
            return FinishedSpans(tracer).emit
    except BorrowedNameError as missing:
        fall_back(str(missing), _SDK_PATH)
    except Exception as error:  # a public attribute gone or changed: the same way out
        problem = f"preparing the fast span path failed ({type(error).__name__}: {error})"
        fall_back(problem, _SDK_PATH)
    return LiveSpans(tracer).emit

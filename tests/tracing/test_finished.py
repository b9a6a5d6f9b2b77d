"""Spans born finished are the SDK's spans: the fast path against ``start_span`` + ``end``.

Every call is recorded twice on the same tracer, once through ``FinishedSpans`` (what
``RactoTracer`` uses) and once through the SDK path it replaces (``LiveSpans``), with the
same id sequence, under every sampler the environment can name (and one that adds attributes
and trace state), every kind of parent and every span-limit setting. What the exporters
receive must be identical: the ``ReadableSpan`` in every field, its ``to_json()`` (the console
exporter) and, where the OTLP exporters are installed, the protobuf they send; only the
clock differs (start and end times; the durations are compared).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import pytest
from installed import installed
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_OFF,
    Decision,
    Sampler,
    SamplingResult,
)
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, TraceState
from sample_calls import SAMPLE_CALLS as CALLS
from sample_calls import record_sample_calls

from ractogateway.tracing import RactoTracer
from ractogateway.tracing._finished import FinishedSpans, LiveSpans, emitter

OTLP_ENCODER = installed("opentelemetry.exporter.otlp.proto.common")
RANDOM_FLAG: int = getattr(TraceFlags, "RANDOM_TRACE_ID", 0)

#: ``OTEL_TRACES_SAMPLER`` (and its argument) settings, plus the custom sampler below.
SAMPLERS = {
    "default": {},
    "always_on": {"OTEL_TRACES_SAMPLER": "always_on"},
    "always_off": {"OTEL_TRACES_SAMPLER": "always_off"},
    "traceidratio": {"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.5"},
    "parentbased_always_on": {"OTEL_TRACES_SAMPLER": "parentbased_always_on"},
    "parentbased_always_off": {"OTEL_TRACES_SAMPLER": "parentbased_always_off"},
    "parentbased_traceidratio": {
        "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
        "OTEL_TRACES_SAMPLER_ARG": "0.5",
    },
    "custom": {},
}
LIMITS = {
    "none": {},
    "count": {"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "5"},
    "length": {"OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "4"},
    "both": {"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "7", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "3"},
}
PARENTS = [
    "none",
    "invalid",
    "local-sampled",
    "local-unsampled",
    "remote-sampled",
    "remote-unsampled",
    "remote-random",
]


class SeededIds(RandomIdGenerator):
    """The SDK's random id generator, replayable: ``reset()`` starts the same sequence again."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._random = random.Random(20261202)

    def generate_span_id(self) -> int:
        return self._random.getrandbits(64) or 1

    def generate_trace_id(self) -> int:
        return self._random.getrandbits(128) or 1


class RuleSampler(Sampler):
    """A sampler of another kind: by trace id, drops, records only, or samples and adds an
    attribute and a trace-state entry (what the built-in samplers never do)."""

    def should_sample(  # noqa: PLR0917 - the SDK's signature
        self,
        parent_context: Any,
        trace_id: int,
        name: str,
        kind: Any = None,
        attributes: Any = None,
        links: Any = None,
        trace_state: Any = None,
    ) -> SamplingResult:
        choice = trace_id % 3
        if choice == 0:
            return SamplingResult(Decision.DROP)
        if choice == 1:
            return SamplingResult(Decision.RECORD_ONLY, attributes)
        parent = trace.get_current_span(parent_context).get_span_context()
        state = (parent.trace_state if parent.is_valid else TraceState()).add("rule", str(choice))
        return SamplingResult(
            Decision.RECORD_AND_SAMPLE,
            {**dict(attributes or {}), "sampler.rule": name, "llm.model": "by-the-sampler"},
            state,
        )

    def get_description(self) -> str:
        return "RuleSampler"


def parent_span(kind: str) -> AbstractContextManager[object]:
    """Make the current span a parent of the given kind (``none``: no current span)."""
    if kind == "none":
        return nullcontext()
    if kind == "invalid":
        return trace.use_span(trace.INVALID_SPAN)
    if kind.startswith("local"):
        sampler = None if kind == "local-sampled" else ALWAYS_OFF
        outer = TracerProvider(sampler=sampler, id_generator=SeededIds()).get_tracer("outer")
        return outer.start_as_current_span("outer")
    flags = {
        "remote-sampled": TraceFlags.SAMPLED,
        "remote-unsampled": TraceFlags.DEFAULT,
        "remote-random": TraceFlags.SAMPLED | RANDOM_FLAG,
    }[kind]
    context = SpanContext(
        trace_id=0x0AF7651916CD43DD8448EB211C80319C,
        span_id=0xB7AD6B7169203331,
        is_remote=True,
        trace_flags=TraceFlags(flags),
        trace_state=TraceState([("vendor", "value")]),
    )
    return trace.use_span(NonRecordingSpan(context))


def _context(context: SpanContext | None) -> tuple[object, ...] | None:
    if context is None:
        return None
    return (
        context.trace_id,
        context.span_id,
        context.is_remote,
        int(context.trace_flags),
        context.trace_state.to_header(),
    )


def describe(span: ReadableSpan) -> dict[str, object]:
    """Everything an exporter can read from a span, but its start and end times."""
    assert span.start_time is not None
    assert span.end_time is not None
    return {
        "name": span.name,
        "kind": span.kind,
        "context": _context(span.context),
        "parent": _context(span.parent),
        "attributes": list((span.attributes or {}).items()),
        "dropped_attributes": span.dropped_attributes,
        "events": list(span.events),
        "dropped_events": span.dropped_events,
        "links": list(span.links),
        "dropped_links": span.dropped_links,
        "status": (span.status.status_code, span.status.description),
        "duration_ns": span.end_time - span.start_time,
        "resource": (dict(span.resource.attributes), span.resource.schema_url),
        "scope": span.instrumentation_scope,
        "info": span._instrumentation_info,
        "json": _json(span),
        "otlp": _otlp(span),
    }


def _json(span: ReadableSpan) -> dict[str, object]:
    """What the console exporter prints, but the times."""
    printed: dict[str, object] = json.loads(span.to_json())
    del printed["start_time"], printed["end_time"]
    return printed


def _otlp(span: ReadableSpan) -> bytes | None:
    """The OTLP protobuf the gRPC and HTTP exporters send, times zeroed (None without them)."""
    if not OTLP_ENCODER:
        return None
    from opentelemetry.exporter.otlp.proto.common.trace_encoder import (
        encode_spans,
    )

    request = encode_spans([span])
    for resource_spans in request.resource_spans:
        for scope_spans in resource_spans.scope_spans:
            for encoded in scope_spans.spans:
                encoded.start_time_unix_nano = encoded.end_time_unix_nano = 0
    return request.SerializeToString(deterministic=True)


@pytest.fixture
def recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[str, str, str, bool], list[dict[str, object]]]]:
    """``recorded(sampler, limits, parent, fast)``: the spans of ``record_sample_calls``."""
    tracers: list[RactoTracer] = []
    built: dict[tuple[str, str], tuple[RactoTracer, InMemorySpanExporter, SeededIds]] = {}

    def record(sampler: str, limits: str, parent: str, fast: bool) -> list[dict[str, object]]:
        if (sampler, limits) not in built:
            for settings in (*SAMPLERS.values(), *LIMITS.values()):
                for name in settings:
                    monkeypatch.delenv(name, raising=False)
            for name, value in {**SAMPLERS[sampler], **LIMITS[limits]}.items():
                monkeypatch.setenv(name, value)
            exporter = InMemorySpanExporter()
            tracer = RactoTracer(custom_exporter=exporter)
            tracers.append(tracer)
            sdk_tracer: Any = tracer._pipeline.tracer  # type: ignore[union-attr]
            ids = SeededIds()
            sdk_tracer.id_generator = ids
            if sampler == "custom":
                sdk_tracer.sampler = RuleSampler()
            built[sampler, limits] = (tracer, exporter, ids)
        tracer, exporter, ids = built[sampler, limits]
        sdk_tracer = tracer._pipeline.tracer  # type: ignore[union-attr]
        ids.reset()
        tracer._emit = FinishedSpans(sdk_tracer).emit if fast else LiveSpans(sdk_tracer).emit
        exporter.clear()
        with parent_span(parent):
            for _ in range(4):  # ratio samplers: some trace ids in, some out
                record_sample_calls(tracer)
        assert tracer.force_flush(timeout_millis=5000)
        return [describe(span) for span in exporter.get_finished_spans()]

    yield record
    for tracer in tracers:
        tracer.shutdown(timeout_millis=2000)


@pytest.mark.parametrize("parent", PARENTS)
@pytest.mark.parametrize("limits", list(LIMITS))
@pytest.mark.parametrize("sampler", list(SAMPLERS))
def test_finished_spans_are_exported_exactly_as_the_sdk_path_exports_them(
    recorded: Callable[[str, str, str, bool], list[dict[str, object]]],
    sampler: str,
    limits: str,
    parent: str,
) -> None:
    fast = recorded(sampler, limits, parent, True)
    live = recorded(sampler, limits, parent, False)
    assert fast == live


def test_the_settings_exercise_what_they_are_for(
    recorded: Callable[[str, str, str, bool], list[dict[str, object]]],
) -> None:
    """The matrix above compares more than empty lists: each setting has its effect."""
    calls = CALLS * 4  # the sample calls, recorded four times
    assert len(recorded("default", "none", "none", True)) == calls
    assert recorded("always_off", "none", "none", True) == []
    assert recorded("parentbased_always_on", "none", "remote-unsampled", True) == []
    assert 0 < len(recorded("traceidratio", "none", "none", True)) < calls
    custom = recorded("custom", "none", "none", True)
    assert 0 < len(custom) < calls
    for span in custom:
        attributes: dict[str, object] = dict(span["attributes"])  # type: ignore[call-overload]
        assert attributes["sampler.rule"] in ("llm.chat", "llm.embed")
        assert attributes["llm.model"] == "by-the-sampler"
        assert str(span["context"][4]).startswith("rule=2")  # type: ignore[index]
    limited = recorded("default", "both", "none", True)
    assert all(len(span["attributes"]) == 7 for span in limited)  # type: ignore[arg-type]
    assert all(span["dropped_attributes"] for span in limited)
    shortened = recorded("default", "length", "none", True)
    assert dict(shortened[0]["attributes"])["llm.provider"] == "open"  # type: ignore[call-overload]
    child = recorded("default", "none", "remote-random", True)[0]
    context = child["context"]
    assert isinstance(context, tuple)
    trace_id, _, remote, flags, state = context
    assert child["parent"] == (
        0x0AF7651916CD43DD8448EB211C80319C,
        0xB7AD6B7169203331,
        True,
        TraceFlags.SAMPLED | RANDOM_FLAG,
        "vendor=value",
    )
    assert (trace_id, remote, flags, state) == (
        0x0AF7651916CD43DD8448EB211C80319C,
        False,
        TraceFlags.SAMPLED | RANDOM_FLAG,
        "vendor=value",
    )


def test_the_tracer_records_through_finished_spans() -> None:
    """By default, ``RactoTracer`` uses the fast path (not the SDK path it is compared with)."""
    tracer = RactoTracer(custom_exporter=InMemorySpanExporter())
    try:
        assert isinstance(getattr(tracer._emit, "__self__", None), FinishedSpans)
    finally:
        tracer.shutdown()


def test_a_tracer_it_cannot_reproduce_keeps_the_sdk_path() -> None:
    """A processor other than the batch one (its on_start could matter): the SDK path."""
    provider = TracerProvider()
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    sdk_tracer: Any = provider.get_tracer("t")
    emit = emitter(sdk_tracer)
    assert isinstance(getattr(emit, "__self__", None), LiveSpans)
    emit("llm.chat", {"llm.model": "m"}, 1_000, 2_000, None)
    (span,) = exporter.get_finished_spans()
    assert (span.name, span.start_time, span.end_time) == ("llm.chat", 1_000, 2_000)


@pytest.mark.parametrize("fast", [True, False], ids=["finished", "sdk-path"])
@pytest.mark.parametrize("sampler", ["default", "always_off", "traceidratio"])
def test_record_returns_the_context_of_each_exported_span_and_none_for_the_others(
    monkeypatch: pytest.MonkeyPatch, sampler: str, fast: bool
) -> None:
    for name, value in SAMPLERS[sampler].items():
        monkeypatch.setenv(name, value)
    exporter = InMemorySpanExporter()
    tracer = RactoTracer(custom_exporter=exporter)
    sdk_tracer: Any = tracer._pipeline.tracer  # type: ignore[union-attr]
    tracer._emit = FinishedSpans(sdk_tracer).emit if fast else LiveSpans(sdk_tracer).emit
    try:
        returned = [
            tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0),
            tracer.record_embed_span(provider="openai", model="e", latency_ms=1.0),
            *[
                tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=float(i))
                for i in range(30)
            ],
        ]
        assert tracer.force_flush(timeout_millis=5000)
    finally:
        tracer.shutdown(timeout_millis=2000)
    exported = [span.get_span_context() for span in exporter.get_finished_spans()]
    assert [c for c in returned if c is not None] == exported
    assert all(c is not None and c.trace_flags.sampled for c in exported)
    if sampler == "always_off":
        assert returned == [None] * 32
    elif sampler == "traceidratio":
        assert 0 < len(exported) < 32
    else:
        assert len(exported) == 32
    assert (
        RactoTracer(in_memory=True).record_chat_span(
            provider="openai", model="gpt-4o", latency_ms=1.0
        )
        is None
    )  # no export, no context

"""The fast OTLP span encoder: the same requests as the official ``encode_spans``, in meaning.

Collected in cells with an OTLP exporter (tests/tracing/conftest.py). Property tests build
random spans (every attribute type the tracer sets and the SDK allows, strings at the
256-character cap, non-ASCII text, every status and kind, parents local and remote, trace
states, span limits, several resources and scopes, events and links) and require the request
``encode`` builds to equal the official one, field for field and byte for byte once
re-serialized; the real receivers of tests/support get the same request from our exporter as
from the official one for the same spans.
"""

from __future__ import annotations

import importlib
import logging
import math
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from installed import installed
from opentelemetry.attributes import BoundedAttributes
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter
from opentelemetry.sdk.util.instrumentation import InstrumentationScope
from opentelemetry.trace import Link, SpanContext, SpanKind, Status, StatusCode, TraceState
from otlp_receivers import OtlpGrpcReceiver, OtlpHttpReceiver
from sample_calls import FULL_CHAT_SPAN, record_sample_calls

from ractogateway.tracing import RactoTracer, _borrowed
from ractogateway.tracing._borrowed import BORROWED_EXPORTER, Borrowed
from ractogateway.tracing._otlp import (
    Encoded,
    _Encoder,
    encode,
    encode_bytes,
    encode_serialized,
)

MakeTracer = Callable[..., RactoTracer]

#: The OTLP transports this cell installed: (tracer argument, exporter module).
TRANSPORTS = [
    (argument, entry)
    for argument, entry in zip(
        ("otlp_endpoint", "otlp_http_endpoint"), BORROWED_EXPORTER, strict=True
    )
    if installed(entry.owner)
]


def official_class(entry: Borrowed) -> type[Any]:
    """The official exporter class of ``entry``'s module."""
    exporter: type[SpanExporter] = importlib.import_module(entry.owner).OTLPSpanExporter
    return exporter


def assert_same_request(spans: list[ReadableSpan]) -> None:
    """``encode``, ``encode_bytes`` and ``encode_spans`` agree on ``spans``."""
    official = encode_spans(spans)
    ours = encode(spans)
    assert ours == official
    assert ours.SerializeToString(deterministic=True) == official.SerializeToString(
        deterministic=True
    )
    assert ExportTraceServiceRequest.FromString(encode_bytes(spans)) == official
    serialized = encode_serialized(spans).SerializePartialToString()
    assert ExportTraceServiceRequest.FromString(serialized) == official


def test_an_encoded_request_reads_as_the_official_message() -> None:
    """What OTLP/HTTP gets: bytes when serialized, the parsed message for anything else."""
    span = ReadableSpan(
        name="llm.chat",
        context=SpanContext(1, 2, is_remote=False),
        resource=Resource.create({"service.name": "gateway"}),
        attributes={"llm.model": "gpt-4o", "llm.input_tokens": 1200},
    )
    official = encode_spans([span])
    encoded = encode_serialized([span])
    assert isinstance(encoded, Encoded)
    assert encoded.SerializeToString() == encoded.SerializePartialToString() == encode_bytes([span])
    assert encoded.ByteSize() == official.ByteSize()
    assert list(encoded.resource_spans) == list(official.resource_spans)


# --- Random spans -----------------------------------------------------------------------------

TEXT = st.one_of(st.text(max_size=24), st.text(min_size=256, max_size=256))
SCALARS: list[st.SearchStrategy[Any]] = [
    TEXT,
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
]
VALUES = st.one_of(
    *SCALARS, *(st.lists(scalar, max_size=4).map(tuple) for scalar in SCALARS), st.lists(TEXT)
)
KEYS = st.one_of(st.sampled_from(sorted(FULL_CHAT_SPAN)), st.text(min_size=1, max_size=40))
ATTRIBUTES = st.dictionaries(KEYS, VALUES, max_size=20)
BOUNDED = st.builds(
    lambda attributes, count, length: BoundedAttributes(
        count, attributes, immutable=True, max_value_len=length
    ),
    ATTRIBUTES,
    st.none() | st.integers(0, 10),
    st.none() | st.integers(0, 300),
)
TRACE_STATES = st.sampled_from(
    [TraceState(), TraceState([("vendor", "value")]), TraceState([("a", "1"), ("b@x", "2=")])]
)
CONTEXTS = st.builds(
    SpanContext,
    trace_id=st.integers(1, 2**128 - 1),
    span_id=st.integers(1, 2**64 - 1),
    is_remote=st.booleans(),
    trace_flags=st.sampled_from([0, 1]),
    trace_state=TRACE_STATES,
)
STATUSES = st.one_of(
    st.sampled_from([Status(StatusCode.UNSET), Status(StatusCode.OK), Status(StatusCode.ERROR)]),
    st.builds(lambda text: Status(StatusCode.ERROR, text), TEXT),
)
RESOURCES = st.sampled_from(
    [
        Resource.create({"service.name": "gateway"}),
        Resource.create({"service.name": "gateway-é", "deployment": 3}),
        Resource({"flag": True, "ratio": 0.5}, schema_url="https://example.com/schema"),
    ]
)
SCOPES = st.sampled_from(
    [
        InstrumentationScope("ractogateway.tracing", "0.3.0"),
        InstrumentationScope("other", None, "https://example.com/scope"),
        None,
    ]
)
TIMES = st.integers(0, 2**63 - 1)
EVENTS = st.lists(
    st.builds(Event, name=TEXT, attributes=st.none() | ATTRIBUTES, timestamp=TIMES), max_size=2
)
LINKS = st.lists(st.builds(Link, context=CONTEXTS, attributes=st.none() | ATTRIBUTES), max_size=2)


@st.composite
def spans(draw: st.DrawFn, *, extras: bool = False) -> ReadableSpan:
    """A random finished span, as an exporter gets it; events and links if ``extras``."""
    scope = draw(SCOPES)
    return ReadableSpan(
        name=draw(TEXT),
        context=draw(CONTEXTS),
        parent=draw(st.none() | CONTEXTS),
        resource=draw(RESOURCES),
        attributes=draw(ATTRIBUTES | BOUNDED),
        events=draw(EVENTS) if extras else (),
        links=draw(LINKS) if extras else (),
        kind=draw(st.sampled_from(SpanKind)),
        status=draw(STATUSES),
        start_time=draw(TIMES),
        end_time=draw(TIMES),
        instrumentation_scope=scope,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(spans(), max_size=12))
def test_random_spans_encode_as_the_official_encoder(batch: list[ReadableSpan]) -> None:
    _Encoder().request(batch)  # written by the fast encoder itself, not handed over
    assert_same_request(batch)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(spans(extras=True), min_size=1, max_size=6))
def test_spans_with_events_and_links_are_encoded_as_the_official_encoder(
    batch: list[ReadableSpan],
) -> None:
    assert_same_request(batch)


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, -0.0, 2**63 - 1, -(2**63), "", "\u00e9\u4e2d\U0001f600"],
)
def test_edge_values_encode_to_the_same_bytes(value: Any) -> None:
    """NaN is unequal to itself, so messages are compared by their bytes here."""
    span = ReadableSpan(
        name="llm.chat",
        context=SpanContext(1, 2, is_remote=False),
        resource=Resource.create({}),
        attributes={"value": value, "values": (value, value)},
    )
    official = encode_spans([span]).SerializeToString(deterministic=True)
    assert encode([span]).SerializeToString(deterministic=True) == official
    assert encode_bytes([span]) == encode_spans([span]).SerializeToString()


@pytest.mark.parametrize(
    "value",
    [2**63, -(2**63) - 1, "\ud800", b"bytes", None, ("mixed", 1), (("nested",),)],
    ids=repr,
)
def test_what_the_fast_encoder_does_not_write_goes_to_the_official_encoder(value: Any) -> None:
    """Values the tracer never sets: the batch is encoded by ``encode_spans`` as it is."""
    odd: dict[str, Any] = {"ok": 1, "odd": value}
    span = ReadableSpan(
        name="x",
        context=SpanContext(1, 2, is_remote=False),
        resource=Resource.create({}),
        attributes=odd,
    )
    try:
        expected = encode_spans([span])
    except Exception as error:  # the official encoder's own failure is passed on as it is
        with pytest.raises(type(error)):
            encode([span])
        return
    assert encode([span]) == expected


# --- Spans of the tracer ----------------------------------------------------------------------


@pytest.fixture
def collected(make_tracer: MakeTracer) -> Callable[..., list[ReadableSpan]]:
    """``collected(**tracer_kwargs)``: the sample calls' spans, as an exporter gets them."""
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    def run(*, sdk_path: bool = False) -> list[ReadableSpan]:
        exporter = InMemorySpanExporter()
        tracer = make_tracer(custom_exporter=exporter)
        if sdk_path:
            tracer._emit = tracer._pipeline.emit_live  # type: ignore[union-attr]
        record_sample_calls(tracer)
        tracer.record_chat_span(**{**FULL_CHAT_SPAN, "model": "m" * 300, "provider": "ü" * 10})
        assert tracer.force_flush(timeout_millis=5000)
        return list(exporter.get_finished_spans())

    return run


@pytest.mark.parametrize("sdk_path", [False, True], ids=["born-finished", "sdk-path"])
@pytest.mark.parametrize("limits", [{}, {"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "5"}], ids=str)
def test_the_tracer_spans_encode_as_the_official_encoder(
    collected: Callable[..., list[ReadableSpan]],
    monkeypatch: pytest.MonkeyPatch,
    sdk_path: bool,
    limits: dict[str, str],
) -> None:
    for name, value in limits.items():
        monkeypatch.setenv(name, value)
    batch = collected(sdk_path=sdk_path)
    assert len(batch) == 8
    assert any(span.dropped_attributes for span in batch) == bool(limits)
    _Encoder().request(batch)
    assert_same_request(batch)
    assert_same_request(batch[::-1] + batch)  # cached values and envelopes, reused


# --- On the wire ------------------------------------------------------------------------------


@pytest.fixture
def receivers() -> Iterator[Callable[[str], OtlpGrpcReceiver | OtlpHttpReceiver]]:
    """``receivers(argument)``: a real receiver of that transport, stopped at teardown."""
    started: list[OtlpGrpcReceiver | OtlpHttpReceiver] = []

    def start(argument: str) -> OtlpGrpcReceiver | OtlpHttpReceiver:
        receiver = OtlpGrpcReceiver() if argument == "otlp_endpoint" else OtlpHttpReceiver()
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.stop()


def _url(argument: str, endpoint: str) -> str:
    return endpoint if argument == "otlp_endpoint" else f"{endpoint}/v1/traces"


@pytest.mark.parametrize(("argument", "entry"), TRANSPORTS, ids=str)
def test_a_receiver_gets_from_our_exporter_what_the_official_one_sends(
    make_tracer: MakeTracer,
    receivers: Callable[[str], OtlpGrpcReceiver | OtlpHttpReceiver],
    argument: str,
    entry: Borrowed,
) -> None:
    """One tracer, two exporters of the same spans: ours and the official one as it ships."""
    ours, theirs = receivers(argument), receivers(argument)
    official = official_class(entry)(endpoint=_url(argument, theirs.endpoint))
    tracer = make_tracer(**{argument: ours.endpoint}, custom_exporter=official)
    (exporter, _) = tracer._pipeline._exporters  # type: ignore[union-attr]
    assert type(exporter).__module__ == "ractogateway.tracing._otlp"
    assert isinstance(exporter, official_class(entry))
    record_sample_calls(tracer)
    assert tracer.force_flush(timeout_millis=10_000)
    assert len(ours.store.wait_for(7)) == len(theirs.store.wait_for(7)) == 7
    assert ours.requests == theirs.requests
    assert len(ours.requests) == 1


# --- Borrowed names ---------------------------------------------------------------------------


def _hidden(monkeypatch: pytest.MonkeyPatch, entry: Borrowed, mode: str) -> None:
    """The exporter module as ractogateway would import it if a release renamed the encoder."""
    module = importlib.import_module(entry.owner)
    seen = types.ModuleType(module.__name__)
    vars(seen).update(vars(module))
    del vars(seen)[entry.name]
    if mode == "changed":
        vars(seen)[entry.name] = lambda spans: None
    monkeypatch.setitem(sys.modules, entry.owner, seen)


@pytest.mark.parametrize("mode", ["renamed", "changed", "uncalled"])
@pytest.mark.parametrize(("argument", "entry"), TRANSPORTS, ids=str)
def test_without_the_borrowed_encoder_name_the_official_exporter_is_used(
    *,
    make_tracer: MakeTracer,
    receivers: Callable[[str], OtlpGrpcReceiver | OtlpHttpReceiver],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    argument: str,
    entry: Borrowed,
    mode: str,
) -> None:
    monkeypatch.setattr(_borrowed, "_WARNED", set())
    caplog.set_level(logging.WARNING, logger="ractogateway.tracing")
    official = official_class(entry)
    if mode == "uncalled":  # a release whose methods no longer call the module's encoder
        for name, function in list(vars(official).items()):
            calls = function.__code__.co_names if isinstance(function, types.FunctionType) else ()
            if entry.name in calls:
                monkeypatch.setattr(official, name, lambda self, *args, **kwargs: None)
    else:
        _hidden(monkeypatch, entry, mode)
    receiver = receivers(argument)
    tracer = make_tracer(**{argument: receiver.endpoint})
    tracer2 = make_tracer(**{argument: receiver.endpoint})
    for built in (tracer, tracer2):
        (exporter,) = built._pipeline._exporters  # type: ignore[union-attr]
        assert type(exporter) is official
    warnings = [r.getMessage() for r in caplog.records if r.name == "ractogateway.tracing"]
    assert len(warnings) == 1, warnings
    assert str(entry) in warnings[0]
    assert "encode_spans" in warnings[0]
    if mode != "uncalled":
        record_sample_calls(tracer)
        assert tracer.force_flush(timeout_millis=10_000)
        assert len(receiver.store.wait_for(7)) == 7

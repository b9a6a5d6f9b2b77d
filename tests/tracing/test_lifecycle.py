"""force_flush and shutdown semantics, and never blocking on a collector that is down or hung."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ractogateway.tracing import RactoTracer

if TYPE_CHECKING:
    from span_destinations import Sink, Stalled

MakeTracer = Callable[..., RactoTracer]


def _record(tracer: RactoTracer, count: int) -> None:
    for i in range(count):
        tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=2.0, input_tokens=i)


def test_force_flush_delivers_everything_queued(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    _record(tracer, 700)  # more than one export batch (512), less than the 5 s delay

    assert tracer.force_flush(timeout_millis=10_000) is True
    assert len(sink.spans) == 700
    assert sorted(s.attributes["llm.input_tokens"] for s in sink.spans) == list(range(700))


def test_shutdown_flushes_then_stops_exporting(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    _record(tracer, 3)
    tracer.shutdown()
    assert len(sink.spans) == 3

    _record(tracer, 2)  # must neither raise nor export
    tracer.shutdown()  # idempotent

    assert tracer.force_flush(timeout_millis=1000) is False
    assert len(sink.spans) == 3


def test_in_memory_capture_goes_on_after_shutdown(make_tracer: MakeTracer) -> None:
    tracer = make_tracer(in_memory=True)
    assert tracer.force_flush() is True
    tracer.shutdown()
    _record(tracer, 2)

    assert len(tracer.spans) == 2


def test_in_memory_only_starts_no_thread(make_tracer: MakeTracer) -> None:
    before = threading.active_count()
    tracer = make_tracer(in_memory=True)
    _record(tracer, 10)

    assert threading.active_count() == before
    assert len(tracer.spans) == 10


def _pipeline_threads() -> set[threading.Thread]:
    """The live threads that tracer pipelines run (export batches, flush)."""
    prefixes = ("OtelBatch", "ractogateway-tracing")
    return {thread for thread in threading.enumerate() if thread.name.startswith(prefixes)}


def test_a_dropped_tracer_flushes_and_stops_its_threads(sink: Sink) -> None:
    before = _pipeline_threads()  # other tests' threads may still be ending
    tracer = RactoTracer(**sink.tracer_kwargs)
    assert _pipeline_threads() - before
    _record(tracer, 5)
    del tracer
    gc.collect()

    assert len(sink.wait_for(5, timeout_s=4)) == 5  # before the 5 s batch delay
    deadline = time.monotonic() + 10
    while _pipeline_threads() - before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _pipeline_threads() - before == set()


def test_recording_never_blocks_on_a_stalled_collector(
    make_tracer: MakeTracer, stalled: Stalled
) -> None:
    tracer = make_tracer(**stalled.tracer_kwargs)
    started = time.monotonic()
    _record(tracer, 1500)  # several export batches: the exporter is stuck on the first one
    recording_s = time.monotonic() - started

    flush_started = time.monotonic()
    flushed = tracer.force_flush(timeout_millis=300)
    flush_s = time.monotonic() - flush_started

    shutdown_started = time.monotonic()
    tracer.shutdown(timeout_millis=500)
    shutdown_s = time.monotonic() - shutdown_started

    # A blocked call would take the exporter's 10 s timeout (or forever, for the hung one).
    assert recording_s < 5.0
    assert flush_s < 3.0
    assert shutdown_s < 3.0
    if stalled.hanging:  # a collector that is down may fail fast, which counts as flushed
        assert flushed is False

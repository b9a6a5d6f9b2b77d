"""Many threads recording at once: every span is captured in memory and arrives at the receiver."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ractogateway.tracing import RactoTracer

if TYPE_CHECKING:
    from span_destinations import Sink

THREADS = 8
SPANS_PER_THREAD = 2000


def test_eight_threads_lose_no_span(make_tracer: Callable[..., RactoTracer], sink: Sink) -> None:
    tracer = make_tracer(in_memory=True, **sink.tracer_kwargs)
    start = threading.Barrier(THREADS)

    def record(thread: int) -> None:
        start.wait()
        for i in range(SPANS_PER_THREAD):
            tracer.record_chat_span(
                provider="openai", model=f"model-{thread}", latency_ms=1.0, input_tokens=i
            )

    threads = [threading.Thread(target=record, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert tracer.force_flush(timeout_millis=60_000) is True

    expected = {(f"model-{n}", i) for n in range(THREADS) for i in range(SPANS_PER_THREAD)}
    in_memory = [(span.model, span.input_tokens) for span in tracer.spans]
    exported = [(s.attributes["llm.model"], s.attributes["llm.input_tokens"]) for s in sink.spans]
    assert len(in_memory) == len(exported) == THREADS * SPANS_PER_THREAD
    assert set(in_memory) == set(exported) == expected

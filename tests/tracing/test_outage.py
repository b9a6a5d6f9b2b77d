"""Collector outages: spans wait in a bounded queue and are retried; what is dropped is counted.

The OTLP tests stop a real receiver during a steady stream of spans and start a new one on
the same port (a collector restarted during a deploy). Each span carries its sequence number
as ``gen_ai.usage.input_tokens``, so the receivers' spans show loss, duplicates and order.
The OTLP exporters retry a failed export themselves until their timeout (10 s by default),
so only an outage longer than that reaches the queue: the tests give the exporters a timeout
of ``EXPORTER_TIMEOUT_S`` (below their first backoff: one attempt each) and stop the receiver
for a second at 1,000 spans/s, which fails several batches. The headline figure, a 10 s
outage at 2,000 spans/s with the default timeout, is measured by ``tools/outage_probe.py``.
These tests wait on the wall clock: they are marked ``realtime`` and run in one matrix cell
(``noxfile.py``).
The queue's other edges (the drop reasons, the environment, fork) use exporters of the SDK
that fail for real: a ``ConsoleSpanExporter`` writing to a closed stream.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import pytest
from installed import installed
from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SpanExporter, SpanExportResult
from otlp_receivers import OtlpGrpcReceiver, OtlpHttpReceiver, ReceivedSpan, SpanStore
from ports import free_port

from ractogateway.tracing import RactoTracer
from ractogateway.tracing._pipeline import MAX_QUEUE_SIZE

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import ReadableSpan

MakeTracer = Callable[..., RactoTracer]
TRANSPORTS = [
    transport
    for transport in ("grpc", "http")
    if installed(f"opentelemetry.exporter.otlp.proto.{transport}")
]
SEQUENCE = "gen_ai.usage.input_tokens"
#: The OTLP exporters' timeout in these tests (OTEL_EXPORTER_OTLP_TIMEOUT, which the Python
#: exporters read in seconds): below their first retry backoff (0.8-1.2 s), so an export to a
#: collector that is down fails at once, and ample for one to a collector on this machine.
EXPORTER_TIMEOUT_S = "0.75"


class Collector:
    """A real OTLP receiver on a fixed port that can be stopped and started again."""

    def __init__(self, transport: str) -> None:
        self.transport = transport
        self.port = free_port()
        self.argument = "otlp_endpoint" if transport == "grpc" else "otlp_http_endpoint"
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.stores: list[SpanStore] = []
        self._receiver: OtlpGrpcReceiver | OtlpHttpReceiver | None = None
        self.start()

    def start(self) -> None:
        kind = OtlpGrpcReceiver if self.transport == "grpc" else OtlpHttpReceiver
        self._receiver = kind(port=self.port)
        self.stores.append(self._receiver.store)

    def stop(self) -> None:
        assert self._receiver is not None
        self._receiver.stop()
        self._receiver = None

    @property
    def spans(self) -> list[ReceivedSpan]:
        """Every span received, in order of arrival across the restarts."""
        return [span for store in self.stores for span in store.spans]


@pytest.fixture
def collector(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Collector]:
    """A real receiver; tracers built in the test give its exporter EXPORTER_TIMEOUT_S."""
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TIMEOUT", EXPORTER_TIMEOUT_S)
    collector = Collector(request.param)
    yield collector
    if collector._receiver is not None:
        collector.stop()


def _stream(
    tracer: RactoTracer, collector: Collector, rate: int, up_s: float, down_s: float
) -> int:
    """Record ``rate`` spans/s; the collector is down from ``up_s`` for ``down_s``, then up
    again for ``up_s``. Return how many spans were recorded."""
    sent = 0
    start = time.monotonic()
    down = restarted = False
    while (now := time.monotonic() - start) < 2 * up_s + down_s:
        if now >= up_s and not down:
            collector.stop()
            down = True
        if now >= up_s + down_s and not restarted:
            collector.start()
            restarted = True
        while sent < int(now * rate):
            tracer.record_chat_span(
                provider="openai", model="gpt-4o", latency_ms=1.0, input_tokens=sent
            )
            sent += 1
        time.sleep(0.005)
    return sent


def _wait_for(collector: Collector, count: int, timeout_s: float) -> list[ReceivedSpan]:
    deadline = time.monotonic() + timeout_s
    while len(spans := collector.spans) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return spans


# Only in cells with an OTLP exporter (tracing-otlp, telemetry): elsewhere these two tests
# do not exist, rather than being skipped.
if TRANSPORTS:

    @pytest.mark.realtime
    @pytest.mark.parametrize("collector", TRANSPORTS, indirect=True)
    def test_an_outage_loses_nothing_and_delivers_in_order_after_it(
        make_tracer: MakeTracer, collector: Collector
    ) -> None:
        tracer = make_tracer(**{collector.argument: collector.endpoint})
        sent = _stream(tracer, collector, rate=1000, up_s=0.5, down_s=1.0)

        assert tracer.force_flush(timeout_millis=60_000) is True
        received = [span.attributes[SEQUENCE] for span in _wait_for(collector, sent, 10)]
        assert tracer.dropped_spans == 0
        assert received == list(range(sent))  # every span, once, in order
        assert len(collector.stores[0].spans) < sent / 2  # most waited for the restart

    @pytest.mark.realtime
    @pytest.mark.parametrize("collector", TRANSPORTS, indirect=True)
    def test_beyond_the_bound_spans_are_dropped_and_counted_exactly(
        make_tracer: MakeTracer,
        collector: Collector,
        caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # The bound is below what one second of outage brings (1,000 spans), and batches are
        # small beside it: once the collector is back, spans keep arriving while a batch is
        # exported, and only the outage drops them.
        monkeypatch.setenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "100")
        tracer = make_tracer(**{collector.argument: collector.endpoint}, max_queued_spans=400)
        with caplog.at_level(logging.WARNING, logger="ractogateway.tracing"):
            sent = _stream(tracer, collector, rate=1000, up_s=0.5, down_s=1.0)
            assert tracer.force_flush(timeout_millis=60_000) is True

        received = [span.attributes[SEQUENCE] for span in collector.spans]
        dropped = tracer.dropped_spans
        assert 0 < dropped < sent
        assert dropped == sent - len(received)
        assert len(set(received)) == len(received)  # no duplicates
        assert received == sorted(received)  # in order
        warnings = [
            r.getMessage() for r in caplog.records if "spans were dropped" in r.getMessage()
        ]
        assert warnings == [
            f"{dropped} spans were dropped while the collector did not accept spans"
            " (max_queued_spans=400); RactoTracer.dropped_spans counts them all"
        ]


def _closed_stream() -> ConsoleSpanExporter:
    """The SDK's console exporter on a closed stream: every export raises ValueError."""
    stream = io.StringIO()
    stream.close()
    return ConsoleSpanExporter(out=stream)


def _record(tracer: RactoTracer, count: int) -> None:
    for index in range(count):
        tracer.record_embed_span(provider="openai", model="e", latency_ms=1.0, input_tokens=index)


def _broken(count: int, reason: str) -> None:
    raise RuntimeError(reason)


def test_every_reason_is_counted_and_told_to_the_listeners(make_tracer: MakeTracer) -> None:
    tracer = make_tracer(custom_exporter=_closed_stream(), max_queued_spans=3)
    drops: list[tuple[int, str]] = []
    tracer.add_drop_listener(lambda count, reason: drops.append((count, reason)))
    tracer.add_drop_listener(_broken)  # what a listener raises is ignored

    _record(tracer, 10)
    assert tracer.dropped_spans == 7
    assert drops == [(1, "queue_full")] * 7
    assert tracer.force_flush(timeout_millis=300) is False  # the export keeps failing
    tracer.shutdown(timeout_millis=5000)
    assert tracer.dropped_spans == 10
    assert drops[7:] == [(3, "shutdown")]


class RejectsTheFirstTwo(SpanExporter):
    """A collector that rejects, for good, every batch holding span 0 or 1; keeps the rest."""

    def __init__(self) -> None:
        self.received: list[object] = []  # sequence numbers (list.extend is atomic)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        numbers = [(span.attributes or {})[SEQUENCE] for span in spans]
        if {0, 1} & set(numbers):
            return SpanExportResult.FAILURE
        self.received.extend(numbers)
        return SpanExportResult.SUCCESS


def test_a_batch_still_rejected_after_max_elapsed_s_is_dropped_and_the_next_goes_on(
    monkeypatch: pytest.MonkeyPatch, make_tracer: MakeTracer, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("ractogateway.tracing._queue.MAX_ELAPSED_S", 1.0)
    monkeypatch.setenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2")
    monkeypatch.setenv("OTEL_BSP_SCHEDULE_DELAY", "10")
    collector = RejectsTheFirstTwo()
    tracer = make_tracer(custom_exporter=collector)
    with caplog.at_level(logging.WARNING, logger="ractogateway.tracing"):
        _record(tracer, 4)
        deadline = time.monotonic() + 10
        while len(collector.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)

    assert collector.received == [2, 3]
    assert tracer.dropped_spans == 2
    assert "2 spans were dropped after 1 s of failed exports" in caplog.text


class Gated(SpanExporter):
    """Holds its first export until ``gate`` is set; keeps the sequence numbers it gets."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.gate = threading.Event()
        self.received: list[object] = []

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.started.set()
        self.gate.wait(10)
        self.received.extend((span.attributes or {})[SEQUENCE] for span in spans)
        return SpanExportResult.SUCCESS


def test_a_flush_ends_the_pause_the_thread_takes_while_callers_record(
    monkeypatch: pytest.MonkeyPatch, make_tracer: MakeTracer
) -> None:
    # A pause of a billion times the export's CPU time: only the flush can end it.
    monkeypatch.setattr("ractogateway.tracing._queue.YIELD_SHARE", 1e-9)
    monkeypatch.setenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2")
    monkeypatch.setenv("OTEL_BSP_SCHEDULE_DELAY", "10")
    exporter = Gated()
    tracer = make_tracer(custom_exporter=exporter)
    record = functools.partial(tracer.record_embed_span, provider="openai", model="e")
    record(latency_ms=1.0, input_tokens=0)
    record(latency_ms=1.0, input_tokens=1)
    assert exporter.started.wait(10)
    record(latency_ms=1.0, input_tokens=2)  # a caller records during the export
    time.sleep(0.05)
    exporter.gate.set()

    assert tracer.force_flush(timeout_millis=5000) is True
    assert exporter.received == [0, 1, 2]


@pytest.mark.parametrize(
    ("environment", "bound"),
    [({}, MAX_QUEUE_SIZE), ({"OTEL_BSP_MAX_QUEUE_SIZE": "5"}, 5)],
)
def test_the_bound_is_the_keyword_else_otel_bsp_max_queue_size(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], bound: int
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    tracer = RactoTracer(custom_exporter=_closed_stream())
    keyword = RactoTracer(custom_exporter=_closed_stream(), max_queued_spans=2)
    try:
        _record(tracer, 8)
        _record(keyword, 8)
        assert tracer.dropped_spans == max(0, 8 - bound)
        assert keyword.dropped_spans == 6
    finally:
        tracer.shutdown(timeout_millis=2000)
        keyword.shutdown(timeout_millis=2000)


@pytest.mark.parametrize("value", ["0", "-3", "many", "1e3"])
def test_a_bad_otel_bsp_variable_is_warned_and_the_default_used(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    monkeypatch.setenv("OTEL_BSP_MAX_QUEUE_SIZE", value)
    monkeypatch.setenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", value)
    with caplog.at_level(logging.WARNING, logger="ractogateway.tracing"):
        tracer = RactoTracer(custom_exporter=_closed_stream())
    try:
        _record(tracer, 20)
        assert tracer.dropped_spans == 0
    finally:
        tracer.shutdown(timeout_millis=2000)
    messages = [record.getMessage() for record in caplog.records]
    assert f"OTEL_BSP_MAX_QUEUE_SIZE={value!r} is not a positive integer; using 65536" in messages
    assert f"OTEL_BSP_MAX_EXPORT_BATCH_SIZE={value!r} is not a positive integer; using 512" in (
        messages
    )


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (0, ValueError, "max_queued_spans must be at least 1, got 0"),
        (-5, ValueError, "at least 1"),
        (True, TypeError, "max_queued_spans must be an int or None, got bool"),
        (100.0, TypeError, "got float"),
        ("100", TypeError, "got str"),
    ],
)
def test_a_bad_max_queued_spans_fails_fast(
    value: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        RactoTracer(in_memory=True, max_queued_spans=value)  # type: ignore[arg-type]


# Records one span before a fork and one in the child; both processes flush to stdout.
FORK_SCRIPT = """
import os, sys
from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SpanExportResult
from ractogateway.tracing import RactoTracer

tracer = RactoTracer(custom_exporter=ConsoleSpanExporter(
    out=sys.stdout, formatter=lambda span: span.to_json(indent=None) + "\\n"))
tracer.record_chat_span(provider="openai", model="before-fork", latency_ms=1.0)
pid = os.fork()
if pid == 0:
    tracer.record_chat_span(provider="openai", model="in-child", latency_ms=1.0)
    ok = tracer.force_flush(timeout_millis=10000)
    print(f"child flushed {ok} dropped {tracer.dropped_spans}", flush=True)
    os._exit(0)
os.waitpid(pid, 0)
print(f"parent flushed {tracer.force_flush(timeout_millis=10000)}", flush=True)
"""


def test_a_forked_child_exports_its_own_spans_and_not_the_parents() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FORK_SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )
    lines = done.stdout.splitlines()
    spans = [json.loads(line) for line in lines if line.startswith("{")]
    models = sorted(span["attributes"]["gen_ai.request.model"] for span in spans)
    assert models == ["before-fork", "in-child"]  # the parent's span once, by the parent
    assert "child flushed True dropped 0" in lines
    assert "parent flushed True" in lines

"""``SpanQueue``: a bounded span queue per exporter that retries failed exports, in order.

The SDK's ``BatchSpanProcessor`` drops a batch whose export failed, and new spans once its
queue is full, and says so only in rate-limited log lines: a collector restarted during a
deploy loses the spans of its downtime. ``SpanQueue`` keeps a span until an export of it has
succeeded, as the OpenTelemetry Collector's exporter helper does (a sending queue with retry
on failure): a failed batch stays at the head and is retried with exponential backoff (0.5 s
doubling to 30 s) while new spans wait behind it, so spans arrive in order and, barring a
collector that accepted a batch but never answered, once.

What is dropped is counted exactly (``dropped``), reported by one WARNING per outage and
passed to the drop listeners with its reason:

- ``"queue_full"``: a span finished while ``max_queued`` spans are held (the memory bound);
- ``"export_failed"``: a batch still failing ``max_elapsed_s`` after its first attempt (the
  collector rejects it for good: retrying would only hold up every span behind it);
- ``"shutdown"``: what is still held when a shutdown's export fails (shutdown tries each batch
  once more), and spans finished after the shutdown began.

``on_end`` never blocks and takes no lock unless it drops: a length test and an append.

While spans keep arriving during its exports (callers are recording), the thread pauses after
each successful export for the CPU time the export took (``YIELD_SHARE``): a traced call that
runs right after the thread's own Python work runs about 3x slower (its caches and the
interpreter's heap state are the exporter's), so callers are served first, at the cost of
about 0.7x the export throughput while a caller records flat out. A backlog with no caller
recording, a flush and a shutdown are exported flat out.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from opentelemetry.sdk.trace import SpanProcessor
from opentelemetry.sdk.trace.export import SpanExportResult

from ractogateway.pricing._shared import DROP_REASONS
from ractogateway.tracing._fork import rerun_in_child
from ractogateway.tracing._log import LOGGER

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.sdk.trace import ReadableSpan, Span
    from opentelemetry.sdk.trace.export import SpanExporter

__all__ = [
    "DROP_REASONS",
    "FIRST_BACKOFF_S",
    "MAX_BACKOFF_S",
    "MAX_ELAPSED_S",
    "YIELD_SHARE",
    "SpanQueue",
]

#: The first wait after a failed export; each further failure doubles it, up to MAX_BACKOFF_S.
FIRST_BACKOFF_S = 0.5
MAX_BACKOFF_S = 30.0
#: A batch failing for this long is dropped (the OpenTelemetry Collector's default, 5 min).
MAX_ELAPSED_S = 300.0
#: While callers record, the share of the time the thread exports (pausing the rest; 1: never).
YIELD_SHARE = 0.5
#: The calling thread's CPU time (wall time where a platform has no per-thread clock).
_thread_time: Callable[[], float] = getattr(time, "thread_time", time.monotonic)
#: Why spans are dropped: the ``reason`` a drop listener gets (the metrics' reasons too).
QUEUE_FULL, EXPORT_FAILED, SHUTDOWN = DROP_REASONS


#: ``listener(count, reason)``: ``count`` spans were dropped for ``reason`` (DROP_REASONS).
DropListener = Callable[[int, str], object]


class SpanQueue(SpanProcessor):
    """Holds finished, sampled spans for ``exporter`` until they are exported; see the module.

    Args:
        exporter: Where the spans go; its ``export`` runs on this queue's thread only.
        max_queued: Spans held at most, the batch being exported included.
        max_batch: Spans per export call (at most ``max_queued``).
        delay_s: Longest wait before a partial batch is exported.
        max_elapsed_s: How long a failing batch is retried before it is dropped (None:
            ``MAX_ELAPSED_S``).
    """

    def __init__(
        self,
        exporter: SpanExporter,
        *,
        max_queued: int,
        max_batch: int,
        delay_s: float,
        max_elapsed_s: float | None = None,
    ) -> None:
        self._exporter = exporter
        self._max_queued = max_queued
        self._max_batch = min(max_batch, max_queued)
        self._delay_s = delay_s
        self._max_elapsed_s = MAX_ELAPSED_S if max_elapsed_s is None else max_elapsed_s
        self._listeners: list[DropListener] = []
        self._stopping = False
        self._start()
        rerun_in_child(self._start)

    def _start(self) -> None:
        """Start empty with a new thread (at construction, and in a forked child)."""
        self._queue: deque[ReadableSpan] = deque()
        self._held = 0  # spans taken from the queue into the batch being exported
        self._exported = 0  # spans exported so far (written by the thread only)
        self.dropped = self._unreported = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._hurry = threading.Event()  # ends a pause: a flush or a shutdown waits
        self._lock = threading.Lock()  # guards the drop counts
        self._progress = threading.Condition()  # force_flush waits on it
        self._flushing = 0
        self._thread = threading.Thread(
            target=self._run, name="ractogateway-tracing-export", daemon=True
        )
        self._thread.start()

    def add_drop_listener(self, listener: DropListener) -> None:
        """Call ``listener(count, reason)`` whenever spans are dropped (once per listener)."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        """Nothing to do: only finished spans are queued."""

    def on_end(self, span: ReadableSpan) -> None:
        """Queue ``span`` if it is sampled; drop and count it if the queue is full."""
        context = span.context
        if context is None or not context.trace_flags.sampled:
            return
        queue = self._queue
        if len(queue) + self._held < self._max_queued and not self._stopping:
            queue.append(span)
            if len(queue) >= self._max_batch and not self._wake.is_set():
                self._wake.set()
            return
        self._drop(1, SHUTDOWN if self._stopping else QUEUE_FULL)

    def _drop(self, count: int, reason: str) -> None:
        """Count ``count`` spans dropped for ``reason``, tell the listeners; never raises."""
        with self._lock:
            self.dropped += count
            self._unreported += count
        for listener in self._listeners:
            try:
                listener(count, reason)
            except Exception:  # a listener's failure must not reach the traced call
                LOGGER.debug("a dropped-spans listener raised", exc_info=True)

    def _report(self, why: str) -> None:
        """Log the spans dropped since the last report, if any (one line per outage)."""
        with self._lock:
            count, self._unreported = self._unreported, 0
        if count:
            LOGGER.warning(
                "%d spans were dropped %s (%s); RactoTracer.dropped_spans counts them all",
                count,
                why,
                f"max_queued_spans={self._max_queued}",
            )

    def _take(self) -> list[ReadableSpan]:
        """Wait for a batch worth exporting and take it off the queue (empty: stopping)."""
        deadline = time.monotonic() + self._delay_s
        queue = self._queue
        while len(queue) < self._max_batch and not (
            queue and (self._flushing or self._stop.is_set())
        ):
            if self._stop.is_set():
                return []
            left = deadline - time.monotonic()
            if left <= 0:
                if queue:
                    break
                deadline = time.monotonic() + self._delay_s
                continue
            self._wake.wait(left)
            self._wake.clear()
        count = min(len(queue), self._max_batch)
        self._held = count
        return [queue.popleft() for _ in range(count)]

    def _export(self, batch: list[ReadableSpan]) -> bool:
        try:
            return self._exporter.export(batch) is SpanExportResult.SUCCESS
        except Exception:  # an exporter raising is a failed attempt, retried like one
            LOGGER.debug("a span export raised", exc_info=True)
            return False

    def _run(self) -> None:
        """The thread: export batch after batch; retry a failed one with backoff."""
        while batch := self._take():
            first = time.monotonic()
            backoff = FIRST_BACKOFF_S
            waiting = len(self._queue)
            began = _thread_time()  # this thread's CPU time: the pause after a success
            while not self._export(batch):
                if self._stop.is_set():
                    self._give_up(batch)
                    return
                if time.monotonic() - first + backoff > self._max_elapsed_s:
                    self._done(0)
                    self._drop(len(batch), EXPORT_FAILED)
                    self._report(f"after {self._max_elapsed_s:g} s of failed exports")
                    break
                self._stop.wait(backoff)
                backoff = min(MAX_BACKOFF_S, backoff * 2)
            else:
                self._done(len(batch))
                self._report("while the collector did not accept spans")
                if len(self._queue) > waiting:  # callers recorded meanwhile: let them run
                    self._pause(_thread_time() - began)
        self._give_up([])

    def _pause(self, spent_s: float) -> None:
        """Sleep ``spent_s`` scaled by ``YIELD_SHARE``, unless a flush or shutdown waits."""
        if YIELD_SHARE >= 1 or self._flushing or self._stop.is_set():
            return
        self._hurry.wait(spent_s * (1 - YIELD_SHARE) / YIELD_SHARE)
        if not self._flushing:
            self._hurry.clear()

    def _done(self, exported: int) -> None:
        """The held batch is gone (``exported`` of it delivered): wake force_flush waiters."""
        with self._progress:
            self._exported += exported
            self._held = 0
            self._progress.notify_all()

    def _give_up(self, batch: list[ReadableSpan]) -> None:
        """Shutting down and the export failed: drop and count what is left, then report."""
        left = len(batch) + len(self._queue)
        self._queue.clear()
        self._done(0)
        if left:
            self._drop(left, SHUTDOWN)
        self._report("at shutdown, the collector not accepting spans")

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        """Export what is queued now; False if that is not done within ``timeout_millis``."""
        deadline = time.monotonic() + timeout_millis / 1000
        with self._progress:
            target = self._exported + self._held + len(self._queue)
            self._flushing += 1
            self._wake.set()
            self._hurry.set()
            try:
                while self._exported < target:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._thread.is_alive():
                        return False
                    self._progress.wait(left)
                return True
            finally:
                self._flushing -= 1

    def shutdown(self) -> None:
        """Export what is queued (each batch tried once more), then shut the exporter down."""
        self._stopping = True
        self._stop.set()
        self._wake.set()
        self._hurry.set()
        self._thread.join()
        self._exporter.shutdown()

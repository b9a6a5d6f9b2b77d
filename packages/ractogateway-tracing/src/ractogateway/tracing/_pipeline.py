"""The OpenTelemetry side of a ``RactoTracer``: its provider, export and bounded flush/shutdown.

A TracerProvider of its own, export off the caller's thread through a retrying ``SpanQueue``
per exporter, and flush/shutdown that wait at most a deadline (also at interpreter exit).

The SDK's own flush and shutdown block for as long as an export retries against a dead or
hanging collector, whatever timeout they are given; so they run on a small daemon thread of
the pipeline and the caller waits on it with a deadline. That thread exists from construction
on because some Python versions (3.12.0, 3.12.1) refuse to start threads in atexit hooks.
"""

from __future__ import annotations

import atexit
import os
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, wait
from queue import SimpleQueue
from typing import TYPE_CHECKING, cast

from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import Tracer, TracerProvider

from ractogateway.tracing._finished import LiveSpans, emitter
from ractogateway.tracing._fork import rerun_in_child
from ractogateway.tracing._log import LOGGER
from ractogateway.tracing._queue import DropListener, SpanQueue
from ractogateway.tracing._version import __version__

if TYPE_CHECKING:
    from opentelemetry.sdk.metrics.export import MetricReader
    from opentelemetry.sdk.trace.export import SpanExporter

    from ractogateway.tracing._finished import Emit
    from ractogateway.tracing._genai_public import GenAIRecorder

__all__ = ["EXIT_TIMEOUT_S", "MAX_QUEUE_SIZE", "Pipeline", "queue_settings"]

#: Interpreter exit waits at most this long for every tracer's queued spans to be exported.
EXIT_TIMEOUT_S = 10.0
#: Spans held per exporter while the collector is slow or down (``max_queued_spans=``, else
#: ``OTEL_BSP_MAX_QUEUE_SIZE``); beyond that new spans are dropped and counted. Sized for a
#: 10 s outage at 2,000 spans/s plus the retry backoff that follows it (about 31,000 spans).
MAX_QUEUE_SIZE = 65_536
_BATCH_SIZE = 512  # OTEL_BSP_MAX_EXPORT_BATCH_SIZE
_DELAY_MS = 5000  # OTEL_BSP_SCHEDULE_DELAY

_LIVE: weakref.WeakSet[Pipeline] = weakref.WeakSet()
_EXIT_HOOK = threading.Lock()
_exit_hook_registered = False

_Job = tuple[Callable[[], object], "Future[object]"]


def _serve(jobs: SimpleQueue[_Job | None]) -> None:
    """Run jobs until ``None`` arrives (the thread's body; it holds no pipeline)."""
    while (job := jobs.get()) is not None:
        call, future = job
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(call())
            except Exception as error:  # handed to the waiting caller
                future.set_exception(error)


class _Runner:
    """A daemon thread that runs one pipeline's flush and shutdown jobs in order."""

    def __init__(self) -> None:
        self._start()
        rerun_in_child(self._start)

    def _start(self) -> None:
        self._jobs: SimpleQueue[_Job | None] = SimpleQueue()
        threading.Thread(
            target=_serve, args=(self._jobs,), name="ractogateway-tracing-flush", daemon=True
        ).start()

    def submit(self, call: Callable[[], object]) -> Future[object]:
        """Queue ``call``; its future completes when the thread has run it."""
        future: Future[object] = Future()
        self._jobs.put((call, future))
        return future

    def stop(self) -> None:
        """Let the thread end after the queued jobs."""
        self._jobs.put(None)


def _setting(name: str, default: int) -> int:
    """A positive int from the environment variable ``name``; ``default`` (warned) if not."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value > 0:
        return value
    LOGGER.warning("%s=%r is not a positive integer; using %d", name, raw, default)
    return default


def queue_settings(max_queued_spans: int | None) -> tuple[int, int, float]:
    """Queue bound, batch size and delay (s): the keyword, else ``OTEL_BSP_*``, else ours."""
    return (
        max_queued_spans or _setting("OTEL_BSP_MAX_QUEUE_SIZE", MAX_QUEUE_SIZE),
        _setting("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", _BATCH_SIZE),
        _setting("OTEL_BSP_SCHEDULE_DELAY", _DELAY_MS) / 1000,
    )


def _completed(future: Future[object], timeout_s: float, action: str) -> bool:
    """Wait for ``future`` at most ``timeout_s``; log and return False if it failed or is late."""
    done, _ = wait((future,), timeout_s)
    if not done:
        LOGGER.warning(
            "RactoTracer.%s did not finish within %g s (collector slow or unreachable);"
            " spans still queued may be lost",
            action,
            timeout_s,
        )
        return False
    error = future.exception()
    if error is not None:
        LOGGER.warning("RactoTracer.%s failed: %r", action, error)
        return False
    return future.result() is not False


class Pipeline:
    """A TracerProvider of our own (never the global one), one ``SpanQueue`` per exporter.

    ``emit`` records a finished span on it (``_finished.emitter``: spans built finished
    where that reproduces the SDK, else ``start_span`` + ``end``); ``emit_live`` is always
    the SDK path, the reference the equivalence tests compare ``emit`` with. ``genai``
    records the GenAI client metrics (``_genai_public.build_genai_metrics``: the fast
    ``GenAIMetrics``, else a ``MeterProvider`` of its own, else none). Where a private name
    of the SDK these fast paths borrow cannot be read, they give way to the public path
    with one warning: building a pipeline never fails for that.

    Args:
        service_name: the ``service.name`` resource attribute.
        exporters: where spans go; each gets a ``SpanQueue``.
        max_queued_spans: each queue's bound (None: ``queue_settings``' default).
        metric_readers: readers of the GenAI client metrics (``genai``); none: no metrics.
    """

    def __init__(
        self,
        service_name: str,
        exporters: Sequence[SpanExporter],
        max_queued_spans: int | None = None,
        metric_readers: Sequence[MetricReader] = (),
    ) -> None:
        self._provider = TracerProvider(
            resource=Resource.create({SERVICE_NAME: service_name}), shutdown_on_exit=False
        )
        max_queued, max_batch, delay_s = queue_settings(max_queued_spans)
        self._queues = tuple(
            SpanQueue(exporter, max_queued=max_queued, max_batch=max_batch, delay_s=delay_s)
            for exporter in exporters
        )
        for queue in self._queues:
            self._provider.add_span_processor(queue)
        self._exporters = tuple(exporters)
        self.tracer = cast("Tracer", self._provider.get_tracer("ractogateway.tracing", __version__))
        self.emit: Emit = emitter(self.tracer)
        self.emit_live: Emit = LiveSpans(self.tracer).emit
        self.genai: GenAIRecorder | None = None
        if metric_readers:
            # Imported here: the metrics SDK is loaded only by tracers that export metrics.
            from ractogateway.tracing._genai_public import build_genai_metrics

            self.genai = build_genai_metrics(self._provider.resource, metric_readers)
        self._runner = _Runner()
        self._lock = threading.Lock()
        self._shutdown: Future[object] | None = None
        _LIVE.add(self)
        _register_exit_hook()

    @property
    def dropped_spans(self) -> int:
        """Spans dropped by the exporters' queues since construction (see ``SpanQueue``)."""
        return sum(queue.dropped for queue in self._queues)

    def add_drop_listener(self, listener: DropListener) -> None:
        """Call ``listener(count)`` whenever a queue drops spans."""
        for queue in self._queues:
            queue.add_drop_listener(listener)

    def force_flush(self, timeout_millis: float) -> bool:
        """Export every queued span; False if that failed or did not finish in time."""
        if self._shutdown is not None:
            return False
        future = self._runner.submit(lambda: self._flush(timeout_millis))
        return _completed(future, timeout_millis / 1000, "force_flush")

    def _flush(self, timeout_millis: float) -> bool:
        """Flush the spans, then the metrics (on the runner thread)."""
        spans = self._provider.force_flush(int(timeout_millis))
        return (self.genai is None or self.genai.force_flush(timeout_millis)) and spans

    def _close(self) -> None:
        """Shut the spans' provider down, then the metric readers (on the runner thread)."""
        self._provider.shutdown()
        if self.genai is not None:
            self.genai.shutdown(EXIT_TIMEOUT_S * 1000)

    def begin_shutdown(self) -> Future[object]:
        """Start the shutdown (idempotent): queued spans are exported, exporters closed."""
        with self._lock:
            if self._shutdown is None:
                self._shutdown = self._runner.submit(self._close)
                self._runner.stop()
            return self._shutdown

    def shutdown(self, timeout_millis: float) -> None:
        """Shut down, waiting at most ``timeout_millis``; later calls return at once.

        Past the deadline the pipeline is abandoned: its exporters are shut down from a
        thread of their own, which ends the export still running where the exporter can
        (the gRPC one cancels its call and stops retrying), and the interpreter exit does
        not wait for it again.
        """
        if self._shutdown is not None:
            return
        if not _completed(self.begin_shutdown(), timeout_millis / 1000, "shutdown"):
            _LIVE.discard(self)
            threading.Thread(
                target=_abort,
                args=(self._exporters,),
                name="ractogateway-tracing-abort",
                daemon=True,
            ).start()


def _abort(exporters: Sequence[SpanExporter]) -> None:
    """Shut exporters down while their export may still run (ends the in-flight call)."""
    for exporter in exporters:
        try:
            exporter.shutdown()
        except Exception:  # an exporter's own shutdown failing is not the caller's problem
            LOGGER.debug("shutting down %r failed", exporter, exc_info=True)


def _shutdown_live_at_exit() -> None:
    """Shut every live pipeline down in parallel, waiting at most ``EXIT_TIMEOUT_S`` in all."""
    _, late = wait([pipeline.begin_shutdown() for pipeline in list(_LIVE)], EXIT_TIMEOUT_S)
    if late:
        LOGGER.warning(
            "%d RactoTracer(s) did not finish exporting within %g s at interpreter exit;"
            " their queued spans are lost",
            len(late),
            EXIT_TIMEOUT_S,
        )


def _register_exit_hook() -> None:
    """Register the exit flush once, after the exporters' imports (atexit runs hooks LIFO)."""
    global _exit_hook_registered  # noqa: PLW0603 - one process-wide registration
    with _EXIT_HOOK:
        if not _exit_hook_registered:
            atexit.register(_shutdown_live_at_exit)
            _exit_hook_registered = True

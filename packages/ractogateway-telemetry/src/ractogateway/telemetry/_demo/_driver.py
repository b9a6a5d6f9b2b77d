"""``run_workload``: drive the simulated gateway from worker threads, reporting progress."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ractogateway.telemetry._demo._workload import CallOutcome, SimulatedGateway, plan_request

if TYPE_CHECKING:
    from ractogateway.telemetry._kit import Telemetry

__all__ = ["Progress", "StopFlag", "WorkloadResult", "run_workload"]


class StopFlag(Protocol):
    """What ends a run early once set: a ``threading.Event``, or the demo's signal flag."""

    def is_set(self) -> bool:
        """Return whether the run should end."""
        ...


@dataclass(frozen=True, kw_only=True)
class Progress:
    """Where a run stands (the driver's own tally, for display only)."""

    elapsed_s: float
    requests: int
    calls: int
    errors: int
    cache_hits: int


@dataclass(frozen=True, kw_only=True)
class WorkloadResult:
    """What a run did: every LLM call as reported to ``Telemetry``, in request order."""

    calls: tuple[CallOutcome, ...]
    requests: int
    elapsed_s: float
    interrupted: bool


class _Run:
    """The shared state of one run: the next request index and the tally, under one lock."""

    def __init__(
        self, requests: int | None, deadline: float | None, requested: StopFlag | None
    ) -> None:
        self.lock = threading.Lock()
        self.stop = threading.Event()  # set by the run itself, when it ends
        self.requested = requested  # set by the caller, to end it early
        self.cut_short = False  # a request was refused because ``requested`` was set
        self.next_index = 0
        self.limit = requests
        self.deadline = deadline
        self.outcomes: list[CallOutcome] = []
        self.requests = self.errors = self.cache_hits = 0

    def take(self) -> int | None:
        """Return the next request index, or None when the run is over."""
        with self.lock:
            if self.stop.is_set() or (self.limit is not None and self.next_index >= self.limit):
                return None
            if self.requested is not None and self.requested.is_set():
                self.cut_short = True
                return None
            if self.deadline is not None and time.monotonic() >= self.deadline:
                return None
            index = self.next_index
            self.next_index += 1
            return index

    def done(self, outcomes: list[CallOutcome]) -> None:
        with self.lock:
            self.outcomes.extend(outcomes)
            self.requests += 1
            self.errors += sum(o.status == "error" for o in outcomes)
            self.cache_hits += sum(o.cache_hit != "miss" for o in outcomes)

    def progress(self, elapsed_s: float) -> Progress:
        with self.lock:
            return Progress(
                elapsed_s=elapsed_s,
                requests=self.requests,
                calls=len(self.outcomes),
                errors=self.errors,
                cache_hits=self.cache_hits,
            )


def run_workload(
    telemetry: Telemetry,
    *,
    requests: int | None = None,
    duration_s: float | None = None,
    seed: int = 0,
    workers: int = 8,
    speedup: float = 20.0,
    on_progress: Callable[[Progress], None] | None = None,
    progress_interval_s: float = 0.25,
    stop: StopFlag | None = None,
) -> WorkloadResult:
    """Run simulated gateway requests through ``telemetry`` and return what was reported.

    The run ends after ``requests`` requests or ``duration_s`` seconds, whichever comes
    first; with neither, it runs until stopped. Setting ``stop`` (from any thread, or a signal
    handler) or Ctrl-C (KeyboardInterrupt in the calling thread) ends it early: no request
    starts after that, the ones in flight finish, and the result says ``interrupted``. Any
    other exception (from ``on_progress``) stops the workers and propagates. A request is
    one gateway call: chat, stream or embed, preceded by an embedding call when it goes
    through the semantic cache.

    Args:
        telemetry: Where the calls are recorded.
        requests: Number of requests to serve (request ``i`` is ``plan_request(seed, i)``).
        duration_s: Wall-clock time to run for.
        seed: Selects the workload; the same seed gives the same requests.
        workers: Threads serving requests concurrently.
        speedup: Simulated providers answer this many times faster than real ones.
        on_progress: Called from the calling thread every ``progress_interval_s``, and once
            at the end.
        progress_interval_s: Seconds between progress calls.
        stop: Ends the run early once set (``is_set()``, read by the workers and the calling
            thread; never set here).

    Raises:
        ValueError: ``requests``, ``duration_s``, ``workers`` or ``speedup`` is out of range.
    """
    if requests is not None and requests < 0:
        raise ValueError(f"requests must be >= 0 or None, got {requests!r}")
    if duration_s is not None and not duration_s >= 0:
        raise ValueError(f"duration_s must be >= 0 or None, got {duration_s!r}")
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers!r}")
    if not speedup > 0:
        raise ValueError(f"speedup must be > 0, got {speedup!r}")
    gateway = SimulatedGateway(telemetry)
    start = time.monotonic()
    run = _Run(requests, None if duration_s is None else start + duration_s, stop)

    def serve() -> None:
        while (index := run.take()) is not None:
            run.done(gateway.handle(plan_request(seed, index, speedup=speedup)))

    threads = [
        threading.Thread(target=serve, name=f"demo-worker-{n}", daemon=True) for n in range(workers)
    ]
    for thread in threads:
        thread.start()
    interrupted = False
    try:
        while alive := [thread for thread in threads if thread.is_alive()]:
            alive[0].join(progress_interval_s)
            if on_progress is not None:
                on_progress(run.progress(time.monotonic() - start))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        # However the loop ended, no worker outlives the run (in-flight requests finish).
        run.stop.set()
        for thread in threads:
            thread.join()
    elapsed_s = time.monotonic() - start
    interrupted = interrupted or run.cut_short
    if on_progress is not None:
        on_progress(run.progress(elapsed_s))
    calls = tuple(sorted(run.outcomes, key=lambda o: (o.request, o.operation != "embed")))
    return WorkloadResult(
        calls=calls, requests=run.requests, elapsed_s=elapsed_s, interrupted=interrupted
    )

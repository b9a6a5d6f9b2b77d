"""Timing loops: one statement compiled into a tight loop, calibrated, run in batches.

Rules applied alike to every implementation:

- both clocks are read around every batch: the process's CPU time (``process_time_ns``: every
  thread of the worker, the span exporter's included), which time spent descheduled while
  other processes use the shared cores does not inflate, and wall time (``perf_counter_ns``);
  single-threaded scenarios report CPU time, threaded ones wall-clock throughput;
- the statement is compiled into ``for _ in repeat(None, n): <statement>`` with every name it
  uses bound as a local, so the loop adds ~10 ns per call and no attribute look-up;
- the calibration run doubles as warm-up, then one more warm-up run, then the timed runs;
- the garbage collector stays **enabled** during timed loops (allocation and collection are a
  real cost of the code under test) and ``gc.collect()`` runs before each timed run;
- a timed run is split into batches of at most ``MAX_BATCH`` calls; between batches, untimed,
  the workload's ``between()`` drops what the calls accumulated (captured spans), so memory
  stays bounded however long the run; a workload's ``settle()`` (the OTLP scenarios'
  ``force_flush``) runs inside the timed batch, after its calls.
"""

from __future__ import annotations

import gc
import itertools
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_BATCH = 10_000
#: A timed run makes at least this many calls, however slow one is.
MIN_CALLS = 3
#: Calibration stops once a run takes at least this fraction of the target time.
CALIBRATION_FRACTION = 0.1


def _nothing() -> None:
    return None


def _no_facts() -> dict[str, object]:
    return {}


@dataclass
class Workload:
    """One implementation's side of a scenario.

    Attributes:
        stmt: The statement timed (``calls.py``), identical across implementations.
        namespace: The names the statement uses, bound to this implementation's objects.
        between: Untimed housekeeping between batches (e.g. clear captured spans).
        facts: Untimed, after the runs: what the calls did (spans exported, requests counted),
            so the orchestrator can check every implementation did the same work.
        note: How this implementation runs the scenario, when that needs saying.
        settle: Timed, after each batch's calls: finish their work (force_flush where
            exporting is part of what a call costs, as in the OTLP scenarios).
        min_calls: A timed run makes at least this many calls (e.g. several export batches).
        latency: Instead of the timed loop: ``latency(blocks)`` measures call latencies
            itself and returns their statistics (S9; ``Runner.latencies``).
    """

    stmt: str
    namespace: dict[str, Any]
    between: Callable[[], None] = _nothing
    facts: Callable[[], dict[str, object]] = _no_facts
    note: str = ""
    settle: Callable[[], object] = _nothing
    min_calls: int = 0
    latency: Callable[[int], dict[str, object]] | None = None


def compile_loop(stmt: str, namespace: dict[str, Any]) -> Callable[[int], None]:
    """Return ``loop(n)`` running ``stmt`` n times, the namespace's names bound as locals."""
    params = "".join(f", {name}={name}" for name in sorted(namespace))
    source = (
        f"def _loop(_n{params}):\n"
        f"    for _ in _repeat(None, _n):\n"
        f"{textwrap.indent(stmt, ' ' * 8)}\n"
    )
    scope: dict[str, Any] = {"_repeat": itertools.repeat, **namespace}
    exec(compile(source, "<bench loop>", "exec"), scope)
    loop: Callable[[int], None] = scope["_loop"]
    return loop


class Runner:
    """Runs one workload: calibration, warm-up, timed runs; counts every call made."""

    def __init__(self, workload: Workload) -> None:
        self.workload = workload
        self.loop = compile_loop(workload.stmt, workload.namespace)
        self.calls = 0

    def run(self, n: int) -> tuple[int, int]:
        """Run ``n`` calls in batches; return the CPU and wall nanoseconds inside the batches."""
        cpu = wall = 0
        left = n
        while left > 0:
            batch = min(left, MAX_BATCH)
            wall_start, cpu_start = time.perf_counter_ns(), time.process_time_ns()
            self.loop(batch)
            self.workload.settle()
            cpu += time.process_time_ns() - cpu_start
            wall += time.perf_counter_ns() - wall_start
            self.calls += batch
            left -= batch
            self.workload.between()
        return cpu, wall

    def run_threads(self, n_per_thread: int, threads: int) -> tuple[int, int]:
        """Run ``n_per_thread`` calls in each of ``threads`` threads at once; return CPU, wall."""
        barrier = threading.Barrier(threads + 1)
        errors: list[BaseException] = []

        def work() -> None:
            barrier.wait()
            try:
                self.loop(n_per_thread)
            except BaseException as error:  # reported by the main thread
                errors.append(error)

        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        barrier.wait()
        wall_start, cpu_start = time.perf_counter_ns(), time.process_time_ns()
        for worker in workers:
            worker.join()
        cpu = time.process_time_ns() - cpu_start
        wall = time.perf_counter_ns() - wall_start
        self.calls += n_per_thread * threads
        self.workload.between()
        if errors:
            raise errors[0]
        return cpu, wall

    def calibrate(self, target_ns: int) -> int:
        """Return the number of calls that takes about ``target_ns``; warms up on the way."""
        n = 1
        while True:
            elapsed, _wall = self.run(n)
            if elapsed >= target_ns * CALIBRATION_FRACTION or n >= 1 << 26:
                break
            n *= 4 if elapsed * 40 < target_ns * CALIBRATION_FRACTION else 2
        return max(MIN_CALLS, self.workload.min_calls, round(target_ns * n / max(elapsed, 1)))

    def measure(
        self, target_ns: int, repeats: int, threads: int
    ) -> tuple[int, list[float], list[float]]:
        """Calibrate, warm up, then time ``repeats`` runs.

        Returns:
            The calls per run and, per run, by CPU time and by wall time: ns per call (one
            thread) or calls per second (several threads, all calling at once).
        """
        n = self.calibrate(target_ns)
        self.run(max(1, n // 5))
        cpu_values: list[float] = []
        wall_values: list[float] = []
        for _ in range(repeats):
            gc.collect()
            if threads == 1:
                cpu, wall = self.run(n)
                cpu_values.append(cpu / n)
                wall_values.append(wall / n)
            else:
                per_thread = max(1, n // threads)
                cpu, wall = self.run_threads(per_thread, threads)
                cpu_values.append(per_thread * threads / (max(cpu, 1) / 1e9))
                wall_values.append(per_thread * threads / (wall / 1e9))
        return n, cpu_values, wall_values

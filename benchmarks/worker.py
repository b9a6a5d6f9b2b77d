"""One measurement in a fresh process: ``python benchmarks/worker.py --impl I --scenario S``.

Builds the implementation's workload, calibrates, warms up, times ``--repeats`` runs of about
``--seconds`` each and prints one JSON object on stdout: ``status`` ("ok", "unavailable" when
the implementation does not provide the scenario's names yet, "error"), the values per run
(ns per call of process CPU time; for threaded scenarios, calls per second of wall time; both
clocks are kept in ``cpu_values`` and ``wall_values``), the calls per run and the facts.
The same file runs in every venv: each implementation's imports happen only when chosen.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts benchmarks/ first on sys.path; use the repository root
# instead, so the harness modules import as ``benchmarks.*`` and shadow nothing.
ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import json  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Callable  # noqa: E402

from benchmarks import catalogue, otlp  # noqa: E402
from benchmarks.timing import Runner, Workload  # noqa: E402

if not Path(catalogue.__file__).resolve().is_relative_to(ROOT):
    sys.exit(
        f"benchmarks resolved to {catalogue.__file__}, not this checkout: a package named"
        " 'benchmarks' is installed in this venv"
    )


def _build(impl: str, sid: str) -> Workload | None:
    if impl == catalogue.MINIMUM:
        from benchmarks import workloads_minimum

        return workloads_minimum.build(sid)
    if impl in catalogue.PEERS:
        from benchmarks import workloads_peers

        return workloads_peers.build(impl, sid)
    from benchmarks import workloads_api

    return workloads_api.build(impl, sid)


def measure(impl: str, sid: str, seconds: float, repeats: int) -> dict[str, object]:
    """Run one implementation's side of one scenario; return the result object."""
    scenario = catalogue.BY_ID[sid]
    try:
        workload = _build(impl, sid)
    except (ImportError, AttributeError) as error:
        return {"status": "unavailable", "reason": f"{type(error).__name__}: {error}"}
    if workload is None:
        return {"status": "unavailable", "reason": f"{impl} has no {sid}"}
    if workload.latency is not None:
        return _latency(workload, workload.latency, seconds, repeats)
    runner = Runner(workload)
    n, cpu_values, wall_values = runner.measure(int(seconds * 1e9), repeats, scenario.threads)
    return {
        "status": "ok",
        "unit": scenario.unit,
        # One thread: CPU time, which time spent descheduled does not inflate. Several
        # threads: throughput is wall-clock by definition.
        "values": cpu_values if scenario.threads == 1 else wall_values,
        "cpu_values": cpu_values,
        "wall_values": wall_values,
        "calls_per_run": n,
        "calls_total": runner.calls,
        "note": workload.note,
        "facts": workload.facts(),
    }


def _latency(
    workload: Workload, latency: Callable[[int], dict[str, object]], seconds: float, repeats: int
) -> dict[str, object]:
    """S9: ``repeats`` latency runs (busy, then idle); per run, the median and p99 of each."""
    blocks = max(3, round(seconds * 30))
    latency(1)  # warm-up
    runs = [latency(blocks) for _ in range(repeats)]
    return {
        "status": "ok",
        "unit": catalogue.NS_PER_OP,
        # The busy medians are the row's values; the idle ones are compared with them.
        "values": [run["busy_median"] for run in runs],
        "idle_values": [run["idle_median"] for run in runs],
        "busy_p99": [run["busy_p99"] for run in runs],
        "idle_p99": [run["idle_p99"] for run in runs],
        "backlog_left": [run["backlog_left"] for run in runs],
        "calls_per_run": blocks * otlp.BLOCK,
        "note": workload.note,
        "facts": workload.facts(),
    }


def main() -> int:
    """Parse the arguments, measure, print the JSON result."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--impl", required=True, choices=catalogue.IMPLS)
    parser.add_argument("--scenario", required=True, choices=sorted(catalogue.BY_ID))
    parser.add_argument("--seconds", type=float, default=0.1, help="target time of one run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs in this process")
    args = parser.parse_args()
    try:
        result = measure(args.impl, args.scenario, args.seconds, args.repeats)
    except Exception as error:  # reported to the orchestrator, which goes on
        result = {
            "status": "error",
            "reason": f"{type(error).__name__}: {error}",
            "traceback": traceback.format_exc(limit=8),
        }
    print(json.dumps({"impl": args.impl, "scenario": args.scenario, **result}, default=repr))
    return 0


if __name__ == "__main__":
    sys.exit(main())

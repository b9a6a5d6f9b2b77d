"""Benchmark harness (issue 6): ours vs the earlier release vs the raw-SDK minimum.

``nox -s bench [-- OPTIONS]`` runs ``python benchmarks/run.py [OPTIONS]``. It (re)builds the
venvs under ``.bench/venvs/`` with uv, then for each round runs every scenario's
implementations one after the other (their order rotating from round to round, so machine
drift hits all alike), each in a fresh worker process, and measures import times in fresh
processes. It prints one table (medians and best runs, ratios, targets) and writes it as JSON
to ``.bench/results.json`` and a timestamped copy. Stdlib only.

Examples:
    nox -s bench                         # the full run (~5-10 min on 2 cores)
    nox -s bench -- --quick              # a smoke run (~2 min)
    nox -s bench -- --only S3,S4,imports --rounds 9
    nox -s bench -- --update-docs        # also put the table into docs/performance.md
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts benchmarks/ first on sys.path; use the repository root
# instead, so the harness modules import as ``benchmarks.*`` (as mypy sees them).
ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from dataclasses import asdict  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks import catalogue, imports, report, table  # noqa: E402
from benchmarks.envs import BENCH_DIR, Envs, log  # noqa: E402

WORKER = Path(__file__).resolve().parent / "worker.py"
DOCS_PAGE = ROOT / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
#: Environment variables that would change what the implementations do.
_SCRUBBED = ("PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir", "PYTHONPATH")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 rounds, short runs")
    parser.add_argument("--rounds", type=int, help="rounds (default 7; 3 with --quick)")
    parser.add_argument("--seconds", type=float, help="one timed run (default 0.1; 0.05 quick)")
    parser.add_argument("--repeats", type=int, help="timed runs per worker (default 5; 3 quick)")
    parser.add_argument("--only", help="comma-separated scenario ids or prefixes, or 'imports'")
    parser.add_argument("--python", default="3.12", help="Python version or interpreter path")
    parser.add_argument(
        "--update-docs",
        action="store_true",
        help=f"rewrite the table in {DOCS_PAGE.relative_to(ROOT)}",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (3 if args.quick else 7)
    args.seconds = args.seconds or (0.05 if args.quick else 0.1)
    args.repeats = args.repeats or (3 if args.quick else 5)
    return args


def select(only: str | None) -> tuple[list[catalogue.Scenario], bool]:
    """The scenarios chosen by ``--only``, and whether import times are measured."""
    if not only:
        return list(catalogue.SCENARIOS), True
    wanted = [word.strip() for word in only.split(",") if word.strip()]
    chosen = [s for s in catalogue.SCENARIOS if any(s.sid.startswith(word) for word in wanted)]
    unknown = [
        w
        for w in wanted
        if w != catalogue.IMPORTS and not any(s.sid.startswith(w) for s in catalogue.SCENARIOS)
    ]
    if unknown:
        raise SystemExit(
            f"--only: unknown {unknown}; scenarios are {sorted(catalogue.BY_ID)} and 'imports'"
        )
    return chosen, catalogue.IMPORTS in wanted


def _rotate(items: list[Any], by: int) -> list[Any]:
    by %= max(len(items), 1)
    return items[by:] + items[:by]


def run_worker(python: str, impl: str, sid: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one worker; return its JSON result (or an error result)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _SCRUBBED and not key.startswith("OTEL_")
    }
    command = [
        python,
        str(WORKER),
        "--impl",
        impl,
        "--scenario",
        sid,
        "--seconds",
        str(args.seconds),
        "--repeats",
        str(args.repeats),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
            cwd=BENCH_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "error", "reason": "worker timed out after 600 s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            result: dict[str, Any] = json.loads(line)
            return result
    tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    return {"status": "error", "reason": tail}


class Bench:
    """One benchmark run: its venvs, selection and the raw results gathered so far."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.scenarios, self.with_imports = select(args.only)
        self.envs = Envs(args.python)
        venvs = {catalogue.VENV_OF[impl] for s in self.scenarios for impl in s.impls}
        if self.with_imports:
            venvs |= {target.venv for target in catalogue.IMPORT_TARGETS}
        self.versions = self.envs.prepare(venvs)
        self.measurements: report.Measurements = {}
        self.import_times: dict[str, list[float]] = {}
        self.import_failures: dict[str, str] = {}
        self.third_party: dict[str, list[str]] = {}

    def _targets(self) -> list[catalogue.ImportTarget]:
        return [
            t
            for t in catalogue.IMPORT_TARGETS
            if t.venv in self.versions and t.key not in self.import_failures
        ]

    def warm_imports(self) -> None:
        """Import every target once (untimed) and list what ours' leaves pull in."""
        for target in self._targets():
            try:
                self.third_party[target.key] = imports.third_party_modules(
                    self.envs.python(target.venv), target.module
                )
            except imports.ImportFailedError as error:
                self.import_failures[target.key] = str(error)

    def round(self, number: int) -> None:
        """Every scenario's implementations, then every import, in a rotated order."""
        for scenario in self.scenarios:
            results = self.measurements.setdefault(scenario.sid, {})
            for impl in _rotate(list(scenario.impls), number):
                past = results.setdefault(impl, [])
                if past and past[-1].get("status") != "ok":
                    continue  # unavailable or broken: reported once, not retried
                python = self.envs.python(catalogue.VENV_OF[impl])
                past.append({"round": number, **run_worker(python, impl, scenario.sid, self.args)})
        if self.with_imports:
            for target in _rotate(self._targets(), number):
                try:
                    micros = imports.import_time_us(self.envs.python(target.venv), target.module)
                except imports.ImportFailedError as error:
                    self.import_failures[target.key] = str(error)
                    continue
                self.import_times.setdefault(target.key, []).append(micros)

    def rows(self) -> list[report.Row]:
        """The table's rows from what was gathered."""
        rows = report.scenario_rows(self.measurements)
        if self.with_imports:
            rows += report.import_rows(self.import_times, self.import_failures, self.third_party)
        return rows


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def write_json(bench: Bench, rows: list[report.Row], meta: dict[str, Any]) -> Path:
    """Write ``.bench/results.json`` and a timestamped copy; return the latter."""
    document = {
        "meta": meta,
        "rows": [
            {
                **asdict(row),
                "ratio_min": row.ratio_min(),
                "ratio_other": row.ratio_other(),
                "verdict": row.verdict,
            }
            for row in rows
        ],
        "measurements": bench.measurements,
        "imports": {
            "times_us": bench.import_times,
            "failures": bench.import_failures,
            "third_party": bench.third_party,
        },
    }
    text = json.dumps(document, indent=1, default=repr)
    (BENCH_DIR / "results.json").write_text(text)
    stamped = BENCH_DIR / f"results-{meta['started'].replace(':', '')}.json"
    stamped.write_text(text)
    return stamped


def update_docs(rows: list[report.Row], meta: dict[str, Any]) -> None:
    """Replace the table between the markers of docs/performance.md."""
    page = DOCS_PAGE.read_text()
    if DOCS_START not in page or DOCS_END not in page:
        raise SystemExit(f"{DOCS_PAGE}: markers {DOCS_START} / {DOCS_END} not found")
    head, rest = page.split(DOCS_START, 1)
    _old, tail = rest.split(DOCS_END, 1)
    stamp = (
        f"Measured {meta['started']} on {meta['machine']}, Python {meta['python']}, "
        f"commit {meta['commit'][:10]}{' (+ local changes)' if meta['dirty'] else ''}, "
        f"{meta['rounds']} rounds; load average {meta['load_before'][0]} before, "
        f"{meta['load_after'][0]} after (the benchmark itself accounts for 1)."
    )
    DOCS_PAGE.write_text(f"{head}{DOCS_START}\n{stamp}\n\n{table.markdown(rows)}\n{DOCS_END}{tail}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table; write the JSON (and the docs table if asked)."""
    args = parse_args(argv)
    started = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    load_before = [round(x, 2) for x in os.getloadavg()]
    clock = time.monotonic()
    bench = Bench(args)
    bench.warm_imports()
    for number in range(args.rounds):
        bench.round(number)
        log(f"bench: round {number + 1}/{args.rounds} done, {time.monotonic() - clock:.0f} s")
    rows = bench.rows()
    python = subprocess.run(
        [bench.envs.python("ours"), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    meta = {
        "started": started,
        "seconds": round(time.monotonic() - clock, 1),
        "python": python,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "commit": _git("rev-parse", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--", "packages")),
        "rounds": args.rounds,
        "seconds_per_run": args.seconds,
        "repeats": args.repeats,
        "versions": bench.versions,
        "notes": bench.envs.notes,
    }
    print(table.text(rows))
    # The benchmark itself keeps one core busy: more than that is someone else's work.
    after = meta["load_after"][0]
    if load_before[0] > 0.5 or after > 1.5:
        print(
            f"\nload average {load_before[0]} before, {after} after, on {os.cpu_count()} CPUs:"
            " other processes were running; rerun on a quiet machine (or with more --rounds)"
            " before trusting a close call"
        )
    stamped = write_json(bench, rows, meta)
    log(f"bench: {meta['seconds']} s; wrote {BENCH_DIR / 'results.json'} and {stamped.name}")
    if args.update_docs:
        update_docs(rows, meta)
        log(f"bench: updated {DOCS_PAGE}")
    return 1 if args.strict and any(row.verdict == "FAIL" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

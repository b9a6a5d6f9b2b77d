"""From raw measurements to rows: statistics, ratios, targets (issue 6), work checks.

Statistics: each worker's runs give one value per round, the best of them (min time, max
throughput), so a run slowed down by another process on the machine does not count; a row
shows the median of the rounds' values and the best single run. Ratios are paired by round:
the median over rounds of (ours / minimum) in that round, whose workers ran back to back on
the machine in the same state. They are always cost ratios: ``ours/min`` > 1 means ours costs
more than the minimum; ``other/ours`` > 1 means the earlier release (or a peer) costs more
than ours. For throughput (S7) the cost of an operation is 1 / throughput. Stdlib only.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import catalogue
from benchmarks.catalogue import EARLIER, GENAI_PRICES, MINIMUM, OURS, TOKENCOST

#: Raw results: scenario id -> implementation -> one worker result per round.
Measurements = dict[str, dict[str, list[dict[str, Any]]]]


@dataclass(frozen=True)
class Stat:
    """One implementation in one row, in the row's unit (ns, ops/s or µs).

    Attributes:
        median: Median over rounds of each round's value.
        best: The best round.
        rounds: Each round's value (its best run), by round number.
    """

    median: float
    best: float
    rounds: dict[int, float]


def summarize(unit: str, per_round: dict[int, list[float]]) -> Stat | None:
    """Median over rounds of each round's best run, and the best run; None without data."""
    pick = max if unit == catalogue.OPS_PER_S else min
    rounds = {number: pick(values) for number, values in per_round.items() if values}
    if not rounds:
        return None
    values = list(rounds.values())
    return Stat(statistics.median(values), pick(values), rounds)


def paired_ratio(unit: str, numerator: Stat | None, denominator: Stat | None) -> float | None:
    """Median over the rounds both have of their cost ratio (throughput inverts)."""
    if numerator is None or denominator is None:
        return None
    common = sorted(numerator.rounds.keys() & denominator.rounds.keys())
    if not common:
        return None
    ratios = [numerator.rounds[r] / denominator.rounds[r] for r in common]
    if unit == catalogue.OPS_PER_S:
        ratios = [1 / ratio for ratio in ratios]
    return statistics.median(ratios)


@dataclass
class Row:
    """One line of the table."""

    key: str
    title: str
    unit: str
    ours: Stat | None
    minimum: Stat | None = None
    other: Stat | None = None
    other_name: str = EARLIER
    target: str = ""
    checks: list[bool | None] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def ratio_min(self) -> float | None:
        """Ours' cost over the minimum's (paired by round)."""
        return paired_ratio(self.unit, self.ours, self.minimum)

    def ratio_other(self) -> float | None:
        """The earlier release's (or the peer's) cost over ours (paired by round)."""
        return paired_ratio(self.unit, self.other, self.ours)

    @property
    def verdict(self) -> str:
        """PASS, FAIL, n/a (a measurement is missing) or "" (no target)."""
        if not self.target:
            return ""
        if False in self.checks:
            return "FAIL"
        return "n/a" if None in self.checks or not self.checks else "PASS"


def _median(stat: Stat | None) -> float | None:
    return None if stat is None else stat.median


def _at_most(value: float | None, bound: float) -> bool | None:
    return None if value is None else value <= bound


def _at_least(value: float | None, bound: float) -> bool | None:
    return None if value is None else value >= bound


#: Targets of issue 12 (issue 6's where it set none): scenario -> (text, checks of a row).
TARGETS: dict[str, tuple[str, Callable[[Row], list[bool | None]]]] = {
    "S1": ("<= 1.5 us per call", lambda r: [_at_most(_median(r.ours), 1500.0)]),
    "S2": ("<= 0.50 x min", lambda r: [_at_most(r.ratio_min(), 0.50)]),
    # Issue 14: the GenAI metrics keep the hot path inside S2's target.
    "S2-genai": ("<= 0.50 x min", lambda r: [_at_most(r.ratio_min(), 0.50)]),
    "S3": (
        "<= 1.20 x min; >= 3 x faster than earlier",
        lambda r: [_at_most(r.ratio_min(), 1.20), _at_least(r.ratio_other(), 3.0)],
    ),
    "S4-known": ("<= 1.70 x min", lambda r: [_at_most(r.ratio_min(), 1.70)]),
    f"S4-known/{GENAI_PRICES}": (
        ">= 100 x faster than genai-prices",
        lambda r: [_at_least(r.ratio_other(), 100.0)],
    ),
    "S4-alias": ("<= 2.5 x min", lambda r: [_at_most(r.ratio_min(), 2.5)]),
    "S5": ("<= 0.60 x min", lambda r: [_at_most(r.ratio_min(), 0.60)]),
    "S7": (
        ">= 1.5 x min throughput",
        lambda r: [_at_most(r.ratio_min(), 1 / 1.5)],
    ),
    # Issue 22: the OTLP export path (stretch: 0.20), and the caller's latency under it.
    "S8-grpc": ("<= 0.30 x min", lambda r: [_at_most(r.ratio_min(), 0.30)]),
    "S8-http": ("<= 0.30 x min", lambda r: [_at_most(r.ratio_min(), 0.30)]),
    "S9-grpc": ("<= 1.5 x idle", lambda r: [_at_most(r.ratio_min(), 1.5)]),
    "S9-http": ("<= 1.5 x idle", lambda r: [_at_most(r.ratio_min(), 1.5)]),
}


def _latency_rows(measurements: Measurements, sid: str) -> tuple[Stat | None, list[str]]:
    """S9: the idle exporter's latencies (shown as the minimum) and the p99 notes."""
    results = [r for r in measurements.get(sid, {}).get(OURS, []) if r.get("status") == "ok"]
    idle = summarize(catalogue.NS_PER_OP, {r["round"]: list(r["idle_values"]) for r in results})
    notes = []
    for key in ("busy_p99", "idle_p99"):
        values = [min(r[key]) for r in results]
        if values:
            notes.append(f"{key.replace('_', ' ')}: {statistics.median(values) / 1000:.3g} us")
    backlog = [min(r["backlog_left"]) for r in results]
    if backlog:
        notes.append(f"busy: at least {min(backlog)} spans still queued after each timed block")
    return idle, notes


def _stat(measurements: Measurements, sid: str, impl: str) -> Stat | None:
    results = [r for r in measurements.get(sid, {}).get(impl, []) if r.get("status") == "ok"]
    return summarize(catalogue.BY_ID[sid].unit, {r["round"]: list(r["values"]) for r in results})


def _last(measurements: Measurements, sid: str, impl: str) -> dict[str, Any]:
    results = measurements.get(sid, {}).get(impl, [])
    return results[-1] if results else {}


def _work_notes(measurements: Measurements, sid: str) -> list[str]:
    """Check that every implementation did the whole work, and ours the minimum's span."""
    notes: list[str] = []
    for impl in catalogue.BY_ID[sid].impls:
        result = _last(measurements, sid, impl)
        if result.get("status") in ("unavailable", "error"):
            notes.append(f"{impl}: {result['status']} ({result.get('reason', '')})")
            continue
        facts, calls_total = result.get("facts", {}), result.get("calls_total")
        for fact in ("spans_recorded", "spans_exported", "requests_counted"):
            if fact in facts and facts[fact] != calls_total:
                notes.append(f"{impl}: {fact} = {facts[fact]} of {calls_total} calls")
        notes += _export_notes(impl, facts, calls_total)
        if result.get("note") and impl == OURS:
            notes.append(f"ours: {result['note']}")
    ours = _last(measurements, sid, OURS).get("facts", {})
    minimum = _last(measurements, sid, MINIMUM).get("facts", {})
    for fact in ("span", "cost"):
        if fact in ours and fact in minimum:
            mine, theirs = _comparable(fact, ours[fact]), _comparable(fact, minimum[fact])
            if mine != theirs:
                notes.append(f"ours and minimum differ in {fact}: ours {mine}, minimum {theirs}")
    if "cost" in ours:
        for impl in (EARLIER, GENAI_PRICES, TOKENCOST):
            cost = _last(measurements, sid, impl).get("facts", {}).get("cost")
            if cost is not None and abs(cost - ours["cost"]) > 1e-12:
                notes.append(f"{impl} prices this call at {cost} USD, ours at {ours['cost']} USD")
    return notes


def _export_notes(impl: str, facts: dict[str, Any], calls_total: int | None) -> list[str]:
    """S8, S9: spans dropped, and the bytes a span took on the wire (the sink's count)."""
    notes = []
    if facts.get("dropped_spans"):
        notes.append(f"{impl}: {facts['dropped_spans']} spans dropped")
    if facts.get("sink_requests") and calls_total:
        notes.append(f"{impl}: {facts['sink_bytes'] / calls_total:.0f} bytes a span sent")
    return notes


def _comparable(fact: str, value: Any) -> Any:
    if fact == "span" and isinstance(value, dict):
        return {key: value.get(key) for key in ("name", "kind", "attributes")}
    return value


def scenario_rows(measurements: Measurements) -> list[Row]:
    """One row per measured scenario, plus one per pricing peer."""
    rows: list[Row] = []
    for scenario in catalogue.SCENARIOS:
        sid = scenario.sid
        if sid not in measurements:
            continue
        # S5-direct, S2-sdk and S2-genai are S5's and S2's work: compare with their minimum
        # and earlier.
        peers_of = {"S5-direct": "S5", "S2-sdk": "S2", "S2-genai": "S2"}.get(sid, sid)
        row = Row(
            sid,
            scenario.title,
            scenario.unit,
            _stat(measurements, sid, OURS),
            _stat(measurements, peers_of, MINIMUM),
            _stat(measurements, peers_of, EARLIER),
            notes=_work_notes(measurements, sid),
        )
        if sid.startswith("S9-"):
            # Minimum column: the same calls with the exporter idle (``benchmarks/otlp.py``).
            row.minimum, notes = _latency_rows(measurements, sid)
            row.notes += notes
        rows.append(row)
        for peer in (GENAI_PRICES, TOKENCOST):
            if peer in scenario.impls:
                rows.append(
                    Row(
                        f"{sid}/{peer}",
                        f"{peer}: {_last(measurements, sid, peer).get('note', '')}",
                        scenario.unit,
                        row.ours,
                        other=_stat(measurements, sid, peer),
                        other_name=peer,
                    )
                )
    for row in rows:
        if row.key in TARGETS:
            row.target, check = TARGETS[row.key]
            row.checks = check(row)
    return rows


#: Import rows: key, title, then the import targets shown as ours, minimum and other.
IMPORT_ROWS = (
    ("import pricing", "import ractogateway.pricing", "ours:pricing", None, None),
    (
        "import metrics",
        "import ractogateway.metrics (min: prometheus_client alone)",
        "ours:metrics",
        "raw:prometheus_client",
        None,
    ),
    (
        "import tracing",
        "import ractogateway.tracing (min: opentelemetry.sdk.trace alone)",
        "ours:tracing",
        "raw:opentelemetry.sdk.trace",
        None,
    ),
    (
        "import telemetry",
        "import ractogateway.telemetry",
        "ours:telemetry",
        None,
        "earlier:telemetry",
    ),
    (
        f"import {GENAI_PRICES}",
        "import genai_prices (ours: import ractogateway.pricing)",
        "ours:pricing",
        None,
        "peer:genai_prices",
    ),
    (
        f"import {TOKENCOST}",
        "import tokencost (ours: import ractogateway.pricing)",
        "ours:pricing",
        None,
        "peer:tokencost",
    ),
)


def import_rows(
    times: dict[str, list[float]], failures: dict[str, str], third_party: dict[str, list[str]]
) -> list[Row]:
    """Rows for the import times (µs per import, median of fresh processes)."""
    unit = "us"

    def stat(key: str | None) -> Stat | None:
        if key is None:
            return None
        return summarize(unit, {number: [value] for number, value in enumerate(times.get(key, []))})

    rows: list[Row] = []
    for key, title, ours, minimum, other in IMPORT_ROWS:
        row = Row(key, title, unit, stat(ours), stat(minimum), stat(other))
        if other is not None and other.startswith("peer:"):
            row.other_name = other.removeprefix("peer:").replace("_", "-")
        row.notes = [f"{k}: {failures[k]}" for k in (ours, minimum, other) if k in failures]
        rows.append(row)
    pricing, metrics, tracing = rows[0], rows[1], rows[2]
    modules = third_party.get("ours:pricing")
    pricing.target = "<= 5 ms, no third-party module"
    pricing.checks = [
        _at_most(_median(pricing.ours), 5000.0),
        None if modules is None else not modules,
    ]
    if modules:
        pricing.notes.append(f"third-party modules imported: {', '.join(modules)}")
    metrics.target = "<= 1.2 x min + 5 ms"
    metrics.checks = [
        None
        if metrics.ours is None or metrics.minimum is None
        else metrics.ours.median <= 1.2 * metrics.minimum.median + 5000.0
    ]
    tracing.target = "<= 1.15 x min + 5 ms"
    tracing.checks = [
        None
        if tracing.ours is None or tracing.minimum is None
        else tracing.ours.median <= 1.15 * tracing.minimum.median + 5000.0
    ]
    return [row for row in rows if row.ours or row.minimum or row.other or row.notes]

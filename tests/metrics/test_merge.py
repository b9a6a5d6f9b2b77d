"""Folding exited workers' files: exact sums, every gauge mode, crash recovery, foreign readers.

Real worker processes (``mp_worker.py``) write the files; the merge and the readers run here.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from exposition import SampleReader
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.multiprocess import MultiProcessCollector

from ractogateway.metrics import mark_worker_dead, merge_exited_workers
from ractogateway.metrics._exposition import aggregated_registry
from ractogateway.metrics._multiprocess import IN_PROGRESS, exact_sum

WORKER = Path(__file__).with_name("mp_worker.py")
Read = Callable[[str], SampleReader]  # the ``read`` fixture


def _workers(directory: Path, count: int) -> list[int]:
    """Run ``count`` real workers (2 threads x 20 requests each) to the end; their pids."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    for _ in range(count):
        process = subprocess.run(
            [sys.executable, str(WORKER), "--requests", "20"],
            env=env, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        assert process.stdout.strip() == "done"
    return sorted({int(path.stem.split("_")[1]) for path in directory.glob("counter_*.db")})


def _ours(directory: Path) -> str:
    return generate_latest(aggregated_registry(str(directory))).decode()


def _foreign(directory: Path) -> str:
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
    return generate_latest(registry).decode()


def test_folding_keeps_every_total_and_leaves_one_file_per_type(tmp_path: Path, read: Read) -> None:
    pids = _workers(tmp_path, 3)
    before_ours, before_foreign = read(_ours(tmp_path)), read(_foreign(tmp_path))
    assert before_ours.total("ractogateway_requests_total") == 3 * 40
    assert len(pids) == 3
    for pid in pids:
        mark_worker_dead(pid, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "counter_merged3.db",
        "histogram_merged3.db",
    ]
    cost = ("ractogateway_cost_usd_total", (("model", "gpt-4o"), ("provider", "openai")))
    for before, after in (
        (before_ours, read(_ours(tmp_path))),
        (before_foreign, read(_foreign(tmp_path))),
    ):
        assert after.samples.keys() == before.samples.keys()
        # Counts are exact; the cost (a float sum) may gain its last bit, never lose it.
        assert {k: v for k, v in after.samples.items() if k != cost} == {
            k: v for k, v in before.samples.items() if k != cost
        }
        assert after.samples[cost] == pytest.approx(before.samples[cost], rel=1e-12)
    assert read(_ours(tmp_path)).samples[cost] >= before_ours.samples[cost]


def _file(path: Path, values: dict[tuple[str, str], tuple[float, float]]) -> None:
    """Write a prometheus-client file: {(metric name, label value): (value, timestamp)}."""
    data = MmapedDict(str(path))  # type: ignore[no-untyped-call]
    for (name, label), (value, timestamp) in values.items():
        key = mmap_key(name, name, ["kind"], [label], "help")
        data.write_value(key, value, timestamp)  # type: ignore[no-untyped-call]
    data.close()  # type: ignore[no-untyped-call]


def test_each_gauge_mode_folds_as_prometheus_client_adds_it_up(tmp_path: Path, read: Read) -> None:
    for pid, value, stamp in ((11, 5.0, 2.0), (12, 7.0, 1.0)):
        _file(tmp_path / f"gauge_sum_{pid}.db", {("g_sum", "a"): (value, 0.0)})
        _file(tmp_path / f"gauge_max_{pid}.db", {("g_max", "a"): (value, 0.0)})
        _file(tmp_path / f"gauge_min_{pid}.db", {("g_min", "a"): (value, 0.0)})
        _file(tmp_path / f"gauge_mostrecent_{pid}.db", {("g_recent", "a"): (value, stamp)})
        _file(tmp_path / f"gauge_livesum_{pid}.db", {("g_live", "a"): (value, 0.0)})
        _file(tmp_path / f"gauge_all_{pid}.db", {("g_all", "a"): (value, 0.0)})
    before = read(_foreign(tmp_path))
    assert merge_exited_workers(tmp_path) == 2  # no process 11 or 12 runs here
    after = read(_foreign(tmp_path))
    assert after.value("g_sum", kind="a") == 12.0
    assert after.value("g_max", kind="a") == 7.0
    assert after.value("g_min", kind="a") == 5.0
    assert after.value("g_recent", kind="a") == 5.0  # the later timestamp
    assert math.isnan(after.get("g_live", math.nan, kind="a"))  # live gauges of the dead go
    # ``all`` keeps one series per pid: left alone.
    assert {k: v for k, v in after.samples.items() if k[0] == "g_all"} == {
        k: v for k, v in before.samples.items() if k[0] == "g_all"
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gauge_all_11.db",
        "gauge_all_12.db",
        "gauge_max_merged1.db",
        "gauge_min_merged1.db",
        "gauge_mostrecent_merged1.db",
        "gauge_sum_merged1.db",
    ]
    assert read(_ours(tmp_path)).value("g_sum", kind="a") == 12.0


def test_a_live_process_is_never_folded(tmp_path: Path) -> None:
    _file(tmp_path / f"counter_{os.getpid()}.db", {("c_total", "a"): (1.0, 0.0)})
    assert merge_exited_workers(tmp_path) == 0
    assert [p.name for p in tmp_path.iterdir()] == [f"counter_{os.getpid()}.db"]


@pytest.mark.parametrize("values", [[0.1, 0.2, 0.3], [1e16, 1.0, 1.0], [0.1] * 10, [3.0, 4.0]])
def test_a_merged_sum_is_never_below_the_exact_sum(values: list[float]) -> None:
    from fractions import Fraction

    merged = exact_sum(values)
    exact = sum(map(Fraction, values))
    assert Fraction(merged) >= exact
    assert merged == math.fsum(values) or merged == math.nextafter(math.fsum(values), math.inf)


def test_float_totals_never_go_down_across_a_merge(tmp_path: Path, read: Read) -> None:
    """Sums in any order could lose the last bit; the merged value is rounded up."""
    parts = [0.1, 0.7, 0.2, 1e-3, 0.3]
    for pid, value in enumerate(parts, start=21):
        _file(tmp_path / f"counter_{pid}.db", {("cost_total", "a"): (value, 0.0)})
    _file(tmp_path / f"counter_{os.getpid()}.db", {("cost_total", "a"): (0.05, 0.0)})
    before = read(_ours(tmp_path)).value("cost_total", kind="a")
    merge_exited_workers(tmp_path)
    assert read(_ours(tmp_path)).value("cost_total", kind="a") >= before


def _in_progress(tmp_path: Path, create: list[str], remove: list[str]) -> None:
    """What a merge that stopped half-way leaves: the marker with its journal."""
    journal = json.dumps({"create": create, "remove": remove}).encode()
    header = (2**31 - 1).to_bytes(4, "little") + bytes(4) + (2**31 - 1).to_bytes(4, "little")
    (tmp_path / IN_PROGRESS).write_bytes(header + journal)


def test_a_merge_cut_short_is_rolled_back_or_completed(tmp_path: Path, read: Read) -> None:
    _file(tmp_path / "counter_31.db", {("c_total", "a"): (2.0, 0.0)})
    _file(tmp_path / "counter_merged1.db", {("c_total", "a"): (5.0, 0.0)})
    # Cut before its new archive was in place: rolled back (the archive of gen 2 is missing).
    _in_progress(tmp_path, ["counter_merged2.db"], ["counter_31.db", "counter_merged1.db"])
    with pytest.raises(RuntimeError, match="corrupted"):
        _foreign(tmp_path)  # a foreign reader fails while the marker is there: no wrong value
    assert read(_ours(tmp_path)).value("c_total", kind="a") == 7.0  # recovered first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_31.db", "counter_merged1.db"]
    # Cut after its new archive was in place: completed (the sources go).
    _file(tmp_path / "counter_merged2.db", {("c_total", "a"): (7.0, 0.0)})
    _in_progress(tmp_path, ["counter_merged2.db"], ["counter_31.db", "counter_merged1.db"])
    assert merge_exited_workers(tmp_path) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["counter_merged2.db"]
    assert read(_foreign(tmp_path)).value("c_total", kind="a") == 7.0


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="is not a directory"):
        mark_worker_dead(1, tmp_path / "missing")
    with pytest.raises(ValueError, match="is not a directory"):
        merge_exited_workers(tmp_path / "missing")

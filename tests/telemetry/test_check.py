"""``python -m ractogateway.telemetry check`` in this cell's install: prices and workers.

The states of the install itself (a fresh venv, the SDK reinstalled over us, versions out of
lockstep) are built in fresh venvs by tests/kits/test_install_states.py, once per CI run.
Here: the states an environment variable chooses, in the cell's own (healthy) install.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ractogateway.telemetry import _check


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RACTOGATEWAY_PRICES", "PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir"):
        monkeypatch.delenv(name, raising=False)


def _check_here() -> tuple[int, str]:
    """Run the check in-process: its exit status and its report, unwrapped (see ``_flat``)."""
    out = io.StringIO()
    code = _check.main([], stdout=out)
    return code, out.getvalue()


def _flat(text: str) -> str:
    """``text`` with every run of whitespace made one space (the report wraps long lines)."""
    return " ".join(text.split())


def _section(report: str, title: str) -> str:
    """One section of the report, its title line included, unwrapped."""
    blocks = report.split("\n\n")
    (found,) = [block for block in blocks if block.startswith(f"{title}: ")]
    return _flat(found)


def test_this_cell_is_healthy() -> None:
    code, report = _check_here()
    assert code == 0, report
    assert report.rstrip().endswith("all well")
    for title in ("distributions", "RactoGateway SDK (ractogateway)", "ractogateway.telemetry"):
        assert _section(report, title).startswith(f"{title}: ok"), report
    assert "in lockstep (" in report
    otlp = _section(report, "OTLP exporters")
    assert "gRPC (otlp_endpoint=): opentelemetry-exporter-otlp-proto-grpc " in otlp
    assert "HTTP (otlp_http_endpoint=): opentelemetry-exporter-otlp-proto-http " in otlp
    assert "RACTOGATEWAY_PRICES is not set" in _section(report, "price table")
    assert "PROMETHEUS_MULTIPROC_DIR is not set" in _section(report, "multiprocess metrics")


def test_a_price_file_that_loads_is_named_with_what_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prices = tmp_path / "prices.json"
    entry = {"input_per_million": 1, "output_per_million": 2}
    prices.write_text(json.dumps({"gpt-4o": entry, "acme-ft-1": entry}))
    monkeypatch.setenv("RACTOGATEWAY_PRICES", str(prices))
    code, report = _check_here()
    assert code == 0, report
    section = _section(report, "price table")
    assert f"RACTOGATEWAY_PRICES={prices}: loads, 2 entries (1 override built-in ids, 1 new)" in (
        section
    )
    assert "over the built-in: " in section


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"acme-ft-1": {"input_per_million": -1, "output_per_million": 2}}', "-1"),
        ("{not json", "not valid JSON"),
        (None, "No such file"),
    ],
    ids=["bad-entry", "not-json", "missing"],
)
def test_a_price_file_that_does_not_load_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, reason: str
) -> None:
    prices = tmp_path / "prices.json"
    if content is not None:
        prices.write_text(content)
    monkeypatch.setenv("RACTOGATEWAY_PRICES", str(prices))
    code, report = _check_here()
    assert code == 1
    section = _section(report, "price table")
    assert section.startswith("price table: PROBLEM")
    assert f"RACTOGATEWAY_PRICES={prices} does not load (" in section
    assert reason in section
    assert "RactoTracer() and GatewayMetricsMiddleware() refuse to start" in section
    assert "1 problem(s); to fix: correct the file" in _flat(report)
    assert _flat(report).endswith("or unset RACTOGATEWAY_PRICES")


def test_a_missing_multiprocess_directory_is_a_problem_with_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "prom multiproc"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(missing))
    code, report = _check_here()
    assert code == 1
    section = _section(report, "multiprocess metrics")
    assert f"PROMETHEUS_MULTIPROC_DIR={missing} does not exist" in section
    assert _flat(report).endswith(f"mkdir -p '{missing}'")


def test_a_multiprocess_path_that_is_a_file_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "file"))
    code, report = _check_here()
    assert code == 1
    assert "is not a directory" in _section(report, "multiprocess metrics")


def test_the_multiprocess_directory_counts_files_and_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead, alive = int(finished.stdout), os.getpid()
    for name in (f"counter_{alive}.db", f"histogram_{alive}.db", f"gauge_livesum_{dead}.db",
                 "notes.txt"):  # fmt: skip
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    code, report = _check_here()
    assert code == 0, report
    section = _section(report, "multiprocess metrics")
    assert f"PROMETHEUS_MULTIPROC_DIR={tmp_path}: a writable directory" in section
    assert "3 metric file(s) from 2 process(es): 1 running, 1 finished" in section
    assert "empty the directory before the gateway starts, never while it runs" in section

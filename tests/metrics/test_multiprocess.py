"""Multiprocess mode: real worker processes record; the parent serves exact totals."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from exposition import SampleReader
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import mark_process_dead

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter

WORKER = Path(__file__).with_name("mp_worker.py")
WORKERS = 3
REQUESTS = 150  # per thread; each worker runs two threads
THREADS = 2
Read = Callable[[str], SampleReader]  # the ``read`` fixture
Get = Callable[..., tuple[int, str, str]]


def _run_workers(directory: Path) -> None:
    """Run WORKERS workers at once; the last one "crashes" (is killed) after recording."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "--requests", str(REQUESTS)]
            + (["--linger"] if n == WORKERS - 1 else []),
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "done"
    crashed = processes[-1]
    crashed.send_signal(signal.SIGKILL)
    for process in processes:
        process.wait(timeout=60)
        assert process.stdout is not None
        process.stdout.close()
    assert [p.returncode for p in processes] == [0] * (WORKERS - 1) + [-signal.SIGKILL]
    # What gunicorn's child_exit hook does for every worker that exits.
    for process in processes:
        mark_process_dead(process.pid, str(directory))  # type: ignore[no-untyped-call]


def _check_totals(samples: Any) -> None:
    total = WORKERS * THREADS * REQUESTS
    errors = WORKERS * THREADS * len(range(0, REQUESTS, 10))
    base = {"provider": "openai", "model": "gpt-4o", "operation": "chat"}
    assert samples.value("ractogateway_requests_total", status="ok", **base) == total - errors
    assert samples.value("ractogateway_requests_total", status="error", **base) == errors
    assert samples.value("ractogateway_request_duration_seconds_count", **base) == total
    assert samples.value("ractogateway_request_duration_seconds_sum", **base) == total * 0.5
    assert samples.value("ractogateway_request_duration_seconds_bucket", le="0.32", **base) == 0
    assert samples.value("ractogateway_request_duration_seconds_bucket", le="0.64", **base) == total
    tokens = {"provider": "openai", "model": "gpt-4o"}
    assert samples.value("ractogateway_tokens_total", token_type="input", **tokens) == total * 100
    assert samples.value("ractogateway_tokens_total", token_type="output", **tokens) == total * 10
    assert samples.value("ractogateway_tool_calls_total", tool_name="search") == total
    assert samples.value("ractogateway_cache_hits_total", cache_type="exact") == total
    cost = samples.value("ractogateway_cost_usd_total", **tokens)
    assert cost > 0


def test_workers_add_up_exactly_in_generate_latest_and_over_http(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    read: Read,
    http_get: Get,
    caplog: pytest.LogCaptureFixture,
) -> None:
    directory = tmp_path / "multiproc"
    directory.mkdir()
    _run_workers(directory)
    assert (
        sorted(p.name.split("_")[0] for p in directory.iterdir())
        == ["counter"] * WORKERS + ["histogram"] * WORKERS
    )

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    caplog.set_level(logging.WARNING, logger="ractogateway.metrics")
    parent = GatewayMetricsMiddleware(registry=CollectorRegistry())
    # This process imported prometheus_client before the variable was set: it says so.
    assert any("imported before" in r.getMessage() for r in caplog.records)

    text = parent.generate_latest()
    _check_totals(read(text))
    with PrometheusExporter(0, addr="127.0.0.1") as exporter:
        body = http_get(f"http://127.0.0.1:{exporter.port}/metrics")[2]
    _check_totals(read(body))
    # The aggregate holds our metrics only, not this process's default collectors.
    assert "process_cpu_seconds_total" not in body

    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    assert read(parent.generate_latest()).total("ractogateway_requests_total") == 0


def test_a_multiprocess_dir_that_is_not_a_directory_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "not-created"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(missing))
    metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())
    with pytest.raises(ValueError, match="is not a directory") as error:
        metrics.generate_latest()
    assert str(missing) in str(error.value)
    exporter = PrometheusExporter(0, addr="127.0.0.1")
    with pytest.raises(ValueError, match="is not a directory"):
        exporter.start()
    assert not exporter.is_running


def test_an_explicit_registry_is_served_as_is_in_multiprocess_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, http_get: Get, read: Read
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    registry = CollectorRegistry()
    GatewayMetricsMiddleware(registry=registry).record_cache_miss("own")
    with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
        body = http_get(f"http://127.0.0.1:{exporter.port}/metrics")[2]
    assert read(body).value("ractogateway_cache_misses_total", cache_type="own") == 1

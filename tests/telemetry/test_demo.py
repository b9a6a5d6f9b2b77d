"""The demo, ``python -m ractogateway.telemetry``: as a real subprocess and in-process."""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from otlp_receivers import OtlpGrpcReceiver, OtlpHttpReceiver

from ractogateway.telemetry._demo import main
from ractogateway.telemetry._demo._workload import plan_request

REQUESTS = "ractogateway_requests_total"
TOKENS = "ractogateway_tokens_total"
DEMO = [sys.executable, "-m", "ractogateway.telemetry"]
#: Runs the rest of its command line with SIGINT ignored (exec keeps the disposition), as a
#: background job of a non-interactive shell, nohup, or some CI runners and inits start it.
SIGINT_IGNORED = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN);"
    " os.execv(sys.argv[1], sys.argv[1:])",
]
STOP_SIGNALS = [
    pytest.param(signal.SIGINT, id="SIGINT"),
    pytest.param(signal.SIGTERM, id="SIGTERM"),
]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


class Demo:
    """A demo subprocess whose merged output is read line by line, with timeouts."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, prefix: str, timeout: float = 60.0) -> str:
        """Return the first (next) output line starting with ``prefix``."""
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"no line {prefix!r} within {timeout} s; output: {self.lines}")
            if line is None:
                pytest.fail(f"the demo ended without a line {prefix!r}; output: {self.lines}")
            self.lines.append(line)
            if line.startswith(prefix):
                return line

    def interrupt(self, signum: signal.Signals = signal.SIGINT) -> int:
        """Send ``signum`` (by default Ctrl-C, SIGINT) and return the exit code."""
        self.process.send_signal(signum)
        code = self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        return code

    def output(self) -> str:
        """Return the whole output, once the demo has ended."""
        while (line := self._queue.get(timeout=10)) is not None:
            self.lines.append(line)
        self._queue.put(None)  # for a later call
        return "\n".join(self.lines)


@contextmanager
def demo(*args: str, sigint_ignored: bool = False) -> Iterator[Demo]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [*(SIGINT_IGNORED if sigint_ignored else []), *DEMO, *args]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    ) as process:
        try:
            yield Demo(process)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def scrape(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
    return body.decode()


@pytest.mark.realtime  # the demo runs for a second of wall-clock time
def test_demo_summary_matches_the_metrics_it_served(
    tmp_path: Path, total: Callable[..., float], values: Callable[[str, str, str], set[str]]
) -> None:
    summary_path = tmp_path / "summary.json"
    with demo(
        "--duration", "1", "--port", "0", "--summary-json", str(summary_path), "--linger", "60"
    ) as run:  # fmt: skip
        url = run.wait_for("metrics: ").split()[-1]
        run.wait_for("summary: ")
        text = scrape(url)
        assert run.interrupt() == 0  # Ctrl-C ends the linger early, quietly
    summary = json.loads(summary_path.read_text())
    assert summary["metrics_url"] == url
    rows = summary["models"]
    assert {row["model"] for row in rows} == values(text, REQUESTS, "model")
    assert {row["provider"] for row in rows} == {"openai", "anthropic", "google"}
    for row in rows:
        model = row["model"]
        assert row["calls"] == total(text, REQUESTS, model=model), model
        assert row["errors"] == total(text, REQUESTS, model=model, status="error"), model
        assert row["input_tokens"] == total(text, TOKENS, model=model, token_type="input")
        assert row["output_tokens"] == total(text, TOKENS, model=model, token_type="output")
        assert row["cost_usd"] == pytest.approx(
            total(text, "ractogateway_cost_usd_total", model=model), rel=1e-9, abs=1e-12
        )
        assert row["calls"] == total(
            text, "ractogateway_request_duration_seconds_count", model=model
        )
    assert summary["totals"]["calls"] == total(text, REQUESTS) > 0
    assert summary["cache"]["exact_hits"] == total(
        text, "ractogateway_cache_hits_total", cache_type="exact"
    )
    assert summary["cache"]["semantic_hits"] == total(
        text, "ractogateway_cache_hits_total", cache_type="semantic"
    )
    output = "\n".join(run.lines)
    assert "total" in output
    assert "cache:" in output


def test_serve_keeps_the_metrics_up_until_ctrl_c(total: Callable[..., float]) -> None:
    with demo("--requests", "20", "--speedup", "1000", "--port", "0", "--serve") as run:
        url = run.wait_for("metrics: ").split()[-1]
        run.wait_for("serving ")
        text = scrape(url)
        assert run.interrupt() == 0
    assert total(text, REQUESTS) >= 20


def test_the_wrapper_starts_python_with_sigint_ignored() -> None:
    probe = "import signal; print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)"
    result = subprocess.run(
        [*SIGINT_IGNORED, sys.executable, "-c", probe],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout.strip()) == (0, "True"), result.stderr


@posix_only
@pytest.mark.parametrize("signum", STOP_SIGNALS)
def test_a_stop_signal_ends_the_run_in_order_even_with_sigint_ignored(
    tmp_path: Path, signum: signal.Signals
) -> None:
    summary_path = tmp_path / "summary.json"
    with demo(
        "--duration", "0", "--speedup", "200", "--port", "0", "--summary-json", str(summary_path),
        sigint_ignored=True,
    ) as run:  # fmt: skip
        while " 0 requests" in run.wait_for("["):  # a progress line, once requests are done
            pass
        assert run.interrupt(signum) == 0
    output = run.output()
    assert f"interrupted ({signum.name}): " in output
    assert "cache:" in output
    summary = json.loads(summary_path.read_text())
    assert summary["requests"] > 0
    # Every request that started finished and was recorded: the summary is the plan's.
    expected = _planned(summary["requests"], seed=0)
    for key in ("calls", "errors", "input_tokens", "output_tokens"):
        assert summary["totals"][key] == expected[key], key


@posix_only
@pytest.mark.parametrize("signum", STOP_SIGNALS)
def test_a_stop_signal_ends_serve_even_with_sigint_ignored(
    signum: signal.Signals, total: Callable[..., float]
) -> None:
    with demo(
        "--requests", "20", "--speedup", "1000", "--port", "0", "--serve", sigint_ignored=True
    ) as run:  # fmt: skip
        url = run.wait_for("metrics: ").split()[-1]
        run.wait_for("serving ")
        text = scrape(url)
        assert run.interrupt(signum) == 0
    output = run.output()
    assert "done: 20 requests" in output
    assert "cache:" in output
    assert output.endswith(f"stopped serving ({signum.name})")
    assert total(text, REQUESTS) >= 20


def _handlers() -> dict[signal.Signals, Any]:
    return {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}


def test_main_puts_back_the_signal_handlers_it_replaced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def previous(signum: int, frame: object) -> None:
        raise AssertionError("the demo's own handler should have been in place")

    saved = _handlers()
    try:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        assert main(["--requests", "5", "--speedup", "1000", "--port", "0"]) == 0
        assert _handlers() == {signal.SIGINT: previous, signal.SIGTERM: signal.SIG_IGN}
        with pytest.raises(SystemExit):
            main(["--workers", "0"])
        assert _handlers() == {signal.SIGINT: previous, signal.SIGTERM: signal.SIG_IGN}
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    assert "done: 5 requests" in capsys.readouterr().out


def test_main_in_another_thread_leaves_signals_alone(capsys: pytest.CaptureFixture[str]) -> None:
    before = _handlers()
    codes: list[int] = []
    thread = threading.Thread(
        target=lambda: codes.append(main(["--requests", "5", "--speedup", "1000", "--port", "0"]))
    )
    thread.start()
    thread.join(timeout=60)
    assert codes == [0]
    assert _handlers() == before
    assert "done: 5 requests" in capsys.readouterr().out


def test_help_lists_every_option() -> None:
    result = subprocess.run(
        [*DEMO, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    for option in (
        "--duration", "--requests", "--seed", "--workers", "--speedup", "--port", "--addr",
        "--otlp-endpoint", "--otlp-http-endpoint", "--console-spans", "--serve",
        "--summary-json", "--linger",
    ):  # fmt: skip
        assert option in result.stdout


def test_a_port_in_use_is_reported_with_the_fix(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port), "--requests", "1"]) == 2
    error = capsys.readouterr().err
    assert str(port) in error
    assert "--port 0" in error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--duration", "-1"], "--duration must be >= 0"),
        (["--workers", "0"], "--workers must be >= 1"),
        (["--speedup", "0"], "--speedup must be > 0"),
        (["--requests", "-5"], "--requests must be >= 0"),
        (["--linger", "nan"], "--linger must be >= 0"),
    ],
)
def test_out_of_range_options_are_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_an_impossible_port_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "70000", "--requests", "1"]) == 2
    assert "70000" in capsys.readouterr().err


def _planned(requests: int, seed: int) -> dict[str, Any]:
    """What the workload of ``seed`` must have recorded (from its plan, not from telemetry)."""
    plan = [plan_request(seed, i) for i in range(requests)]
    billed = [r for r in plan if r.cache_hit is None and r.error is None]
    return {
        "calls": sum(1 + r.checks_semantic for r in plan),
        "errors": sum(r.error is not None for r in plan),
        "input_tokens": sum(r.input_tokens for r in billed) + sum(r.lookup_tokens for r in plan),
        "output_tokens": sum(r.output_tokens for r in billed),
        "exact_hits": sum(r.cache_hit == "exact" for r in plan),
        "semantic_hits": sum(r.cache_hit == "semantic" for r in plan),
    }


def _run_in_process(tmp_path: Path, *args: str, requests: int = 40) -> dict[str, Any]:
    summary_path = tmp_path / "summary.json"
    argv = ["--requests", str(requests), "--speedup", "1000", "--port", "0", "--seed", "3",
            "--summary-json", str(summary_path), *args]  # fmt: skip
    assert main(argv) == 0
    summary: dict[str, Any] = json.loads(summary_path.read_text())
    return summary


def test_the_summary_reports_what_the_planned_workload_did(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = _run_in_process(tmp_path, requests=120)
    expected = _planned(120, seed=3)
    assert summary["requests"] == 120
    for key in ("calls", "errors", "input_tokens", "output_tokens"):
        assert summary["totals"][key] == expected[key], key
    assert summary["cache"] == {
        "exact_hits": expected["exact_hits"],
        "semantic_hits": expected["semantic_hits"],
    }
    out = capsys.readouterr().out
    assert "done: 120 requests" in out
    assert "[" in out  # a progress line (stdout is not a terminal here)


def test_spans_reach_a_real_otlp_http_collector(
    tmp_path: Path, otlp_http_receiver: OtlpHttpReceiver
) -> None:
    summary = _run_in_process(tmp_path, "--otlp-http-endpoint", otlp_http_receiver.endpoint)
    spans = otlp_http_receiver.spans
    assert len(spans) == summary["totals"]["calls"]
    assert {span.resource["service.name"] for span in spans} == {"ractogateway-demo"}
    assert {span.name for span in spans} == {"llm.chat", "llm.embed"}


def test_spans_reach_a_real_otlp_grpc_collector(
    tmp_path: Path, otlp_grpc_receiver: OtlpGrpcReceiver
) -> None:
    summary = _run_in_process(tmp_path, "--otlp-endpoint", otlp_grpc_receiver.endpoint)
    spans = otlp_grpc_receiver.spans
    assert len(spans) == summary["totals"]["calls"]
    assert {span.resource["service.name"] for span in spans} == {"ractogateway-demo"}
    assert {span.name for span in spans} == {"llm.chat", "llm.embed"}


def test_console_spans_are_printed(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    summary = _run_in_process(tmp_path, "--console-spans", requests=5)
    out = capfd.readouterr().out
    assert out.count('"name": "llm.') == summary["totals"]["calls"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_rewrites_one_line_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    _run_in_process(tmp_path, requests=30)
    out = terminal.getvalue()
    progress = out[out.index("\r") : out.index("done:")]
    assert progress.count("\r[") >= 1
    assert progress.count("\n") == 1  # the line is ended once, when the run is done

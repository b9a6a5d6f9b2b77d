"""``python -m ractogateway.telemetry``: a simulated LLM gateway, traced, measured and priced.

Spans go to memory (and the console or an OTLP collector on request); metrics are served
by ``PrometheusExporter`` from a registry of their own. The closing summary is computed
from the recorded spans. SIGINT (Ctrl-C) and SIGTERM end the demo in order, whatever their
inherited disposition (``_signals``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter
from ractogateway.telemetry._demo._driver import Progress, run_workload
from ractogateway.telemetry._demo._signals import StopRequest, stop_on_signals
from ractogateway.telemetry._demo._summary import render_summary, summarize
from ractogateway.telemetry._kit import Telemetry
from ractogateway.tracing import RactoTracer

__all__ = ["build_parser", "main", "metrics_url"]

EXIT_SETUP = 2
SERVICE_NAME = "ractogateway-demo"
#: Longest the --serve and --linger waits sleep between looks at the stop request (a
#: signal handler only records it, and a sleep resumes after the handler has run).
POLL_S = 0.25


def build_parser() -> argparse.ArgumentParser:
    """Return the demo's command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python -m ractogateway.telemetry",
        description=(
            "Run a simulated LLM gateway (OpenAI, Anthropic and Google models: chat, stream"
            " and embed calls, exact and semantic cache hits, tool calls, a few errors)"
            " through ractogateway.telemetry, serve its Prometheus metrics and print a"
            " summary computed from the recorded spans."
        ),
        epilog=(
            "python -m ractogateway.telemetry check: check the install instead (versions,"
            " files, OTLP exporters, price table, multiprocess directory)."
        ),
    )
    run = parser.add_argument_group("workload")
    run.add_argument(
        "--duration",
        type=float,
        default=8.0,
        metavar="SECONDS",
        help="how long to run (default 8; 0 runs until Ctrl-C or SIGTERM)",
    )
    run.add_argument(
        "--requests",
        type=int,
        default=None,
        metavar="N",
        help="stop after N gateway requests (default: no limit)",
    )
    run.add_argument("--seed", type=int, default=0, help="selects the workload (default 0)")
    run.add_argument(
        "--workers", type=int, default=8, metavar="N", help="concurrent worker threads (default 8)"
    )
    run.add_argument(
        "--speedup",
        type=float,
        default=20.0,
        metavar="X",
        help="simulated providers answer X times faster than real ones (default 20)",
    )
    out = parser.add_argument_group("metrics")
    out.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port of the /metrics endpoint (default 8000; 0 picks a free one)",
    )
    out.add_argument(
        "--addr", default="127.0.0.1", help="address to serve metrics on (default 127.0.0.1)"
    )
    out.add_argument(
        "--serve",
        action="store_true",
        help="keep serving metrics after the summary, until Ctrl-C or SIGTERM",
    )
    out.add_argument(
        "--linger",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="keep serving metrics this long after the summary (default 0)",
    )
    spans = parser.add_argument_group("spans (always kept in memory for the summary)")
    spans.add_argument(
        "--otlp-endpoint",
        metavar="URL",
        help="also send spans over OTLP/gRPC, e.g. http://localhost:4317",
    )
    spans.add_argument(
        "--otlp-http-endpoint",
        metavar="URL",
        help="also send spans over OTLP/HTTP, e.g. http://localhost:4318",
    )
    spans.add_argument(
        "--console-spans", action="store_true", help="also print every span to stdout"
    )
    parser.add_argument(
        "--summary-json", type=Path, metavar="PATH", help="also write the summary as JSON to PATH"
    )
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line; out-of-range numbers exit with a usage error (code 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    checks = (
        (args.duration >= 0, "--duration must be >= 0 (0 runs until Ctrl-C)"),
        (args.requests is None or args.requests >= 0, "--requests must be >= 0"),
        (args.workers >= 1, "--workers must be >= 1"),
        (args.speedup > 0, "--speedup must be > 0"),
        (args.linger >= 0, "--linger must be >= 0"),
    )
    for ok, message in checks:
        if not ok:
            parser.error(message)
    return args


def metrics_url(addr: str, port: int) -> str:
    """Return the URL to scrape for an exporter bound to ``addr``:``port``."""
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(addr, addr)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/metrics"


class _ProgressDisplay:
    """One line rewritten in place on a terminal; a line a second otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._last_line = -1.0

    def __call__(self, progress: Progress) -> None:
        rate = progress.calls / progress.elapsed_s if progress.elapsed_s > 0 else 0.0
        text = (
            f"[{progress.elapsed_s:6.1f}s] {progress.requests} requests, {progress.calls} calls"
            f" ({rate:.0f}/s), {progress.errors} errors, {progress.cache_hits} cache hits"
        )
        if self._tty:
            self._stream.write(f"\r{text}\033[K")
            self._stream.flush()
        elif progress.elapsed_s - self._last_line >= 1.0:
            self._last_line = progress.elapsed_s
            print(text, file=self._stream, flush=True)

    def finish(self, progress_text: str) -> None:
        if self._tty:
            self._stream.write("\n")
        print(progress_text, file=self._stream, flush=True)


def _wait(seconds: float | None, stop: StopRequest) -> None:
    """Wait ``seconds`` (None: without end), or less if ``stop`` is set."""
    deadline = None if seconds is None else time.monotonic() + seconds
    while not stop.is_set():
        left = POLL_S if deadline is None else min(POLL_S, deadline - time.monotonic())
        if left <= 0:
            return
        time.sleep(left)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo; return the process exit code.

    In the main thread (``python -m ractogateway.telemetry``), SIGINT (Ctrl-C) and SIGTERM
    (``docker stop``, systemd) are handled here, whatever disposition they inherited (a
    background job or ``nohup`` starts with SIGINT ignored). Either one, during the
    workload, ends it: no new request, the ones in flight finish; then the spans are
    flushed, the summary printed and 0 returned, as after a complete run. During
    ``--serve`` or ``--linger`` it ends the wait, and 0 is returned. Later signals change
    nothing. The previous handlers are restored on return. Called from another thread,
    ``main`` leaves signals alone.
    """
    with stop_on_signals() as stop:
        return _main(argv, stop)


def _main(argv: Sequence[str] | None, stop: StopRequest) -> int:
    args = _parse(argv)
    registry = CollectorRegistry()
    metrics = GatewayMetricsMiddleware(registry=registry)
    try:
        exporter = PrometheusExporter(args.port, registry=registry, addr=args.addr)
        exporter.start()
    except (OSError, ValueError) as error:
        print(f"error: {error}; pass --port 0 to use any free port", file=sys.stderr)
        return EXIT_SETUP
    try:
        tracer = RactoTracer(
            service_name=SERVICE_NAME,
            in_memory=True,
            console=args.console_spans,
            otlp_endpoint=args.otlp_endpoint,
            otlp_http_endpoint=args.otlp_http_endpoint,
        )
    except (ImportError, ValueError) as error:
        exporter.stop()
        print(f"error: {error}", file=sys.stderr)
        return EXIT_SETUP
    try:
        _run(args, tracer, metrics, metrics_url(args.addr, exporter.port), stop)
    finally:
        tracer.shutdown()
        exporter.stop()
    return 0


def _run(
    args: argparse.Namespace,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    url: str,
    stop: StopRequest,
) -> None:
    sinks = ["memory"]
    sinks += ["console"] if args.console_spans else []
    sinks += [f"OTLP/gRPC {args.otlp_endpoint}"] if args.otlp_endpoint else []
    sinks += [f"OTLP/HTTP {args.otlp_http_endpoint}"] if args.otlp_http_endpoint else []
    limits = [f"{args.requests} requests"] if args.requests is not None else []
    limits += [f"{args.duration:g} s"] if args.duration else []
    length = " or ".join(limits) or "until Ctrl-C or SIGTERM"
    print(
        f"RactoGateway telemetry demo: simulated gateway, seed {args.seed}, {length},"
        f" {args.workers} workers, providers {args.speedup:g}x faster than real",
        flush=True,
    )
    print(f"metrics: {url}", flush=True)
    print(f"spans:   {', '.join(sinks)}", flush=True)
    display = _ProgressDisplay(sys.stdout)
    result = run_workload(
        Telemetry(tracer=tracer, metrics=metrics),
        requests=args.requests,
        duration_s=args.duration or None,
        seed=args.seed,
        workers=args.workers,
        speedup=args.speedup,
        on_progress=display,
        stop=stop,
    )
    ending = "done"
    if result.interrupted:
        ending = f"interrupted ({stop.signal_name})" if stop.signal_name else "interrupted"
    display.finish(f"{ending}: {result.requests} requests in {result.elapsed_s:.1f} s")
    if (args.otlp_endpoint or args.otlp_http_endpoint) and not tracer.force_flush(10_000):
        print("warning: not every span reached the OTLP collector within 10 s", flush=True)
    summary = summarize(tracer.spans)
    print()
    print(render_summary(summary), flush=True)
    if args.summary_json is not None:
        data = {
            "seed": args.seed,
            "requests": result.requests,
            "elapsed_s": result.elapsed_s,
            "metrics_url": url,
            **summary.to_dict(),
        }
        args.summary_json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"summary: {args.summary_json}", flush=True)
    if args.serve:
        print(f"serving {url} until Ctrl-C or SIGTERM", flush=True)
        _wait(None, stop)
    elif args.linger > 0:
        print(f"serving {url} for {args.linger:g} s more", flush=True)
        _wait(args.linger, stop)
    else:
        return
    if stop.signal_name is not None:
        print(f"stopped serving ({stop.signal_name})", flush=True)

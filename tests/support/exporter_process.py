"""A ``PrometheusExporter`` in a process of its own, for tests that measure its threads and memory.

Run as ``python exporter_process.py [--certfile F --keyfile K] [--request-timeout S]``: it
records a few requests in a fresh registry, serves it on 127.0.0.1 (a free port), prints the
port, and serves until its stdin closes.
"""

from __future__ import annotations

import argparse
import sys

from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware, PrometheusExporter


def main() -> None:
    """Serve until stdin closes (see the module docstring)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--certfile")
    parser.add_argument("--keyfile")
    parser.add_argument("--request-timeout", type=float, default=10.0)
    args = parser.parse_args()
    registry = CollectorRegistry()
    metrics = GatewayMetricsMiddleware(registry=registry)
    for number in range(20):
        metrics.record_request(
            provider="openai", model=f"model-{number}", operation="chat", status="ok",
            latency_s=0.2, input_tokens=10, output_tokens=5,
        )  # fmt: skip
    exporter = PrometheusExporter(
        0,
        registry,
        addr="127.0.0.1",
        certfile=args.certfile,
        keyfile=args.keyfile,
        request_timeout=args.request_timeout,
    )
    with exporter:
        print(exporter.port, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()

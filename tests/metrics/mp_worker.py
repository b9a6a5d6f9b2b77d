"""A worker process for test_multiprocess.py (run as a script, never imported).

Records a known mix from two threads with ``PROMETHEUS_MULTIPROC_DIR`` set, prints "done",
then exits, or with ``--linger`` waits to be killed (a crashed worker).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware

THREADS = 2


def main() -> None:
    """Record ``--requests`` requests per thread, then report and exit (or linger)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--linger", action="store_true")
    args = parser.parse_args()
    metrics = GatewayMetricsMiddleware(registry=CollectorRegistry())

    def work() -> None:
        for i in range(args.requests):
            metrics.record_request(
                provider="openai",
                model="gpt-4o",
                operation="chat",
                status="error" if i % 10 == 0 else "ok",
                latency_s=0.5,
                input_tokens=100,
                output_tokens=10,
                tool_calls=[{"name": "search"}],
            )
            metrics.record_cache_hit("exact")

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("done", flush=True)
    if args.linger:
        time.sleep(600)
    sys.exit(0)


if __name__ == "__main__":
    main()

"""The OTLP export scenarios (S8, S9): spans recorded, queued, encoded and sent to a local sink.

The sink runs in a process of its own (``python benchmarks/otlp.py grpc|http``), so only the
recording process's CPU time is measured: it answers every OTLP/gRPC ``Export`` or OTLP/HTTP
``POST /v1/traces`` with an empty ``ExportTraceServiceResponse`` without decoding the request,
and counts requests and bytes (asked for on its stdin). It needs grpcio, which the OTLP/gRPC
exporter installs.

- S8-grpc, S8-http: CPU time per span of ``record_chat_span`` (the S2 call) with the export
  counted: each timed batch of calls ends with ``force_flush``. Ours: ``RactoTracer`` with
  ``otlp_endpoint=`` / ``otlp_http_endpoint=``; minimum: the raw SDK's ``start_span`` +
  ``end`` with ``BatchSpanProcessor`` and the official ``OTLPSpanExporter`` as it ships.
- S9-grpc, S9-http: ours' ``record_chat_span`` latency (wall time of each call, each after a
  ``PAUSE_S`` sleep, as a gateway thread calls between I/O waits) while the exporter works
  flat out (a backlog of ``BACKLOG`` spans being exported, some still queued when each timed
  block ends), against its latency with an idle exporter (fewer queued spans than one batch,
  inside the batch delay).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService"
#: A timed run exports at least this many spans (eight batches of 512).
MIN_SPANS = 4096
#: S9: spans queued before the busy measurement starts (the tracer's queue holds them all),
#: calls timed per block, and the pause before each timed call (a gateway's thread waits on
#: I/O between calls, GIL released). Each wake-up may wait for the exporter's thread to give
#: up the GIL (up to the 5 ms switch interval), so a block lasts up to BLOCK x 5 ms: the
#: backlog must outlast that, which the notes check (spans still queued when a block ends).
BACKLOG = 60_000
S9_QUEUE = 262_144
BLOCK = 50
PAUSE_S = 0.0002
_SERVING: list[object] = []


class Sink:
    """The sink process of one transport: its endpoint, and what it received so far."""

    def __init__(self, transport: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), transport],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._stdin: IO[str] = self._process.stdin  # type: ignore[assignment]
        self._stdout: IO[str] = self._process.stdout  # type: ignore[assignment]
        self.endpoint = self._stdout.readline().strip()

    def received(self) -> dict[str, object]:
        """Requests and bytes received."""
        self._stdin.write("count\n")
        self._stdin.flush()
        requests, size = self._stdout.readline().split()
        return {"sink_requests": int(requests), "sink_bytes": int(size)}


def _serve_grpc(count: list[int]) -> str:
    from concurrent.futures import ThreadPoolExecutor

    import grpc

    def export(request: bytes, context: object) -> bytes:
        count[0] += 1
        count[1] += len(request)
        return b""  # an empty ExportTraceServiceResponse

    handler = grpc.method_handlers_generic_handler(
        SERVICE, {"Export": grpc.unary_unary_rpc_method_handler(export)}
    )
    server = grpc.server(ThreadPoolExecutor(2), handlers=[handler])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    _SERVING.append(server)  # a server no longer referenced stops
    return f"http://127.0.0.1:{port}"


def _serve_http(count: list[int]) -> str:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            count[0] += 1
            count[1] += len(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    _SERVING.append(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def serve(transport: str) -> None:
    """The sink process: print the endpoint, answer ``count`` lines until stdin closes."""
    count = [0, 0]
    print((_serve_grpc if transport == "grpc" else _serve_http)(count), flush=True)
    for _line in sys.stdin:
        print(count[0], count[1], flush=True)


def raw_exporter(transport: str, endpoint: str) -> Any:
    """The official OTLP span exporter of ``transport``, as it ships."""
    if transport == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=endpoint, insecure=True)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
        OTLPSpanExporter as HttpExporter,
    )

    return HttpExporter(endpoint=f"{endpoint}/v1/traces")


def ours_tracer(transport: str, endpoint: str, **options: Any) -> Any:
    """``RactoTracer`` exporting to ``endpoint`` over ``transport``."""
    from ractogateway.tracing import RactoTracer

    if transport == "grpc":
        return RactoTracer(otlp_endpoint=endpoint, **options)
    return RactoTracer(otlp_http_endpoint=endpoint, **options)


def _percentile(values: list[int], fraction: float) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))])


def queued(tracer: Any) -> int:
    """Spans waiting in ours' span queue (a private read: the benchmark's evidence only)."""
    (queue,) = tracer._pipeline._queues
    return len(queue._queue)


def latencies(record: Any, tracer: Any, blocks: int, *, busy: bool) -> tuple[list[int], list[int]]:
    """Wall ns of each of ``blocks`` x ``BLOCK`` calls of ``record()``, exporter busy or idle.

    Busy: each block follows ``BACKLOG`` untimed calls, whose export is under way; idle: each
    block starts on an empty queue and stays below one batch, inside the batch delay. Also
    returns the spans still queued at the end of each block (busy: the export never caught up).
    """
    clock = time.perf_counter_ns
    found: list[int] = []
    left: list[int] = []
    for _ in range(blocks):
        tracer.force_flush()
        if busy:
            for _ in range(BACKLOG):
                record()
        for _ in range(BLOCK):
            time.sleep(PAUSE_S)
            start = clock()
            record()
            found.append(clock() - start)
        left.append(queued(tracer))
    tracer.force_flush()
    return found, left


def latency_summary(busy: list[int], idle: list[int], backlog: list[int]) -> dict[str, object]:
    """Median and p99 of both, and the smallest backlog left at the end of a busy block."""
    return {
        "backlog_left": min(backlog),
        "busy_median": statistics.median(busy),
        "busy_p99": _percentile(busy, 0.99),
        "idle_median": statistics.median(idle),
        "idle_p99": _percentile(idle, 0.99),
    }


if __name__ == "__main__":
    serve(sys.argv[1])

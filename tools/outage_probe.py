"""Measure what a collector outage costs: spans sent, received and dropped, ours against the SDK.

A real OTLP receiver (gRPC or HTTP, on the official ``opentelemetry-proto`` messages) takes
spans on a fixed port; the probe records ``--rate`` spans/s for ``--up`` s, stops the
receiver for ``--down`` s, starts a new one on the same port and records ``--up`` s more,
then flushes and waits for the receiver to catch up. ``--with sdk`` records through the
SDK's own ``BatchSpanProcessor`` (queue 16,384, ractogateway 0.3.0's setting) instead of a
``RactoTracer``. Needs ``ractogateway-tracing[otlp]``, ``opentelemetry-proto`` and ``grpcio``::

    python tools/outage_probe.py grpc
    python tools/outage_probe.py http --with sdk
    python tools/outage_probe.py grpc --max-queued-spans 2000
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter

from ractogateway.tracing import RactoTracer
from ractogateway.tracing._exporters import build_exporters

Request = trace_service_pb2.ExportTraceServiceRequest


class Counter:
    """Spans received, over every receiver of the run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def add(self, request: Request) -> None:
        """Count the spans of one export request."""
        spans = sum(len(s.spans) for r in request.resource_spans for s in r.scope_spans)
        with self._lock:
            self.count += spans


def _grpc_receiver(port: int, counter: Counter) -> Callable[[], None]:
    class Service(trace_service_pb2_grpc.TraceServiceServicer):
        def Export(  # noqa: N802 - the generated service's method name
            self, request: Request, context: grpc.ServicerContext
        ) -> trace_service_pb2.ExportTraceServiceResponse:
            counter.add(request)
            return trace_service_pb2.ExportTraceServiceResponse()

    server = grpc.server(ThreadPoolExecutor(4))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(  # type: ignore[no-untyped-call]
        Service(), server
    )
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()

    def stop() -> None:
        server.stop(grace=None).wait()

    return stop


def _http_receiver(port: int, counter: Counter) -> Callable[[], None]:
    reply = trace_service_pb2.ExportTraceServiceResponse().SerializeToString()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            counter.add(Request.FromString(body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return stop


def _recorder(args: argparse.Namespace, endpoint: str) -> tuple[Callable[[int], None], Any]:
    """``record(i)`` and the object that flushes (a RactoTracer or an SDK provider)."""
    argument = "otlp_endpoint" if args.transport == "grpc" else "otlp_http_endpoint"
    if args.with_ == "sdk":
        endpoints = {"otlp_endpoint": None, "otlp_http_endpoint": None, argument: endpoint}
        exporters: list[SpanExporter] = build_exporters(
            **endpoints, console=False, custom_exporter=None
        )
        provider = TracerProvider(resource=Resource.create({"service.name": "probe"}))
        provider.add_span_processor(BatchSpanProcessor(exporters[0], max_queue_size=16_384))
        sdk_tracer = provider.get_tracer("probe")

        def record_sdk(index: int) -> None:
            sdk_tracer.start_span("llm.chat", attributes={"gen_ai.usage.input_tokens": index}).end()

        return record_sdk, provider
    tracer = RactoTracer(
        otlp_endpoint=endpoint if args.transport == "grpc" else None,
        otlp_http_endpoint=endpoint if args.transport == "http" else None,
        max_queued_spans=args.max_queued_spans,
    )

    def record_ours(index: int) -> None:
        tracer.record_chat_span(
            provider="openai", model="gpt-4o", latency_ms=1.0, input_tokens=index
        )

    return record_ours, tracer


def main() -> None:
    """Run one outage and print what arrived."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transport", choices=["grpc", "http"])
    parser.add_argument("--with", dest="with_", choices=["ours", "sdk"], default="ours")
    parser.add_argument("--rate", type=int, default=2000, help="spans per second")
    parser.add_argument("--up", type=float, default=5.0, help="seconds before and after")
    parser.add_argument("--down", type=float, default=10.0, help="seconds the receiver is down")
    parser.add_argument("--max-queued-spans", type=int, default=None)
    args = parser.parse_args()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    counter = Counter()
    start_receiver = _grpc_receiver if args.transport == "grpc" else _http_receiver
    stop = start_receiver(port, counter)
    record, flusher = _recorder(args, f"http://127.0.0.1:{port}")

    sent = 0
    began = time.monotonic()
    phase = "up"
    while (now := time.monotonic() - began) < 2 * args.up + args.down:
        if phase == "up" and now >= args.up:
            stop()
            phase = "down"
        elif phase == "down" and now >= args.up + args.down:
            stop = start_receiver(port, counter)
            phase = "again"
        while sent < int(now * args.rate):
            record(sent)
            sent += 1
        time.sleep(0.005)
    flushed = flusher.force_flush(60_000)
    deadline = time.monotonic() + 30
    while counter.count < sent and time.monotonic() < deadline:
        time.sleep(0.25)
    received = counter.count
    dropped = getattr(flusher, "dropped_spans", "not counted")
    print(
        f"{args.transport} {args.with_}: {args.down:g} s outage at {args.rate} spans/s:"
        f" sent {sent}, received {received}, lost {sent - received}"
        f" ({(sent - received) / sent:.1%}), dropped_spans {dropped}, force_flush {flushed}"
    )
    flusher.shutdown()
    stop()


if __name__ == "__main__":
    main()

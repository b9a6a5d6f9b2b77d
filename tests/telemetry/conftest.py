"""Fixtures for the meta-package tests.

An in-memory tracer, metrics on an isolated registry, readers of the exposition text, and
real OTLP receivers (HTTP and gRPC) for the demo's span options.
"""

from __future__ import annotations

import gzip
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from ractogateway.pricing._sanitize import Sanitizer
from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry, _kit


@pytest.fixture
def tracer() -> Iterator[RactoTracer]:
    """A tracer that keeps its spans in memory (shut down after the test)."""
    tracer = RactoTracer(in_memory=True)
    yield tracer
    tracer.shutdown()


@pytest.fixture
def metrics() -> GatewayMetricsMiddleware:
    """A metrics middleware on a registry of its own."""
    return GatewayMetricsMiddleware(registry=CollectorRegistry())


@pytest.fixture
def telemetry(tracer: RactoTracer, metrics: GatewayMetricsMiddleware) -> Telemetry:
    """A ``Telemetry`` recording to both ``tracer`` and ``metrics``."""
    return Telemetry(tracer=tracer, metrics=metrics)


@pytest.fixture
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test see the first warning of each kind (each is logged once per process)."""
    monkeypatch.setattr(_kit, "_SANITIZER", Sanitizer(logging.getLogger("ractogateway.telemetry")))


def metric_total(text: str, name: str, **labels: str) -> float:
    """Sum the samples called ``name`` whose labels include ``labels``, in exposition ``text``."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    )


def label_values(text: str, name: str, label: str) -> set[str]:
    """Return the values that ``label`` takes in the samples called ``name``."""
    return {
        sample.labels[label]
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and label in sample.labels
    }


@pytest.fixture
def total() -> Callable[..., float]:
    """``total(text, "ractogateway_requests_total", model="gpt-4o")``: a summed sample."""
    return metric_total


@pytest.fixture
def values() -> Callable[[str, str, str], set[str]]:
    """``values(text, "ractogateway_requests_total", "model")``: the values of a label."""
    return label_values


class SpanSink:
    """What an OTLP receiver got: the decoded spans, with their service names."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.spans: list[tuple[str, Span]] = []  # (service.name, span)

    def add(self, request: ExportTraceServiceRequest) -> None:
        with self.lock:
            for resource_spans in request.resource_spans:
                service = next(
                    (a.value.string_value for a in resource_spans.resource.attributes
                     if a.key == "service.name"),
                    "",
                )  # fmt: skip
                for scope_spans in resource_spans.scope_spans:
                    self.spans.extend((service, span) for span in scope_spans.spans)


@pytest.fixture
def otlp_http_receiver() -> Iterator[tuple[str, SpanSink]]:
    """A real OTLP/HTTP receiver on 127.0.0.1: (base URL, what it received)."""
    sink = SpanSink()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            if self.path != "/v1/traces":
                self.send_error(404)
                return
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            sink.add(request)
            reply = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", sink
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def otlp_grpc_receiver() -> Iterator[tuple[str, SpanSink]]:
    """A real OTLP/gRPC receiver on 127.0.0.1: (endpoint URL, what it received)."""
    import grpc
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2_grpc

    sink = SpanSink()

    class Servicer(trace_service_pb2_grpc.TraceServiceServicer):
        def Export(  # noqa: N802 - the gRPC method name
            self, request: ExportTraceServiceRequest, context: object
        ) -> ExportTraceServiceResponse:
            sink.add(request)
            return ExportTraceServiceResponse()

    executor = ThreadPoolExecutor(max_workers=2)
    server = grpc.server(executor)
    add_servicer = trace_service_pb2_grpc.add_TraceServiceServicer_to_server
    add_servicer(Servicer(), server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"http://127.0.0.1:{port}", sink
    finally:
        server.stop(None).wait()
        executor.shutdown(wait=True)

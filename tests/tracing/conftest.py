"""Fixtures for the tracing tests: real OTLP receivers, span sinks and child processes.

The receivers are real servers on 127.0.0.1 (port 0) that decode the official
``opentelemetry-proto`` messages: ``OtlpGrpcReceiver`` implements the OTLP TraceService
over gRPC, ``OtlpHttpReceiver`` accepts ``POST /v1/traces``. Each exposes ``.endpoint`` and
the decoded ``.spans`` (thread-safe) and is stopped at teardown; the meta-package tests may
reuse them. Tests that take a ``sink`` run once per transport installed in this cell: the
in-process ``custom`` exporter always, ``grpc`` and ``http`` with the OTLP extras.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

from ractogateway.tracing import RactoTracer

if TYPE_CHECKING:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )
    from opentelemetry.proto.common.v1.common_pb2 import AnyValue
    from opentelemetry.sdk.trace import ReadableSpan


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


#: Which OTLP exporter extras this cell installed.
OTLP_GRPC = _installed("opentelemetry.exporter.otlp.proto.grpc")
OTLP_HTTP = _installed("opentelemetry.exporter.otlp.proto.http")
#: The sinks every ``sink`` test runs against in this cell.
SINKS = ["custom", *(["grpc"] if OTLP_GRPC else []), *(["http"] if OTLP_HTTP else [])]
#: Collectors that are down (closed port) or hanging (accept, never answer), per transport.
STALLED = [
    "custom-hanging",
    *(["grpc-down", "grpc-hanging"] if OTLP_GRPC else []),
    *(["http-down", "http-hanging"] if OTLP_HTTP else []),
]


@dataclass(frozen=True)
class ReceivedSpan:
    """A span as a receiver decoded it (the same shape for every transport)."""

    name: str
    kind: str
    start_ns: int
    end_ns: int
    attributes: dict[str, Any]
    resource: dict[str, Any]
    scope: str
    status_code: str
    status_message: str
    trace_id: int
    span_id: int
    parent_span_id: int | None


class SpanStore:
    """A thread-safe list of received spans that tests can wait on."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._spans: list[ReceivedSpan] = []

    def add(self, spans: Sequence[ReceivedSpan]) -> None:
        with self._changed:
            self._spans.extend(spans)
            self._changed.notify_all()

    @property
    def spans(self) -> list[ReceivedSpan]:
        """A snapshot of what arrived so far."""
        with self._changed:
            return list(self._spans)

    def wait_for(self, count: int, timeout_s: float = 20.0) -> list[ReceivedSpan]:
        """Wait until ``count`` spans arrived (or the timeout); return the snapshot."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._spans) >= count, timeout_s)
            return list(self._spans)


def _any_value(value: AnyValue) -> object:
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return tuple(_any_value(item) for item in value.array_value.values)
    if kind == "kvlist_value":
        return {item.key: _any_value(item.value) for item in value.kvlist_value.values}
    return None if kind is None else getattr(value, kind)


def decode_request(request: ExportTraceServiceRequest) -> list[ReceivedSpan]:
    """Flatten an OTLP ``ExportTraceServiceRequest`` into ``ReceivedSpan`` objects."""
    from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

    decoded = []
    for resource_spans in request.resource_spans:
        resource = {kv.key: _any_value(kv.value) for kv in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                decoded.append(
                    ReceivedSpan(
                        name=span.name,
                        kind=Span.SpanKind.Name(span.kind).removeprefix("SPAN_KIND_"),
                        start_ns=span.start_time_unix_nano,
                        end_ns=span.end_time_unix_nano,
                        attributes={kv.key: _any_value(kv.value) for kv in span.attributes},
                        resource=resource,
                        scope=scope_spans.scope.name,
                        status_code=Status.StatusCode.Name(span.status.code).removeprefix(
                            "STATUS_CODE_"
                        ),
                        status_message=span.status.message,
                        trace_id=int.from_bytes(span.trace_id, "big"),
                        span_id=int.from_bytes(span.span_id, "big"),
                        parent_span_id=int.from_bytes(span.parent_span_id, "big") or None,
                    )
                )
    return decoded


def from_readable(span: ReadableSpan) -> ReceivedSpan:
    """Turn an SDK ``ReadableSpan`` (what a custom exporter gets) into a ``ReceivedSpan``."""
    context = span.get_span_context()
    assert context is not None
    assert span.start_time is not None
    assert span.end_time is not None
    return ReceivedSpan(
        name=span.name,
        kind=span.kind.name,
        start_ns=span.start_time,
        end_ns=span.end_time,
        attributes=dict(span.attributes or {}),
        resource=dict(span.resource.attributes),
        scope=span.instrumentation_scope.name if span.instrumentation_scope else "",
        status_code=span.status.status_code.name,
        status_message=span.status.description or "",
        trace_id=context.trace_id,
        span_id=context.span_id,
        parent_span_id=span.parent.span_id if span.parent else None,
    )


class CollectingExporter(SpanExporter):
    """An in-process custom exporter that keeps what it exports in a ``SpanStore``."""

    def __init__(self, store: SpanStore) -> None:
        self.store = store

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.store.add([from_readable(span) for span in spans])
        return SpanExportResult.SUCCESS


class HangingExporter(SpanExporter):
    """A custom exporter whose export blocks until ``release()`` (a hung collector)."""

    def __init__(self) -> None:
        self._released = threading.Event()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self._released.wait()
        return SpanExportResult.FAILURE

    def release(self) -> None:
        self._released.set()


class OtlpGrpcReceiver:
    """An OTLP/gRPC TraceService on 127.0.0.1 that decodes every export it receives."""

    def __init__(self) -> None:
        import grpc
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

        self.store = SpanStore()
        store = self.store

        class TraceService(trace_service_pb2_grpc.TraceServiceServicer):
            def Export(  # noqa: N802 - the generated service's method name
                self, request: ExportTraceServiceRequest, context: grpc.ServicerContext
            ) -> trace_service_pb2.ExportTraceServiceResponse:
                store.add(decode_request(request))
                return trace_service_pb2.ExportTraceServiceResponse()

        self._executor = ThreadPoolExecutor(max_workers=4)
        self._server = grpc.server(self._executor)
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(  # type: ignore[no-untyped-call]
            TraceService(), self._server
        )
        port = self._server.add_insecure_port("127.0.0.1:0")
        self._server.start()
        self.endpoint = f"http://127.0.0.1:{port}"

    @property
    def spans(self) -> list[ReceivedSpan]:
        return self.store.spans

    def stop(self) -> None:
        self._server.stop(grace=None).wait()
        self._executor.shutdown(wait=True)


class OtlpHttpReceiver:
    """An OTLP/HTTP receiver on 127.0.0.1: ``POST /v1/traces`` with a protobuf body."""

    def __init__(self) -> None:
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTraceServiceRequest,
            ExportTraceServiceResponse,
        )

        self.store = SpanStore()
        self.paths: list[str] = []
        receiver = self
        reply = ExportTraceServiceResponse().SerializeToString()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.paths.append(self.path)
                if self.path != "/v1/traces":
                    self.send_error(404)
                    return
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                receiver.store.add(decode_request(ExportTraceServiceRequest.FromString(body)))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep the test output quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def spans(self) -> list[ReceivedSpan]:
        return self.store.spans

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class HangingServer:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.05)
        self._connections: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        self.endpoint = f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self._connections.append(connection)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        for connection in self._connections:
            connection.close()
        self._socket.close()


def closed_port_endpoint() -> str:
    """Return the URL of a port on 127.0.0.1 that nothing listens on (a collector that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def otlp_extras() -> dict[str, bool]:
    """Whether the exporter behind each OTLP argument is installed in this cell."""
    return {"otlp_endpoint": OTLP_GRPC, "otlp_http_endpoint": OTLP_HTTP}


@pytest.fixture
def collecting_exporter() -> CollectingExporter:
    """A custom exporter that keeps what it exports (``.store.spans``)."""
    return CollectingExporter(SpanStore())


@pytest.fixture
def otlp_grpc_receiver() -> Iterator[OtlpGrpcReceiver]:
    """A real OTLP/gRPC receiver; ``.endpoint`` is its ``http://127.0.0.1:<port>`` URL."""
    receiver = OtlpGrpcReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def otlp_http_receiver() -> Iterator[OtlpHttpReceiver]:
    """A real OTLP/HTTP receiver; ``.endpoint`` is its base URL (spans go to /v1/traces)."""
    receiver = OtlpHttpReceiver()
    yield receiver
    receiver.stop()


@dataclass
class Sink:
    """Where a test tracer sends spans (``tracer_kwargs``) and where they are read back."""

    kind: str
    tracer_kwargs: dict[str, Any]
    store: SpanStore = field(default_factory=SpanStore)

    @property
    def spans(self) -> list[ReceivedSpan]:
        return self.store.spans

    def wait_for(self, count: int, timeout_s: float = 20.0) -> list[ReceivedSpan]:
        return self.store.wait_for(count, timeout_s)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run ``sink`` tests per installed transport, ``stalled`` tests per stalled collector."""
    if "sink" in metafunc.fixturenames:
        metafunc.parametrize("sink", SINKS, indirect=True)
    if "stalled" in metafunc.fixturenames:
        metafunc.parametrize("stalled", STALLED, indirect=True)


@pytest.fixture
def sink(request: pytest.FixtureRequest) -> Iterator[Sink]:
    """A healthy destination: the custom exporter, or a real OTLP gRPC / HTTP receiver."""
    kind: str = request.param
    if kind == "custom":
        store = SpanStore()
        yield Sink(kind, {"custom_exporter": CollectingExporter(store)}, store)
        return
    receiver = OtlpGrpcReceiver() if kind == "grpc" else OtlpHttpReceiver()
    argument = "otlp_endpoint" if kind == "grpc" else "otlp_http_endpoint"
    yield Sink(kind, {argument: receiver.endpoint}, receiver.store)
    receiver.stop()


@dataclass
class Stalled:
    """A collector that is down (closed port) or hanging, and the tracer arguments to reach it."""

    transport: str
    hanging: bool
    tracer_kwargs: dict[str, Any]


@pytest.fixture
def stalled(request: pytest.FixtureRequest) -> Iterator[Stalled]:
    """A collector that is down or hanging, per transport installed in this cell."""
    transport, state = str(request.param).split("-")
    hanging = state == "hanging"
    if transport == "custom":
        exporter = HangingExporter()
        yield Stalled(transport, hanging, {"custom_exporter": exporter})
        exporter.release()
        return
    argument = "otlp_endpoint" if transport == "grpc" else "otlp_http_endpoint"
    if not hanging:
        yield Stalled(transport, hanging, {argument: closed_port_endpoint()})
        return
    server = HangingServer()
    yield Stalled(transport, hanging, {argument: server.endpoint})
    server.stop()


@pytest.fixture
def make_tracer() -> Iterator[Callable[..., RactoTracer]]:
    """Build RactoTracers that are shut down at teardown (no thread or socket left behind)."""
    tracers: list[RactoTracer] = []

    def make(**kwargs: Any) -> RactoTracer:
        tracer = RactoTracer(**kwargs)
        tracers.append(tracer)
        return tracer

    yield make
    for tracer in tracers:
        tracer.shutdown(timeout_millis=2000)


# A child process that records spans and exits without calling anything: the exit flush
# must deliver them. Its one argument is JSON: {"kwargs": {...}, "spans": N, "hang": bool}
# ("hang": a custom exporter that never returns). Its last stderr line says when the script
# ended (time.monotonic(), the same clock as the parent's on Linux).
CHILD_SCRIPT = """
import json, sys, threading, time
from opentelemetry.sdk.trace.export import SpanExporter
from ractogateway.tracing import RactoTracer

config = json.loads(sys.argv[1])
kwargs = config["kwargs"]
if config.get("hang"):
    class Hanging(SpanExporter):
        def export(self, spans):
            threading.Event().wait()
    kwargs["custom_exporter"] = Hanging()
tracer = RactoTracer(**kwargs)
for i in range(config["spans"]):
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.5, input_tokens=i)
print(f"script-end {time.monotonic()}", file=sys.stderr, flush=True)
"""


@pytest.fixture
def start_child() -> Iterator[Callable[[dict[str, Any]], subprocess.Popen[str]]]:
    """Start ``CHILD_SCRIPT`` with a config; children still running at teardown are killed."""
    children: list[subprocess.Popen[str]] = []

    def start(config: dict[str, Any]) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD_SCRIPT, json.dumps(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        return child

    yield start
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate()


@pytest.fixture
def stalled_child_configs() -> Iterator[dict[str, dict[str, Any]]]:
    """``start_child`` configs per stalled collector of this cell (down or hanging)."""
    configs: dict[str, dict[str, Any]] = {"custom-hanging": {"kwargs": {}, "hang": True}}
    servers = []
    for transport, argument, installed in (
        ("grpc", "otlp_endpoint", OTLP_GRPC),
        ("http", "otlp_http_endpoint", OTLP_HTTP),
    ):
        if installed:
            server = HangingServer()
            servers.append(server)
            configs[f"{transport}-down"] = {"kwargs": {argument: closed_port_endpoint()}}
            configs[f"{transport}-hanging"] = {"kwargs": {argument: server.endpoint}}
    yield configs
    for server in servers:
        server.stop()


def parse_console(text: str) -> list[dict[str, Any]]:
    """Decode the JSON span objects ``ConsoleSpanExporter`` printed, one after another."""
    decoder = json.JSONDecoder()
    spans: list[dict[str, Any]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        span, position = decoder.raw_decode(text, position)
        spans.append(span)
        while position < len(text) and text[position].isspace():
            position += 1
    return spans


@pytest.fixture
def console_spans() -> Callable[[str], list[dict[str, Any]]]:
    """``console_spans(stdout_text)`` decodes what the console exporter printed."""
    return parse_console

"""Fixtures for the tracing tests: span sinks, stalled collectors and child processes.

Tests that take a ``sink`` run once per transport installed in this cell: the in-process
``custom`` exporter always, ``grpc`` and ``http`` (real OTLP receivers) with the OTLP extras.
The receivers are ``tests/support/otlp_receivers.py``, real servers on 127.0.0.1 that decode
the official ``opentelemetry-proto`` messages; the ``otlp_grpc_receiver`` and
``otlp_http_receiver`` fixtures, shared with the meta-package tests, are in
``tests/conftest.py``, and ``installed`` and ``free_port`` come from ``tests/support/`` too.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from installed import installed
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from otlp_receivers import (
    OtlpGrpcReceiver,
    OtlpHttpReceiver,
    ReceivedSpan,
    SpanStore,
)
from ports import free_port

from ractogateway.tracing import RactoTracer

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import ReadableSpan


#: Which OTLP exporter extras this cell installed.
OTLP_GRPC = installed("opentelemetry.exporter.otlp.proto.grpc")
OTLP_HTTP = installed("opentelemetry.exporter.otlp.proto.http")
#: The sinks every ``sink`` test runs against in this cell.
SINKS = ["custom", *(["grpc"] if OTLP_GRPC else []), *(["http"] if OTLP_HTTP else [])]
#: Collectors that are down (closed port) or hanging (accept, never answer), per transport.
STALLED = [
    "custom-hanging",
    *(["grpc-down", "grpc-hanging"] if OTLP_GRPC else []),
    *(["http-down", "http-hanging"] if OTLP_HTTP else []),
]


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
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def otlp_extras() -> dict[str, bool]:
    """Whether the exporter behind each OTLP argument is installed in this cell."""
    return {"otlp_endpoint": OTLP_GRPC, "otlp_http_endpoint": OTLP_HTTP}


@pytest.fixture
def collecting_exporter() -> CollectingExporter:
    """A custom exporter that keeps what it exports (``.store.spans``)."""
    return CollectingExporter(SpanStore())


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
    for transport, argument, exporter_installed in (
        ("grpc", "otlp_endpoint", OTLP_GRPC),
        ("http", "otlp_http_endpoint", OTLP_HTTP),
    ):
        if exporter_installed:
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

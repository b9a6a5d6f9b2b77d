"""Fixtures for the tracing tests: span sinks, stalled collectors and child processes.

Tests that take a ``sink`` run once per transport installed in this cell: the in-process
``custom`` exporter always, ``grpc`` and ``http`` (real OTLP receivers) with the OTLP extras.
The helpers behind these fixtures live in ``tests/support/`` (on pytest's ``pythonpath``):
the receivers in ``otlp_receivers.py`` (real servers on 127.0.0.1 that decode the official
``opentelemetry-proto`` messages; the ``otlp_grpc_receiver`` and ``otlp_http_receiver``
fixtures, shared with the meta-package tests, are in ``tests/conftest.py``), the in-process
exporters and the console reader in ``span_exporters.py``, ``Sink``, ``Stalled`` and the
hanging server in ``span_destinations.py``, the child processes in ``tracer_children.py``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from installed import installed
from otlp_receivers import OtlpGrpcReceiver, OtlpHttpReceiver, SpanStore
from span_destinations import HangingServer, Sink, Stalled, closed_port_endpoint
from span_exporters import CollectingExporter, HangingExporter, parse_console
from tracer_children import TracerChildren

from ractogateway.tracing import RactoTracer

#: Which OTLP exporter extras this cell installed.
OTLP_GRPC = installed("opentelemetry.exporter.otlp.proto.grpc")
OTLP_HTTP = installed("opentelemetry.exporter.otlp.proto.http")
#: The fast OTLP encoder's tests need an OTLP exporter (and the encoder it is compared with).
collect_ignore = [] if OTLP_GRPC or OTLP_HTTP else ["test_otlp.py"]
#: The sinks every ``sink`` test runs against in this cell.
SINKS = ["custom", *(["grpc"] if OTLP_GRPC else []), *(["http"] if OTLP_HTTP else [])]
#: Collectors that are down (closed port) or hanging (accept, never answer), per transport.
STALLED = [
    "custom-hanging",
    *(["grpc-down", "grpc-hanging"] if OTLP_GRPC else []),
    *(["http-down", "http-hanging"] if OTLP_HTTP else []),
]


@pytest.fixture
def otlp_extras() -> dict[str, bool]:
    """Whether the exporter behind each OTLP argument is installed in this cell."""
    return {"otlp_endpoint": OTLP_GRPC, "otlp_http_endpoint": OTLP_HTTP}


@pytest.fixture
def collecting_exporter() -> CollectingExporter:
    """A custom exporter that keeps what it exports (``.store.spans``)."""
    return CollectingExporter(SpanStore())


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


@pytest.fixture
def start_child() -> Iterator[Callable[[dict[str, Any]], subprocess.Popen[str]]]:
    """Start ``CHILD_SCRIPT`` with a config; children still running at teardown are killed."""
    children = TracerChildren()
    yield children.start
    children.kill()


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


@pytest.fixture
def console_spans() -> Callable[[str], list[dict[str, Any]]]:
    """``console_spans(stdout_text)`` decodes what the console exporter printed."""
    return parse_console

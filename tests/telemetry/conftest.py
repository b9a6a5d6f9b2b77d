"""Fixtures for the meta-package tests.

An in-memory tracer, metrics on an isolated registry, and a ``Telemetry`` over both. The
readers of the exposition text (``total``, ``values``), the real OTLP receivers
(``otlp_grpc_receiver``, ``otlp_http_receiver``) for the demo's span options and the real
Prometheus server for the ops-kit tests are shared fixtures in ``tests/conftest.py``, built
from ``tests/support/`` (``exposition.py``, ``otlp_receivers.py``, ``prometheus_server.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from prometheus_client import CollectorRegistry

from ractogateway.pricing._shared import Sanitizer
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

"""Fixtures for the meta-package tests.

The recorders come from the fixture the meta-package ships, ``telemetry_capture`` (its
``pytest11`` plugin, loaded wherever ractogateway-telemetry is installed), so these tests use
it as a kit's tests do: ``tracer`` (in memory), ``metrics`` (on a registry of its own) and
``telemetry`` (over both) are the capture's, shut down after the test. The readers of the
exposition text (``total``, ``values``), the real OTLP receivers (``otlp_grpc_receiver``,
``otlp_http_receiver``) for the demo's span options and the real Prometheus server for the
ops-kit tests are shared fixtures in ``tests/conftest.py``, built from ``tests/support/``
(``exposition.py``, ``otlp_receivers.py``, ``prometheus_server.py``). ``fresh_warnings`` is
what the capture cannot do: it resets the kit helper's once-per-process warnings.
"""

from __future__ import annotations

import logging

import pytest

from ractogateway.pricing._shared import Sanitizer
from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry, _kit
from ractogateway.telemetry.pytest_plugin import TelemetryCapture


@pytest.fixture
def tracer(telemetry_capture: TelemetryCapture) -> RactoTracer:
    """The capture's tracer: it keeps its spans in memory."""
    return telemetry_capture.tracer


@pytest.fixture
def metrics(telemetry_capture: TelemetryCapture) -> GatewayMetricsMiddleware:
    """The capture's metrics middleware, on a registry of its own."""
    return telemetry_capture.metrics


@pytest.fixture
def telemetry(telemetry_capture: TelemetryCapture) -> Telemetry:
    """The capture's ``Telemetry``, recording to both ``tracer`` and ``metrics``."""
    return telemetry_capture.telemetry


@pytest.fixture
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test see the first warning of each kind (each is logged once per process)."""
    monkeypatch.setattr(_kit, "_SANITIZER", Sanitizer(logging.getLogger("ractogateway.telemetry")))

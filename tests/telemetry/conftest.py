"""Fixtures for the meta-package tests.

An in-memory tracer, metrics on an isolated registry and readers of the exposition text. The
real OTLP receivers (``otlp_grpc_receiver``, ``otlp_http_receiver``) for the demo's span
options and the real Prometheus server for the ops-kit tests are shared fixtures in
``tests/conftest.py``, built from ``tests/support/``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
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

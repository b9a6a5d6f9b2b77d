"""The private names of the OpenTelemetry SDK the fast paths borrow, each taken away in turn.

``ractogateway.tracing._borrowed.BORROWED`` lists them; the tests here read that list, so a
name added there is tested here. Each test hides one name the way an SDK release that renamed
it would look to the tracer: the SDK's own code still finds it, the code of ``ractogateway``
does not. A tracer built then must not raise, must log one warning naming it, and must record
what a tracer on the intact SDK records: the same spans (name, kind, attributes, status,
duration, resource, scope) and the same GenAI metrics (names, units, attribute sets, counts,
sums, buckets), through the SDK's public path.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import types
from collections.abc import Callable
from importlib.metadata import requires, version
from pathlib import Path
from typing import Any

import pytest
from hidden import CHANGED, MODES, Hidden
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sample_calls import SAMPLE_CALLS as CALLS
from sample_calls import record_sample_calls

from ractogateway.tracing import RactoTracer, _borrowed, _finished
from ractogateway.tracing._borrowed import BORROWED, TESTED_SDK, Borrowed, expected
from ractogateway.tracing._finished import FinishedSpans, LiveSpans
from ractogateway.tracing._genai_metrics import GenAIMetrics
from ractogateway.tracing._genai_public import PublicGenAIMetrics

MakeTracer = Callable[..., RactoTracer]
SDK_VERSION = version("opentelemetry-sdk")


def _release(text: str) -> tuple[int, ...]:
    found = re.match(r"\d+(?:\.\d+)*", text)
    assert found is not None
    return tuple(int(part) for part in found.group().split("."))


def hide(monkeypatch: pytest.MonkeyPatch, entry: Borrowed, mode: str = "renamed") -> None:
    """Rename or change ``entry`` for ``ractogateway``'s code only (undone at teardown)."""
    if entry.where == "module":
        module = importlib.import_module(entry.owner)
        assert hasattr(module, entry.name), f"{entry} is not in the installed SDK"
        seen = types.ModuleType(module.__name__)  # what importing the module now gives
        vars(seen).update(vars(module))
        vars(seen)[f"{entry.name}_renamed"] = vars(seen).pop(entry.name)
        if mode == "changed":
            vars(seen)[entry.name] = CHANGED
        monkeypatch.setitem(sys.modules, entry.owner, seen)
        return
    module_name, _, class_name = entry.owner.rpartition(".")
    owner = getattr(importlib.import_module(module_name), class_name)
    method = None
    if entry.where == "class":
        method = vars(owner).get(entry.name)
        assert method is not None, f"{entry} is not in the installed SDK"
    hidden = Hidden(entry.name, method, changed=mode == "changed")
    monkeypatch.setattr(owner, entry.name, hidden, raising=False)


@pytest.fixture
def warnings(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], list[str]]:
    """``warnings()``: the tracing logger's warnings so far (the once-per-process memory reset)."""
    monkeypatch.setattr(_borrowed, "_WARNED", set())
    caplog.set_level(logging.WARNING, logger="ractogateway.tracing")
    return lambda: [
        r.getMessage()
        for r in caplog.records
        if r.name == "ractogateway.tracing" and r.levelno >= logging.WARNING
    ]


def spans(exporter: InMemorySpanExporter) -> list[tuple[object, ...]]:
    """What the exporter received, but the ids and the clock (the durations are kept)."""
    found: list[tuple[object, ...]] = []
    for span in exporter.get_finished_spans():
        assert span.start_time is not None
        assert span.end_time is not None
        found.append(
            (
                span.name,
                span.kind,
                sorted((span.attributes or {}).items()),
                span.status.status_code,
                span.status.description,
                span.end_time - span.start_time,
                sorted(span.resource.attributes.items()),
                span.instrumentation_scope,
            )
        )
    assert len(found) == CALLS
    return found


def metrics(reader: InMemoryMetricReader) -> dict[tuple[object, ...], tuple[object, ...]]:
    """Every histogram point the reader collects, but its times."""
    data = reader.get_metrics_data()
    assert data is not None
    found: dict[tuple[object, ...], tuple[object, ...]] = {}
    for resource_metrics in data.resource_metrics:
        for scope_metrics in resource_metrics.scope_metrics:
            for metric in scope_metrics.metrics:
                for point in metric.data.data_points:
                    key = (
                        scope_metrics.scope.name,
                        metric.name,
                        metric.unit,
                        metric.description,
                        type(metric.data).__name__,
                        frozenset(dict(point.attributes or {}).items()),
                    )
                    found[key] = (
                        point.count,  # type: ignore[union-attr]
                        point.sum,  # type: ignore[union-attr]
                        point.min,  # type: ignore[union-attr]
                        point.max,  # type: ignore[union-attr]
                        tuple(point.bucket_counts),  # type: ignore[union-attr]
                        tuple(point.explicit_bounds),  # type: ignore[union-attr]
                        metric.data.aggregation_temporality,  # type: ignore[union-attr]
                    )
    return found


Recorded = tuple[list[tuple[object, ...]], dict[tuple[object, ...], tuple[object, ...]], Any]


@pytest.fixture
def record(make_tracer: MakeTracer) -> Callable[[], Recorded]:
    """``record()``: build a tracer with a span exporter and a metric reader, record the calls.

    Returns what it exported, what the reader collects, and the tracer.
    """

    def run() -> Recorded:
        exporter = InMemorySpanExporter()
        reader = InMemoryMetricReader()
        tracer = make_tracer(custom_exporter=exporter, genai_metrics=True, metric_readers=[reader])
        record_sample_calls(tracer)
        assert tracer.force_flush(timeout_millis=5000)
        return spans(exporter), metrics(reader), tracer

    return run


@pytest.fixture
def intact(record: Callable[[], Recorded]) -> Recorded:
    """What a tracer records on the intact SDK (the reference)."""
    return record()


def _paths(tracer: RactoTracer) -> tuple[type, type]:
    """The classes behind the tracer's span and metric recording."""
    return type(getattr(tracer._emit, "__self__", None)), type(tracer._genai)


def test_on_the_intact_sdk_both_fast_paths_are_taken_without_a_warning(
    record: Callable[[], Recorded], warnings: Callable[[], list[str]]
) -> None:
    _, found, tracer = record()
    assert _paths(tracer) == (FinishedSpans, GenAIMetrics)
    assert found
    assert warnings() == []


@pytest.mark.parametrize(
    "case",
    # Only the names this SDK release has (older ones are not read: nothing to hide), so a
    # run on the declared minimum has no skipped cases.
    [(entry, mode) for entry in BORROWED if expected(entry) for mode in MODES],
    ids=lambda case: f"{case[0]}-{case[1]}",
)
def test_without_a_borrowed_name_the_tracer_takes_the_public_path(
    case: tuple[Borrowed, str],
    intact: Recorded,
    record: Callable[[], Recorded],
    warnings: Callable[[], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, mode = case
    hide(monkeypatch, entry, mode)

    found_spans, found_metrics, tracer = record()

    span_path, metric_path = _paths(tracer)
    assert (span_path, metric_path) in {
        (LiveSpans, GenAIMetrics),
        (FinishedSpans, PublicGenAIMetrics),
    }
    intact_spans, intact_metrics, _ = intact
    assert intact_metrics
    assert found_spans == intact_spans
    assert found_metrics == intact_metrics
    if mode == "changed" and entry.name == "_tracer_metrics":
        # Span metrics of another kind than the SDK's no-op ones: on, as far as the tracer
        # can tell, which the SDK path serves (no warning: that is what it is for).
        assert span_path is LiveSpans
        assert warnings() == []
        return
    (warning,) = warnings()
    assert str(entry) in warning
    assert SDK_VERSION in warning
    instead = "start_span + end" if span_path is LiveSpans else "MeterProvider of the tracer's"
    assert instead in warning
    record()  # another tracer: the warning is not repeated
    assert len(warnings()) == 1


def test_the_fast_paths_read_no_borrowed_name_per_call(
    make_tracer: MakeTracer,
    intact: Recorded,
    warnings: Callable[[], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Built on the intact SDK, a tracer records the same with every borrowed name hidden."""
    exporter = InMemorySpanExporter()
    reader = InMemoryMetricReader()
    tracer = make_tracer(custom_exporter=exporter, genai_metrics=True, metric_readers=[reader])
    for entry in BORROWED:
        if expected(entry):
            hide(monkeypatch, entry)
    record_sample_calls(tracer)
    assert tracer.force_flush(timeout_millis=5000)
    assert _paths(tracer) == (FinishedSpans, GenAIMetrics)
    assert (spans(exporter), metrics(reader)) == intact[:2]
    assert warnings() == []


def test_when_the_public_metrics_path_fails_too_metrics_are_disabled_and_spans_go_on(
    make_tracer: MakeTracer,
    intact: Recorded,
    warnings: Callable[[], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader the SDK refuses (already in a MeterProvider): no metrics, one warning."""
    (histogram,) = [entry for entry in BORROWED if entry.name == "_Histogram"]
    hide(monkeypatch, histogram)
    exporter = InMemorySpanExporter()
    reader = InMemoryMetricReader()
    provider = MeterProvider(metric_readers=[reader])
    try:
        tracer = make_tracer(custom_exporter=exporter, genai_metrics=True, metric_readers=[reader])
        record_sample_calls(tracer)
        assert tracer.force_flush(timeout_millis=5000)
    finally:
        provider.shutdown()
    assert tracer._genai is None
    (warning,) = warnings()
    assert "_Histogram" in warning
    assert "GenAI metrics are disabled" in warning
    assert spans(exporter) == intact[0]


def test_any_failure_preparing_the_fast_span_path_falls_back_to_the_sdk_path(
    make_tracer: MakeTracer,
    intact: Recorded,
    warnings: Callable[[], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(tracer: object) -> bool:
        raise RuntimeError("a later SDK")

    monkeypatch.setattr(_finished, "_reproducible", broken)
    exporter = InMemorySpanExporter()
    tracer = make_tracer(custom_exporter=exporter)
    record_sample_calls(tracer)
    assert tracer.force_flush(timeout_millis=5000)
    assert _paths(tracer)[0] is LiveSpans
    (warning,) = warnings()
    assert "RuntimeError: a later SDK" in warning
    assert spans(exporter) == intact[0]


def test_a_disabled_sdk_does_not_break_the_constructor(
    make_tracer: MakeTracer,
    warnings: Callable[[], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``OTEL_SDK_DISABLED=true``: the SDK's no-op tracer, recorded through, nothing exported."""
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    exporter = InMemorySpanExporter()
    tracer = make_tracer(custom_exporter=exporter, in_memory=True)
    assert tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.0) is None
    assert tracer.force_flush(timeout_millis=5000)
    assert exporter.get_finished_spans() == ()
    assert len(tracer.spans) == 1
    assert warnings() == []


def test_the_tested_range_starts_at_the_declared_minimum_and_holds_the_installed_sdk() -> None:
    declared = [
        requirement
        for requirement in requires("ractogateway-tracing") or []
        if re.match(r"opentelemetry-sdk\b", requirement)
    ]
    assert declared == [f"opentelemetry-sdk>={TESTED_SDK[0]}"]
    lowest, newest = (_release(bound) for bound in TESTED_SDK)
    installed = _release(SDK_VERSION)
    assert lowest <= installed, f"opentelemetry-sdk {SDK_VERSION} is below the tested range"
    assert installed[:2] <= newest[:2], (
        f"opentelemetry-sdk {SDK_VERSION} is newer than the tested range {TESTED_SDK}: if"
        " these tests pass on it, raise TESTED_SDK in ractogateway/tracing/_borrowed.py"
        " and docs/tracing.md"
    )


def test_the_docs_state_the_tested_range() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "tracing.md"
    assert f"opentelemetry-sdk {TESTED_SDK[0]} to {TESTED_SDK[1]}" in page.read_text()


def test_every_borrowed_name_is_private_and_listed_once() -> None:
    assert len({(entry.owner, entry.name) for entry in BORROWED}) == len(BORROWED)
    for entry in BORROWED:
        assert entry.owner.startswith("opentelemetry.sdk.")
        assert entry.name.startswith("_") or "._" in entry.owner, entry
        assert entry.use
        assert _release(TESTED_SDK[0]) <= entry.since <= _release(TESTED_SDK[1]), entry

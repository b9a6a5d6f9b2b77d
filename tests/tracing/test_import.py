"""``import ractogateway.tracing`` costs about what ``opentelemetry.sdk.trace`` does: pydantic,
which only ``SpanRecord`` needs, is imported at the first use of ``SpanRecord``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SEE_MODULES = (
    "import sys, json; {code}; "
    "print(json.dumps(['pydantic' in sys.modules, 'ractogateway.tracing._record' in sys.modules]))"
)


def _loaded(code: str) -> list[bool]:
    """Run ``code`` in a fresh interpreter; say whether pydantic and ``_record`` got loaded."""
    out = subprocess.run(
        [sys.executable, "-c", SEE_MODULES.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    loaded: list[bool] = json.loads(out)
    return loaded


@pytest.mark.parametrize(
    "code",
    [
        "import ractogateway.tracing",
        "from ractogateway.tracing import RactoTracer",
        "from ractogateway.tracing import RactoTracer; t = RactoTracer(in_memory=True);"
        " t.record_chat_span(provider='openai', model='gpt-4o', latency_ms=5.0)",
    ],
)
def test_recording_spans_does_not_import_pydantic(code: str) -> None:
    assert _loaded(code) == [False, False]


@pytest.mark.parametrize(
    "code",
    [
        "from ractogateway.tracing import SpanRecord",
        "import ractogateway.tracing as t; t.SpanRecord",
        "from ractogateway.tracing import RactoTracer; t = RactoTracer(in_memory=True);"
        " t.record_chat_span(provider='openai', model='gpt-4o', latency_ms=5.0); t.spans",
    ],
)
def test_span_records_import_it_at_first_use(code: str) -> None:
    assert _loaded(code) == [True, True]


def test_the_lazy_name_is_the_class_itself() -> None:
    import ractogateway.tracing
    from ractogateway.tracing._record import SpanRecord

    assert ractogateway.tracing.SpanRecord is SpanRecord
    assert "SpanRecord" in ractogateway.tracing.__all__
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        ractogateway.tracing.Nope  # noqa: B018


def test_every_span_record_field_is_read_from_the_call_record_by_name() -> None:
    """The in-memory rows are ``Call`` records, built into ``SpanRecord`` field by field."""
    from ractogateway.pricing._shared import Call
    from ractogateway.tracing._record import SpanRecord

    derived = {"name", "timestamp"}  # from the operation and from end_ns
    assert set(SpanRecord.model_fields) - derived <= set(Call._fields)
    assert not derived & set(Call._fields)


@pytest.mark.parametrize(
    ("genai", "loaded"),
    [("", False), (", genai_metrics=True, metric_readers=[InMemoryMetricReader()]", True)],
)
def test_the_metrics_sdk_is_imported_only_for_genai_metrics(genai: str, loaded: bool) -> None:
    code = (
        "import sys, io\n"
        "from opentelemetry.sdk.trace.export import ConsoleSpanExporter\n"
        "from ractogateway.tracing import RactoTracer\n"
        + ("from opentelemetry.sdk.metrics.export import InMemoryMetricReader\n" if genai else "")
        + f"t = RactoTracer(custom_exporter=ConsoleSpanExporter(out=io.StringIO()){genai})\n"
        "t.record_chat_span(provider='openai', model='gpt-4o', latency_ms=5.0)\n"
        "print('ractogateway.tracing._genai_metrics' in sys.modules,"
        " 'opentelemetry.sdk.metrics' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out == [str(loaded), str(loaded)]

"""The pytest plugin: ``telemetry_capture``, loaded by the ``pytest11`` entry point.

What the fixture gives a test is checked in runs of pytest's own ``pytester``: in a separate
interpreter where it matters that the installed entry point, not this process, provides it.
``TelemetryCapture``'s readers are checked directly.
"""

from __future__ import annotations

import doctest
import importlib.metadata
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ractogateway.telemetry.pytest_plugin
from ractogateway.telemetry import ModelPricing
from ractogateway.telemetry.pytest_plugin import TelemetryCapture

pytest_plugins = ["pytester"]

REQUESTS = "ractogateway_requests_total"
TOKENS = "ractogateway_tokens_total"
OK_CHAT = {"provider": "openai", "model": "gpt-4o", "operation": "chat", "status": "ok"}

#: A kit's test, as its author writes it: three lines.
KIT_TEST = """
from ractogateway.telemetry import Telemetry


class MyKit:
    def __init__(self, *, tracer=None, metrics=None):
        self._telemetry = Telemetry(tracer=tracer, metrics=metrics)

    def chat(self, text):
        with self._telemetry.chat(provider="openai", model="gpt-4o") as call:
            call.usage(input_tokens=10, output_tokens=len(text))


def test_my_kit_records_usage(telemetry_capture):
    kit = MyKit(tracer=telemetry_capture.tracer, metrics=telemetry_capture.metrics)
    kit.chat("hi")
    assert telemetry_capture.value(
        "ractogateway_requests_total", provider="openai", model="gpt-4o", operation="chat",
        status="ok",
    ) == 1
    assert [span.input_tokens for span in telemetry_capture.spans] == [10]
"""


def chat(capture: TelemetryCapture, model: str = "gpt-4o", **usage: Any) -> None:
    """Record one OpenAI chat call through the capture's ``Telemetry``."""
    with capture.telemetry.chat(provider="openai", model=model) as call:
        call.usage(**usage)


@pytest.fixture
def autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let pytest load the installed plugins, as a kit's test session does by default."""
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)


@pytest.mark.usefixtures("autoload")
def test_the_installed_entry_point_provides_the_fixture(pytester: pytest.Pytester) -> None:
    declared = importlib.metadata.distribution("ractogateway-telemetry").entry_points
    assert [(e.group, e.name, e.value) for e in declared] == [
        ("pytest11", "ractogateway-telemetry", "ractogateway.telemetry.pytest_plugin")
    ]
    pytester.makepyfile(test_kit=KIT_TEST)
    # A fresh interpreter: nothing of this process (its imports, its plugins) reaches it.
    pytester.runpytest_subprocess().assert_outcomes(passed=1)

    blocked = pytester.runpytest_subprocess("-p", "no:ractogateway-telemetry")
    blocked.assert_outcomes(errors=1)
    blocked.stdout.fnmatch_lines(["*fixture 'telemetry_capture' not found*"])


def test_with_autoload_off_the_plugin_is_enabled_by_its_name(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_kit=KIT_TEST)
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.runpytest_subprocess().assert_outcomes(errors=1)
    pytester.runpytest_subprocess("-p", "ractogateway-telemetry").assert_outcomes(passed=1)


@pytest.mark.usefixtures("autoload")
def test_each_test_gets_a_fresh_capture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("run", range(3))
        def test_one_call(telemetry_capture, run):
            with telemetry_capture.telemetry.chat(provider="openai", model="gpt-4o") as call:
                call.usage(input_tokens=10, output_tokens=2)
            assert len(telemetry_capture.spans) == 1
            assert telemetry_capture.spans[0].input_tokens == 10
            assert telemetry_capture.total("ractogateway_requests_total") == 1
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)


@pytest.mark.usefixtures("autoload")
def test_the_fixture_refuses_metrics_kept_in_multiprocess_files(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytester.makepyfile(test_kit=KIT_TEST)
    # Set before the interpreter starts: prometheus_client then writes values to files.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: TelemetryCapture: *PROMETHEUS_MULTIPROC_DIR*"])


def test_importing_the_package_loads_neither_pytest_nor_the_plugin() -> None:
    code = (
        "import sys, ractogateway.telemetry; print(sorted({'pytest', '_pytest',"
        " 'ractogateway.telemetry.pytest_plugin', 'prometheus_client'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
    requires = importlib.metadata.requires("ractogateway-telemetry") or []
    assert not [r for r in requires if r.lower().startswith("pytest")]


def test_the_capture_records_spans_and_metrics_through_one_telemetry() -> None:
    capture = TelemetryCapture()
    assert capture.telemetry.tracer is capture.tracer
    assert capture.telemetry.metrics is capture.metrics
    chat(capture, input_tokens=10, output_tokens=2)
    (span,) = capture.spans
    assert (span.provider, span.model, span.input_tokens, span.output_tokens) == (
        "openai",
        "gpt-4o",
        10,
        2,
    )
    assert capture.value(REQUESTS, **OK_CHAT) == 1
    assert capture.value(TOKENS, provider="openai", model="gpt-4o", token_type="output") == 2


def test_captures_do_not_see_each_other() -> None:
    first, second = TelemetryCapture(), TelemetryCapture()
    chat(first, input_tokens=10)
    assert (len(first.spans), first.value(REQUESTS, **OK_CHAT)) == (1, 1)
    assert (second.spans, second.value(REQUESTS, **OK_CHAT)) == ([], 0)


def test_value_reads_every_kind_of_sample_and_a_counters_family_name() -> None:
    capture = TelemetryCapture()
    chat(capture, input_tokens=10)
    chat(capture, input_tokens=10)
    assert capture.value("ractogateway_requests", **OK_CHAT) == 2
    duration = {"provider": "openai", "model": "gpt-4o", "operation": "chat"}
    assert capture.value("ractogateway_request_duration_seconds_count", **duration) == 2
    assert capture.value("ractogateway_request_duration_seconds_bucket", **duration, le="+Inf") == 2
    assert 0 < capture.value("ractogateway_request_duration_seconds_sum", **duration) < 10


def test_value_is_zero_for_a_series_never_recorded() -> None:
    capture = TelemetryCapture()
    assert capture.value(REQUESTS, **OK_CHAT) == 0.0
    chat(capture)
    assert capture.value(REQUESTS, **{**OK_CHAT, "status": "error"}) == 0.0
    assert capture.value("ractogateway_cache_hits_total", cache_type="exact") == 0.0


def test_value_rejects_an_unknown_metric_and_labels_that_name_no_single_series() -> None:
    capture = TelemetryCapture()
    typo = (
        r"no metric 'ractogateway_request_total' in this capture; .*'ractogateway_requests_total'"
    )
    with pytest.raises(ValueError, match=typo):
        capture.value("ractogateway_request_total", **OK_CHAT)
    with pytest.raises(ValueError, match="no metric 'ractogateway_request_duration_seconds'"):
        capture.value("ractogateway_request_duration_seconds")  # a histogram has no one value
    chat(capture)
    with pytest.raises(ValueError, match=r"also \['operation', 'status'\].*total\(\)"):
        capture.value(REQUESTS, provider="openai", model="gpt-4o")


def test_total_adds_up_the_series_whose_labels_include_the_given_ones() -> None:
    capture = TelemetryCapture()
    chat(capture, input_tokens=100, output_tokens=20, cache_read_tokens=60)
    chat(capture, model="gpt-4o-mini", input_tokens=7, output_tokens=3)
    with capture.telemetry.chat(provider="openai", model="gpt-4o"):
        pass  # recorded with 0 tokens: adds a request, no tokens
    assert capture.total(TOKENS, model="gpt-4o") == 100 + 20 + 60
    assert capture.total(TOKENS, token_type="input") == 107
    assert capture.total("ractogateway_requests", provider="openai") == 3
    assert capture.total(REQUESTS) == 3
    assert capture.total(REQUESTS, provider="anthropic") == 0.0
    with pytest.raises(ValueError, match="no metric"):
        capture.total("requests_total")


def test_exposition_and_readers_use_the_captures_registry_under_multiprocess_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    capture = TelemetryCapture()
    chat(capture, input_tokens=10)
    line = (
        'ractogateway_requests_total{model="gpt-4o",operation="chat",provider="openai",'
        'status="ok"} 1.0'
    )
    assert line in capture.exposition().splitlines()
    # Set after prometheus_client was imported: values stay in memory, but the metrics'
    # generate_latest() now shows the (empty) aggregate of the directory's files.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert line not in capture.metrics.generate_latest().splitlines()
    assert line in capture.exposition().splitlines()
    assert capture.value(REQUESTS, **OK_CHAT) == 1


def test_clear_forgets_the_spans_but_not_the_metrics() -> None:
    capture = TelemetryCapture()
    chat(capture, input_tokens=10)
    capture.clear()
    assert capture.spans == []
    assert capture.value(REQUESTS, **OK_CHAT) == 1
    chat(capture, input_tokens=5)
    assert [span.input_tokens for span in capture.spans] == [5]


def test_a_price_table_prices_the_spans_and_the_metrics() -> None:
    table = {"my-model": ModelPricing(input_per_million=2.0, output_per_million=8.0)}
    capture = TelemetryCapture(price_table=table)
    chat(capture, model="my-model", input_tokens=1_000_000, output_tokens=500_000)
    assert capture.spans[0].cost_usd == pytest.approx(6.0)
    cost = capture.value("ractogateway_cost_usd_total", provider="openai", model="my-model")
    assert cost == pytest.approx(6.0)
    unpriced = TelemetryCapture()
    chat(unpriced, model="my-model", input_tokens=1_000_000)
    assert unpriced.value("ractogateway_unpriced_requests_total", model="my-model") == 1


def test_docstring_examples_run() -> None:
    result = doctest.testmod(ractogateway.telemetry.pytest_plugin)
    assert result.attempted > 0
    assert result.failed == 0

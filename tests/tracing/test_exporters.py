"""Choosing exporters: OTLP extras, endpoint checks, console output, all at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from ractogateway.tracing import RactoTracer
from ractogateway.tracing._exporters import otlp_http_traces_url

if TYPE_CHECKING:
    from otlp_receivers import OtlpGrpcReceiver, OtlpHttpReceiver, ReceivedSpan

MakeTracer = Callable[..., RactoTracer]


@pytest.mark.parametrize(
    ("argument", "extra"), [("otlp_endpoint", "otlp-grpc"), ("otlp_http_endpoint", "otlp-http")]
)
def test_an_otlp_exporter_needs_its_extra(
    make_tracer: MakeTracer, otlp_extras: dict[str, bool], argument: str, extra: str
) -> None:
    kwargs: dict[str, Any] = {argument: "http://127.0.0.1:4317"}
    if otlp_extras[argument]:
        tracer = make_tracer(**kwargs)  # nothing is sent before a span is recorded
        assert tracer.force_flush(timeout_millis=5000) is True
    else:
        with pytest.raises(ImportError) as raised:
            RactoTracer(**kwargs)
        assert f'pip install "ractogateway-tracing[{extra}]"' in str(raised.value)
        assert argument in str(raised.value)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"otlp_endpoint": "localhost:4317"}, ValueError, "otlp_endpoint must be an http"),
        ({"otlp_endpoint": ""}, ValueError, "otlp_endpoint"),
        ({"otlp_http_endpoint": "ftp://collector:4318"}, ValueError, "otlp_http_endpoint"),
        ({"otlp_http_endpoint": "http://"}, ValueError, "otlp_http_endpoint"),
        ({"otlp_endpoint": 4317}, TypeError, "otlp_endpoint must be a URL string"),
        ({"custom_exporter": object()}, TypeError, "custom_exporter must be an opentelemetry"),
        ({"service_name": ""}, ValueError, "service_name"),
        ({"service_name": None}, TypeError, "service_name"),
    ],
)
def test_bad_arguments_fail_fast(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        RactoTracer(**kwargs)


@pytest.mark.parametrize(
    ("endpoint", "url"),
    [
        ("http://collector:4318", "http://collector:4318/v1/traces"),
        ("http://collector:4318/", "http://collector:4318/v1/traces"),
        ("https://otel.example.com/otlp", "https://otel.example.com/otlp/v1/traces"),
        ("http://collector:4318/v1/traces", "http://collector:4318/v1/traces"),
        ("http://collector:4318/v1/traces/", "http://collector:4318/v1/traces"),
    ],
)
def test_otlp_http_endpoint_is_a_base_url(endpoint: str, url: str) -> None:
    assert otlp_http_traces_url(endpoint) == url


def test_console_prints_each_span_to_stdout(
    make_tracer: MakeTracer,
    capsys: pytest.CaptureFixture[str],
    console_spans: Callable[[str], list[dict[str, Any]]],
) -> None:
    tracer = make_tracer(console=True, service_name="console-demo")
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=5.0, input_tokens=7)
    tracer.shutdown()
    (span,) = console_spans(capsys.readouterr().out)

    assert span["name"] == "llm.chat"
    assert span["kind"] == "SpanKind.CLIENT"
    assert span["attributes"]["llm.input_tokens"] == 7
    assert span["resource"]["attributes"]["service.name"] == "console-demo"


def test_every_exporter_at_once(
    make_tracer: MakeTracer,
    request: pytest.FixtureRequest,
    otlp_extras: dict[str, bool],
    capsys: pytest.CaptureFixture[str],
    console_spans: Callable[[str], list[dict[str, Any]]],
) -> None:
    exporter = request.getfixturevalue("collecting_exporter")
    kwargs: dict[str, Any] = {"in_memory": True, "console": True, "custom_exporter": exporter}
    receivers: dict[str, OtlpGrpcReceiver | OtlpHttpReceiver] = {}
    if otlp_extras["otlp_endpoint"]:
        receivers["otlp_endpoint"] = request.getfixturevalue("otlp_grpc_receiver")
    if otlp_extras["otlp_http_endpoint"]:
        receivers["otlp_http_endpoint"] = request.getfixturevalue("otlp_http_receiver")
    kwargs.update({argument: receiver.endpoint for argument, receiver in receivers.items()})
    tracer = make_tracer(**kwargs)
    tracer.record_embed_span(provider="openai", model="text-embedding-3-large", latency_ms=9.0)
    tracer.shutdown()

    def names(spans: list[ReceivedSpan]) -> list[str]:
        return [span.name for span in spans]

    assert [span.name for span in tracer.spans] == ["llm.embed"]
    assert [span["name"] for span in console_spans(capsys.readouterr().out)] == ["llm.embed"]
    assert names(exporter.store.spans) == ["llm.embed"]
    for receiver in receivers.values():
        assert names(receiver.spans) == ["llm.embed"]

"""docs/tracing.md: its examples run in this cell and its attribute table is true."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sample_calls import FULL_CHAT_SPAN

from ractogateway.tracing import RactoTracer, _attributes

if TYPE_CHECKING:
    from span_exporters import CollectingExporter

PAGE = Path(__file__).resolve().parents[2] / "docs" / "tracing.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```$", PAGE.read_text(), re.DOTALL | re.MULTILINE)
ROW = re.compile(
    r"^\| `(?P<key>(?:llm|gen_ai|error|openai)\.[\w.]+)` \| (?P<type>\w+(?:\[\])?) \|", re.MULTILINE
)
WIRE_TYPES = {str: "string", int: "int", float: "double", bool: "boolean", tuple: "string[]"}


def _needs(code: str) -> str | None:
    """The OTLP argument whose exporter a block needs, if any."""
    if "otlp_http_endpoint=" in code or "exporter.otlp.proto.http" in code:
        return "otlp_http_endpoint"
    if "otlp_endpoint=" in code or "exporter.otlp.proto.grpc" in code:
        return "otlp_endpoint"
    return None


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_page_example_runs(
    index: int, otlp_extras: dict[str, bool], capsys: pytest.CaptureFixture[str]
) -> None:
    code = BLOCKS[index]
    compiled = compile(code, f"docs/tracing.md[python block {index}]", "exec")
    namespace: dict[str, object] = {"__name__": f"docs_tracing_{index}"}
    needs = _needs(code)
    if needs is None or otlp_extras[needs]:
        exec(compiled, namespace)
        capsys.readouterr()  # the console example printed a span
    else:  # this cell lacks the exporter: the example fails with the fix-it line
        with pytest.raises(
            ImportError, match=r"ractogateway-tracing\[otlp-|opentelemetry\.exporter"
        ):
            exec(compiled, namespace)
    tracer = namespace.get("tracer")
    if isinstance(tracer, RactoTracer):
        tracer.shutdown(timeout_millis=2000)


def test_page_has_runnable_examples() -> None:
    assert len(BLOCKS) >= 8
    assert sum(_needs(code) is None for code in BLOCKS) >= 5


def test_attribute_table_lists_every_attribute_with_its_wire_type(
    make_tracer: Callable[..., RactoTracer], collecting_exporter: CollectingExporter
) -> None:
    documented = {m["key"]: m["type"] for m in ROW.finditer(PAGE.read_text())}
    constants = {
        value
        for name, value in vars(_attributes).items()
        if name.isupper() and isinstance(value, str) and "." in value and name != "SPAN_EMBED"
    } - {_attributes.SPAN_CHAT}
    assert sorted(documented) == sorted(constants)

    tracer = make_tracer(custom_exporter=collecting_exporter)
    # Every keyword set, so every attribute a chat span can carry is on this one.
    keywords = inspect.signature(RactoTracer.record_chat_span).parameters
    assert sorted(FULL_CHAT_SPAN) == sorted(set(keywords) - {"self"})
    tracer.record_chat_span(**FULL_CHAT_SPAN)
    # OpenAI's own attribute of the served tier is on OpenAI calls only.
    tracer.record_chat_span(provider="openai", model="m", latency_ms=1.0, service_tier="flex")
    tracer.record_embed_span(provider="openai", model="e", latency_ms=1.0, input_tokens=3)
    assert tracer.force_flush() is True
    seen: dict[str, str] = {}
    for span in collecting_exporter.store.spans:
        seen.update({key: WIRE_TYPES[type(value)] for key, value in span.attributes.items()})
    assert seen == documented


@pytest.mark.parametrize(
    "module",
    ["ractogateway.tracing", "ractogateway.tracing._tracer", "ractogateway.tracing._record"],
)
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0
    assert failed == 0

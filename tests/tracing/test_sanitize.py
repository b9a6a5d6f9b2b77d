"""``record_*`` never raise: bad values are sanitised by the documented rule, logged once."""

from __future__ import annotations

import inspect
import json
import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ractogateway.pricing._shared import (
    MAX_COUNT,
    MAX_LATENCY_MS,
    MAX_TEXT,
    SafeValues,
    Sanitizer,
    error_name,
    made_safe,
)
from ractogateway.tracing import RactoTracer
from ractogateway.tracing._inputs import chat_operation, outcome

if TYPE_CHECKING:
    from span_destinations import Sink

MakeTracer = Callable[..., RactoTracer]
GOOD: dict[str, Any] = {"provider": "openai", "model": "gpt-4o", "latency_ms": 10.0}


class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no str for you")


@pytest.mark.parametrize(
    ("bad", "expected", "logged"),
    [
        ({"latency_ms": -5.0}, {"latency_ms": 0.0}, "latency_ms=-5.0"),
        ({"latency_ms": math.nan}, {"latency_ms": 0.0}, "latency_ms=nan"),
        ({"latency_ms": math.inf}, {"latency_ms": 0.0}, "latency_ms=inf"),
        ({"latency_ms": "12"}, {"latency_ms": 0.0}, "latency_ms='12'"),
        ({"latency_ms": True}, {"latency_ms": 0.0}, "latency_ms=True"),
        ({"latency_ms": 1e20}, {"latency_ms": 0.0}, "latency_ms=1e+20 is above 1e+12"),
        ({"output_tokens": 2**63}, {"output_tokens": 0}, "output_tokens is above 2**63 - 1"),
        ({"input_tokens": 10**400}, {"input_tokens": 0}, "input_tokens is above 2**63 - 1"),
        ({"input_tokens": -1}, {"input_tokens": 0}, "input_tokens=-1"),
        ({"input_tokens": None}, {"input_tokens": 0}, "input_tokens=None"),
        ({"output_tokens": -3}, {"output_tokens": 0}, "output_tokens=-3"),
        ({"tool_calls": -1}, {"tool_calls": 0}, "tool_calls=-1"),
        ({"cache_read_tokens": -2}, {"cache_read_tokens": 0}, "cache_read_tokens=-2"),
        ({"provider": None}, {"provider": "unknown"}, "provider=None"),
        ({"provider": ""}, {"provider": "unknown"}, "provider=''"),
        ({"provider": 42}, {"provider": "42"}, "provider=42"),
        ({"provider": Unprintable()}, {"provider": "unknown"}, "provider=<"),
        ({"model": None}, {"model": "unknown", "cost_usd": 0.0}, "model=None"),
        ({"model": 3.5}, {"model": "3.5"}, "model=3.5"),
        ({"cache_hit": "hit"}, {"cache_hit": "miss"}, "cache_hit='hit'"),
        ({"cache_hit": ["exact"]}, {"cache_hit": "miss"}, "cache_hit=<a value of type list>"),
        ({"operation": "embed"}, {"operation": "chat"}, "operation='embed'"),
        (
            {"status": "failed", "error_type": "Timeout"},
            {"status": "error", "error_type": "Timeout"},
            "status='failed'",
        ),
        ({"status": None}, {"status": "ok", "error_type": None}, "status=None"),
        ({"status": "ok", "error_type": "Timeout"}, {"error_type": None}, "error_type given"),
        (
            {"input_tokens": 100, "cache_read_tokens": 80, "cache_write_tokens": 50},
            {"cache_read_tokens": 80, "cache_write_tokens": 20},
            "exceed input_tokens (100)",
        ),
        (
            {"input_tokens": 100, "cache_write_tokens": 10, "cache_write_long_tokens": 25},
            {"cache_write_tokens": 10, "cache_write_long_tokens": 10},
            "cache_write_long_tokens (25) exceeds cache_write_tokens (10)",
        ),
        (
            {"output_tokens": 50, "reasoning_tokens": 80},
            {"output_tokens": 50, "reasoning_tokens": 50},
            "reasoning_tokens (80) exceeds output_tokens (50)",
        ),
        ({"reasoning_tokens": -4}, {"reasoning_tokens": 0}, "reasoning_tokens=-4"),
        ({"time_to_first_token_ms": -1.0}, {"time_to_first_token_ms": None}, "first_token"),
        ({"time_to_first_token_ms": "7"}, {"time_to_first_token_ms": None}, "first_token"),
        (
            {"response_model": 42},
            {"response_model": None},
            "response_model of type int",
        ),
        ({"response_id": b"id"}, {"response_id": None}, "response_id of type bytes"),
        (
            {"finish_reasons": ["stop", 3, ""]},
            {"finish_reasons": ("stop",)},
            "finish_reasons of type list",
        ),
        ({"finish_reasons": {"stop"}}, {"finish_reasons": ()}, "finish_reasons of type set"),
    ],
)
def test_bad_chat_values_are_sanitised_and_logged_once(
    make_tracer: MakeTracer,
    caplog: pytest.LogCaptureFixture,
    bad: dict[str, Any],
    expected: dict[str, Any],
    logged: str,
) -> None:
    tracer = make_tracer(in_memory=True)
    with caplog.at_level(logging.WARNING, logger="ractogateway.tracing"):
        tracer.record_chat_span(**{**GOOD, **bad})
        tracer.record_chat_span(**{**GOOD, **bad})

    records = tracer.spans
    assert len(records) == 2
    assert {name: getattr(records[0], name) for name in expected} == expected
    warnings = [r for r in caplog.records if r.name == "ractogateway.tracing"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert warnings[0].levelno == logging.WARNING
    assert logged in warnings[0].getMessage()


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12.0), (0, 0.0), (7.5, 7.5)],
)
def test_valid_latency_types_are_accepted_silently(
    make_tracer: MakeTracer, caplog: pytest.LogCaptureFixture, value: float, expected: float
) -> None:
    tracer = make_tracer(in_memory=True)
    with caplog.at_level(logging.WARNING, logger="ractogateway.tracing"):
        tracer.record_chat_span(**{**GOOD, "latency_ms": value, "input_tokens": 2.9})

    assert tracer.spans[0].latency_ms == expected
    assert tracer.spans[0].input_tokens == 2  # floats are truncated
    assert caplog.records == []


@pytest.mark.parametrize(
    ("error_type", "name"),
    [(ValueError, "ValueError"), (TimeoutError("slow"), "TimeoutError"), ("", None), (5, "5")],
)
def test_error_type_becomes_a_class_name(
    make_tracer: MakeTracer, error_type: object, name: str | None
) -> None:
    tracer = make_tracer(in_memory=True)
    tracer.record_embed_span(**GOOD, status="error", error_type=error_type)  # type: ignore[arg-type]

    assert (tracer.spans[0].status, tracer.spans[0].error_type) == ("error", name)


def test_each_kind_of_problem_is_logged_once(
    make_tracer: MakeTracer, caplog: pytest.LogCaptureFixture
) -> None:
    tracer = make_tracer(in_memory=True)
    with caplog.at_level(logging.WARNING, logger="ractogateway.tracing"):
        for _ in range(3):
            tracer.record_chat_span(**{**GOOD, "latency_ms": -1.0})
            tracer.record_embed_span(**{**GOOD, "latency_ms": -2.0, "model": None})
            tracer.record_chat_span(**{**GOOD, "input_tokens": -1})

    messages = sorted(r.getMessage().split("=")[0] for r in caplog.records)
    assert messages == ["input_tokens", "latency_ms", "model"]
    assert len(tracer.spans) == 9


def test_sanitised_values_reach_the_exported_span(make_tracer: MakeTracer, sink: Sink) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_chat_span(
        provider=None,  # type: ignore[arg-type]
        model="gpt-4o",
        latency_ms=-40.0,
        input_tokens=-5,
        output_tokens=10,
        cache_hit="nope",
    )
    assert tracer.force_flush() is True
    (span,) = sink.wait_for(1)

    assert span.end_ns == span.start_ns
    assert span.attributes["llm.provider"] == "unknown"
    assert span.attributes["gen_ai.provider.name"] == "unknown"
    assert span.attributes["llm.latency_ms"] == 0.0
    assert span.attributes["llm.input_tokens"] == 0
    assert span.attributes["llm.cache_hit"] == "miss"


def test_values_out_of_otlp_range_do_not_break_the_batch(
    make_tracer: MakeTracer, sink: Sink
) -> None:
    # A negative start time or an int beyond int64 would make the whole batch fail to encode.
    tracer = make_tracer(**sink.tracer_kwargs)
    tracer.record_chat_span(provider="openai", model="a", latency_ms=1.0)
    tracer.record_chat_span(
        provider="openai", model="b", latency_ms=1e20, input_tokens=10**20, tool_calls=2**64
    )
    tracer.record_embed_span(provider="openai", model="c", latency_ms=9e15, input_tokens=2**70)
    assert tracer.force_flush() is True
    spans = {span.attributes["llm.model"]: span for span in sink.wait_for(3)}

    assert sorted(spans) == ["a", "b", "c"]
    for model in ("b", "c"):
        assert spans[model].attributes["llm.latency_ms"] == 0.0
        assert spans[model].attributes["llm.input_tokens"] == 0
        assert spans[model].start_ns == spans[model].end_ns
    assert spans["b"].attributes["llm.tool_calls"] == 0


def test_one_poisoned_span_costs_no_other_span_of_its_batch(
    make_tracer: MakeTracer, sink: Sink
) -> None:
    """A lone surrogate once failed the batch's protobuf encoding, and a 5 MB model name
    pushed the request over gRPC's 4 MB limit: 0 of 200 spans arrived. Now every one does,
    the poisoned ones made safe."""
    surrogate = json.loads('"Timeout\\udcff"')  # what an invalid escape in JSON becomes
    tracer = make_tracer(service_name=json.loads('"gateway-\\udcff"'), **sink.tracer_kwargs)
    for number in range(200):
        tracer.record_chat_span(provider="openai", model=f"good-{number}", latency_ms=1.0)
    tracer.record_chat_span(
        provider="openai",
        model=surrogate,
        latency_ms=1.0,
        status="error",
        error_type=surrogate,
        response_id=surrogate,
        finish_reasons=[surrogate],
    )
    tracer.record_chat_span(provider="x" * 1000, model="m" * 5_000_000, latency_ms=1.0)
    tracer.record_embed_span(provider=surrogate, model=surrogate, latency_ms=1.0)
    assert tracer.force_flush() is True
    spans = sink.wait_for(203)

    models = [span.attributes["llm.model"] for span in spans]
    assert sorted(models)[:3] == ["Timeout\ufffd", "Timeout\ufffd", "good-0"]
    assert "m" * MAX_TEXT in models
    poisoned = next(span for span in spans if span.attributes.get("error.type"))
    assert poisoned.attributes["error.type"] == "Timeout\ufffd"
    assert poisoned.status_message == "Timeout\ufffd"
    assert poisoned.attributes["gen_ai.response.id"] == "Timeout\ufffd"
    assert spans[0].resource["service.name"] == "gateway-\ufffd"
    assert max(len(str(value)) for span in spans for value in span.attributes.values()) <= (
        MAX_TEXT
    )


class UnhashableName(str):
    """A str whose hash fails: the tracer's own code raises on it after sanitising."""

    __slots__ = ()

    def __hash__(self) -> int:
        raise RuntimeError("boom")


def test_an_unexpected_error_inside_record_is_caught_and_logged_once(
    make_tracer: MakeTracer, sink: Sink, caplog: pytest.LogCaptureFixture
) -> None:
    tracer = make_tracer(**sink.tracer_kwargs)
    with caplog.at_level(logging.WARNING, logger="ractogateway.tracing"):
        for _ in range(3):
            tracer.record_chat_span(provider=UnhashableName("openai"), model="m", latency_ms=1.0)
        tracer.record_chat_span(provider="openai", model="m", latency_ms=1.0)
    assert tracer.force_flush() is True

    messages = [r.getMessage() for r in caplog.records if "span not recorded" in r.getMessage()]
    assert len(messages) == 1
    assert "(RuntimeError)" in messages[0]
    assert "boom" not in messages[0]  # the exception's message may carry call data
    assert len(sink.wait_for(1)) == 1


EMBED = {"provider", "model", "latency_ms", "input_tokens", "status", "error_type"}
_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["ok", "error", "exact", "semantic", "miss", "chat", "stream", "gpt-4o"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            [
                "provider",
                "model",
                "latency_ms",
                "input_tokens",
                "output_tokens",
                "cache_hit",
                "tool_calls",
                "status",
                "error_type",
                "operation",
                "cache_read_tokens",
                "cache_write_tokens",
                "time_to_first_token_ms",
            ],
            _ANYTHING,
        ),
    )
)
def test_any_values_give_a_valid_record(values: dict[str, Any]) -> None:
    tracer = RactoTracer(in_memory=True)
    tracer.record_chat_span(**{**GOOD, **values})
    tracer.record_embed_span(**{k: v for k, v in {**GOOD, **values}.items() if k in EMBED})
    chat, embed = tracer.spans

    assert chat.latency_ms >= 0
    assert math.isfinite(chat.latency_ms)
    assert chat.cache_read_tokens + chat.cache_write_tokens <= chat.input_tokens
    assert chat.cache_hit in {"exact", "semantic", "miss"}
    assert chat.operation in {"chat", "stream"}
    assert chat.status in {"ok", "error"}
    assert embed.status in {"ok", "error"}
    assert chat.error_type is None or chat.status == "error"
    assert all((chat.provider, chat.model, embed.provider, embed.model))


# Values at and around every edge the inline guards of record_chat_span / record_embed_span
# test, of the right type and of look-alike types (bool for int, int for float, ...).
_COUNT = st.one_of(
    st.integers(min_value=-2, max_value=2),
    st.integers(min_value=0, max_value=5_000),
    st.sampled_from([MAX_COUNT, MAX_COUNT + 1, 10**400, True, 1.0, None, "5"]),
)
_MS = st.one_of(
    st.floats(min_value=0.0, max_value=5_000.0),
    st.sampled_from([0.0, -0.0, -1e-300, MAX_LATENCY_MS, math.nextafter(MAX_LATENCY_MS, math.inf)]),
    st.sampled_from([math.nan, math.inf, 7, True, None, "7"]),
)
_LABEL = st.one_of(
    st.sampled_from(["openai", "gpt-4o", "", None, 3, b"x", "\udcff", "x" * 300, "模型"]),
    st.text(max_size=4),
)
_CHOICES = {
    "cache_hit": st.sampled_from(["exact", "semantic", "miss", "hit", None]),
    "operation": st.sampled_from(["chat", "stream", "embed", None]),
    "status": st.sampled_from(["ok", "error", "failed", None]),
    "error_type": st.sampled_from([None, "Timeout", "", ValueError]),
}
_CHAT_ARGS = {
    "provider": _LABEL,
    "model": _LABEL,
    "latency_ms": _MS,
    "input_tokens": _COUNT,
    "output_tokens": _COUNT,
    "tool_calls": _COUNT,
    "cache_read_tokens": _COUNT,
    "cache_write_tokens": _COUNT,
    "cache_write_long_tokens": _COUNT,
    "reasoning_tokens": _COUNT,
    "time_to_first_token_ms": st.one_of(st.none(), _MS),
    **_CHOICES,
}


#: The keywords of record_chat_span that the inline check of make_call covers.
CHECKED = (
    *(
        "latency_ms" if name == "latency" else name
        for name in SafeValues._fields
        if name != "tools"
    ),
    "error_type",
)


def _defaults(method: Callable[..., object]) -> dict[str, object]:
    """The documented defaults of ``method``'s keywords."""
    parameters = inspect.signature(method).parameters
    return {n: p.default for n, p in parameters.items() if n != "self" and n not in GOOD}


def _recorded(tracer: RactoTracer) -> dict[str, object]:
    call = tracer._rows[-1]  # type: ignore[index]
    return {name: getattr(call, name) for name in CHECKED}


def _slow_path(quiet: Sanitizer, values: dict[str, Any], operation: object) -> dict[str, object]:
    """What the span's rules and then ``made_safe`` (the sanitiser) make of ``values``."""
    status, error = outcome(quiet, values["status"], values["error_type"])
    safe = made_safe(
        quiet,
        provider=values["provider"],
        model=values["model"],
        operation=operation,
        status=status,
        latency_ms=values["latency_ms"],
        input_tokens=values["input_tokens"],
        output_tokens=values.get("output_tokens", 0),
        cache_read_tokens=values.get("cache_read_tokens", 0),
        cache_write_tokens=values.get("cache_write_tokens", 0),
        cache_write_long_tokens=values.get("cache_write_long_tokens", 0),
        reasoning_tokens=values.get("reasoning_tokens", 0),
        cache_hit=values.get("cache_hit", "miss"),
        tool_calls=values.get("tool_calls", 0),
        tools=(),
        time_to_first_token_ms=values.get("time_to_first_token_ms"),
    )._asdict()
    safe["latency_ms"] = safe.pop("latency")
    del safe["tools"]
    safe["error_type"] = error_name(quiet, error)
    return {name: safe[name] for name in CHECKED}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.fixed_dictionaries({}, optional=_CHAT_ARGS))
def test_the_inline_guards_and_the_sanitiser_agree_on_every_input(values: dict[str, Any]) -> None:
    """Whether a call passes the inline guard or not, it records what the sanitiser makes of
    it: the guard lets through only values the sanitiser would keep as they are."""
    chat = {**GOOD, **_defaults(RactoTracer.record_chat_span), **values}
    embed = {
        **_defaults(RactoTracer.record_embed_span),
        **{name: value for name, value in chat.items() if name in EMBED},
    }
    tracer = RactoTracer(in_memory=True)
    quiet = Sanitizer(logging.getLogger("ractogateway.tests.quiet"))

    tracer.record_chat_span(**chat)
    operation = chat_operation(quiet, chat["operation"])
    assert _recorded(tracer) == _slow_path(quiet, chat, operation)
    tracer.record_embed_span(**embed)
    assert _recorded(tracer) == _slow_path(quiet, embed, "embed")

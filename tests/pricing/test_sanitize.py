"""The Sanitizer shared by the tracing and metrics record paths."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator

import pytest

from ractogateway.pricing._sanitize import MAX_COUNT, Sanitizer


@pytest.fixture
def sanitizer() -> Sanitizer:
    return Sanitizer(logging.getLogger("ractogateway.test-sanitize"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.5, 1.5),
        (0, 0.0),
        (-1, 0.0),
        (math.nan, 0.0),
        (math.inf, 0.0),
        (None, 0.0),
        ("3", 0.0),
        (True, 0.0),
    ],
)
def test_number(sanitizer: Sanitizer, value: object, expected: float) -> None:
    assert sanitizer.number("latency_ms", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(7, 7), (0, 0), (-3, 0), (2.9, 2), (math.nan, 0), (None, 0)]
)
def test_count(sanitizer: Sanitizer, value: object, expected: int) -> None:
    result = sanitizer.count("input_tokens", value)
    assert result == expected
    assert type(result) is int


def test_other_real_number_types_are_accepted(sanitizer: Sanitizer) -> None:
    from decimal import Decimal
    from fractions import Fraction

    class Tokens(int):
        pass

    assert sanitizer.count("input_tokens", Tokens(12)) == 12
    assert sanitizer.count("input_tokens", Fraction(7, 2)) == 3
    assert sanitizer.number("latency_ms", Fraction(1, 4)) == 0.25
    # Decimal is not a numbers.Real: treated as a bad value like a string.
    assert sanitizer.number("latency_ms", Decimal("1.5")) == 0.0


def test_label_and_choice(sanitizer: Sanitizer) -> None:
    assert sanitizer.label("model", "gpt-4o") == "gpt-4o"
    assert sanitizer.label("model", None) == "unknown"
    assert sanitizer.label("model", "") == "unknown"
    assert sanitizer.label("model", 42) == "42"
    allowed = frozenset({"ok", "error"})
    assert sanitizer.choice("status", "ok", allowed, "error") == "ok"
    assert sanitizer.choice("status", "weird", allowed, "error") == "error"
    assert sanitizer.choice("status", ["unhashable"], allowed, "error") == "error"


def test_each_kind_of_problem_is_logged_once(
    sanitizer: Sanitizer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ractogateway.test-sanitize"):
        for _ in range(5):
            sanitizer.number("latency_ms", -1)
            sanitizer.count("input_tokens", -1)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert any("latency_ms=-1" in m for m in messages)
    assert any("input_tokens=-1" in m for m in messages)
    assert all(r.levelno == logging.WARNING for r in caplog.records)


def test_a_broken_log_handler_does_not_reach_the_caller(sanitizer: Sanitizer) -> None:
    class Broken(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler down")

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
            raise RuntimeError("handler down")

    logger = logging.getLogger("ractogateway.test-sanitize")
    handler = Broken()
    logger.addHandler(handler)
    try:
        assert sanitizer.number("x", -1) == 0.0
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize("value", [2**63, 10**400, 1e300])
def test_counts_above_int64_become_zero(sanitizer: Sanitizer, value: object) -> None:
    assert sanitizer.count("input_tokens", value) == 0
    assert sanitizer.count("input_tokens", MAX_COUNT) == MAX_COUNT


def test_ints_beyond_float_range_are_not_numbers(sanitizer: Sanitizer) -> None:
    assert sanitizer.number("latency_s", 10**400) == 0.0
    assert sanitizer.number("latency_s", -(10**400)) == 0.0


@pytest.mark.parametrize(
    ("inputs", "read", "write", "expected"),
    [
        (100, 30, 20, (30, 20)),
        (100, 100, 0, (100, 0)),
        (100, 80, 50, (80, 20)),  # clamped, the read part first
        (100, 150, 10, (100, 0)),
        (100, -5, None, (0, 0)),
        (0, 1, 1, (0, 0)),
    ],
)
def test_cache_parts_are_counts_within_the_input(
    sanitizer: Sanitizer,
    inputs: int,
    read: object,
    write: object,
    expected: tuple[int, int],
) -> None:
    assert sanitizer.parts(inputs, 0, read, write, 0, 0) == (*expected, 0, 0)


def test_cache_parts_above_the_input_are_logged_once(
    sanitizer: Sanitizer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ractogateway.test-sanitize"):
        for _ in range(3):
            sanitizer.parts(10, 0, 8, 5, 0, 0)
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "cache_read_tokens + cache_write_tokens (8 + 5) exceed input_tokens (10); clamped to it,"
        " read first (cached tokens are part of the input) (logged once; later occurrences are"
        " silent)"
    ]


class _Named:
    name = "search"


class _Unreadable:
    def __iter__(self) -> Iterator[str]:
        yield "search"
        raise RuntimeError("tool arguments: secret")


@pytest.mark.parametrize(
    ("value", "expected_len"),
    [
        (None, 0),
        ([], 0),
        (["a", "b"], 2),
        (("a", "b", "c"), 3),
        ("search", 1),
        (b"search", 1),
        ({"name": "search", "arguments": "{}"}, 1),
        (_Named(), 1),
        (42, 1),
        ((name for name in ("a", "b")), 2),
        (_Unreadable(), 0),
    ],
)
def test_tool_calls_one_rule_for_one_call_or_many(
    sanitizer: Sanitizer, value: object, expected_len: int
) -> None:
    calls = sanitizer.tool_calls(value)
    assert type(calls) is list
    assert len(calls) == expected_len


def test_a_list_of_tool_calls_is_kept_as_is(sanitizer: Sanitizer) -> None:
    calls = [_Named()]
    assert sanitizer.tool_calls(calls) is calls


def test_unreadable_tool_calls_log_the_type_not_the_data(
    sanitizer: Sanitizer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ractogateway.test-sanitize"):
        assert sanitizer.tool_calls(_Unreadable()) == []
    assert "tool_calls of type _Unreadable could not be read (RuntimeError)" in caplog.text
    assert "secret" not in caplog.text

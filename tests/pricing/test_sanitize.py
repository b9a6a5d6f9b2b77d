"""The Sanitizer shared by the tracing and metrics record paths."""

from __future__ import annotations

import logging
import math

import pytest

from ractogateway.pricing._sanitize import Sanitizer


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

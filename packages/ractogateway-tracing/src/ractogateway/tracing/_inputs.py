"""The sanitising rule for ``record_*`` arguments: the slow path, for unusual values only.

``RactoTracer`` checks the common case inline; whatever fails that check comes here and
leaves as safe values, each kind of problem logged once by the shared ``Sanitizer`` (counts,
cache parts, labels and choices follow its rules, as in the metrics). The rule is stated in
``RactoTracer``'s docstring and in docs/tracing.md ("Bad input"); in addition, an exception
class or instance given as ``error_type`` becomes its class name.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from ractogateway.pricing._shared import MAX_COUNT, MAX_TEXT, shown

if TYPE_CHECKING:
    from ractogateway.pricing._shared import Sanitizer

__all__ = [
    "CACHE_HITS",
    "CHAT_OPERATIONS",
    "MAX_COUNT",
    "MAX_LATENCY_MS",
    "ChatValues",
    "EmbedValues",
    "clean_chat",
    "clean_embed",
]

#: The longest latency whose span still starts after 1970 (about 31 years): a longer one
#: would give a negative start time, which fails the whole export batch.
MAX_LATENCY_MS = 1e12

CACHE_HITS = ("exact", "semantic", "miss")
CHAT_OPERATIONS = ("chat", "stream")
_ALLOWED_CACHE_HITS = frozenset(CACHE_HITS)
_ALLOWED_OPERATIONS = frozenset(CHAT_OPERATIONS)
_STATUSES = ("ok", "error")


class ChatValues(NamedTuple):
    """The ``record_chat_span`` arguments, made safe."""

    provider: str
    model: str
    latency_ms: float
    input_tokens: int
    output_tokens: int
    cache_hit: str
    tool_calls: int
    status: str
    error_type: str | None
    operation: str
    cache_read_tokens: int
    cache_write_tokens: int
    time_to_first_token_ms: float | None
    cache_write_long_tokens: int
    reasoning_tokens: int


class EmbedValues(NamedTuple):
    """The ``record_embed_span`` arguments, made safe."""

    provider: str
    model: str
    latency_ms: float
    input_tokens: int
    status: str
    error_type: str | None


def _latency(sanitizer: Sanitizer, value: object) -> float:
    latency = sanitizer.number("latency_ms", value)
    if latency > MAX_LATENCY_MS:
        sanitizer.warn_once(
            "huge-latency_ms", f"latency_ms={shown(value)} is above {MAX_LATENCY_MS:g}; using 0"
        )
        return 0.0
    return latency


def _error_name(sanitizer: Sanitizer, value: object) -> str | None:
    """Return the error type as a class name, or None for None/empty."""
    if value is None:
        return None
    if type(value) is str and value:
        return (
            value
            if len(value) <= MAX_TEXT and value.isascii()
            else sanitizer.safe("error_type", value)
        )
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, BaseException):
        return type(value).__name__
    name = sanitizer.label("error_type", value, "")
    return name or None


def _outcome(sanitizer: Sanitizer, status: object, error_type: object) -> tuple[str, str | None]:
    """Return ``(status, error_type)`` by the rule in the module docstring."""
    error = _error_name(sanitizer, error_type)
    if not (type(status) is str and status in _STATUSES):
        inferred = "error" if error else "ok"
        sanitizer.warn_once(
            "bad-status",
            f"status={shown(status)} is not 'ok' or 'error'; using {inferred!r} (from error_type)",
        )
        status = inferred
    if status == "ok" and error is not None:
        sanitizer.warn_once("error-type-with-ok", "error_type given with status='ok'; dropped")
        error = None
    return status, error


def _time_to_first_token(sanitizer: Sanitizer, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number >= 0:
            return number
    sanitizer.warn_once(
        "bad-time_to_first_token_ms",
        f"time_to_first_token_ms={shown(value)} is not a finite number >= 0; not recorded",
    )
    return None


def clean_chat(
    sanitizer: Sanitizer,
    *,
    provider: object,
    model: object,
    latency_ms: object,
    input_tokens: object,
    output_tokens: object,
    cache_hit: object,
    tool_calls: object,
    status: object,
    error_type: object,
    operation: object,
    cache_read_tokens: object,
    cache_write_tokens: object,
    time_to_first_token_ms: object,
    cache_write_long_tokens: object,
    reasoning_tokens: object,
) -> ChatValues:
    """Return the ``record_chat_span`` arguments made safe."""
    inputs = sanitizer.count("input_tokens", input_tokens)
    outputs = sanitizer.count("output_tokens", output_tokens)
    cache_read, cache_write = sanitizer.cache_parts(inputs, cache_read_tokens, cache_write_tokens)
    status, error = _outcome(sanitizer, status, error_type)
    return ChatValues(
        provider=sanitizer.label("provider", provider),
        model=sanitizer.label("model", model),
        latency_ms=_latency(sanitizer, latency_ms),
        input_tokens=inputs,
        output_tokens=outputs,
        cache_hit=sanitizer.choice("cache_hit", cache_hit, _ALLOWED_CACHE_HITS, "miss"),
        tool_calls=sanitizer.count("tool_calls", tool_calls),
        status=status,
        error_type=error,
        operation=sanitizer.choice("operation", operation, _ALLOWED_OPERATIONS, "chat"),
        cache_read_tokens=cache_read,
        cache_write_tokens=cache_write,
        time_to_first_token_ms=_time_to_first_token(sanitizer, time_to_first_token_ms),
        cache_write_long_tokens=sanitizer.part(
            "cache_write_long_tokens", cache_write_long_tokens, "cache_write_tokens", cache_write
        ),
        reasoning_tokens=sanitizer.part(
            "reasoning_tokens", reasoning_tokens, "output_tokens", outputs
        ),
    )


def clean_embed(
    sanitizer: Sanitizer,
    *,
    provider: object,
    model: object,
    latency_ms: object,
    input_tokens: object,
    status: object,
    error_type: object,
) -> EmbedValues:
    """Return the ``record_embed_span`` arguments made safe."""
    status, error = _outcome(sanitizer, status, error_type)
    return EmbedValues(
        provider=sanitizer.label("provider", provider),
        model=sanitizer.label("model", model),
        latency_ms=_latency(sanitizer, latency_ms),
        input_tokens=sanitizer.count("input_tokens", input_tokens),
        status=status,
        error_type=error,
    )

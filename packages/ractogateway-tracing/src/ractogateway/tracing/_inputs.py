"""The span's own rules for ``record_*`` arguments, on top of the shared ones of ``make_call``.

A span's status is OK or ERROR and a chat span's operation is chat or stream, so the
tracer's keyword entry points decide those two before the call record is built (the values
the kit helper passes are always valid). The rest of the rule (labels, counts, parts,
latency, strings) is ``ractogateway.pricing._shared.make_call``'s, shared with the metrics;
the whole rule is stated in ``RactoTracer``'s docstring and docs/tracing.md ("Bad input").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ractogateway.pricing._shared import STATUSES, error_name, shown

if TYPE_CHECKING:
    from ractogateway.pricing._shared import Sanitizer

__all__ = ["CHAT_OPERATIONS", "chat_operation", "outcome"]

CHAT_OPERATIONS = ("chat", "stream")
_ALLOWED_OPERATIONS = frozenset(CHAT_OPERATIONS)


def chat_operation(sanitizer: Sanitizer, operation: object) -> str:
    """A chat span's operation: ``"chat"`` or ``"stream"``, anything else ``"chat"``."""
    return sanitizer.choice("operation", operation, _ALLOWED_OPERATIONS, "chat")


def outcome(sanitizer: Sanitizer, status: object, error_type: object) -> tuple[str, str | None]:
    """Return ``(status, error_type)``: OK or ERROR, and the error's class name on errors.

    A status other than ``"ok"`` / ``"error"`` is ``"error"`` if an error type is given,
    else ``"ok"``; an error type given with ``"ok"`` is dropped.
    """
    error = error_name(sanitizer, error_type)
    if not (type(status) is str and status in STATUSES):
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

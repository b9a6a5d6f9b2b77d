"""Label values: the two reserved values and the cap on distinct values per label."""

from __future__ import annotations

import threading

__all__ = ["DEFAULT_MAX_LABEL_VALUES", "OTHER", "UNKNOWN", "LabelCap", "check_max_label_values"]

#: Distinct values a label may take in one registry before new ones become ``OTHER``.
DEFAULT_MAX_LABEL_VALUES = 1000
#: Recorded instead of a value beyond the cap.
OTHER = "other"
#: Recorded instead of a missing or invalid value (None, "", a tool call without a name).
UNKNOWN = "unknown"


def check_max_label_values(value: object) -> int:
    """Return ``value`` if it is a valid cap.

    Raises:
        ValueError: ``value`` is not an int >= 1.
    """
    if type(value) is not int or value < 1:
        raise ValueError(f"max_label_values must be an int >= 1, got {value!r}")
    return value


class LabelCap:
    """The distinct values one label has taken in one registry, bounded.

    Shared by every middleware on the registry, so the bound holds for the registry's
    series, not per middleware. ``OTHER`` is never counted.
    """

    __slots__ = ("_lock", "_seen")

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def admit(self, value: str, limit: int) -> bool:
        """Return True if ``value`` may be recorded as is under a cap of ``limit`` values."""
        if value in self._seen or value == OTHER:
            return True
        with self._lock:
            if value in self._seen:
                return True
            if len(self._seen) >= limit:
                return False
            self._seen.add(value)
            return True

"""Sanitising ``record_*`` inputs for the tracing and metrics distributions.

Telemetry must never raise into the call it observes: a bad value becomes a safe one and
each kind of problem is logged once. Not imported by ``ractogateway.pricing`` itself (it
would cost the import of ``logging``); the siblings, pinned to this exact version, use it.
"""

from __future__ import annotations

import logging
import math
import numbers
import threading

__all__ = ["Sanitizer"]


class Sanitizer:
    """Turns invalid values into safe ones, logging each kind of problem once.

    The fast path stays with the caller (``type(v) is int and v >= 0``); these methods run
    only for values that failed it.

    Args:
        logger: where the one warning per kind of problem goes.
    """

    __slots__ = ("_lock", "_logger", "_seen")

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def warn_once(self, kind: str, message: str) -> None:
        """Log ``message`` at WARNING the first time ``kind`` is seen, never after."""
        if kind in self._seen:
            return
        with self._lock:
            if kind in self._seen:
                return
            self._seen.add(kind)
        try:
            self._logger.warning("%s (logged once; later occurrences are silent)", message)
        except Exception:
            return

    def number(self, name: str, value: object) -> float:
        """Return ``value`` as a finite float >= 0; anything else becomes 0.0.

        Any real number is accepted (``int``, ``float``, ``Fraction``, numpy scalars); bools
        and strings are not numbers here.
        """
        if not isinstance(value, bool) and isinstance(value, numbers.Real):
            number = float(value)
            if math.isfinite(number) and number >= 0:
                return number
        self.warn_once(f"bad-{name}", f"{name}={value!r} is not a finite number >= 0; using 0")
        return 0.0

    def count(self, name: str, value: object) -> int:
        """Return ``value`` as an int >= 0; anything else becomes 0 (floats are truncated)."""
        if type(value) is int and value >= 0:
            return value
        if not isinstance(value, bool) and isinstance(value, numbers.Integral) and int(value) >= 0:
            return int(value)  # numpy and other integer types
        return int(self.number(name, value))

    def label(self, name: str, value: object, default: str = "unknown") -> str:
        """Return ``value`` if it is a non-empty str; else ``str(value)`` or ``default``."""
        if isinstance(value, str) and value:
            return value
        self.warn_once(f"bad-{name}", f"{name}={value!r} is not a non-empty string")
        if value is None or value == "":
            return default
        try:
            return str(value) or default
        except Exception:
            return default

    def choice(self, name: str, value: object, allowed: frozenset[str], default: str) -> str:
        """Return ``value`` if it is one of ``allowed``, else ``default``."""
        if isinstance(value, str) and value in allowed:
            return value
        self.warn_once(
            f"bad-{name}", f"{name}={value!r} is not one of {sorted(allowed)}; using {default!r}"
        )
        return default

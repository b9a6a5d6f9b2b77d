"""Sanitising ``record_*`` inputs: the one statement of each rule, for every distribution.

Telemetry must never raise into the call it observes: a bad value becomes a safe one and
each kind of problem is logged once. Tracing, metrics and the kit helper all use these
rules (through ``ractogateway.pricing._shared``), so a value is made safe the same way, with
the same message, wherever it is recorded. Not imported by ``ractogateway.pricing`` itself
(it would cost the import of ``logging``).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ractogateway.pricing._model import ModelPricing

from ractogateway.pricing._counts import MAX_COUNT, MAX_TEXT, clamp_parts

__all__ = ["MAX_COUNT", "MAX_TEXT", "Sanitizer", "shown"]


class Sanitizer:
    """Turns invalid values into safe ones, logging each kind of problem once.

    The fast path stays with the caller (``type(v) is int and v >= 0``); these methods run
    only for values that failed it.

    Args:
        logger: where the one warning per kind of problem goes.
    """

    __slots__ = ("_lock", "_logger", "_seen", "known")

    def __init__(self, logger: logging.Logger) -> None:
        #: Label tuples already found safe, with their price (``_call.make_call``'s memo).
        self.known: dict[tuple[object, ...], ModelPricing | None] = {}
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
        from numbers import Real  # here: the slow path (importing it costs every process ~1 ms)

        if not isinstance(value, bool) and isinstance(value, Real):
            try:
                number = float(value)
            except OverflowError:  # an int beyond float range
                number = math.inf
            if math.isfinite(number) and number >= 0:
                return number
        self.warn_once(f"bad-{name}", f"{name}={shown(value)} is not a finite number >= 0; using 0")
        return 0.0

    def count(self, name: str, value: object) -> int:
        """Return ``value`` as an int in 0..``MAX_COUNT``; anything else becomes 0.

        Floats are truncated; integer types of other libraries (numpy) are accepted.
        """
        if type(value) is int and 0 <= value <= MAX_COUNT:
            return value
        from numbers import Integral  # as in ``number``

        if not isinstance(value, bool) and isinstance(value, Integral):
            number = int(value)
            if number < 0:
                return int(self.number(name, value))
        else:
            number = int(self.number(name, value))
        if number > MAX_COUNT:
            self.warn_once(f"huge-{name}", f"{name} is above 2**63 - 1; using 0")
            return 0
        return number

    def parts(  # noqa: PLR0917 - the counts of a call, in Usage's order
        self,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: object,
        cache_write_tokens: object,
        cache_write_long_tokens: object,
        reasoning_tokens: object,
    ) -> tuple[int, int, int, int]:
        """Return the parts of a call's tokens made safe: cache read, write, long write, reasoning.

        Each is a count (see ``count``); a part larger than its whole is clamped to it by
        ``clamp_parts`` (cached tokens are part of the input, the read part first; the
        long-retention writes are part of the writes, the reasoning part of the output),
        and each kind of clamp is logged once.
        """
        counted = (
            self.count("cache_read_tokens", cache_read_tokens),
            self.count("cache_write_tokens", cache_write_tokens),
            self.count("cache_write_long_tokens", cache_write_long_tokens),
            self.count("reasoning_tokens", reasoning_tokens),
        )
        read, write, write_long, reasoning = counted
        clamped = clamp_parts(input_tokens, output_tokens, read, write, write_long, reasoning)
        if clamped == counted:
            return clamped
        if (read, write) != clamped[:2]:
            self.warn_once(
                "cache-tokens-above-input",
                f"cache_read_tokens + cache_write_tokens ({read} + {write}) exceed input_tokens"
                f" ({input_tokens}); clamped to it, read first (cached tokens are part of the"
                " input)",
            )
        for name, whole_name, whole, before, after in (
            ("cache_write_long_tokens", "cache_write_tokens", clamped[1], write_long, clamped[2]),
            ("reasoning_tokens", "output_tokens", output_tokens, reasoning, clamped[3]),
        ):
            if before != after:
                self.warn_once(
                    f"{name}-above-{whole_name}",
                    f"{name} ({before}) exceeds {whole_name} ({whole}); clamped to it ({name} is"
                    f" a part of {whole_name})",
                )
        return clamped

    def tool_calls(self, value: object) -> list[Any]:
        """Return the tool calls in ``value`` as a list.

        None is no call; a list is itself; one call (a name, a mapping, an object with a
        ``name``) or anything that is not iterable is one call; another iterable is its
        items; an iterable that fails while being read counts as no call.
        """
        if value is None:
            return []
        if type(value) is list:
            return value
        try:
            if (
                isinstance(value, (str, bytes, Mapping))
                or hasattr(value, "name")
                or not isinstance(value, Iterable)
            ):
                return [value]
            return list(value)
        except Exception as error:
            self.warn_once(
                "bad-tool_calls",
                f"tool_calls of type {type(value).__name__} could not be read"
                f" ({type(error).__name__}); counted as no tool call",
            )
            return []

    def safe(self, name: str, value: str) -> str:
        """Return ``value`` as valid UTF-8 of at most ``MAX_TEXT`` characters.

        Lone surrogates (what ``json.loads`` makes of an invalid escape in a request body)
        become U+FFFD; a longer string is cut. Each is logged once per ``name``, without
        the value. Callers test ``len(v) <= MAX_TEXT and v.isascii()`` first: such a value
        is returned unchanged.
        """
        if len(value) > MAX_TEXT:
            self.warn_once(
                f"long-{name}",
                f"{name} is longer than {MAX_TEXT} characters ({len(value)}); cut to {MAX_TEXT}",
            )
            value = value[:MAX_TEXT]
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.warn_once(
                f"surrogate-{name}",
                f"{name} is not valid UTF-8 (lone surrogates); they were replaced with U+FFFD",
            )
            value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value

    def label(self, name: str, value: object, default: str = "unknown") -> str:
        """Return ``value`` if it is a non-empty str; else ``str(value)`` or ``default``.

        Either way made safe (valid UTF-8, at most ``MAX_TEXT`` characters; see ``safe``).
        """
        if not (isinstance(value, str) and value):
            self.warn_once(f"bad-{name}", f"{name}={shown(value)} is not a non-empty string")
            if value is None or value == "":
                return default
            try:
                value = str(value) or default
            except Exception:
                return default
        if len(value) <= MAX_TEXT and value.isascii():
            return value
        return self.safe(name, value)

    def text(self, name: str, value: object) -> str | None:
        """Return ``value`` if it is None or a non-empty str (made safe); else None."""
        if value is None:
            return None
        if isinstance(value, str) and value:
            return value if len(value) <= MAX_TEXT and value.isascii() else self.safe(name, value)
        self.warn_once(
            f"bad-{name}", f"{name} of type {type(value).__name__} is not a non-empty string"
        )
        return None

    def texts(self, name: str, value: object) -> tuple[str, ...]:
        """Return a str, or a list or tuple of them, as a tuple; anything else is dropped.

        Each string is made safe (see ``safe``).
        """
        if value is None:
            return ()
        items = value if isinstance(value, (list, tuple)) else (value,)
        texts = tuple(
            item if len(item) <= MAX_TEXT and item.isascii() else self.safe(name, item)
            for item in items
            if isinstance(item, str) and item
        )
        if len(texts) != len(items):
            self.warn_once(
                f"bad-{name}",
                f"{name} of type {type(value).__name__} is not a list of non-empty strings;"
                " the others were dropped",
            )
        return texts

    def choice(self, name: str, value: object, allowed: frozenset[str], default: str) -> str:
        """Return ``value`` if it is one of ``allowed``, else ``default``."""
        if isinstance(value, str) and value in allowed:
            return value
        self.warn_once(
            f"bad-{name}",
            f"{name}={shown(value)} is not one of {sorted(allowed)}; using {default!r}",
        )
        return default


#: Values longer than this (as ``repr``) are named by type in warnings, not shown.
_SHOWN = 40
_SHOWN_BITS = 128  # ints beyond this many bits are shown by their size


def shown(value: object) -> str:
    """How a warning names a bad value without carrying call data.

    Short plain values (None, bools, numbers, short printable ASCII strings; not subclasses)
    are shown as ``repr``; anything else by its type (and size), never its contents: an
    object's repr may hold a prompt, and a huge value would flood the log.
    """
    if isinstance(value, str) and len(value) > _SHOWN:  # never repr'd: it may be huge
        return f"<a str of {len(value)} characters>"
    if isinstance(value, int) and value.bit_length() > _SHOWN_BITS:
        return f"<an int of about {value.bit_length() * 3 // 10 + 1} digits>"
    if value is None or type(value) in {bool, int, float, str}:  # a subclass's repr may raise
        shown = repr(value)
        if len(shown) <= _SHOWN and shown.isascii() and shown.isprintable():
            return shown
        if isinstance(value, str):
            return f"<a str of {len(value)} characters>"
    return f"<a value of type {type(value).__name__}>"

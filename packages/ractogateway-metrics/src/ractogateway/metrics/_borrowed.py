"""Every private name of prometheus-client the record path reads, and the one way it reads them.

``record_request`` adds to a bound child's value directly instead of through the public
``Counter.inc`` / ``Histogram.observe``: those re-check on every call what is fixed for a
child the middleware bound (it has its labels) or made safe (the amount is a count, a cost
or a latency >= 0), and the histogram finds its bucket by a linear scan. The values they add
to are private: ``Counter._value`` and ``Histogram._sum`` / ``_buckets`` / ``_upper_bounds``
(the same four names in every release from the declared minimum, 0.20.0, to the newest the
test matrix installs; ``TESTED_CLIENT``). Adding to them is what the public methods do after
their checks, so the exposition, the multiprocess files and the exemplars are unchanged; a
request that carries an exemplar takes the public methods.

The names are read when a child is bound, never per call. A name that is missing or not
what it was (a release renamed or changed it) makes that child use the public method, and
``fall_back`` logs one warning per process naming it: records stay exact, at the public
path's cost. tests/metrics/test_borrowed.py hides each name of ``BORROWED`` in turn.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from ractogateway.metrics._log import LOGGER

if TYPE_CHECKING:
    from prometheus_client.metrics import Counter, Histogram

__all__ = ["BORROWED", "TESTED_CLIENT", "Add", "adder", "observer"]

#: The prometheus-client releases the fast path is tested on, both included: the declared
#: minimum (``prometheus-client>=0.20.0``) to the newest the test matrix installs.
TESTED_CLIENT: Final = ("0.20.0", "0.26.0")

#: ``(class, name)`` of each private name read: tests/metrics/test_borrowed.py hides each.
BORROWED: Final = (
    ("Counter", "_value"),
    ("Histogram", "_sum"),
    ("Histogram", "_buckets"),
    ("Histogram", "_upper_bounds"),
)

#: Adds an amount (>= 0) to a child: a value's ``inc``, or the public method.
Add = Callable[[float], None]

_INF = float("inf")
_WARNED: set[str] = set()
_WARNED_LOCK = threading.Lock()


def adder(counter: Counter) -> Add:
    """The fastest way to add to a bound counter child: its value's ``inc``, else ``inc``."""
    add = getattr(_read(counter, "_value"), "inc", None)
    if callable(add):
        return add  # type: ignore[no-any-return]  # prometheus-client's values are untyped
    _fall_back("Counter._value", "counters")
    return counter.inc


def observer(histogram: Histogram) -> Add:
    """The fastest way to observe a bound histogram child's amount, else ``observe``.

    The bucket is the first upper bound >= the amount, as ``Histogram.observe`` finds it.
    """
    add_sum = getattr(_read(histogram, "_sum"), "inc", None)
    bounds = _read(histogram, "_upper_bounds")
    values = _read(histogram, "_buckets")
    buckets: list[Any] = (
        [getattr(value, "inc", None) for value in values] if type(values) is list else []
    )
    if not callable(add_sum):
        problem = "Histogram._sum"
    elif not (
        type(bounds) is list
        and bounds
        and all(type(bound) is float for bound in bounds)
        and bounds == sorted(bounds)
        and bounds[-1] == _INF
    ):
        problem = "Histogram._upper_bounds"
    elif not (len(buckets) == len(bounds) and all(map(callable, buckets))):
        problem = "Histogram._buckets"
    else:
        return _observe(add_sum, tuple(bounds), tuple(buckets))
    _fall_back(problem, "histograms")
    return histogram.observe


def _observe(add_sum: Add, bounds: tuple[float, ...], buckets: tuple[Add, ...]) -> Add:
    """``Histogram.observe`` of a child without its checks: the sum, then the bucket."""

    def observe(amount: float) -> None:
        add_sum(amount)
        buckets[bisect_left(bounds, amount)](1)

    return observe


def _read(child: object, name: str) -> object:
    """``child``'s borrowed attribute ``name``, or None if reading it fails."""
    try:
        return getattr(child, name)
    except Exception:  # any failure: a property of a later release may raise anything
        return None


def _fall_back(problem: str, kind: str) -> None:
    """Log, once per process and ``problem``, that ``kind`` take the public methods."""
    with _WARNED_LOCK:
        if problem in _WARNED:
            return
        _WARNED.add(problem)
    LOGGER.warning(
        "GatewayMetricsMiddleware: in the installed prometheus-client, %s is missing or not"
        " what it was; %s are recorded through the public methods instead (exact, slower)."
        " (The fast path reads private names of prometheus-client and is tested on %s to %s.)",
        problem,
        kind,
        *TESTED_CLIENT,
    )

"""The one door into ``ractogateway.pricing``'s internals, for its sibling distributions.

ractogateway-tracing, ractogateway-metrics and ractogateway-telemetry (and this repository's
docs hook and tools) need a few things that are not public API: the arithmetic behind
``compute_cost`` without its argument checks, the cached model-id resolver, the call record
every recorder reads (``Call``, built, made safe and priced by ``make_call``), the sanitising
rules of the ``record_*`` paths, the constants both recorders must agree on (duration
buckets, drop reasons), the fronts of keyword-only entry points (``runs_as``), the reader
of provider responses and the table's provenance. They import them from this module and
from nowhere else in ``ractogateway.pricing`` (a packaging test and ruff's banned-api rule
enforce it), so a refactor inside pricing only has to keep these names.

These names may change in any release, which is why every sibling pins
``ractogateway-pricing`` to its own exact version. Not imported by ``ractogateway.pricing``
itself: it brings in ``logging``.
"""

from ractogateway.pricing._call import (
    CACHE_HITS,
    DROP_REASONS,
    DURATION_BUCKETS_S,
    OPERATIONS,
    STATUSES,
    Call,
    Lookup,
    SafeValues,
    error_name,
    made_safe,
    make_call,
    priced,
)
from ractogateway.pricing._cost import cost_usd
from ractogateway.pricing._counts import MAX_LATENCY_MS
from ractogateway.pricing._data import ENTRIES
from ractogateway.pricing._fronts import KEYWORDS, positional_error, runs_as
from ractogateway.pricing._resolve import PriceResolver
from ractogateway.pricing._sanitize import MAX_COUNT, MAX_TEXT, Sanitizer, shown
from ractogateway.pricing._table import CHECKED_ON, SOURCES, EntryInfo, entry_info

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ractogateway.pricing._usage import Reader, Usage

__all__ = [
    "CACHE_HITS",
    "CHECKED_ON",
    "DROP_REASONS",
    "DURATION_BUCKETS_S",
    "ENTRIES",
    "KEYWORDS",
    "MAX_COUNT",
    "MAX_LATENCY_MS",
    "MAX_TEXT",
    "OPERATIONS",
    "SOURCES",
    "STATUSES",
    "Call",
    "EntryInfo",
    "Lookup",
    "PriceResolver",
    "Reader",
    "SafeValues",
    "Sanitizer",
    "Usage",
    "cost_usd",
    "entry_info",
    "error_name",
    "made_safe",
    "make_call",
    "positional_error",
    "priced",
    "runs_as",
    "shown",
]


def __getattr__(name: str) -> object:
    """Import the response reader (``Reader``, ``Usage``) at its first use.

    Only the kit helper reads responses, so tracing and metrics do not pay for its import.
    """
    if name not in ("Reader", "Usage"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ractogateway.pricing import _usage

    value = getattr(_usage, name)
    globals()[name] = value
    return value

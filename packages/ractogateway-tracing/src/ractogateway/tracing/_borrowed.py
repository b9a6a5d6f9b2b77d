"""Every private name of the OpenTelemetry SDK the tracer reads, and the one way it reads them.

Two fast paths do what the SDK's public API cannot do cheaply, and read names the SDK keeps
private to do it:

- spans built finished (``_finished.FinishedSpans``) do what ``Tracer.start_span`` + ``end``
  would, so they read what ``start_span`` reads: the tracer's span limits and instrumentation
  scope, its span processors and its sampler's delegates (to know the span is one they
  reproduce), the SDK's own span metrics and the tracer's enabled flag;
- the GenAI client metrics (``_genai_metrics.GenAIMetrics``) aggregate their histograms
  themselves and are the metric source of SDK metric readers, a role the public API gives
  only to a ``MeterProvider``.

``BORROWED`` lists each name with what it is used for and the first SDK release that has it.
The fast paths read them only through ``read``, ``read_method`` and ``load``, when a tracer is
built, never per call. A name that is missing, or not what it was (a release renamed or
changed it), raises ``BorrowedNameError``; the fast path's builder catches it and takes the
SDK's public path instead (``start_span`` + ``end`` for the spans, a ``MeterProvider`` of the
tracer's own for the metrics), and ``fall_back`` logs one warning per process naming it. No
exception reaches the application and no span is lost: the public path records the same
spans and metrics, at a higher cost per call.

``TESTED_SDK`` is the range of opentelemetry-sdk releases the fast paths are tested on: the
declared minimum (``nox -s minimums``) to the newest release the test matrix installs.
tests/tracing/test_borrowed.py hides each name of ``BORROWED`` in turn and checks the
fallback, so a name added here is tested without another line.
"""

from __future__ import annotations

import importlib
import re
import threading
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, TypeVar

from ractogateway.tracing._log import LOGGER

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "BORROWED",
    "BORROWED_EXPORTER",
    "SDK_VERSION",
    "TESTED_SDK",
    "Borrowed",
    "BorrowedNameError",
    "expected",
    "fall_back",
    "load",
    "read",
    "read_method",
]

_T = TypeVar("_T")

#: The opentelemetry-sdk releases the fast paths are tested on, both included (any patch
#: release of the newest minor): the lowest is the declared minimum
#: (``opentelemetry-sdk>=1.27.0``), the highest the newest the test matrix installs.
TESTED_SDK: Final = ("1.27.0", "1.45.2")


class Borrowed(NamedTuple):
    """One private name of the SDK a fast path reads.

    Attributes:
        owner: The import path of the class (or, for ``where="module"``, the module) that
            holds the name.
        name: The name.
        where: ``"instance"`` (an attribute the owner's ``__init__`` sets), ``"class"`` (a
            method) or ``"module"`` (a module attribute).
        use: What the fast path reads it for.
        since: The first SDK release that has it; on older ones it is not read.
    """

    owner: str
    name: str
    where: Literal["instance", "class", "module"]
    use: str
    since: tuple[int, ...] = (1, 27, 0)

    def __str__(self) -> str:
        owner = self.owner if self.where == "module" else self.owner.rpartition(".")[2]
        return f"{owner}.{self.name}"


_SAMPLING = "opentelemetry.sdk.trace.sampling.ParentBased"
_TRACER = "opentelemetry.sdk.trace.Tracer"
_READER = "opentelemetry.sdk.metrics.export.MetricReader"
_DELEGATE = (
    "a delegate of the ParentBased sampler, read to tell whether the sampler's result carries"
    " the span's attributes unchanged (then they need no copy)"
)

# Spans built finished (_finished.py).
PARENT_ROOT: Final = Borrowed(_SAMPLING, "_root", "instance", _DELEGATE)
PARENT_REMOTE_SAMPLED: Final = Borrowed(_SAMPLING, "_remote_parent_sampled", "instance", _DELEGATE)
PARENT_REMOTE_NOT_SAMPLED: Final = Borrowed(
    _SAMPLING, "_remote_parent_not_sampled", "instance", _DELEGATE
)
PARENT_LOCAL_SAMPLED: Final = Borrowed(_SAMPLING, "_local_parent_sampled", "instance", _DELEGATE)
PARENT_LOCAL_NOT_SAMPLED: Final = Borrowed(
    _SAMPLING, "_local_parent_not_sampled", "instance", _DELEGATE
)
SPAN_PROCESSORS: Final = Borrowed(
    "opentelemetry.sdk.trace.SynchronousMultiSpanProcessor",
    "_span_processors",
    "instance",
    "the provider's span processors, read to check that each one's on_start does nothing"
    " (then a span that never started loses nothing)",
)
INSTRUMENTATION_SCOPE: Final = Borrowed(
    _TRACER,
    "_instrumentation_scope",
    "instance",
    "the tracer's instrumentation scope, given to each finished span",
)
SPAN_LIMITS: Final = Borrowed(
    _TRACER,
    "_span_limits",
    "instance",
    "the span limits (OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT, OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT)"
    " applied to each finished span",
)
TRACER_METRICS: Final = Borrowed(
    _TRACER,
    "_tracer_metrics",
    "instance",
    "the SDK's own span metrics, read to check they are off (start_span would count spans)",
    (1, 40, 0),
)
NO_OP_TRACER_METRICS: Final = Borrowed(
    "opentelemetry.sdk.trace._tracer_metrics",
    "NoOpTracerMetrics",
    "module",
    "the class of the SDK's span metrics when they are off",
    (1, 42, 0),
)
TRACER_IS_ENABLED: Final = Borrowed(
    _TRACER,
    "_is_enabled",
    "class",
    "whether the tracer's configuration enables it (start_span records nothing if not)",
    (1, 40, 0),
)
# GenAI client metrics (_genai_metrics.py).
HISTOGRAM_INSTRUMENT: Final = Borrowed(
    "opentelemetry.sdk.metrics._internal.instrument",
    "_Histogram",
    "module",
    "the key of a metric reader's temporality preferences for histograms",
)
SET_COLLECT_CALLBACK: Final = Borrowed(
    _READER,
    "_set_collect_callback",
    "class",
    "makes the GenAI metrics the reader's metric source (what a MeterProvider does)",
)
INSTRUMENT_CLASS_TEMPORALITY: Final = Borrowed(
    _READER,
    "_instrument_class_temporality",
    "instance",
    "the reader's temporality for histograms (cumulative or delta)",
)
COLLECT: Final = Borrowed(
    _READER,
    "_collect",
    "instance",
    "the reader's metric source, read to refuse a reader already registered elsewhere",
)

# The OTLP span exporters' encoder (_otlp.py): not a private name, but where the exporter
# classes look it up, which is theirs to change.
_ENCODE_SPANS_USE = (
    "the span encoder the exporter's methods call (export, _translate_data or _serialize_spans,"
    " by release): rebound to ractogateway's encoder in a subclass of the official exporter"
)
OTLP_GRPC_ENCODE_SPANS: Final = Borrowed(
    "opentelemetry.exporter.otlp.proto.grpc.trace_exporter", "encode_spans", "module",
    _ENCODE_SPANS_USE,
)  # fmt: skip
OTLP_HTTP_ENCODE_SPANS: Final = Borrowed(
    "opentelemetry.exporter.otlp.proto.http.trace_exporter", "encode_spans", "module",
    _ENCODE_SPANS_USE,
)  # fmt: skip
#: The names the fast OTLP encoder relies on in opentelemetry-exporter-otlp-proto-grpc and
#: -http (tested on the releases of ``TESTED_SDK``, which they follow): tests/tracing/
#: test_otlp.py hides each in turn and checks the official exporter is used as it is.
BORROWED_EXPORTER: Final = (OTLP_GRPC_ENCODE_SPANS, OTLP_HTTP_ENCODE_SPANS)

#: Every private name of the SDK the tracer reads: tests/tracing/test_borrowed.py hides
#: each in turn and checks that the tracer falls back to the public path.
BORROWED: Final = (
    PARENT_ROOT,
    PARENT_REMOTE_SAMPLED,
    PARENT_REMOTE_NOT_SAMPLED,
    PARENT_LOCAL_SAMPLED,
    PARENT_LOCAL_NOT_SAMPLED,
    SPAN_PROCESSORS,
    INSTRUMENTATION_SCOPE,
    SPAN_LIMITS,
    TRACER_METRICS,
    NO_OP_TRACER_METRICS,
    TRACER_IS_ENABLED,
    HISTOGRAM_INSTRUMENT,
    SET_COLLECT_CALLBACK,
    INSTRUMENT_CLASS_TEMPORALITY,
    COLLECT,
)


def _release(text: str) -> tuple[int, ...]:
    """``"1.45.2"`` -> ``(1, 45, 2)`` (pre-release and local parts ignored)."""
    found = re.match(r"\d+(?:\.\d+)*", text)
    return tuple(int(part) for part in found.group().split(".")) if found else ()


def _installed_sdk() -> str:
    """The SDK's own version string (already imported by its resources; no metadata scan)."""
    try:
        from opentelemetry.sdk.version import __version__
    except ImportError:  # not where every release so far has it: assume the newest tested
        return TESTED_SDK[1]
    return str(__version__)


#: The installed opentelemetry-sdk release.
SDK_VERSION: Final = _installed_sdk()
_SDK_RELEASE: Final = _release(SDK_VERSION)


class BorrowedNameError(AttributeError):
    """A borrowed name is missing from the installed SDK, or is not what the fast path needs."""

    def __init__(self, entry: Borrowed, problem: str = "is missing") -> None:
        super().__init__(f"{entry} {problem}")
        self.entry = entry


def expected(entry: Borrowed) -> bool:
    """Whether the installed SDK is recent enough to have ``entry`` (older ones do without)."""
    return entry.since <= _SDK_RELEASE


def read(obj: object, entry: Borrowed, kind: type[_T] | tuple[type[_T], ...]) -> _T:
    """``obj``'s attribute ``entry.name``, which must be a ``kind``.

    Raises:
        BorrowedNameError: reading it failed, or it is not a ``kind``.
    """
    try:
        value = getattr(obj, entry.name)
    except Exception as error:  # any failure: a property of a later SDK may raise anything
        raise BorrowedNameError(entry) from error
    if not isinstance(value, kind):
        raise BorrowedNameError(entry, f"is a {type(value).__name__}, not what it was")
    return value


def read_method(obj: object, entry: Borrowed) -> Callable[..., Any]:
    """``obj``'s method ``entry.name``.

    Raises:
        BorrowedNameError: reading it failed, or it is not callable.
    """
    try:
        value = getattr(obj, entry.name)
    except Exception as error:  # as in read()
        raise BorrowedNameError(entry) from error
    if not callable(value):
        raise BorrowedNameError(entry, f"is a {type(value).__name__}, not a method")
    found: Callable[..., Any] = value
    return found


def load(entry: Borrowed) -> type:
    """The class ``entry.name`` of the module ``entry.owner``.

    Raises:
        BorrowedNameError: the import failed, or the name is not a class.
    """
    try:
        value = getattr(importlib.import_module(entry.owner), entry.name)
    except Exception as error:  # ImportError, AttributeError or whatever the import raises
        raise BorrowedNameError(entry) from error
    if not isinstance(value, type):
        raise BorrowedNameError(entry, f"is a {type(value).__name__}, not a class")
    return value


_WARNED: set[str] = set()
_WARNED_LOCK = threading.Lock()


def fall_back(problem: str, instead: str) -> None:
    """Log, once per process and ``problem``, that a fast path gave way to the public one.

    Args:
        problem: What failed, e.g. ``str(missing)``: ``"ParentBased._root is missing"``.
        instead: What the tracer does instead.
    """
    with _WARNED_LOCK:
        if problem in _WARNED:
            return
        _WARNED.add(problem)
    LOGGER.warning(
        "RactoTracer: in opentelemetry-sdk %s, %s; %s. (The fast paths read private names of"
        " the SDK and are tested on opentelemetry-sdk %s to %s.)",
        SDK_VERSION,
        problem,
        instead,
        *TESTED_SDK,
    )

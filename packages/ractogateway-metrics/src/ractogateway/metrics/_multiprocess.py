"""Multiprocess directory upkeep: exited workers' files folded into one archive per type.

prometheus-client writes every process's values to ``<type>_<pid>.db`` in the directory and
adds up every file on each scrape, so a service that recycles workers grows the directory,
and its scrape time, without end. ``mark_worker_dead(pid)`` (gunicorn's ``child_exit``) and
``merge_exited_workers()`` (process managers without an exit hook) fold the files of exited
processes into ``<type>_merged<generation>.db``, one file per type, and remove them:

- **Exact and never decreasing.** Counter, histogram and summary samples (and gauges in
  ``sum`` mode) add up; ``min``, ``max`` and ``mostrecent`` gauges keep the minimum, maximum
  and latest value; ``live*`` gauges of a dead process are removed (prometheus-client's
  ``mark_process_dead``); ``all`` gauges, one series per pid, are left alone. A merged sum is
  the exact sum rounded up, and this package's scrapes add with ``math.fsum``, so no scrape
  after a merge reads less than one before it.
- **Never counted twice or missed.** A merge holds an exclusive ``flock`` on the directory and
  this package's scrapes a shared one, so they see the directory before or after a merge. A
  foreign ``MultiProcessCollector`` takes no lock: the merge first creates
  ``counter_merge-in-progress.db``, a file prometheus-client refuses to read, and removes it
  last, so such a scrape reads the old files, or the new ones, or fails (an error, never a
  wrong value).
- **Crash-safe.** The in-progress file holds the merge's journal: the next merge (or scrape)
  completes a merge whose new archives all exist and rolls back any other.

prometheus-client is imported by the functions that use it (``ractogateway.metrics`` must not
import it: see ``_middleware.py``).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import struct
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prometheus_client.metrics_core import Metric

__all__ = [
    "IN_PROGRESS",
    "MULTIPROC_ENV",
    "DirectoryCollector",
    "exact_sum",
    "mark_worker_dead",
    "merge_exited_workers",
    "multiprocess_dir",
]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: The spelling older prometheus-client releases read; still honoured by the current one.
_LEGACY_ENV = "prometheus_multiproc_dir"

#: A live process's file (``counter_1234.db``, ``gauge_livesum_1234.db``).
_WORKER = re.compile(r"(?P<kind>[a-z]+(?:_[a-z]+)?)_(?P<pid>\d+)\.db")
#: A merged archive (``counter_merged7.db``).
_ARCHIVE = re.compile(r"(?P<kind>[a-z]+(?:_[a-z]+)?)_merged(?P<generation>\d+)\.db")
#: The files a scrape reads (this package's scrapes; foreign ones read every ``*.db``).
_WORKER_OR_ARCHIVE = re.compile(r"[a-z]+(?:_[a-z]+)?_(?:merged)?\d+\.db")
#: Present while a merge runs; prometheus-client fails to read it (see the module docstring).
IN_PROGRESS = "counter_merge-in-progress.db"
#: How each kind of file combines the values of one sample across processes.
_SUM, _MIN, _MAX, _LATEST = "sum", "min", "max", "latest"
_COMBINE = {
    "counter": _SUM,
    "histogram": _SUM,
    "summary": _SUM,
    "gauge_sum": _SUM,
    "gauge_min": _MIN,
    "gauge_max": _MAX,
    "gauge_mostrecent": _LATEST,
}
#: The header prometheus-client reads as "used 2**31-1 bytes, first key 2**31-1 bytes long".
_UNREADABLE = struct.pack("<iii", 2**31 - 1, 0, 2**31 - 1)

Values = dict[str, tuple[float, float]]  # mmap key -> (value, timestamp)
#: Exited pids waiting to be folded, by directory (``mark_worker_dead``).
_exited_pids: dict[str, set[int]] = {}
#: Whether this thread is inside ``mark_worker_dead`` (a signal handler may call it again).
_folding = threading.local()


@contextlib.contextmanager
def _locked(path: str, *, exclusive: bool) -> Iterator[None]:
    """Hold an advisory ``flock`` on the directory itself (no file of ours in it)."""
    import fcntl

    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _read(path: str) -> Values:
    """The (value, timestamp) of every key in one prometheus-client file.

    A file a starting process has just created is empty until it is sized: no values yet
    (prometheus-client's own reader fails on it).
    """
    from prometheus_client.mmap_dict import MmapedDict

    try:
        found = MmapedDict.read_all_values_from_file(path)  # type: ignore[no-untyped-call]
    except struct.error:
        if os.path.getsize(path) >= len(_UNREADABLE):
            raise
        return {}
    return {key: (value, timestamp) for key, value, timestamp, _ in found}


def _write(path: str, values: Values) -> None:
    """Write ``values`` as a prometheus-client file (at a name no scrape reads)."""
    from prometheus_client.mmap_dict import MmapedDict

    data = MmapedDict(path)  # type: ignore[no-untyped-call]
    try:
        for key, (value, timestamp) in values.items():
            data.write_value(key, value, timestamp)  # type: ignore[no-untyped-call]
    finally:
        data.close()  # type: ignore[no-untyped-call]


def exact_sum(values: Iterable[float]) -> float:
    """The sum of ``values`` rounded up to a float: never below the exact sum."""
    values = list(values)
    total = math.fsum(values)
    if math.isfinite(total) and Fraction(total) < sum(map(Fraction, values)):
        total = math.nextafter(total, math.inf)
    return total


def _combine(kind: str, files: list[Values]) -> Values:
    """Combine the values of each key across ``files`` as ``kind`` does (``_COMBINE``)."""
    keys: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for values in files:
        for key, pair in values.items():
            keys[key].append(pair)
    rule = _COMBINE[kind]
    combined: Values = {}
    for key, pairs in keys.items():
        latest = max(timestamp for _, timestamp in pairs)
        if rule == _SUM:
            combined[key] = (exact_sum(value for value, _ in pairs), latest)
        elif rule == _MIN:
            combined[key] = (min(value for value, _ in pairs), latest)
        elif rule == _MAX:
            combined[key] = (max(value for value, _ in pairs), latest)
        else:
            combined[key] = max(pairs, key=lambda pair: pair[1])
    return combined


def _recover(path: str) -> None:
    """Finish (all new archives exist) or roll back a merge that did not end. Lock held."""
    marker = os.path.join(path, IN_PROGRESS)
    try:
        journal = json.loads(Path(marker).read_bytes()[len(_UNREADABLE) :])
    except FileNotFoundError:
        return
    except ValueError:  # cut short while written: nothing of the merge was done yet
        journal = {"create": [], "remove": []}
    created = [os.path.join(path, name) for name in journal["create"]]
    committed = all(os.path.exists(name) for name in created)
    for name in journal["remove"] if committed else journal["create"]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(path, name))
    os.unlink(marker)


def _fold(path: str, exited: Callable[[int], bool]) -> int:
    """Fold the files of processes for which ``exited(pid)`` into the archives; lock held.

    Returns:
        The number of exited processes whose files were folded or removed.
    """
    _recover(path)
    sources: dict[str, list[str]] = defaultdict(list)
    archives: dict[str, list[str]] = defaultdict(list)
    dropped: list[str] = []
    pids: set[int] = set()
    generation = 0
    for name in os.listdir(path):
        if match := _ARCHIVE.fullmatch(name):
            archives[match["kind"]].append(name)
            generation = max(generation, int(match["generation"]))
        elif (match := _WORKER.fullmatch(name)) and exited(pid := int(match["pid"])):
            if match["kind"].startswith("gauge_live"):
                dropped.append(name)
                pids.add(pid)
            elif match["kind"] in _COMBINE:
                sources[match["kind"]].append(name)
                pids.add(pid)
    if sources:
        generation += 1
        create = {kind: f"{kind}_merged{generation}.db" for kind in sources}
        remove = [name for kind in sources for name in [*sources[kind], *archives[kind]]]
        journal = json.dumps({"create": list(create.values()), "remove": remove}).encode()
        staged = os.path.join(path, f".{IN_PROGRESS}")
        Path(staged).write_bytes(_UNREADABLE + journal)
        os.replace(staged, os.path.join(path, IN_PROGRESS))
        for kind, name in create.items():
            merged = [_read(os.path.join(path, f)) for f in [*archives[kind], *sources[kind]]]
            staged = os.path.join(path, f".{name}")  # hidden: no scrape globs it
            _write(staged, _combine(kind, merged))
            os.replace(staged, os.path.join(path, name))
        for name in remove:
            os.unlink(os.path.join(path, name))
    for name in dropped:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(path, name))
    if sources:
        os.unlink(os.path.join(path, IN_PROGRESS))
    return len(pids)


def multiprocess_dir() -> str | None:
    """Return the multiprocess directory if ``PROMETHEUS_MULTIPROC_DIR`` is set, else None."""
    return os.environ.get(MULTIPROC_ENV) or os.environ.get(_LEGACY_ENV) or None


def _directory(path: str | os.PathLike[str] | None) -> str:
    """The multiprocess directory: ``path`` or ``PROMETHEUS_MULTIPROC_DIR``; it must exist."""
    chosen = multiprocess_dir() if path is None else os.fspath(path)
    if chosen is None or not os.path.isdir(chosen):
        raise ValueError(
            f"{MULTIPROC_ENV}={chosen!r} is not a directory: pass path= or set the variable"
            " to the multiprocess directory"
        )
    return chosen


def mark_worker_dead(pid: int, path: str | os.PathLike[str] | None = None) -> None:
    """Fold the files of exited worker ``pid`` into the directory's merged archive.

    Call it from gunicorn's ``child_exit`` hook (in place of prometheus-client's
    ``mark_process_dead``, whose job it also does): the worker's counts stay in every total,
    its files go, so the directory holds the live workers' files plus one per metric type.
    Safe in a signal handler: a call made while this thread is folding (gunicorn releases
    before 24 reap workers in their SIGCHLD handler) leaves the pid to the running fold.

    Args:
        pid: The exited process's id.
        path: The multiprocess directory; None means ``PROMETHEUS_MULTIPROC_DIR``.

    Raises:
        ValueError: the directory does not exist.
    """
    directory = _directory(path)
    _exited_pids.setdefault(directory, set()).add(pid)
    if getattr(_folding, "active", False):
        return  # the fold running in this thread, below us on the stack, takes it
    _folding.active = True
    try:
        with _locked(directory, exclusive=True):
            while pids := _exited_pids.pop(directory, set()):
                _fold(directory, pids.__contains__)
    finally:
        _folding.active = False


def merge_exited_workers(path: str | os.PathLike[str] | None = None) -> int:
    """Fold the files of every process that is no longer running; return how many.

    For process managers without an exit hook (``uvicorn --workers``, a
    ``multiprocessing`` pool): call it now and then, e.g. from the handler of ``/metrics``.
    A process counts as exited when this host has no process of that id, so the directory
    must be private to this host and this service (docs/multiprocess.md).

    Args:
        path: The multiprocess directory; None means ``PROMETHEUS_MULTIPROC_DIR``.

    Raises:
        ValueError: the directory does not exist.
    """
    directory = _directory(path)
    with _locked(directory, exclusive=True):
        return _fold(directory, _exited)


def _exited(pid: int) -> bool:
    """True if no process of id ``pid`` runs on this host."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process
        return False
    return False


class DirectoryCollector:
    """Adds up every process's files in a multiprocess directory, consistently with merges.

    prometheus-client's ``MultiProcessCollector`` for gauges; counters, histograms and
    summaries added with ``math.fsum`` (order-independent, so a merge never lowers a sum),
    the whole read under a shared lock of the directory.
    """

    def __init__(self, path: str) -> None:
        self._path = path

    def collect(self) -> Iterable[Metric]:
        """Read and add up every ``*.db`` file of the directory."""
        from prometheus_client.multiprocess import MultiProcessCollector

        if os.path.exists(os.path.join(self._path, IN_PROGRESS)):
            with _locked(self._path, exclusive=True):
                _recover(self._path)
        with _locked(self._path, exclusive=False):
            names = [n for n in os.listdir(self._path) if _WORKER_OR_ARCHIVE.fullmatch(n)]
            gauges = [os.path.join(self._path, n) for n in names if n.startswith("gauge_")]
            merged = MultiProcessCollector.merge(gauges) if gauges else []  # type: ignore[no-untyped-call]
            metrics: list[Metric] = list(merged)
            summed = [
                (name.split("_", 1)[0], _read(os.path.join(self._path, name)))
                for name in names
                if not name.startswith("gauge_")
            ]
        return metrics + _added(summed)


def _added(files: list[tuple[str, Values]]) -> list[Metric]:
    """Counter, histogram and summary families: every sample added across ``files``."""
    from prometheus_client.metrics_core import Metric

    samples: dict[str, dict[tuple[str, tuple[tuple[str, str], ...]], list[float]]] = {}
    families: dict[str, Metric] = {}
    parsed: dict[str, Any] = {}
    for kind, values in files:
        for key, (value, _) in values.items():
            if key not in parsed:
                metric_name, name, labels, help_text = json.loads(key)
                parsed[key] = (metric_name, name, tuple(sorted(labels.items())), help_text)
            metric_name, name, labels, help_text = parsed[key]
            if metric_name not in families:
                families[metric_name] = Metric(metric_name, help_text, kind)
                samples[metric_name] = defaultdict(list)
            samples[metric_name][(name, labels)].append(value)
    for metric_name, family in families.items():
        buckets: dict[tuple[tuple[str, str], ...], list[tuple[float, str, float]]]
        buckets = defaultdict(list)
        for (name, labels), added in samples[metric_name].items():
            total = math.fsum(added)
            le = dict(labels).get("le") if family.type == "histogram" else None
            if le is None:
                family.add_sample(name, dict(labels), total)
            else:
                rest = tuple(item for item in labels if item[0] != "le")
                buckets[rest].append((float(le), le, total))
        for rest, bounds in buckets.items():
            running: list[float] = []
            for _, le, count in sorted(bounds):
                running.append(count)
                cumulative = math.fsum(running)
                family.add_sample(f"{metric_name}_bucket", {**dict(rest), "le": le}, cumulative)
            family.add_sample(f"{metric_name}_count", dict(rest), math.fsum(running))
    return list(families.values())

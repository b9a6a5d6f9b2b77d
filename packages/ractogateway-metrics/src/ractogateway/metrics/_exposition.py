"""What gets exposed: a registry as is, or, under workers, the aggregate of every process.

prometheus-client's multiprocess mode is chosen once, when ``prometheus_client`` is first
imported, by ``PROMETHEUS_MULTIPROC_DIR``: every process then writes its values to files
in that directory, and a ``DirectoryCollector`` (``_multiprocess.py``) adds them up on each
scrape, consistently with the merges of exited workers' files.
"""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, values

from ractogateway.metrics._multiprocess import MULTIPROC_ENV, DirectoryCollector, multiprocess_dir

__all__ = [
    "MULTIPROC_ENV",
    "exposed_registry",
    "multiprocess_dir",
    "records_in_memory",
    "render",
]


def records_in_memory() -> bool:
    """Return True if this process keeps metric values in memory (not in the directory).

    True when ``prometheus_client`` was imported before ``PROMETHEUS_MULTIPROC_DIR`` was set.
    """
    return values.ValueClass is values.MutexValue


def aggregated_registry(path: str) -> CollectorRegistry:
    """Return a fresh registry whose only collector adds up every process's files in ``path``.

    Raises:
        ValueError: ``path`` is not a directory.
    """
    if not os.path.isdir(path):
        raise ValueError(
            f"{MULTIPROC_ENV}={path!r} is not a directory: create it, empty, before the"
            " worker processes start"
        )
    registry = CollectorRegistry()
    registry.register(DirectoryCollector(path))
    return registry


def exposed_registry(registry: CollectorRegistry | None) -> CollectorRegistry:
    """Return what an exporter for ``registry`` serves.

    That is ``registry`` if one was chosen, else the aggregate of every process in
    multiprocess mode, else the global ``prometheus_client.REGISTRY``.
    """
    if registry is not None:
        return registry
    path = multiprocess_dir()
    return REGISTRY if path is None else aggregated_registry(path)


def render(registry: CollectorRegistry) -> str:
    """Return the text exposition of ``registry``, or of the aggregate in multiprocess mode."""
    path = multiprocess_dir()
    exposed = registry if path is None else aggregated_registry(path)
    return generate_latest(exposed).decode("utf-8")

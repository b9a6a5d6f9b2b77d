"""Shared test set-up: which test folders this cell collects, and the shared fixtures.

The folders of distributions this cell did not install are not collected (the report header
says which, and why); so is ``tests/kits/``, which needs the RactoGateway SDK 0.2.1 that only
``nox -s kits`` installs (that session runs it alone, and fails if it collects nothing), and
``tests/scale/``, which only ``nox -s scale`` runs (it sets ``RACTOGATEWAY_SCALE=1``). The
fixtures here are the ones several test folders use; the helpers
behind them live in ``tests/support/`` (on pytest's ``pythonpath``), each written once:

- ``require_system`` (``system_components.py``): ``require_system("promtool", "prometheus")``
  returns the executable's path; a test skips with a reason on a developer machine that lacks
  it, and fails in CI (``CI=true``), so CI never skips a system test silently.
- ``prometheus`` (``prometheus_server.py``): a real Prometheus server (one per session,
  started on first use) that scrapes what a test serves: ``prometheus.scrape(job, [target])``,
  ``prometheus.query(promql)``, ``prometheus.wait_for(...)``, ``prometheus.set_rule_files(...)``.
  Used by tests/metrics and by the ops-kit tests in tests/telemetry, in tests marked
  ``realtime`` only (it fails any other: such a test waits seconds for the server's scrapes).
- ``read``, ``total`` and ``values`` (``exposition.py``): the one reader of text expositions,
  for tests/metrics and tests/telemetry (cells with ``prometheus_client``):
  ``read(text).value(name, **labels)`` (also ``.get``, ``.total``, ``.label_values``),
  ``total(text, name, **labels)`` and ``values(text, name, label)``.
- ``otlp_grpc_receiver`` and ``otlp_http_receiver`` (``otlp_receivers.py``): real OTLP
  receivers on 127.0.0.1 that decode the official ``opentelemetry-proto`` messages into
  ``.spans``, stopped after the test; for tests/tracing and tests/telemetry (cells with
  ``opentelemetry-proto`` and ``grpcio``).

Only the standard library and pytest at import time (the support modules import their
third-party packages when a fixture builds something): every cell imports this file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import exposition
import pytest
from installed import installed
from otlp_receivers import OtlpGrpcReceiver, OtlpHttpReceiver
from prometheus_server import PrometheusPool, PrometheusServer
from system_components import require_system as _require_system

TESTS = Path(__file__).parent
# Test folder -> the module it needs; a folder whose module is absent is not collected.
LEAF_FOLDERS = {
    "pricing": "ractogateway.pricing",
    "tracing": "ractogateway.tracing",
    "metrics": "ractogateway.metrics",
    "telemetry": "ractogateway.telemetry",
    # The RactoGateway SDK 0.2.1's developer kits with ours: only `nox -s kits` installs it.
    "kits": "ractogateway.openai_developer_kit",
}
MISSING = {folder for folder, module in LEAF_FOLDERS.items() if not installed(module)}
# docs/scale.md's recipe on real Prometheus servers: only `nox -s scale` runs it (it sets this).
SCALE_ENV = "RACTOGATEWAY_SCALE"
if not os.environ.get(SCALE_ENV):
    MISSING.add("scale")


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Do not collect the test folder of a distribution that is not installed."""
    relative = collection_path.relative_to(TESTS) if collection_path.is_relative_to(TESTS) else None
    if relative is not None and relative.parts and relative.parts[0] in MISSING:
        return True
    return None


def pytest_report_header() -> list[str]:
    """Say which test folders this cell leaves out, and why."""
    return [
        f"not collected: tests/{folder}/ ("
        + (
            f"{LEAF_FOLDERS[folder]} is not installed in this cell"
            if folder in LEAF_FOLDERS
            else f"only nox -s scale runs it, with {SCALE_ENV}=1"
        )
        + ")"
        for folder in sorted(MISSING)
    ]


@pytest.fixture
def require_system() -> Callable[[str, str], str]:
    """``require_system("promtool", "prometheus")`` returns the executable's path.

    Skips the test locally, fails it in CI, when the executable is missing.
    """
    return _require_system


@pytest.fixture(scope="session")
def _prometheus_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusPool]:
    pool = PrometheusPool(tmp_path_factory.mktemp("prometheus"))
    yield pool
    pool.close()


@pytest.fixture
def prometheus(
    request: pytest.FixtureRequest,
    require_system: Callable[[str, str], str],
    _prometheus_pool: PrometheusPool,
) -> PrometheusServer:
    """The session's Prometheus server (skipped locally, failed in CI, without prometheus).

    Only for tests marked ``realtime``: the server takes seconds to scrape a new job.
    """
    if request.node.get_closest_marker("realtime") is None:
        pytest.fail(
            "a test that uses the real Prometheus server waits seconds for its scrapes: mark it"
            " @pytest.mark.realtime (it then runs in one cell of the matrix, see noxfile.py)"
        )
    return _prometheus_pool.get(require_system("prometheus", "prometheus"))


@pytest.fixture
def read() -> Callable[[str], exposition.SampleReader]:
    """``read(text)`` parses a text exposition into a ``SampleReader``."""
    return exposition.SampleReader


@pytest.fixture
def total() -> Callable[..., float]:
    """``total(text, "ractogateway_requests_total", model="gpt-4o")``: a summed sample."""
    return exposition.total


@pytest.fixture
def values() -> Callable[[str, str, str], set[str]]:
    """``values(text, "ractogateway_requests_total", "model")``: the values of a label."""
    return exposition.label_values


@pytest.fixture
def otlp_grpc_receiver() -> Iterator[OtlpGrpcReceiver]:
    """A real OTLP/gRPC receiver; ``.endpoint`` is its ``http://127.0.0.1:<port>`` URL."""
    receiver = OtlpGrpcReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def otlp_http_receiver() -> Iterator[OtlpHttpReceiver]:
    """A real OTLP/HTTP receiver; ``.endpoint`` is its base URL (spans go to /v1/traces)."""
    receiver = OtlpHttpReceiver()
    yield receiver
    receiver.stop()

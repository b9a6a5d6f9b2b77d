"""0.2.1's module paths: thin aliases of the documented names, free to import.

The RactoGateway SDK 0.2.1 defined its telemetry in ``ractogateway/telemetry/{tracer,
metrics,prometheus_exporter,_pricing,_models}.py``; its kits' type hints and its users name
those paths. The meta-package ships the same files, so they give the current objects on a
fresh install and replace the SDK's files when installed over it (tests/kits/ checks that).
"""

from __future__ import annotations

import doctest
import importlib
import json
import subprocess
import sys

import pytest

import ractogateway.telemetry

#: 0.2.1 module -> the names it exported (the 0.2.1 facade imported each from there).
PATHS_021 = {
    "tracer": ["RactoTracer"],
    "metrics": ["GatewayMetricsMiddleware"],
    "prometheus_exporter": ["PrometheusExporter"],
    "_pricing": ["DEFAULT_COST_TABLE", "compute_cost"],
    "_models": ["ModelPricing", "SpanRecord"],
}
PAIRS = [(module, name) for module, names in PATHS_021.items() for name in names]


@pytest.mark.parametrize(("module", "name"), PAIRS, ids=[f"{m}.{n}" for m, n in PAIRS])
def test_a_021_path_gives_the_documented_object(module: str, name: str) -> None:
    kept = importlib.import_module(f"ractogateway.telemetry.{module}")
    assert getattr(kept, name) is getattr(ractogateway.telemetry, name)


@pytest.mark.parametrize("module", sorted(PATHS_021))
def test_a_021_module_exports_exactly_what_it_did(module: str) -> None:
    kept = importlib.import_module(f"ractogateway.telemetry.{module}")
    assert sorted(kept.__all__) == sorted(PATHS_021[module])
    with pytest.raises(AttributeError, match="no attribute 'compute_cost_usd'"):
        _ = kept.compute_cost_usd


@pytest.mark.parametrize("module", sorted(PATHS_021))
def test_docstring_example_runs(module: str) -> None:
    kept = importlib.import_module(f"ractogateway.telemetry.{module}")
    result = doctest.testmod(kept, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_importing_them_costs_nothing_beyond_the_facade() -> None:
    code = (
        "import json, sys\n"
        "import ractogateway.telemetry\n"
        "before = set(sys.modules)\n"
        f"for module in {sorted(PATHS_021)!r}:\n"
        "    __import__(f'ractogateway.telemetry.{module}')\n"
        "from ractogateway.telemetry._models import ModelPricing\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
        "print(json.dumps('pydantic' in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    added, pydantic_loaded = (json.loads(line) for line in done.stdout.splitlines())
    assert added == sorted(f"ractogateway.telemetry.{module}" for module in PATHS_021)
    assert pydantic_loaded is False  # SpanRecord, like the facade's, loads it at first use

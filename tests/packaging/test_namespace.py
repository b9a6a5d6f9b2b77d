"""Every matrix cell: the namespace, the installed leaves, what must be absent, versions."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
from pathlib import Path

import pytest
from installed import distribution_installed, installed

LEAVES = ("pricing", "tracing", "metrics", "telemetry")


INSTALLED = [leaf for leaf in LEAVES if distribution_installed(f"ractogateway-{leaf}")]


def _env_list(name: str) -> list[str]:
    return [item for item in os.environ.get(name, "").split(",") if item]


def test_ractogateway_is_a_pep420_namespace() -> None:
    import ractogateway

    assert getattr(ractogateway, "__file__", None) is None
    paths = list(ractogateway.__path__)
    assert paths, "the namespace has no portions"
    for portion in paths:
        files = [p.name for p in Path(portion).iterdir() if p.is_file()]
        assert files == [], f"{portion} holds files at the namespace root: {files}"


@pytest.mark.parametrize("leaf", LEAVES)
def test_leaf_imports_iff_its_distribution_is_installed(leaf: str) -> None:
    if leaf in INSTALLED:
        module = importlib.import_module(f"ractogateway.{leaf}")
        assert module.__version__ == importlib.metadata.version(f"ractogateway-{leaf}")
        assert (Path(module.__file__ or "").parent / "py.typed").is_file()
    else:
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(f"ractogateway.{leaf}")


def test_versions_move_in_lockstep_and_the_meta_package_pins_them() -> None:
    versions = {leaf: importlib.metadata.version(f"ractogateway-{leaf}") for leaf in INSTALLED}
    assert len(set(versions.values())) == 1, versions
    if "telemetry" in INSTALLED:
        requires = importlib.metadata.requires("ractogateway-telemetry") or []
        pins = {
            m.group(1): m.group(2)
            for r in requires
            if (m := re.match(r"(ractogateway-\w+)(?:\[[\w,-]+\])?\s*==\s*([\w.]+)", r))
        }
        version = versions["telemetry"]
        expected = {f"ractogateway-{leaf}": version for leaf in ("pricing", "tracing", "metrics")}
        assert pins == expected


@pytest.mark.skipif("RACTOGATEWAY_CELL" not in os.environ, reason="runs inside a nox matrix cell")
def test_cell_has_exactly_what_it_installs() -> None:
    present = _env_list("RACTOGATEWAY_PRESENT")
    assert sorted(present) == sorted(f"ractogateway-{leaf}" for leaf in INSTALLED)
    for module in _env_list("RACTOGATEWAY_ABSENT"):
        assert not installed(module), f"{module} must not be importable in this cell"
    for leaf in INSTALLED:
        leaf_module = importlib.import_module(f"ractogateway.{leaf}")
        # Non-editable installs: the code under test is the installed copy, not the checkout.
        location = Path(leaf_module.__file__ or "")
        assert "site-packages" in location.parts, location

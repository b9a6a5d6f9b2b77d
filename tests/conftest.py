"""Shared test set-up: skip the folders of distributions this cell did not install.

Tests that need a system component (``promtool``, the ``prometheus`` server) use
the ``require_system`` fixture: they skip with a reason on a developer machine that lacks it, and
fail in CI (``CI=true``), so CI never skips them silently.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
# Test folder -> the module it needs; a folder whose module is absent is not collected.
LEAF_FOLDERS = {
    "pricing": "ractogateway.pricing",
    "tracing": "ractogateway.tracing",
    "metrics": "ractogateway.metrics",
    "telemetry": "ractogateway.telemetry",
}


def installed(module: str) -> bool:
    """Return True if ``module`` can be imported here."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


MISSING = {folder for folder, module in LEAF_FOLDERS.items() if not installed(module)}


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Do not collect the test folder of a distribution that is not installed."""
    relative = collection_path.relative_to(TESTS) if collection_path.is_relative_to(TESTS) else None
    if relative is not None and relative.parts and relative.parts[0] in MISSING:
        return True
    return None


def pytest_report_header() -> list[str]:
    """Say which test folders this cell leaves out, and why."""
    return [
        f"not collected: tests/{folder}/ ({LEAF_FOLDERS[folder]} is not installed in this cell)"
        for folder in sorted(MISSING)
    ]


def _require_system(executable: str, debian_package: str) -> str:
    path = shutil.which(executable)
    if path is None:
        message = (
            f"{executable} not found: install the Debian package {debian_package!r} "
            f"(apt-get install -y {debian_package}); .ci/run does this in CI"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def require_system() -> Callable[[str, str], str]:
    """``require_system("promtool", "prometheus")`` returns the executable's path.

    Skips the test locally, fails it in CI, when the executable is missing.
    """
    return _require_system

"""Whether a module can be imported in this matrix cell, asked without importing it.

The root conftest uses it to leave out the test folders of distributions a cell did not
install, the tracing tests to pick the OTLP transports to run against, and the packaging
tests to check that what a cell must not have is absent. Standard library only: every cell
imports it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util


def installed(module: str) -> bool:
    """Return True if ``module`` (a dotted name) can be imported here.

    A dotted name whose parent package is absent counts as not installed, where
    ``importlib.util.find_spec`` alone raises ``ModuleNotFoundError``.
    """
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def distribution_installed(name: str) -> bool:
    """Return True if the distribution ``name`` (e.g. ``ractogateway-pricing``) is installed."""
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True

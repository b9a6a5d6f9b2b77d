"""System components the tests run (``promtool``, the ``prometheus`` server, ``openssl``).

``require_system(executable, debian_package)`` returns the executable's path. When it is
missing the test skips with the install line on a developer machine and fails in CI
(``CI`` set to ``1``, ``true`` or ``yes``), so CI never skips a system test silently. The
root conftest hands it out as the ``require_system`` fixture. Standard library and pytest
only: every cell imports it.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    """Return True when the ``CI`` environment variable says this is a CI run."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_system(executable: str, debian_package: str) -> str:
    """Return the path of ``executable``; skip the test locally, fail it in CI, if missing.

    Args:
        executable: The program to find on ``PATH`` (``"promtool"``).
        debian_package: The Debian package that installs it (``"prometheus"``), named in
            the message with the ``apt-get`` line.

    Returns:
        The absolute path of the executable.
    """
    path = shutil.which(executable)
    if path is None:
        message = (
            f"{executable} not found: install the Debian package {debian_package!r} "
            f"(apt-get install -y {debian_package}); .ci/run does this in CI"
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path

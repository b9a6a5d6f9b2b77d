"""``import ractogateway.pricing`` imports nothing outside the standard library."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys

import pytest

import ractogateway.pricing
from ractogateway.pricing import _cost, _model, _usage


def test_import_pulls_in_only_the_standard_library() -> None:
    code = (
        "import sys, json; before = set(sys.modules); import ractogateway.pricing; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    new = json.loads(out)
    assert "ractogateway.pricing" in new
    foreign = [
        name
        for name in new
        if name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] != "ractogateway"
    ]
    assert foreign == []
    # Neither logging nor the sanitiser is paid for by pricing-only users.
    assert "logging" not in new
    assert "ractogateway.pricing._sanitize" not in new
    # Nor the response reader, imported at the first use of usage_from or Usage.
    assert "ractogateway.pricing._usage" not in new


@pytest.mark.parametrize("module", [ractogateway.pricing, _cost, _model, _usage])
def test_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module, raise_on_error=False)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0

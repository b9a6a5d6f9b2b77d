"""Every matrix cell: a distribution reaches a sibling's internals only through its door.

The installed code of each leaf is parsed (not imported): an import of another leaf's
private module (``ractogateway.<leaf>._name``) is allowed only for the one door,
``ractogateway.pricing._shared`` (CONTRIBUTING.md says why the siblings pin pricing exactly).
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from installed import distribution_installed

LEAVES = ("pricing", "tracing", "metrics", "telemetry")
DOORS = frozenset({"ractogateway.pricing._shared"})


def _imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Yield (line, dotted name) of every module, or module member, an import names."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def crossings(source: str, own_leaf: str) -> list[str]:
    """Return the imports in ``source`` of another leaf's private module, doors excepted."""
    found = []
    for line, name in _imported_modules(ast.parse(source)):
        parts = name.split(".")
        if len(parts) < 3 or parts[0] != "ractogateway" or parts[1] == own_leaf:
            continue
        module = ".".join(parts[:3])
        if parts[2].startswith("_") and module not in DOORS:
            found.append(f"line {line}: {name}")
    return found


def test_the_checker_sees_every_form_of_crossing() -> None:
    source = (
        "import ractogateway.pricing._cost\n"
        "from ractogateway.pricing._resolve import PriceResolver\n"
        "from ractogateway.pricing import _table\n"
        "from ractogateway.pricing._shared import Sanitizer\n"
        "from ractogateway.pricing import compute_cost\n"
        "from ractogateway.tracing._inputs import clean_chat\n"
    )
    assert crossings(source, "metrics") == [
        "line 1: ractogateway.pricing._cost",
        "line 2: ractogateway.pricing._resolve",
        "line 2: ractogateway.pricing._resolve.PriceResolver",
        "line 3: ractogateway.pricing._table",
        "line 6: ractogateway.tracing._inputs",
        "line 6: ractogateway.tracing._inputs.clean_chat",
    ]
    assert crossings(source, "pricing") == [
        "line 6: ractogateway.tracing._inputs",
        "line 6: ractogateway.tracing._inputs.clean_chat",
    ]


@pytest.mark.parametrize(
    "leaf", [leaf for leaf in LEAVES if distribution_installed(f"ractogateway-{leaf}")]
)
def test_installed_code_crosses_into_siblings_only_through_the_door(leaf: str) -> None:
    spec = importlib.util.find_spec(f"ractogateway.{leaf}")
    assert spec is not None
    assert spec.origin is not None
    root = Path(spec.origin).parent
    sources = sorted(root.rglob("*.py"))
    assert sources, f"no sources found under {root}"
    found = {
        str(path.relative_to(root)): problems
        for path in sources
        if (problems := crossings(path.read_text(encoding="utf-8"), leaf))
    }
    assert found == {}, f"ractogateway.{leaf} imports a sibling's private module: {found}"

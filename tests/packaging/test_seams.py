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


def import_graph(root: Path, leaf: str) -> dict[str, set[str]]:
    """Map each module of an installed leaf to the modules of the same leaf it imports.

    Every import counts, those inside functions and under ``TYPE_CHECKING`` too: a cycle
    there still ties the modules' designs together.
    """
    modules = {
        ".".join(
            ("ractogateway", leaf, *path.relative_to(root).with_suffix("").parts)
        ).removesuffix(".__init__"): path
        for path in root.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for _, imported in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            name = imported
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle of ``graph`` (its modules in order, the first repeated), or None."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for target in sorted(graph.get(module, ())):
            found = visit(target, [*path, module])
            if found:
                return found
        done.add(module)
        return None

    for module in sorted(graph):
        found = visit(module, [])
        if found:
            return found
    return None


def test_the_cycle_finder_finds_a_cycle_through_three_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert cycle(graph) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize(
    "leaf", [leaf for leaf in LEAVES if distribution_installed(f"ractogateway-{leaf}")]
)
def test_imports_run_one_way_within_each_leaf(leaf: str) -> None:
    """No module of a leaf imports, through others, a module that imports it back.

    The facade (``__init__``) imports the private modules; a private module may import the
    facade's names only from where they live.
    """
    spec = importlib.util.find_spec(f"ractogateway.{leaf}")
    assert spec is not None
    assert spec.origin is not None
    assert cycle(import_graph(Path(spec.origin).parent, leaf)) is None

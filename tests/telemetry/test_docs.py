"""The examples of the meta-package's docs pages run as written (blocks marked skip excepted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ("kit-integration.md", "demo.md")
BLOCK = re.compile(r"(<!-- docs-test: skip[^>]*-->\n)?```python\n(.*?)```", re.DOTALL)


def python_blocks(page: Path) -> list[str]:
    """Return the page's Python blocks, in order, without those marked ``docs-test: skip``."""
    return [code for skip, code in BLOCK.findall(page.read_text(encoding="utf-8")) if not skip]


@pytest.mark.parametrize("page", PAGES)
def test_page_examples_run_in_order(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = python_blocks(DOCS / page)
    assert blocks, f"{page} has no runnable example"
    namespace: dict[str, object] = {"__name__": f"docs_{page.replace('-', '_')[:-3]}"}
    try:
        for number, code in enumerate(blocks, 1):
            exec(compile(code, f"{page} block {number}", "exec"), namespace)
    finally:
        for value in namespace.values():
            if type(value).__name__ == "RactoTracer":
                value.shutdown()  # type: ignore[attr-defined]
    capsys.readouterr()

"""Every ```python block in docs/ runs, and the generated price table page is complete.

The blocks of one page run in order, in one namespace, in a fresh interpreter (so that pages
never share a global registry, an environment variable or a port), with warnings as errors.
A block that cannot run here (a live provider, a collector) is excluded by the comment
``<!-- docs-test: skip (reason) -->`` on the line before its fence; keep those rare.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
HOOK = DOCS / "_hooks" / "price_table.py"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_hooks" not in p.relative_to(DOCS).parts)

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)")
SKIP = re.compile(r"^\s*<!--\s*docs-test:\s*skip\s*\((?P<reason>[^)]*\S[^)]*)\)\s*-->\s*$")
MARKER = re.compile(r"<!--\s*docs-test")
#: Runs a page's blocks (JSON on stdin) in one namespace; tracebacks name page and line.
RUNNER = """
import json, sys
namespace = {"__name__": "__docs__"}
for block in json.load(sys.stdin):
    source = "\\n" * (block["line"] - 1) + block["source"]
    exec(compile(source, block["page"], "exec"), namespace)
"""


@dataclass(frozen=True)
class Block:
    """One ```python block: the line of its first code line, its code, why it is skipped."""

    line: int
    source: str
    skip: str | None


def parse(text: str) -> list[Block]:
    """Return the python blocks of a Markdown page.

    Raises:
        ValueError: a fence is not closed, or a docs-test comment is malformed or is not
            followed by a python block.
    """
    lines = text.splitlines()
    blocks: list[Block] = []
    skip: tuple[int, str] | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = FENCE.match(line)
        if MARKER.search(line):
            marker = SKIP.match(line)
            if marker is None:
                raise ValueError(
                    f"line {index + 1}: write <!-- docs-test: skip (reason) -->, got {line.strip()}"
                )
            skip = (index + 1, marker["reason"].strip())
        elif opened:
            indent, fence = opened["indent"], opened["fence"]
            end = index + 1
            while end < len(lines) and not re.match(
                rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", lines[end]
            ):
                end += 1
            if end == len(lines):
                raise ValueError(f"line {index + 1}: the {fence} fence is never closed")
            if opened["info"].lower() == "python":
                body = [text_line.removeprefix(indent) for text_line in lines[index + 1 : end]]
                blocks.append(Block(index + 2, "\n".join(body) + "\n", skip and skip[1]))
            elif skip is not None:
                raise ValueError(f"line {skip[0]}: a docs-test skip before a non-python block")
            skip = None
            index = end
        elif skip is not None and line.strip():
            raise ValueError(f"line {skip[0]}: a docs-test skip not followed by a python block")
        index += 1
    if skip is not None:
        raise ValueError(f"line {skip[0]}: a docs-test skip at the end of the page")
    return blocks


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_examples_run(page: Path, tmp_path: Path) -> None:
    blocks = [block for block in parse(page.read_text(encoding="utf-8")) if block.skip is None]
    if not blocks:
        return  # a page without code: parse() has checked its fences and markers
    name = str(page.relative_to(ROOT))
    payload = [{"page": name, "line": b.line, "source": b.source} for b in blocks]
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", RUNNER],
        input=json.dumps(payload), capture_output=True, text=True, timeout=120,
        cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"an example in {name} failed:\n{done.stderr[-4000:]}"


def test_exclusions_are_rare_and_explained() -> None:
    blocks = {page: parse(page.read_text(encoding="utf-8")) for page in PAGES}
    every = [block for page_blocks in blocks.values() for block in page_blocks]
    skipped = [
        f"{page.relative_to(DOCS)}:{block.line}: {block.skip}"
        for page, page_blocks in blocks.items()
        for block in page_blocks
        if block.skip is not None
    ]
    assert len(every) >= 10, "docs/ should teach by runnable examples"
    assert len(skipped) * 4 <= len(every), "too many skipped examples:\n" + "\n".join(skipped)


def test_parse_runs_blocks_in_tabs_and_honours_skip_markers() -> None:
    page = "\n".join(
        [
            "# Title",
            "```bash",
            "echo not python",
            "```",
            "<!-- docs-test: skip (needs an API key) -->",
            "",
            "```python",
            "kit = Kit()",
            "```",
            '=== "Tab"',
            "",
            "    ```python",
            "    if True:",
            "        x = 1",
            "    ```",
            "~~~~python",
            "print('```')",
            "~~~~",
        ]
    )
    assert parse(page) == [
        Block(8, "kit = Kit()\n", "needs an API key"),
        Block(13, "if True:\n    x = 1\n", None),
        Block(17, "print('```')\n", None),
    ]


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ("```python\nx = 1\n", "never closed"),
        ("<!-- docs-test: skip -->\n```python\nx\n```", "write <!-- docs-test: skip"),
        ("<!-- docs-test: skip (why) -->\ntext\n```python\nx\n```", "not followed"),
        ("<!-- docs-test: skip (why) -->\n```bash\nx\n```", "non-python"),
        ("<!-- docs-test: skip (why) -->\n", "end of the page"),
    ],
)
def test_parse_rejects_broken_pages(page: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse(page)


def test_a_failing_example_names_its_page_and_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Intro.\n\n```python\nx = 1\n```\n\n```python\n\nassert x == 2\n```\n")
    payload = [
        {"page": "page.md", "line": b.line, "source": b.source} for b in parse(page.read_text())
    ]
    done = subprocess.run(
        [sys.executable, "-c", RUNNER], input=json.dumps(payload), capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert 'File "page.md", line 9' in done.stderr
    assert "AssertionError" in done.stderr


def test_price_table_page_lists_every_entry_with_its_date_and_source() -> None:
    from ractogateway.pricing import DEFAULT_COST_TABLE
    from ractogateway.pricing._shared import CHECKED_ON, SOURCES, entry_info

    spec = importlib.util.spec_from_file_location("price_table_hook", HOOK)
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page: str = hook.render()
    rows = {line.split("`")[1]: line for line in page.splitlines() if line.startswith("| `")}
    assert rows.keys() == DEFAULT_COST_TABLE.keys()
    for model, pricing in DEFAULT_COST_TABLE.items():
        cells = [cell.strip() for cell in rows[model].strip("|").split("|")]
        assert float(cells[1]) == pricing.input_per_million, model
        assert float(cells[2]) == pricing.output_per_million, model
        read = pricing.cache_read_per_million
        assert cells[3] == ("\u2013" if read is None else f"{read:g}"), model
        assert cells[5] == entry_info()[model].checked_on
        assert f"#source-{entry_info()[model].source})" in cells[6]
    assert f"checked on **{CHECKED_ON}**" in page
    for key, text in SOURCES.items():
        assert f'id="source-{key}"' in page
        assert text in page
    assert page.startswith("<!-- Generated")

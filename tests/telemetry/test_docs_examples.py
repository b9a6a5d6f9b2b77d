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
from typing import Any

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


def load_hook() -> Any:
    """Import docs/_hooks/price_table.py (not a package module) and return it."""
    spec = importlib.util.spec_from_file_location("price_table_hook", HOOK)
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook


#: The rates a tier or a dated price is written with on the page, in order.
PAGE_RATES = (
    "input_per_million",
    "output_per_million",
    "cache_read_per_million",
    "cache_write_per_million",
    "cache_write_long_per_million",
)
Rates = tuple[float | None, ...]
#: (dated price: None for the one the row shows, "before D" or "from D"; tier threshold)
Label = tuple[str | None, int | None]


def page_rates(pricing: Any) -> Rates:
    return tuple(getattr(pricing, field) for field in PAGE_RATES)


def parse_rates(text: str) -> Rates | str:
    """``6 / 22.5 / <dash> / 7.5`` -> (6.0, 22.5, None, 7.5, None); ``as shown`` stays."""
    if text == "as shown":
        return text
    values = [None if cell == "\u2013" else float(cell) for cell in text.split(" / ")]
    assert 2 <= len(values) <= len(PAGE_RATES), text
    return tuple(values + [None] * (len(PAGE_RATES) - len(values)))


def parse_label(text: str) -> Label:
    """``from 2027-01-01, >200k`` -> ("from 2027-01-01", 200000); ``>1M`` -> (None, 10**6)."""
    period, tier = None, None
    for part in text.split(", "):
        if part.startswith(">"):
            digits = part[1:].replace("k", "000").replace("M", "000000")
            assert digits.isdigit(), text
            tier = int(digits)
        else:
            assert re.fullmatch(r"(before|from) \d{4}-\d{2}-\d{2}", part), text
            period = part
    return period, tier


def expected_schedule(pricing: Any, checked_on: str) -> list[tuple[Label, Rates | str]]:
    """What a row's tiers / changes cell must say, derived from the price itself."""
    in_force = pricing.at(checked_on)
    items: list[tuple[Label, Rates | str]] = [
        ((None, above), page_rates(tier)) for above, tier in in_force.tiers
    ]
    if pricing.changes:
        days = [day for day, _change in pricing.changes]
        first = pricing.at("1970-01-01")
        periods = [(f"before {days[0]}", first)]
        periods += [(f"from {day}", change) for day, change in pricing.changes]
        started = [day for day in days if day <= checked_on]
        current = f"from {started[-1]}" if started else f"before {days[0]}"
        for label, period in periods:
            if label == current:
                assert period == in_force
                items.append(((label, None), "as shown"))
            else:
                items.append(((label, None), page_rates(period)))
                items += [((label, above), page_rates(tier)) for above, tier in period.tiers]
    return items


TIERS = ("batch", "flex", "priority", "fast", "ultrafast")


def expected_extras(pricing: Any, checked_on: str) -> list[tuple[str, Rates | float]]:
    """The variants (in force, then scheduled), tool prices and uplifts a row must list."""
    items: list[tuple[str, Rates | float]] = []
    for tier, variant in pricing.variants:
        served = variant.at(checked_on)
        items.append((tier, page_rates(served)))
        items += [(f"{tier}, >{above}", page_rates(t)) for above, t in served.tiers]
        for day, change in variant.changes:
            if day > checked_on:
                items.append((f"{tier} from {day}", page_rates(change)))
                items += [(f"{tier} from {day}, >{a}", page_rates(t)) for a, t in change.tiers]
    items += [(f"{tool} per 1k", price) for tool, price in pricing.server_tools]
    items += [(f"region {region}", uplift) for region, uplift in pricing.regions]
    return items


def parse_extra(label: str, value: str) -> tuple[str, Rates | float]:
    """``batch, >272k`` / ``2 / 10`` -> ("batch, >272000", (2.0, 10.0, ...)); ``x1.1`` -> 1.1."""
    label = re.sub(r">(\d+)k$", lambda m: f">{int(m[1]) * 1000}", label)
    label = re.sub(r">(\d+)M$", lambda m: f">{int(m[1]) * 1_000_000}", label)
    if label.startswith("region "):
        assert value.startswith("x"), value
        return label, float(value[1:])
    if label.endswith(" per 1k"):
        return label, float(value)
    rates = parse_rates(value)
    assert not isinstance(rates, str), value
    return label, rates


def check_price_page(page: str, table: Any, info: Any, checked_on: str) -> None:
    """Fail unless ``page`` has every model once, with its rates, tiers and dated prices."""
    rows: dict[str, list[str]] = {}
    for line in page.splitlines():
        if line.startswith("| `"):
            model = line.split("`")[1]
            assert model not in rows, f"{model} twice"
            rows[model] = [cell.strip() for cell in line.strip().strip("|").split("|")]
    assert rows.keys() == table.keys()
    for model, pricing in table.items():
        cells = rows[model]
        assert len(cells) == 9, model
        in_force = pricing.at(checked_on)
        assert parse_rates(" / ".join(cells[1:6])) == page_rates(in_force), model
        schedule = [item for item in cells[6].split("<br>") if item]
        reasoning = in_force.reasoning_per_million
        if reasoning is not None:
            label, _, rate = schedule.pop().partition(": ")
            assert (label, float(rate)) == ("reasoning", reasoning), model
        found = []
        extras = []
        for item in schedule:
            label, _, rates = item.rpartition(": ")
            if (
                label.split(",")[0].split(" ")[0] in TIERS
                or " per 1k" in label
                or (label.startswith("region "))
            ):
                extras.append(parse_extra(label, rates))
            else:
                assert not extras, f"{model}: {item} after the variants"
                found.append((parse_label(label), parse_rates(rates)))
        assert found == expected_schedule(pricing, checked_on), model
        assert extras == expected_extras(pricing, checked_on), model
        assert cells[7] == info[model].checked_on
        assert f"#source-{info[model].source})" in cells[8]
    assert f"checked on **{checked_on}**" in page
    assert page.startswith("<!-- Generated")


def test_price_table_page_lists_every_entry_with_its_rates_tiers_changes_date_and_source() -> None:
    from ractogateway.pricing import DEFAULT_COST_TABLE
    from ractogateway.pricing._shared import CHECKED_ON, SOURCES, entry_info

    page: str = load_hook().render()
    check_price_page(page, DEFAULT_COST_TABLE, entry_info(), CHECKED_ON)
    for key, text in SOURCES.items():
        assert f'id="source-{key}"' in page
        assert text in page


def sample_table() -> tuple[dict[str, Any], dict[str, Any]]:
    """A table with a tier, dated prices (one in force, one past, one ahead) and long writes."""
    from ractogateway.pricing import ModelPricing
    from ractogateway.pricing._shared import EntryInfo

    def price(inp: float, out: float, **more: Any) -> ModelPricing:
        return ModelPricing(input_per_million=inp, output_per_million=out, **more)

    cache = {"cache_read_per_million": 0.6, "cache_write_per_million": 7.5}
    table = {
        "tiered": price(3, 15, cache_read_per_million=0.3, cache_write_per_million=3.75,
                        cache_write_long_per_million=6,
                        tiers={200_000: price(6, 22.5, **cache, cache_write_long_per_million=12)}),
        "dated": price(2, 10, changes={
            "2026-12-01": price(4, 20, tiers={1_000_000: price(8, 40)}),
            "2027-01-01": price(1.5, 7.5, tiers={131_072: price(3, 15)}),
        }),
        "plain": price(1, 2),
        "served": price(2, 10, variants={
            "batch": price(1, 5, tiers={272_000: price(2, 7.5)},
                           changes={"2027-01-01": price(0.5, 2.5)}),
            "priority": price(4, 20),
        }, server_tools={"web_search": 10}, regions={"us": 1.1}),
    }  # fmt: skip
    info = {model: EntryInfo("google", "2026-12-01", "google") for model in table}
    return table, info


def test_price_table_page_shows_tiers_and_dated_prices() -> None:
    table, info = sample_table()
    page: str = load_hook().render(table=table, info=info, checked_on="2026-12-01")
    check_price_page(page, table, info, "2026-12-01")
    rows = {line.split("`")[1]: line for line in page.splitlines() if line.startswith("| `")}
    assert rows["tiered"].startswith(
        "| `tiered` | 3 | 15 | 0.3 | 3.75 | 6 | >200k: 6 / 22.5 / 0.6 / 7.5 / 12 |"
    )
    assert rows["dated"].startswith(
        "| `dated` | 4 | 20 | \u2013 | \u2013 | \u2013 | >1M: 8 / 40<br>before 2026-12-01: 2 / 10"
        "<br>from 2026-12-01: as shown<br>from 2027-01-01: 1.5 / 7.5"
        "<br>from 2027-01-01, >131072: 3 / 15 |"
    )
    assert rows["plain"].startswith("| `plain` | 1 | 2 | \u2013 | \u2013 | \u2013 |  |")
    assert rows["served"].startswith(
        "| `served` | 2 | 10 | \u2013 | \u2013 | \u2013 | batch: 1 / 5<br>batch, >272k: 2 / 7.5"
        "<br>batch from 2027-01-01: 0.5 / 2.5<br>priority: 4 / 20<br>web_search per 1k: 10"
        "<br>region us: x1.1 |"
    )
    earlier: str = load_hook().render(table=table, info=info, checked_on="2026-11-30")
    assert "| `dated` | 2 | 10 |" in earlier
    assert "before 2026-12-01: as shown<br>from 2026-12-01: 4 / 20" in earlier


@pytest.mark.parametrize(
    ("drop", "replace"),
    [
        pytest.param("| `plain` | 1 | 2 | \u2013 | \u2013 | \u2013 |  | 2026-12-01 | [google]"
                     "(#source-google) |\n", "", id="a model"),
        pytest.param(" >200k: 6 / 22.5 / 0.6 / 7.5 / 12 ", "  ", id="a tier"),
        pytest.param("<br>from 2027-01-01: 1.5 / 7.5", "", id="a change"),
        pytest.param("<br>from 2027-01-01, >131072: 3 / 15", "", id="a change's tier"),
        pytest.param("<br>from 2027-01-01: 1.5 / 7.5<br>", "<br>from 2027-01-01: 1.5 / 8<br>",
                     id="a rate"),
        pytest.param(" 0.3 | 3.75 | 6 ", " 0.3 | 3.75 | \u2013 ", id="a long write"),
        pytest.param("<br>priority: 4 / 20", "", id="a variant"),
        pytest.param("<br>batch from 2027-01-01: 0.5 / 2.5", "", id="a variant's change"),
        pytest.param("batch, >272k: 2 / 7.5", "batch, >272k: 2 / 8", id="a variant's tier"),
        pytest.param("<br>web_search per 1k: 10<br>", "<br>", id="a tool price"),
        pytest.param("<br>region us: x1.1 |", "<br>region us: x1.2 |", id="an uplift"),
    ],
)  # fmt: skip
def test_the_price_page_check_fails_when_the_page_drops_something(drop: str, replace: str) -> None:
    table, info = sample_table()
    page: str = load_hook().render(table=table, info=info, checked_on="2026-12-01")
    assert drop in page
    with pytest.raises(AssertionError):
        check_price_page(page.replace(drop, replace, 1), table, info, "2026-12-01")

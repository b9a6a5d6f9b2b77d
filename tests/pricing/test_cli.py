"""``python -m ractogateway.pricing`` run as a real subprocess.

Tiers and dated prices are tested with price files of the tests' own (``RACTOGATEWAY_PRICES``),
so the tests hold whatever the built-in table holds; the ``list --json`` test checks every
built-in entry, tiers and dated changes included, against ``DEFAULT_COST_TABLE``.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, compute_cost, load_price_table

ENV = "RACTOGATEWAY_PRICES"
# A price file with every new part: a tier, dated changes (one with a tier of its own),
# long cache writes and a reasoning price; keys in the model_dump() form.
PRICES: dict[str, Any] = {
    "tiered-1": {
        "input_per_million": 30,
        "output_per_million": 180,
        "cache_read_per_million": 3,
        "tiers": {"200000": {"input_per_million": 60, "output_per_million": 270}},
    },
    "dated-1": {
        "input_per_million": 2,
        "output_per_million": 10,
        "changes": {
            "2026-12-01": {
                "input_per_million": 4,
                "output_per_million": 20,
                "tiers": {"128000": {"input_per_million": 8, "output_per_million": 30}},
            },
            "2027-01-01": {"input_per_million": 1.5, "output_per_million": 7.5},
        },
    },
    "Parts-1": {
        "input_per_million": 1,
        "output_per_million": 4,
        "cache_write_per_million": 1.25,
        "cache_write_long_per_million": 2,
        "reasoning_per_million": 5,
    },
    # Overrides a built-in entry.
    "gpt-4o": {"input_per_million": 0.5, "output_per_million": 1},
}


def run(*args: str, prices: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI with ``prices`` as RACTOGATEWAY_PRICES (never the caller's own)."""
    env = {key: value for key, value in os.environ.items() if key != ENV}
    if prices is not None:
        env[ENV] = str(prices)
    return subprocess.run(
        [sys.executable, "-m", "ractogateway.pricing", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def ok(*args: str, prices: Path | None = None) -> str:
    result = run(*args, prices=prices)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def fails(*args: str, prices: Path | None = None) -> str:
    """Run a failing command: exit 2, a message on stderr, no traceback, nothing on stdout."""
    result = run(*args, prices=prices)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.strip()
    return result.stderr


@pytest.fixture
def prices(tmp_path: Path) -> Path:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(PRICES), encoding="utf-8")
    return path


@pytest.fixture
def table(prices: Path) -> dict[str, ModelPricing]:
    """The file's entries as ``price_table=``, to compute what the CLI must print."""
    return load_price_table(prices)


# ---------------------------------------------------------------------------------------
# cost
# ---------------------------------------------------------------------------------------


def test_cost_prints_the_cost_of_the_call() -> None:
    out = ok("cost", "gpt-4o", "--input", "1200", "--output", "300")
    assert out == f"gpt-4o (priced as gpt-4o): ${compute_cost('gpt-4o', 1200, 300):.6f}\n"


def test_cost_json_with_cache_parts_and_alias() -> None:
    out = ok("--json", "cost", "openai/GPT-4o", "--input", "10000", "--output", "10",
             "--cache-read", "8000")  # fmt: skip
    data = json.loads(out)
    assert data["model"] == "openai/GPT-4o"
    assert data["resolved"] == "gpt-4o"
    assert data["origin"] == "built-in"
    assert data["cost_usd"] == pytest.approx(
        compute_cost("gpt-4o", 10000, 10, cache_read_tokens=8000)
    )
    assert data["tokens"] == {"input": 10000, "output": 10, "cache_read": 8000,
                              "cache_write": 0, "cache_write_long": 0, "reasoning": 0}  # fmt: skip


def test_json_is_accepted_after_the_command_too() -> None:
    data = json.loads(ok("cost", "gpt-4o", "--input", "5", "--json"))
    assert data["resolved"] == "gpt-4o"
    assert json.loads(ok("--json", "lookup", "gpt-4o", "--json"))["model"] == "gpt-4o"


@pytest.mark.parametrize(("tokens", "tier"), [(199_999, None), (200_000, None), (200_001, 200_000)])
def test_cost_tier_one_token_below_at_and_above_the_threshold(
    prices: Path, table: dict[str, ModelPricing], tokens: int, tier: int | None
) -> None:
    args = ("cost", "tiered-1", "--input", str(tokens), "--output", "4000", "--cache-read", "1000")
    data = json.loads(ok("--json", *args, prices=prices))
    assert data["tier"] == tier
    assert data["price_from"] is None
    assert data["origin"] == ENV
    expected = compute_cost("tiered-1", tokens, 4000, cache_read_tokens=1000, price_table=table)
    assert data["cost_usd"] == pytest.approx(expected, rel=1e-12)
    text = ok(*args, prices=prices)
    if tier is None:
        assert (
            "(priced as tiered-1 at the <=200000-token base tier, from RACTOGATEWAY_PRICES)" in text
        )
    else:
        assert "(priced as tiered-1 at the >200000-token tier, from RACTOGATEWAY_PRICES)" in text
    assert text.endswith(f": ${expected:.6f}\n")


def test_cost_tier_prices_every_token_of_the_call_at_the_tier(prices: Path) -> None:
    data = json.loads(ok("--json", "cost", "tiered-1", "--input", "300000", "--output", "4000",
                         prices=prices))  # fmt: skip
    assert data["cost_usd"] == pytest.approx((300_000 * 60 + 4_000 * 270) / 1e6)


@pytest.mark.parametrize(
    ("at", "price_from", "rates"),
    [
        ("2026-11-30", None, (2, 10)),
        ("2026-11-30T23:59:59", None, (2, 10)),  # naive: UTC
        ("2026-12-01T00:30:00+01:00", None, (2, 10)),  # 23:30 UTC the day before
        ("2026-12-01", "2026-12-01", (4, 20)),
        ("2026-12-01T00:00:00Z", "2026-12-01", (4, 20)),
        ("2026-12-31T23:59:59.999999", "2026-12-01", (4, 20)),
        ("2027-01-01", "2027-01-01", (1.5, 7.5)),
        ("2030-06-15T12:00:00-07:00", "2027-01-01", (1.5, 7.5)),
    ],
)
def test_cost_at_the_day_before_of_and_after_a_change(
    prices: Path, at: str, price_from: str | None, rates: tuple[float, float]
) -> None:
    args = ("cost", "dated-1", "--input", "1000", "--output", "100", "--at", at)
    data = json.loads(ok("--json", *args, prices=prices))
    assert data["price_from"] == price_from
    assert data["tier"] is None
    assert data["cost_usd"] == pytest.approx((1000 * rates[0] + 100 * rates[1]) / 1e6)
    when = datetime.datetime.fromisoformat(data["at"])
    assert when.utcoffset() == datetime.timedelta(0)
    text = ok(*args, prices=prices)
    tier = " at the <=128000-token base tier" if price_from == "2026-12-01" else ""
    dated = f", price from {price_from}" if price_from else ", price before 2026-12-01"
    assert text.startswith(f"dated-1 (priced as dated-1{tier}{dated}, from {ENV}): $")


def test_cost_with_a_dated_tier_names_both(prices: Path, table: dict[str, ModelPricing]) -> None:
    args = ("cost", "dated-1", "--input", "200000", "--output", "1000", "--at", "2026-12-15")
    text = ok(*args, prices=prices)
    expected = compute_cost("dated-1", 200_000, 1000, price_table=table, at="2026-12-15")
    assert expected == pytest.approx((200_000 * 8 + 1000 * 30) / 1e6)
    assert text == (
        "dated-1 (priced as dated-1 at the >128000-token tier, price from 2026-12-01,"
        f" from RACTOGATEWAY_PRICES): ${expected:.6f}\n"
    )
    data = json.loads(ok("--json", *args, prices=prices))
    assert (data["tier"], data["price_from"]) == (128_000, "2026-12-01")
    assert data["at"] == "2026-12-15T00:00:00+00:00"


def test_cost_defaults_to_now(prices: Path) -> None:
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    data = json.loads(ok("--json", "cost", "dated-1", "--input", "10", prices=prices))
    after = datetime.datetime.now(datetime.timezone.utc)
    assert before <= datetime.datetime.fromisoformat(data["at"]) <= after


def test_cost_long_cache_writes_and_reasoning(prices: Path, table: dict[str, ModelPricing]) -> None:
    args = ("--json", "cost", "parts-1", "--input", "100", "--cache-write", "50",
            "--cache-write-long", "20", "--output", "10", "--reasoning", "5")  # fmt: skip
    data = json.loads(ok(*args, prices=prices))
    # 50 fresh input x 1, 30 short writes x 1.25, 20 long writes x 2, 5 output x 4, 5 reasoning x 5.
    assert data["cost_usd"] == pytest.approx((50 + 37.5 + 40 + 20 + 25) / 1e6)
    assert data["cost_usd"] == pytest.approx(
        compute_cost(
            "parts-1",
            100,
            10,
            cache_write_tokens=50,
            cache_write_long_tokens=20,
            reasoning_tokens=5,
            price_table=table,
        )
    )
    assert data["tokens"]["cache_write_long"] == 20
    assert data["tokens"]["reasoning"] == 5


def test_cost_parts_at_the_output_rate_without_their_own_price() -> None:
    plain = json.loads(ok("--json", "cost", "gpt-4o", "--input", "100", "--output", "50"))
    parts = json.loads(ok("--json", "cost", "gpt-4o", "--input", "100", "--output", "50",
                          "--reasoning", "50"))  # fmt: skip
    assert parts["cost_usd"] == pytest.approx(plain["cost_usd"])


# ---------------------------------------------------------------------------------------
# lookup
# ---------------------------------------------------------------------------------------


def test_lookup_shows_what_an_alias_resolves_to_and_its_provenance() -> None:
    row = json.loads(ok("--json", "lookup", "openai/gpt-4o-mini-2099-12-31"))
    assert row["query"] == "openai/gpt-4o-mini-2099-12-31"
    assert row["model"] == "gpt-4o-mini"
    assert row["provider"] == "openai"
    assert row["origin"] == "built-in"
    assert row["input_per_million"] == DEFAULT_COST_TABLE["gpt-4o-mini"].input_per_million
    assert row["checked_on"]
    assert "pricing page" in row["source"]
    assert ModelPricing.model_validate(row["pricing"]) == DEFAULT_COST_TABLE["gpt-4o-mini"]
    text = ok("lookup", "openai/gpt-4o-mini-2099-12-31")
    assert f"checked on  {row['checked_on']}" in text
    assert row["source"] in text


def test_lookup_json_has_the_price_in_force_tiers_and_changes(
    prices: Path, table: dict[str, ModelPricing]
) -> None:
    row = json.loads(ok("--json", "lookup", "dated-1", "--at", "2026-12-10T08:00", prices=prices))
    assert row["at"] == "2026-12-10T08:00:00+00:00"
    assert row["price_from"] == "2026-12-01"
    assert (row["input_per_million"], row["output_per_million"]) == (4.0, 20.0)
    assert row["tiers"] == {"128000": {**table["dated-1"].changes[0][1].tiers[0][1].model_dump(),
                                       "tiers": {}, "changes": {}}}  # fmt: skip
    assert "changes" not in row
    assert sorted(row["pricing"]["changes"]) == ["2026-12-01", "2027-01-01"]
    assert ModelPricing.model_validate(row["pricing"]) == table["dated-1"]
    assert row["origin"] == ENV
    assert row["checked_on"] is None
    assert row["source"] == f"{ENV}={prices}"
    assert row["provider"] == "custom"


def test_lookup_text_shows_rates_tiers_changes_and_the_price_in_force(prices: Path) -> None:
    text = ok("lookup", "dated-1", "--at", "2027-02-01", prices=prices)
    lines = [line.split() for line in text.splitlines()]
    assert ["before", "2026-12-01", "2", "10", "-", "-", "-", "-"] in lines
    assert ["from", "2026-12-01", "4", "20", "-", "-", "-", "-"] in lines
    assert ["above", "128000", "tokens", "8", "30", "-", "-", "-", "-"] in lines
    assert ["from", "2027-01-01", "*", "1.5", "7.5", "-", "-", "-", "-"] in lines
    assert "* in force at 2027-02-01T00:00:00+00:00" in text
    assert f"source      {ENV}={prices}" in text
    head = next(line for line in lines if line[:1] == ["USD"])
    assert head == ["USD", "per", "1M", "tokens", "input", "output", "cache", "read", "cache",
                    "write", "long", "write", "reasoning"]  # fmt: skip


def test_lookup_text_of_a_tiered_price(prices: Path) -> None:
    text = ok("lookup", "tiered-1", prices=prices)
    lines = [line.split() for line in text.splitlines()]
    assert ["price", "30", "180", "3", "-", "-", "-"] in lines
    assert ["above", "200000", "tokens", "60", "270", "-", "-", "-", "-"] in lines
    assert "every token of the call bills at that tier's rates" in text


def test_lookup_of_a_built_in_entry_overridden_by_the_file(prices: Path) -> None:
    row = json.loads(ok("--json", "lookup", "openai/gpt-4o", prices=prices))
    assert row["model"] == "gpt-4o"
    assert (row["input_per_million"], row["output_per_million"]) == (0.5, 1.0)
    assert row["provider"] == "openai"
    assert row["origin"] == ENV
    data = json.loads(ok("--json", "cost", "gpt-4o", "--input", "1000000", prices=prices))
    assert data["cost_usd"] == pytest.approx(0.5)


# ---------------------------------------------------------------------------------------
# list
# ---------------------------------------------------------------------------------------


def rows_of(text: str) -> dict[str, list[str]]:
    """Return the rows of ``list``'s text table by model id (the header included)."""
    lines = text.split("\n\n", maxsplit=1)[0].splitlines()
    return {line.split()[0]: line.split() for line in lines}


def test_list_filters_by_provider() -> None:
    rows = rows_of(ok("list", "--provider", "anthropic"))
    assert rows.pop("model")[:2] == ["model", "provider"]
    assert rows
    assert all(row[1] == "anthropic" for row in rows.values())
    assert any(model.startswith("claude-") for model in rows)


def test_list_search_json() -> None:
    rows = json.loads(ok("--json", "list", "--search", "EMBEDDING"))
    assert rows
    assert all("embedding" in row["model"] for row in rows)


def test_list_json_is_the_whole_built_in_table_at_the_time_asked() -> None:
    at = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
    rows = json.loads(ok("--json", "list", "--at", "2026-12-01T00:00:00"))
    assert [row["model"] for row in rows] == sorted(DEFAULT_COST_TABLE)
    for row in rows:
        pricing = DEFAULT_COST_TABLE[row["model"]]
        assert ModelPricing.model_validate(row["pricing"]) == pricing, row["model"]
        in_force = pricing.at(at).model_dump()
        del in_force["changes"]
        assert {key: row[key] for key in in_force} == json.loads(json.dumps(in_force))
        assert row["origin"] == "built-in"
        assert row["checked_on"]


def test_list_marks_tiers_changes_and_the_file(prices: Path) -> None:
    text = ok("list", "--at", "2026-12-01", prices=prices)
    rows = rows_of(text)
    assert rows["model"][-1] == "notes"
    assert rows["tiered-1"][1:] == ["custom", "30", "180", "3", "-", "-", "-", "tiers,file"]
    assert rows["dated-1"][1:] == ["custom", "4", "20", "-", "-", "-", "-", "tiers,changes,file"]
    assert rows["Parts-1"][1:] == ["custom", "1", "4", "-", "1.25", "2", "5", "file"]
    assert rows["gpt-4o"][1:] == ["openai", "0.5", "1", "-", "-", "-", "-", "file"]
    assert rows["gpt-4o-mini"][-1] != "file"
    assert f"file = from {ENV}={prices}" in text
    assert "in force at 2026-12-01T00:00:00+00:00" in text
    assert len(rows) - 1 == len(DEFAULT_COST_TABLE) + 3  # gpt-4o is listed once
    earlier = rows_of(ok("list", "--at", "2026-11-30", "--search", "dated", prices=prices))
    assert earlier["dated-1"][2:4] == ["2", "10"]


def test_list_json_marks_the_file_entries(prices: Path) -> None:
    rows = {row["model"]: row for row in json.loads(ok("--json", "list", prices=prices))}
    assert rows["gpt-4o"]["origin"] == ENV
    assert rows["gpt-4o"]["input_per_million"] == 0.5
    assert rows["gpt-4o-mini"]["origin"] == "built-in"
    custom = json.loads(ok("--json", "list", "--provider", "custom", prices=prices))
    assert sorted(row["model"] for row in custom) == ["Parts-1", "dated-1", "tiered-1"]


# ---------------------------------------------------------------------------------------
# Errors: a message and exit status 2, never a traceback
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["cost", "lookup"])
def test_unknown_model_exits_2_with_close_matches(command: str) -> None:
    stderr = fails(command, "gpt-4x")
    assert "unknown model 'gpt-4x'" in stderr
    assert "close matches:" in stderr
    assert "gpt-4" in stderr.split("close matches:")[1]


def test_close_matches_include_the_file_entries(prices: Path) -> None:
    assert "parts-1" in fails("lookup", "parts-2", prices=prices).split("close matches:")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "10", "--cache-read", "20"], "must not exceed --input (10)"),
        (["--input", "10", "--cache-read", "6", "--cache-write", "5"], "(6 + 5)"),
        (["--input", "10", "--cache-write", "5", "--cache-write-long", "6"],
         "--cache-write-long (6) must not exceed --cache-write (5)"),
        (["--output", "10", "--reasoning", "11"], "--reasoning (11) must not exceed --output (10)"),
        pytest.param(["--input", "9" * 400], "must fit a float", id="400 digits"),
        pytest.param(["--output", "9" * 5000], "must fit a float", id="5000 digits"),
        (["--cache-read", "-1"], "must be >= 0"),
        (["--input", "1.5"], "whole number"),
        (["--input", "lots"], "whole number"),
        pytest.param(["--input", "9" * 308, "--output", "9" * 308], "beyond float range",
                     id="a cost beyond float range"),
    ],
)  # fmt: skip
def test_bad_counts_exit_2_with_the_reason(args: list[str], message: str) -> None:
    assert message in fails("cost", "gpt-4o", *args)


@pytest.mark.parametrize(
    "at", ["yesterday", "2026-13-01", "2026-02-30", "12/01/2026", "", "0001-01-01T00:00+01:00"]
)
@pytest.mark.parametrize("command", [["cost", "gpt-4o"], ["lookup", "gpt-4o"], ["list"]])
def test_a_bad_at_exits_2(command: list[str], at: str) -> None:
    stderr = fails(*command, "--at", at)
    assert "argument --at:" in stderr
    assert "a UTC date (2026-12-01) or an ISO datetime" in stderr


# (what is wrong, the file's text, what the message must name besides the variable and file)
BAD_FILES = [
    ("a price not a number", '{"my-x": {"input_per_million": "abc", "output_per_million": 1}}',
     ["'my-x'", "input_per_million", "'abc'"]),
    ("a negative price", '{"my-x": {"input_per_million": -1, "output_per_million": 1}}',
     ["'my-x'", "input_per_million", "-1"]),
    ("an unknown field", '{"my-x": {"input_per_million": 1, "output_per_million": 1, "colour": 2}}',
     ["'my-x'", "colour"]),
    ("a missing field", '{"my-x": {"input_per_million": 1}}', ["'my-x'", "output_per_million"]),
    ("a bad change date", '{"my-x": {"input_per_million": 1, "output_per_million": 1, "changes":'
     ' {"soon": {"input_per_million": 1, "output_per_million": 1}}}}',
     ["'my-x'", "changes", "'soon'"]),
    ("a bad tier price", '{"my-x": {"input_per_million": 1, "output_per_million": 1, "tiers":'
     ' {"200000": {"input_per_million": 1, "output_per_million": "x"}}}}',
     ["'my-x'", "tiers", "output_per_million"]),
    ("not JSON", '{"my-x": ', ["not valid JSON"]),
    ("not a mapping", "[1, 2]", ["maps model ids to prices"]),
    ("absurdly nested", "[" * 100_000 + "]" * 100_000, []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "names"), [pytest.param(*case[1:], id=case[0]) for case in BAD_FILES]
)
@pytest.mark.parametrize("command", [["cost", "gpt-4o"], ["lookup", "gpt-4o"], ["list"]])
def test_a_bad_price_file_exits_2_naming_the_variable_file_id_and_field(
    tmp_path: Path, command: list[str], content: str, names: list[str]
) -> None:
    path = tmp_path / "bad-prices.json"
    path.write_text(content, encoding="utf-8")
    stderr = fails(*command, prices=path)
    assert stderr.startswith(f"error: {ENV}")
    assert str(path) in stderr
    for name in names:
        assert name in stderr


@pytest.mark.parametrize("kind", ["missing", "directory", "not utf-8"])
def test_an_unreadable_price_file_exits_2(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "prices.json"
    if kind == "directory":
        path.mkdir()
    elif kind == "not utf-8":
        path.write_bytes(b"\xff\xfe{}")
    stderr = fails("list", prices=path)
    assert stderr.startswith(f"error: {ENV}")
    assert str(path) in stderr


TOML = """
["toml-1"]
input_per_million = 1
output_per_million = 2

["toml-1".tiers.200000]
input_per_million = 2
output_per_million = 4
"""


def test_a_toml_price_file_is_read_on_3_11_and_a_clear_error_before(tmp_path: Path) -> None:
    # One test for both sides, so that no cell skips it: tomllib is Python 3.11+.
    path = tmp_path / "prices.toml"
    path.write_text(TOML, encoding="utf-8")
    if sys.version_info >= (3, 11):
        row = json.loads(ok("--json", "lookup", "toml-1", prices=path))
        assert row["origin"] == ENV
        assert row["tiers"]["200000"]["output_per_million"] == 4.0
    else:
        stderr = fails("lookup", "toml-1", prices=path)
        assert f"{ENV}: {path}: TOML price files need Python 3.11 or later" in stderr
        assert "as JSON" in stderr


# ---------------------------------------------------------------------------------------
# Output piped into a reader that exits early
# ---------------------------------------------------------------------------------------


def read_one_line_and_close(*args: str, prices: Path | None = None) -> tuple[int, str]:
    env = {key: value for key, value in os.environ.items() if key != ENV}
    if prices is not None:
        env[ENV] = str(prices)
    with subprocess.Popen(
        [sys.executable, "-m", "ractogateway.pricing", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()  # as `head -1` does
        stderr = process.stderr.read().decode()
        return process.wait(timeout=60), stderr


def test_a_closed_pipe_ends_quietly_with_status_1(tmp_path: Path) -> None:
    # Far more output than a pipe holds, so the writer surely meets the closed pipe.
    path = tmp_path / "many.json"
    many = {f"m-{i:05d}": {"input_per_million": 1, "output_per_million": 2} for i in range(5000)}
    path.write_text(json.dumps(many), encoding="utf-8")
    status, stderr = read_one_line_and_close("list", prices=path)
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr
    assert stderr == ""
    assert status == 1


def test_list_into_a_reader_that_stops_early() -> None:
    # The built-in table may fit the pipe's buffer: then the writer never notices (status 0).
    status, stderr = read_one_line_and_close("list")
    assert stderr == ""
    assert status in (0, 1)

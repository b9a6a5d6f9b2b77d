"""``python -m ractogateway.pricing`` run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ractogateway.pricing import DEFAULT_COST_TABLE, compute_cost


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ractogateway.pricing", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cost_prints_the_cost_of_the_call() -> None:
    result = run("cost", "gpt-4o", "--input", "1200", "--output", "300")
    assert result.returncode == 0, result.stderr
    assert f"${compute_cost('gpt-4o', 1200, 300):.6f}" in result.stdout


def test_cost_json_with_cache_parts_and_alias() -> None:
    result = run(
        "--json",
        "cost",
        "openai/GPT-4o",
        "--input",
        "10000",
        "--output",
        "10",
        "--cache-read",
        "8000",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["resolved"] == "gpt-4o"
    assert data["cost_usd"] == pytest.approx(
        compute_cost("gpt-4o", 10000, 10, cache_read_tokens=8000)
    )


def test_lookup_shows_what_an_alias_resolves_to() -> None:
    result = run("--json", "lookup", "openai/gpt-4o-mini-2099-12-31")
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    assert row["model"] == "gpt-4o-mini"
    assert row["provider"] == "openai"
    assert row["input_per_million"] == DEFAULT_COST_TABLE["gpt-4o-mini"].input_per_million
    assert row["checked_on"]


def test_list_filters_by_provider() -> None:
    result = run("list", "--provider", "anthropic")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["model", "provider"]
    rows = [line.split() for line in lines[1:] if line and not line.startswith(tuple("0123456789"))]
    assert rows
    assert all(row[1] == "anthropic" for row in rows)
    assert any(row[0].startswith("claude-") for row in rows)


def test_list_search_json() -> None:
    result = run("--json", "list", "--search", "embedding")
    rows = json.loads(result.stdout)
    assert rows
    assert all("embedding" in row["model"] for row in rows)


@pytest.mark.parametrize("command", ["cost", "lookup"])
def test_unknown_model_exits_2_with_close_matches(command: str) -> None:
    result = run(command, "gpt-4x")
    assert result.returncode == 2
    assert "unknown model 'gpt-4x'" in result.stderr
    assert "close matches:" in result.stderr
    assert "gpt-4" in result.stderr.split("close matches:")[1]


def test_bad_counts_exit_2_with_the_reason() -> None:
    result = run("cost", "gpt-4o", "--input", "10", "--cache-read", "20")
    assert result.returncode == 2
    assert "must not exceed input_tokens" in result.stderr

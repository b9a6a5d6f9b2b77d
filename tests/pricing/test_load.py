"""Price files: ``load_price_table`` and ``RACTOGATEWAY_PRICES`` (read once, at first use)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ractogateway.pricing import DEFAULT_COST_TABLE, ModelPricing, compute_cost, load_price_table

ENTRIES = {
    "house-model": {"input_per_million": 1.0, "output_per_million": 2.0},
    "gpt-4o": {
        "input_per_million": 100.0,
        "output_per_million": 200.0,
        "tiers": {"1000": {"input_per_million": 300.0, "output_per_million": 400.0}},
        "changes": {"2030-01-01": {"input_per_million": 7.0, "output_per_million": 8.0}},
    },
}
TOML = """
["house-model"]
input_per_million = 1.0
output_per_million = 2.0

["gpt-4o"]
input_per_million = 100.0
output_per_million = 200.0

["gpt-4o".tiers."1000"]
input_per_million = 300.0
output_per_million = 400.0

["gpt-4o".changes."2030-01-01"]
input_per_million = 7.0
output_per_million = 8.0
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_json_file_of_model_dumps_loads_every_part(tmp_path: Path) -> None:
    table = load_price_table(write(tmp_path, "prices.json", json.dumps(ENTRIES)))
    assert table["house-model"] == ModelPricing(input_per_million=1.0, output_per_million=2.0)
    gpt = table["gpt-4o"]
    assert gpt.tiers[0][0] == 1000
    assert gpt.at("2030-01-01").input_per_million == 7.0
    # What model_dump writes, load_price_table reads back.
    again = write(tmp_path, "again.json", json.dumps({k: v.model_dump() for k, v in table.items()}))
    assert load_price_table(str(again)) == table


def test_a_toml_file_needs_python_3_11(tmp_path: Path) -> None:
    path = write(tmp_path, "prices.toml", TOML)
    if sys.version_info >= (3, 11):
        as_json = load_price_table(write(tmp_path, "prices.json", json.dumps(ENTRIES)))
        assert load_price_table(path) == as_json
    else:
        with pytest.raises(ValueError, match=r"TOML price files need Python 3\.11.*JSON"):
            load_price_table(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "prices.json: not valid JSON"),
        ("[1, 2]", "maps model ids to prices, got a list"),
        ('{"m": 3}', "'m': ModelPricing.model_validate expects a mapping"),
        (
            '{"m": {"input_per_million": 1}}',
            r"'m': .*missing required field\(s\) \['output_per_million'\]",
        ),
        (
            '{"m": {"input_per_million": "cheap", "output_per_million": 1}}',
            "'m': ModelPricing.input_per_million must be a finite number >= 0.*got 'cheap'",
        ),
        (
            '{"m": {"input_per_million": 1, "output_per_million": -2}}',
            "'m': ModelPricing.output_per_million must be finite and >= 0.*-2",
        ),
        (
            '{"m": {"input_per_million": 1, "output_per_million": 1, "cost": 3}}',
            r"no field\(s\) \['cost'\]",
        ),
        (
            '{"m": {"input_per_million": 1, "output_per_million": 1, "changes": {"soon": {}}}}',
            "'m': ModelPricing.changes keys must be dates",
        ),
        ('{"": {"input_per_million": 1, "output_per_million": 1}}', "must not be empty"),
    ],
)
def test_a_bad_file_names_the_file_the_id_the_field_and_the_value(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, "prices.json", text)
    with pytest.raises(ValueError, match=message) as info:
        load_price_table(path)
    assert str(path) in str(info.value)


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_price_table(tmp_path / "absent.json")


def run(code: str, env_file: Path | None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with RACTOGATEWAY_PRICES set (or unset)."""
    env = {key: value for key, value in os.environ.items() if key != "RACTOGATEWAY_PRICES"}
    if env_file is not None:
        env["RACTOGATEWAY_PRICES"] = str(env_file)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_variable_overrides_and_extends_the_table_everywhere(tmp_path: Path) -> None:
    path = write(tmp_path, "prices.json", json.dumps(ENTRIES))
    done = run(
        """
        from ractogateway.pricing import DEFAULT_COST_TABLE, compute_cost, lookup_pricing
        from ractogateway.pricing._shared import PriceResolver
        print(compute_cost("house-model", 10**6, 10**6))
        print(compute_cost("openai/GPT-4o", 500, 0, at="2029-01-01") * 1e6 / 500)
        print(compute_cost("gpt-4o", 5000, 0, at="2029-01-01") * 1e6 / 5000)
        print(lookup_pricing("gpt-4o", at="2030-06-01").input_per_million)
        print(PriceResolver().lookup("house-model").output_per_million)
        mini = DEFAULT_COST_TABLE["gpt-4o-mini"]
        print(compute_cost("gpt-4o-mini", 10**6, 0) == mini.input_per_million)
        print("house-model" in DEFAULT_COST_TABLE)
        """,
        path,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3.0", "100.0", "300.0", "7.0", "2.0", "True", "False"]


def test_the_file_is_read_at_first_use_not_at_import_and_only_once(tmp_path: Path) -> None:
    path = tmp_path / "late.json"
    done = run(
        f"""
        import json, pathlib
        import ractogateway.pricing as pricing
        path = pathlib.Path({str(path)!r})
        path.write_text(json.dumps({{"late": {{"input_per_million": 1, "output_per_million": 0}}}}))
        print(pricing.compute_cost("late", 10**6, 0))
        path.write_text(json.dumps({{"late": {{"input_per_million": 9, "output_per_million": 0}}}}))
        print(pricing.compute_cost("late", 10**6, 0))
        """,
        path,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1.0", "1.0"]


def test_a_bad_file_is_an_error_at_first_use_never_a_silent_fallback(tmp_path: Path) -> None:
    bad = write(
        tmp_path, "bad.json", '{"gpt-4o": {"input_per_million": -1, "output_per_million": 1}}'
    )
    done = run(
        """
        import ractogateway.pricing as pricing
        for attempt in range(2):
            try:
                pricing.compute_cost("gpt-4o", 10, 10)
            except ValueError as error:
                print("ValueError:", error)
        """,
        bad,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2  # every use fails, not only the first
    for line in lines:
        assert line.startswith("ValueError: RACTOGATEWAY_PRICES: ")
        assert "bad.json: 'gpt-4o': ModelPricing.input_per_million must be finite" in line


def test_an_unreadable_file_names_the_variable(tmp_path: Path) -> None:
    done = run(
        """
        import ractogateway.pricing as pricing
        try:
            pricing.lookup_pricing("gpt-4o")
        except OSError as error:
            print(error)
        """,
        tmp_path / "absent.json",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "RACTOGATEWAY_PRICES=" in done.stdout
    assert "absent.json" in done.stdout


def test_without_the_variable_nothing_is_read(tmp_path: Path) -> None:
    assert compute_cost("house-model", 10**6, 0) == 0.0
    done = run(
        "import ractogateway.pricing as p; print(p.compute_cost('gpt-4o', 10**6, 0))",
        None,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) == DEFAULT_COST_TABLE["gpt-4o"].input_per_million


def test_a_file_that_is_not_utf8_or_absurdly_nested_is_a_value_error(tmp_path: Path) -> None:
    binary = tmp_path / "prices.json"
    binary.write_bytes(b'{"m": "\xff\xfe"}')
    with pytest.raises(ValueError, match=r"prices\.json: not UTF-8 text"):
        load_price_table(binary)
    nested = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match=r"deep\.json: (nested too deeply|not valid JSON)"):
        load_price_table(nested)


def test_a_price_file_carries_variants_tool_prices_and_uplifts(tmp_path: Path) -> None:
    batch = {"input_per_million": 1, "output_per_million": 5}
    entry = {
        "input_per_million": 2,
        "output_per_million": 10,
        "variants": {
            "batch": batch,
            "priority": {
                "input_per_million": 4,
                "output_per_million": 20,
                "tiers": {"200000": {"input_per_million": 8, "output_per_million": 30}},
            },
        },
        "server_tools": {"web_search": 10},
        "regions": {"us": 1.1},
    }
    table = load_price_table(write(tmp_path, "prices.json", json.dumps({"my-model": entry})))
    mine = table["my-model"]
    assert mine.variant("fast").tiers[0][1].input_per_million == 8.0
    cost = compute_cost(
        "my-model", 1_000_000, 0, price_table=table, service_tier="batch", region="us",
        server_tool_requests={"web_search": 100},
    )  # fmt: skip
    assert cost == pytest.approx(1.0 * 1.1 + 1.0)
    bad = {"my-model": {**entry, "variants": {"express": batch}}}
    with pytest.raises(ValueError, match=r"my-model.*variants keys are service tiers"):
        load_price_table(write(tmp_path, "bad.json", json.dumps(bad)))

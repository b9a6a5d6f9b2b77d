"""Pricing peers, each in its own venv: the same gpt-4o call priced by another library.

- genai-prices: ``calc_price(Usage(input_tokens=..., output_tokens=...), model, provider_id=...)``;
- tokencost: ``calculate_cost_by_tokens`` for the input and for the output tokens.

Both are imported at run time (they are not dependencies of the project).
"""

from __future__ import annotations

import importlib
from typing import Any

from benchmarks import calls
from benchmarks.catalogue import GENAI_PRICES, TOKENCOST
from benchmarks.timing import Workload


def _genai_prices() -> Workload:
    module = importlib.import_module("genai_prices")
    usage, calc_price = module.Usage, module.calc_price

    def compute_cost(model: str, input_tokens: int, output_tokens: int) -> Any:
        return calc_price(
            usage(input_tokens=input_tokens, output_tokens=output_tokens),
            model,
            provider_id=calls.PROVIDER,
        ).total_price

    return _workload(compute_cost, "calc_price(Usage(...), model, provider_id='openai')")


def _tokencost() -> Workload:
    by_tokens = importlib.import_module("tokencost").calculate_cost_by_tokens

    def compute_cost(model: str, input_tokens: int, output_tokens: int) -> Any:
        return by_tokens(input_tokens, model, "input") + by_tokens(output_tokens, model, "output")

    return _workload(compute_cost, "calculate_cost_by_tokens for input + for output")


def _workload(compute_cost: Any, note: str) -> Workload:
    return Workload(
        calls.COMPUTE_COST,
        {"compute_cost": compute_cost, "model": calls.MODEL},
        facts=lambda: {
            "cost": float(compute_cost(calls.MODEL, calls.INPUT_TOKENS, calls.OUTPUT_TOKENS))
        },
        note=note,
    )


def build(impl: str, sid: str) -> Workload | None:
    """Return the peer's workload: only the known-id look-up (S4-known)."""
    if sid != "S4-known":
        return None
    return {GENAI_PRICES: _genai_prices, TOKENCOST: _tokencost}[impl]()

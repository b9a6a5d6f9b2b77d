"""``python -m ractogateway.pricing``: price a call, list the table, look a model id up."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence

from ractogateway.pricing._cost import compute_cost
from ractogateway.pricing._model import ModelPricing
from ractogateway.pricing._resolve import DEFAULT_RESOLVER
from ractogateway.pricing._table import CHECKED_ON, DEFAULT_COST_TABLE, SOURCES, entry_info

EXIT_UNKNOWN = 2


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _row(model: str, pricing: ModelPricing) -> dict[str, object]:
    info = entry_info().get(model)
    return {
        "model": model,
        "provider": info.provider if info else "custom",
        **pricing.model_dump(),
        "checked_on": info.checked_on if info else None,
        "source": SOURCES[info.source] if info else None,
    }


def _resolve_or_explain(model: str) -> tuple[str, ModelPricing] | None:
    """Resolve ``model``; on failure print close matches to stderr and return None."""
    found = DEFAULT_RESOLVER.resolve(model)
    if found is None:
        close = difflib.get_close_matches(model.strip().lower(), DEFAULT_COST_TABLE, n=5)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        print(f"unknown model {model!r}{hint}", file=sys.stderr)
    return found


def _cmd_cost(args: argparse.Namespace) -> int:
    found = _resolve_or_explain(args.model)
    if found is None:
        return EXIT_UNKNOWN
    key, _pricing = found
    try:
        cost = compute_cost(
            key,
            args.input,
            args.output,
            cache_read_tokens=args.cache_read,
            cache_write_tokens=args.cache_write,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNKNOWN
    if args.json:
        print(json.dumps({"model": args.model, "resolved": key, "cost_usd": cost}))
    else:
        print(f"{args.model} (priced as {key}): ${cost:.6f}")
    return 0


def _cmd_lookup(args: argparse.Namespace) -> int:
    found = _resolve_or_explain(args.model)
    if found is None:
        return EXIT_UNKNOWN
    key, pricing = found
    row = {"query": args.model, **_row(key, pricing)}
    if args.json:
        print(json.dumps(row))
    else:
        width = max(len(name) for name in row)
        for name, value in row.items():
            print(f"{name:<{width}}  {'-' if value is None else value}")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    selected = [
        (model, pricing)
        for model, pricing in sorted(DEFAULT_COST_TABLE.items())
        if (args.provider is None or entry_info()[model].provider == args.provider)
        and (args.search is None or args.search.lower() in model)
    ]
    if args.json:
        print(json.dumps([_row(model, pricing) for model, pricing in selected]))
        return 0
    lines: list[tuple[str, ...]] = [
        ("model", "provider", "input", "output", "cache read", "cache write")
    ]
    lines += [
        (model, entry_info()[model].provider, *map(_money, pricing.model_dump().values()))
        for model, pricing in selected
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    print(f"\n{len(selected)} models; USD per 1M tokens; prices checked on {CHECKED_ON}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ractogateway.pricing",
        description="Price LLM calls with the built-in table (USD per 1M tokens).",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    sub = parser.add_subparsers(dest="command", required=True)

    cost = sub.add_parser("cost", help="price one call")
    cost.add_argument("model")
    cost.add_argument("--input", type=int, default=0, help="prompt tokens, cached ones included")
    cost.add_argument("--output", type=int, default=0, help="completion tokens")
    cost.add_argument("--cache-read", type=int, default=0, help="part of --input read from cache")
    cost.add_argument("--cache-write", type=int, default=0, help="part of --input written to cache")
    cost.set_defaults(run=_cmd_cost)

    lookup = sub.add_parser("lookup", help="show what a model id resolves to and its prices")
    lookup.add_argument("model")
    lookup.set_defaults(run=_cmd_lookup)

    listing = sub.add_parser("list", help="list the table")
    listing.add_argument("--provider", choices=sorted({i.provider for i in entry_info().values()}))
    listing.add_argument("--search", help="only model ids containing this text")
    listing.set_defaults(run=_cmd_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (2 for an unknown model or bad counts)."""
    args = _parser().parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())

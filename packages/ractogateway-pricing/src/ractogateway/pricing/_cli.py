"""The pricing CLI behind ``python -m ractogateway.pricing``: price a call, list, look up.

It prices with the same resolver as ``compute_cost``, so ``RACTOGATEWAY_PRICES`` entries
override and extend the built-in table here too (and are marked as coming from the file).
Every error is one message on stderr and exit status 2, never a traceback; output piped
into a reader that exits early (``| head``) ends quietly with status 1.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import math
import os
import sys
from collections.abc import Sequence

from ractogateway.pricing._cost import compute_cost
from ractogateway.pricing._load import ENV_PRICES, env_overrides
from ractogateway.pricing._model import ModelPricing, utc_day_start
from ractogateway.pricing._resolve import DEFAULT_RESOLVER
from ractogateway.pricing._table import CHECKED_ON, DEFAULT_COST_TABLE, SOURCES, entry_info

__all__ = ["EXIT_ERROR", "EXIT_UNKNOWN", "main", "run"]

EXIT_ERROR = 2
#: Kept for callers of 0.3.0: an unknown model is one of the errors.
EXIT_UNKNOWN = EXIT_ERROR
UTC = datetime.timezone.utc
#: The rate fields of a price, with the column titles the text output gives them.
RATES = {
    "input_per_million": "input",
    "output_per_million": "output",
    "cache_read_per_million": "cache read",
    "cache_write_per_million": "cache write",
    "cache_write_long_per_million": "long write",
    "reasoning_per_million": "reasoning",
}


class CliError(Exception):
    """A problem to report as one line on stderr, with exit status 2."""


# ----------------------------------------------------------------------------------------
# Parsing arguments
# ----------------------------------------------------------------------------------------


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def _count(text: str) -> int:
    """Parse a token count: a whole number >= 0 that a float can hold."""
    digits = text.strip().replace("_", "")
    try:
        value = int(text)
    except ValueError:
        if digits.isdigit():  # more digits than int() converts: far beyond float range too
            raise argparse.ArgumentTypeError(
                f"a token count must fit a float (below about 1.8e308), got {len(digits)} digits"
            ) from None
        raise argparse.ArgumentTypeError(
            f"a token count is a whole number >= 0, got {_short(text)}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a token count must be >= 0, got {value}")
    try:
        float(value)
    except OverflowError:
        raise argparse.ArgumentTypeError(
            f"a token count must fit a float (below about 1.8e308), got {len(digits)} digits"
        ) from None
    return value


def _when(text: str) -> datetime.datetime:
    """Parse ``--at``: ``YYYY-MM-DD`` (00:00 UTC) or an ISO datetime (naive means UTC)."""
    value = text.strip()
    if value.endswith(("Z", "z")):  # fromisoformat reads "Z" from Python 3.11 on only
        value = value[:-1] + "+00:00"
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            return datetime.datetime(day.year, day.month, day.day, tzinfo=UTC)
        when = datetime.datetime.fromisoformat(value)
        if when.tzinfo is None:
            return when.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: an offset beyond year 1 or 9999
        raise argparse.ArgumentTypeError(
            "a UTC date (2026-12-01) or an ISO datetime (2026-12-01T09:30:00,"
            f" naive means UTC; or with an offset such as +02:00), got {_short(text)}"
        ) from None


def _iso(when: datetime.datetime) -> str:
    return when.isoformat(timespec="seconds")


# ----------------------------------------------------------------------------------------
# What a model id resolves to, and where its price comes from
# ----------------------------------------------------------------------------------------


def _overrides() -> dict[str, ModelPricing]:
    """Return the ``RACTOGATEWAY_PRICES`` entries ({} when unset); a bad file is a CliError."""
    path = os.environ.get(ENV_PRICES, "")
    try:
        return dict(env_overrides())
    except (OSError, ValueError, RecursionError) as error:  # RecursionError: absurd nesting
        message = (error.strerror if isinstance(error, OSError) else None) or str(error)
        if ENV_PRICES not in message:
            message = f"{ENV_PRICES}: {message}"
        if path not in message:
            message = f"{message} (in {path})"
        raise CliError(message) from None


def _from_file(key: str, pricing: ModelPricing) -> bool:
    """Tell whether the resolved ``pricing`` of ``key`` came from RACTOGATEWAY_PRICES."""
    return pricing is not DEFAULT_COST_TABLE.get(key)


def _origin(key: str, pricing: ModelPricing) -> dict[str, str | None]:
    """Return where the price of ``key`` comes from: provider, origin, checked on, source."""
    info = entry_info().get(key)
    provider = info.provider if info else "custom"
    if _from_file(key, pricing):
        path = os.environ.get(ENV_PRICES, "")
        return {
            "provider": provider,
            "origin": ENV_PRICES,
            "checked_on": None,
            "source": f"{ENV_PRICES}={path}",
        }
    return {
        "provider": provider,
        "origin": "built-in",
        "checked_on": info.checked_on if info else None,
        "source": SOURCES[info.source] if info else None,
    }


def _resolve(model: str) -> tuple[str, ModelPricing]:
    """Resolve ``model`` as ``compute_cost`` does; unknown: a CliError with close matches."""
    found = DEFAULT_RESOLVER.resolve(model)
    if found is None:
        known = sorted({key.strip().lower() for key in [*DEFAULT_COST_TABLE, *_overrides()]})
        close = difflib.get_close_matches(model.strip().lower(), known, n=5)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        raise CliError(f"unknown model {model!r}{hint}")
    return found


def _price_from(pricing: ModelPricing, when: datetime.datetime) -> str | None:
    """Return the date of the dated change in force at ``when``; None: the first price."""
    seconds = when.timestamp()
    found = None
    for day, _change in pricing.changes:
        if utc_day_start(day) <= seconds:
            found = day
    return found


def _tier(pricing: ModelPricing, input_tokens: int) -> int | None:
    """Return the threshold of the tier a call with ``input_tokens`` is in; None: the base."""
    above = [threshold for threshold, _tier in pricing.tiers if input_tokens > threshold]
    return above[-1] if above else None


def _has_tiers(pricing: ModelPricing) -> bool:
    return bool(pricing.tiers) or any(change.tiers for _day, change in pricing.changes)


def _row(key: str, pricing: ModelPricing, when: datetime.datetime) -> dict[str, object]:
    """Return one entry as JSON data: the price in force at ``when`` and the whole price.

    The top-level rates and ``tiers`` are the price in force (``price_from`` says which
    dated price that is); ``pricing`` is the whole price as ``ModelPricing.model_dump()``
    gives it (the first price, its tiers and every dated change), as price files take it.
    """
    in_force = pricing.at(when).model_dump()
    del in_force["changes"]
    return {
        "model": key,
        **_origin(key, pricing),
        "price_from": _price_from(pricing, when),
        **in_force,
        "pricing": pricing.model_dump(),
    }


# ----------------------------------------------------------------------------------------
# Text output
# ----------------------------------------------------------------------------------------


def _usd(value: float | None) -> str:
    """Return a rate as its shortest exact text (``2.5``, ``10``), or ``-`` when unset."""
    if value is None:
        return "-"
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _rates(pricing: ModelPricing) -> list[str]:
    return [_usd(getattr(pricing, field)) for field in RATES]


def _print_columns(lines: list[list[str]], numbers: range) -> None:
    """Print ``lines`` as aligned columns, the ``numbers`` columns right-aligned."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        cells = [
            cell.rjust(width) if i in numbers else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


def _schedule(pricing: ModelPricing) -> list[tuple[str | None, str, ModelPricing]]:
    """Return each price of ``pricing`` in time: (its start date, its label, the price)."""
    if not pricing.changes:
        return [(None, "price", pricing)]
    first = pricing.model_copy(update={"changes": {}})
    periods: list[tuple[str | None, str, ModelPricing]] = [
        (None, f"before {pricing.changes[0][0]}", first)
    ]
    periods += [(day, f"from {day}", change) for day, change in pricing.changes]
    return periods


# ----------------------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------------------


def _check_parts(args: argparse.Namespace) -> None:
    """Raise CliError unless each part of a count is at most its whole."""
    if args.cache_read + args.cache_write > args.input:
        raise CliError(
            f"--cache-read + --cache-write ({args.cache_read} + {args.cache_write}) must not"
            f" exceed --input ({args.input}): cached tokens are part of the input"
        )
    if args.cache_write_long > args.cache_write:
        raise CliError(
            f"--cache-write-long ({args.cache_write_long}) must not exceed --cache-write"
            f" ({args.cache_write}): long-retention writes are part of the cache writes"
        )
    if args.reasoning > args.output:
        raise CliError(
            f"--reasoning ({args.reasoning}) must not exceed --output ({args.output}):"
            " reasoning tokens are part of the output"
        )


def _cmd_cost(args: argparse.Namespace, when: datetime.datetime) -> None:
    key, pricing = _resolve(args.model)
    _check_parts(args)
    try:
        cost = compute_cost(
            args.model,
            args.input,
            args.output,
            cache_read_tokens=args.cache_read,
            cache_write_tokens=args.cache_write,
            cache_write_long_tokens=args.cache_write_long,
            reasoning_tokens=args.reasoning,
            at=when,
        )
    except (ValueError, OverflowError) as error:
        raise CliError(str(error)) from None
    if not math.isfinite(cost):
        raise CliError("the cost of so many tokens is beyond float range")
    price_from = _price_from(pricing, when)
    tier = _tier(pricing.at(when), args.input)
    if args.json:
        print(
            json.dumps(
                {
                    "model": args.model,
                    "resolved": key,
                    "cost_usd": cost,
                    "at": _iso(when),
                    "tier": tier,
                    "price_from": price_from,
                    "origin": _origin(key, pricing)["origin"],
                    "tokens": {
                        "input": args.input,
                        "output": args.output,
                        "cache_read": args.cache_read,
                        "cache_write": args.cache_write,
                        "cache_write_long": args.cache_write_long,
                        "reasoning": args.reasoning,
                    },
                }
            )
        )
        return
    how = f"priced as {key}"
    tiers = pricing.at(when).tiers
    if tiers:
        how += (
            f" at the >{tier}-token tier"
            if tier is not None
            else f" at the <={tiers[0][0]}-token base tier"
        )
    if pricing.changes:
        how += (
            f", price from {price_from}"
            if price_from
            else f", price before {pricing.changes[0][0]}"
        )
    if _from_file(key, pricing):
        how += f", from {ENV_PRICES}"
    print(f"{args.model} ({how}): ${cost:.6f}")


def _cmd_lookup(args: argparse.Namespace, when: datetime.datetime) -> None:
    key, pricing = _resolve(args.model)
    row = {"query": args.model, "at": _iso(when), **_row(key, pricing, when)}
    if args.json:
        print(json.dumps(row))
        return
    fields = {
        "query": args.model,
        "model": key,
        "provider": row["provider"],
        "checked on": row["checked_on"] or "-",
        "source": row["source"],
    }
    width = max(map(len, fields))
    for name, value in fields.items():
        print(f"{name:<{width}}  {value}")
    price_from = row["price_from"]
    lines = [["USD per 1M tokens", *RATES.values()]]
    for day, label, period in _schedule(pricing):
        mark = " *" if pricing.changes and day == price_from else ""
        lines.append([label + mark, *_rates(period)])
        lines += [
            [f"  above {threshold} tokens", *_rates(tier)] for threshold, tier in period.tiers
        ]
    print()
    _print_columns(lines, numbers=range(1, 1 + len(RATES)))
    print()
    if pricing.changes:
        print(f"* in force at {_iso(when)}; each price applies from 00:00 UTC of its date.")
    else:
        print(f"One price, in force at {_iso(when)} and any other time.")
    if _has_tiers(pricing):
        print(
            "Above a tier's threshold of input tokens (cached ones included), every token of"
            " the call bills at that tier's rates."
        )


def _listed() -> list[tuple[str, ModelPricing]]:
    """Return every entry: the built-in table with the RACTOGATEWAY_PRICES file applied."""
    overrides = _overrides()
    entries: dict[str, ModelPricing] = {}
    for key, builtin in DEFAULT_COST_TABLE.items():
        found = DEFAULT_RESOLVER.resolve(key)  # the file's entry, where it has one
        entries[key] = builtin if found is None else found[1]
    for key, pricing in overrides.items():
        if key not in DEFAULT_COST_TABLE and key.strip().lower() not in DEFAULT_COST_TABLE:
            entries[key] = pricing
    return sorted(entries.items())


def _cmd_list(args: argparse.Namespace, when: datetime.datetime) -> None:
    selected = [
        (key, pricing)
        for key, pricing in _listed()
        if (args.provider is None or _origin(key, pricing)["provider"] == args.provider)
        and (args.search is None or args.search.lower() in key.lower())
    ]
    if args.json:
        print(json.dumps([_row(key, pricing, when) for key, pricing in selected]))
        return
    lines = [["model", "provider", *RATES.values(), "notes"]]
    from_file = False
    for key, pricing in selected:
        notes = [
            name
            for name, present in (
                ("tiers", _has_tiers(pricing)),
                ("changes", bool(pricing.changes)),
                ("file", _from_file(key, pricing)),
            )
            if present
        ]
        from_file = from_file or "file" in notes
        provider = str(_origin(key, pricing)["provider"])
        lines.append([key, provider, *_rates(pricing.at(when)), ",".join(notes)])
    _print_columns(lines, numbers=range(2, 2 + len(RATES)))
    models = "1 model" if len(selected) == 1 else f"{len(selected)} models"
    print(
        f"\n{models}; USD per 1M tokens, the prices in force at {_iso(when)}"
        f" (below any context tier); built-in prices checked on {CHECKED_ON}."
    )
    print(
        "notes: tiers = context tiers, changes = dated prices"
        " (`lookup MODEL` shows them)"
        + (f"; file = from {ENV_PRICES}={os.environ.get(ENV_PRICES, '')}" if from_file else "")
    )


# ----------------------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ractogateway.pricing",
        description=(
            "Price LLM calls with the built-in table (USD per 1M tokens), overridden and"
            f" extended by the price file {ENV_PRICES} names, if set."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    # --json and --at are also accepted after the command (never resetting a --json before it).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON instead of text"
    )
    common.add_argument(
        "--at",
        type=_when,
        metavar="WHEN",
        help="price at this time: YYYY-MM-DD (00:00 UTC) or an ISO datetime, naive = UTC"
        " (default: now)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    cost = sub.add_parser("cost", parents=[common], help="price one call")
    cost.add_argument("model")
    parts = (
        ("--input", "prompt tokens, cached ones included"),
        ("--output", "completion tokens, reasoning ones included"),
        ("--cache-read", "part of --input read from the prompt cache"),
        ("--cache-write", "part of --input written to the prompt cache"),
        ("--cache-write-long", "part of --cache-write with long retention (1 h / 12 h)"),
        ("--reasoning", "part of --output that is reasoning (thinking)"),
    )
    for option, text in parts:
        cost.add_argument(option, type=_count, default=0, metavar="N", help=text)
    cost.set_defaults(run=_cmd_cost)

    lookup = sub.add_parser(
        "lookup",
        parents=[common],
        help="show what a model id resolves to: rates, tiers, dated prices, provenance",
    )
    lookup.add_argument("model")
    lookup.set_defaults(run=_cmd_lookup)

    listing = sub.add_parser("list", parents=[common], help="list the prices in force")
    providers = sorted({info.provider for info in entry_info().values()} | {"custom"})
    listing.add_argument("--provider", choices=providers, help="only this provider's models")
    listing.add_argument("--search", help="only model ids containing this text")
    listing.set_defaults(run=_cmd_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (2 for any error, reported on stderr)."""
    args = _parser().parse_args(argv)
    when: datetime.datetime = args.at or datetime.datetime.now(UTC)
    try:
        _overrides()  # a bad RACTOGATEWAY_PRICES file is reported before anything else
        args.run(args, when)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return 0


def run() -> int:
    """Run ``main()`` as a program does; return its exit status.

    Output piped into a reader that exits early (``| head``) ends quietly with status 1.
    """
    try:
        try:
            status = main()
        finally:  # a reader that has gone shows up here, not in the interpreter's last flush
            sys.stdout.flush()
    except BrokenPipeError:  # piped into e.g. `head`, which has exited (Python's docs' recipe)
        # Point stdout at /dev/null so that the flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    return status

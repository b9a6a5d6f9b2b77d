"""Draft table rows from the maintained price datasets, ready to review and paste into _data.py.

Two uses when updating ``ractogateway.pricing._data``:

* ``python tools/new_prices.py`` (the default, ``--missing``) lists every model id that
  genai-prices (OpenAI, Anthropic, Google) or litellm (their own APIs) prices and the table does
  not resolve, with its figures as ``ENTRIES`` rows (and ``TIERS``, ``CHANGES``, variant,
  server-tool and region lines where the dataset has them), marked with where they come from;
* ``python tools/new_prices.py --variants`` prints the ``VARIANTS``, ``SERVER_TOOLS`` and
  ``REGIONS`` data of the whole table, as the datasets have them.

Variants follow genai-prices' ``price_variants`` (its request context: ``processing=batch``,
``service_tier=flex|priority|fast|ultrafast``, Anthropic's ``speed=fast``), resolved part by
part on each day a price of the model or of the variant starts: a part the variant does not
price keeps the standard rate in force that day, and a day before the variant starts is
billed at the table's standard price. OpenAI's long (12-hour) cache writes come from litellm's
``cache_creation_input_token_cost_above_12hr_<tier>`` fields (genai-prices has none). A tier
genai-prices has no variant for (or an id it lacks) takes litellm's ``<field>_<tier>`` prices
(``_batches``, ``_flex``, ``_priority``, ``_ultrafast``), undated, part by part as well. Server
tools are genai-prices' ``web_searches_kcount`` (USD per 1,000 searches) in force on ``--at``;
regions are litellm's multipliers (Anthropic ``provider_specific_entry``, OpenAI
``regional_processing_uplift_multiplier_<region>``, Vertex AI's
``regional_endpoint_uplift_multiplier`` as ``"*"``).

Nothing is written: review the output, then paste it (a price you cannot confirm on the
provider's page stays out). Needs the datasets of ``nox -s prices``::

    pip install genai-prices && pip install --no-deps litellm
    python tools/new_prices.py [--variants] [--at YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_prices import (
    FIRST_DAY,
    LITELLM_PROVIDERS,
    TIER_CONTEXTS,
    Price,
    Rates,
    genai_price,
    litellm_entry,
    litellm_price,
    litellm_variant,
    load_genai_prices,
    load_litellm,
    our_price,
)

from ractogateway.pricing import lookup_pricing
from ractogateway.pricing._shared import CHECKED_ON, ENTRIES

PROVIDERS: Final = ("openai", "anthropic", "google")
CONTEXTS: Final = TIER_CONTEXTS
#: litellm's suffix of a tier's fields (``input_cost_per_token_batches``).
LITELLM_SUFFIX: Final = {
    "batch": "batches",
    "flex": "flex",
    "priority": "priority",
    "fast": "priority",
}
LITELLM_SUFFIX_ULTRA: Final = {"ultrafast": "ultrafast"}
LONG_12H: Final = "cache_creation_input_token_cost_above_12hr"

Segment = tuple[Rates, tuple[tuple[int, Rates], ...]]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 0, 0, 1, tzinfo=dt.timezone.utc)


def _start(constraint: object) -> dt.date | None:
    start = getattr(constraint, "start_date", None)
    return start if isinstance(start, dt.date) else None


def genai_info(genai: Any, model_id: str, provider: str) -> Any:
    """Return genai-prices' ``ModelInfo`` for a table id, or None."""
    try:
        calc = genai.calc_price(
            genai.Usage(),
            model_id,
            provider_id=provider,
            genai_request_timestamp=_midnight(CHECKED),
        )
    except LookupError:
        return None
    return calc.model


def _days(info: Any, context: Mapping[str, str]) -> list[dt.date]:
    """The days a price of the model, or of its variant for ``context``, starts."""
    days = {FIRST_DAY}
    if isinstance(info.prices, list):
        days.update(day for c in info.prices if (day := _start(c.constraint)) is not None)
    for variant in info.price_variants or ():
        if all(context.get(k) == v for k, v in variant.when.items()):
            day = _start(variant.constraint)
            if day is not None:
                days.add(day)
    return sorted(days)


def _litellm_long(
    entry: Mapping[str, object] | None, tier: str
) -> tuple[float | None, float | None]:
    """Litellm's 12-hour write of a tier: (below, above 272k), USD per 1M tokens."""
    suffix = {**LITELLM_SUFFIX, **LITELLM_SUFFIX_ULTRA}.get(tier, tier)
    if entry is None:
        return None, None

    def read(key: str) -> float | None:
        value = entry.get(key)
        return round(value * 1e6, 9) if isinstance(value, int | float) else None

    return (
        read(f"{LONG_12H}_{suffix}"),
        read(f"{LONG_12H}_above_272k_tokens_{suffix}"),
    )


def _rates_at(price: Price, tokens: int) -> Rates:
    """The rates of ``price`` for a call of ``tokens`` total input (its tier's, if any)."""
    rates = price.rates
    for start, tier in price.tiers:
        if tokens > start:
            rates = tier
    return rates


def merged(served: Price, standard: Price, ours: Price, long: tuple[float | None, ...]) -> Price:
    """The variant part by part: a part it does not price keeps the table's standard rate.

    ``long``: litellm's 12-hour write of the tier (below, above 272k), None where it has none.
    """
    starts = sorted({s for p in (served, standard, ours) for s, _ in p.tiers})

    def at(tokens: int, long_rate: float | None) -> Rates:
        mine, theirs, base = (_rates_at(p, tokens) for p in (served, standard, ours))
        parts = [b if m == t else m for m, t, b in zip(mine, theirs, base, strict=True)]
        if long_rate is not None:
            parts[4] = long_rate
        return (parts[0], parts[1], parts[2], parts[3], parts[4])

    below, above = long
    rates = at(0, below)
    tiers: list[tuple[int, Rates]] = []
    for start in starts:
        tier = at(start + 1, above if above is not None else below)
        if tier != (tiers[-1][1] if tiers else rates):
            tiers.append((start, tier))
    if above is not None and not tiers and above != below:
        tiers.append((272_000, (*rates[:4], above)))
    return Price(rates, tuple(tiers))


def variant_segments(
    info: Any, model_id: str, provider: str, tier: str, litellm: Mapping[str, object] | None
) -> list[tuple[dt.date, Price]]:
    """The price of ``model_id`` served at ``tier`` from each day on (equal days merged).

    Empty when the tier is billed at the standard price on every day.
    """
    context = CONTEXTS[provider][tier]
    segments: list[tuple[dt.date, Price]] = []
    same = True
    for day in _days(info, context):
        when = _midnight(day)
        standard = genai_price(info.get_prices(when))
        served = genai_price(info.get_prices(when, context))
        found = lookup_pricing(model_id, at=when)
        ours = served if found is None else our_price(found)
        if served == standard:
            price = ours
        else:
            long = _litellm_long(litellm, tier) if provider == "openai" else (None, None)
            price = merged(served, standard, ours, long)
        same = same and price == ours
        if not segments or segments[-1][1] != price:
            segments.append((day, price))
    return [] if same else segments


def litellm_segments(
    entry: Mapping[str, object] | None, model_id: str, provider: str, tier: str
) -> list[tuple[dt.date, Price]]:
    """Litellm's price of a tier (undated), part by part; empty when it has none."""
    if entry is None or (tier == "fast" and provider == "openai"):
        return []
    served = litellm_variant(entry, provider, tier)
    found = lookup_pricing(model_id, at=_midnight(CHECKED))
    if served is None or found is None:
        return []
    ours = our_price(found)
    price = merged(served, litellm_price(entry, provider), ours, (None, None))
    return [] if price == ours else [(FIRST_DAY, price)]


def _num(value: float | None) -> str:
    return "None" if value is None else f"{value:g}"


def _rates_text(rates: Rates) -> str:
    return ", ".join(_num(rate) for rate in rates)


def _tiers_text(tiers: Sequence[tuple[int, Rates]]) -> str:
    if not tiers:
        return "()"
    return "(" + "".join(f"({start}, {_rates_text(r)})," for start, r in tiers) + ")"


def variant_text(tier: str, segments: Sequence[tuple[dt.date, Price]]) -> str:
    """A ``Variant`` row of _data.py."""
    first = segments[0][1]
    changes = "".join(
        f'("{day}", {_rates_text(p.rates)}, {_tiers_text(p.tiers)}),' for day, p in segments[1:]
    )
    return f'("{tier}", {_rates_text(first.rates)}, {_tiers_text(first.tiers)}, ({changes}))'


def _has_variant(info: Any, provider: str, tier: str) -> bool:
    """Whether genai-prices has a price variant of the model for ``tier``."""
    context = CONTEXTS[provider][tier]
    return any(dict(v.when) == dict(context) for v in info.price_variants or ())


def _litellm_entry(data: Mapping[str, object], model_id: str, provider: str) -> Any:
    """Litellm's entry of a table id (its ``alias_of`` target for an alias), or None."""
    found = litellm_entry(data, model_id, provider)
    return None if found is None else found[1]


def regions_of(data: Mapping[str, object], model_id: str, provider: str) -> dict[str, float]:
    """Litellm's data-residency multipliers of a model."""
    entry = _litellm_entry(data, model_id, provider) or {}
    found: dict[str, float] = {}
    specific = entry.get("provider_specific_entry")
    if provider == "anthropic" and isinstance(specific, dict):
        found.update({k: float(v) for k, v in specific.items() if k in ("us", "eu")})
    for key, value in entry.items():
        if key.startswith("regional_processing_uplift_multiplier_"):
            found[key.rsplit("_", 1)[1]] = float(value)
    vertex = data.get(f"vertex_ai/{model_id}")
    if provider == "google" and isinstance(vertex, dict):
        uplift = vertex.get("regional_endpoint_uplift_multiplier")
        if isinstance(uplift, int | float):
            found["*"] = float(uplift)
    return found


def server_tools_of(info: Any, when: dt.datetime) -> dict[str, float]:
    """genai-prices' per-1,000 prices of server-side tools in force at ``when``."""
    price = info.get_prices(when)
    search = getattr(price, "web_searches_kcount", None)
    return {"web_search": float(search)} if isinstance(search, Decimal) else {}


def table_ids() -> Iterator[tuple[str, str]]:
    """Every table id with its provider."""
    for model_id, provider, *_ in ENTRIES:
        yield model_id, provider


def print_variants(genai: Any, litellm: Mapping[str, object], when: dt.datetime) -> None:
    """Print VARIANTS, SERVER_TOOLS and REGIONS for every table id."""
    constants: dict[str, str] = {}
    variants: dict[str, str] = {}
    tools: dict[str, dict[str, float]] = {}
    regions: dict[str, dict[str, float]] = {}
    for model_id, provider in table_ids():
        info = genai_info(genai, model_id, provider)
        entry = _litellm_entry(litellm, model_id, provider)
        found = regions_of(litellm, model_id, provider)
        if found:
            regions[model_id] = found
        if info is not None:
            served_tools = server_tools_of(info, when)
            if served_tools:
                tools[model_id] = served_tools
        rows = []
        kept: dict[str, list[tuple[dt.date, Price]]] = {}
        for tier in CONTEXTS[provider]:
            segments = (
                [] if info is None else variant_segments(info, model_id, provider, tier, entry)
            )
            if not segments and (info is None or not _has_variant(info, provider, tier)):
                segments = litellm_segments(entry, model_id, provider, tier)
            if not segments:
                continue
            if tier == "fast" and provider == "openai" and segments == kept.get("priority"):
                continue  # OpenAI bills fast as priority: the variant's fallback
            kept[tier] = segments
            rows.append(variant_text(tier, segments))
        if rows:
            text = "(\n    " + ",\n    ".join(rows) + ",\n)"
            name = constants.setdefault(
                text, "_V_" + "".join(c if c.isalnum() else "_" for c in model_id).upper()
            )
            variants[model_id] = name
    for text, name in constants.items():
        print(f"{name}: tuple[Variant, ...] = {text}")
    print("VARIANTS: dict[str, tuple[Variant, ...]] = {")
    for model_id, name in variants.items():
        print(f'    "{model_id}": {name},')
    print("}")
    _print_named("SERVER_TOOLS", "_TOOLS", tools)
    _print_named("REGIONS", "_UPLIFT", regions)


def _print_named(table: str, prefix: str, rows: Mapping[str, Mapping[str, float]]) -> None:
    """Print ``table`` as model id -> a shared constant of ``(name, number)`` pairs."""
    names: dict[str, str] = {}
    for found in rows.values():
        text = "(" + "".join(f'("{k}", {v:g}),' for k, v in sorted(found.items())) + ")"
        label = "_".join(
            f"{'ANY' if k == '*' else k.upper()}_{str(v).replace('.', '_')}"
            for k, v in sorted(found.items())
        )
        names.setdefault(text, f"{prefix}_{label}")
    for text, name in names.items():
        print(f"{name}: tuple[tuple[str, float], ...] = {text}")
    print(f"{table}: dict[str, tuple[tuple[str, float], ...]] = {{")
    for model_id, found in rows.items():
        text = "(" + "".join(f'("{k}", {v:g}),' for k, v in sorted(found.items())) + ")"
        print(f'    "{model_id}": {names[text]},')
    print("}")


def print_missing(  # noqa: PLR0912 - one report, one branch per kind of line
    genai: Any, litellm: Mapping[str, object], when: dt.datetime
) -> int:
    """Print the ids a dataset prices and the table lacks, as rows to review; return how many."""
    data: Any = importlib.import_module("genai_prices.data")
    missing = 0
    day = when.date().isoformat()
    for provider in PROVIDERS:
        ours = {model_id for model_id, p in table_ids() if p == provider}
        genai_ids = [m.id for p in data.providers if p.id == provider for m in p.models]
        litellm_ids = [
            key.removeprefix("gemini/")
            for key, entry in litellm.items()
            if isinstance(entry, dict)
            and entry.get("litellm_provider") in LITELLM_PROVIDERS[provider]
            and entry.get("mode") in ("chat", "responses", "embedding", "completion")
            and isinstance(entry.get("input_cost_per_token"), int | float)
        ]
        for model_id in dict.fromkeys([*genai_ids, *litellm_ids]):
            if model_id in ours or lookup_pricing(model_id) is not None:
                continue
            missing += 1
            info = genai_info(genai, model_id, provider)
            source = "genai-prices" if info is not None else "litellm"
            if info is not None:
                price = genai_price(info.get_prices(_midnight(FIRST_DAY)))
            else:
                entry = _litellm_entry(litellm, model_id, provider)
                if entry is None:
                    continue
                price = litellm_price(entry, provider)
            print(
                f'("{model_id}", "{provider}", {_rates_text(price.rates)}, "{day}", "{provider}"),'
                f"  # from {source}"
            )
            if price.tiers:
                print(f'    # TIERS "{model_id}": {_tiers_text(price.tiers)}')
            if info is not None:
                for start in _days(info, {})[1:]:
                    later = genai_price(info.get_prices(_midnight(start)))
                    print(
                        f'    # CHANGES "{model_id}": ("{start}", {_rates_text(later.rates)},'
                        f" {_tiers_text(later.tiers)})"
                    )
                for tier in CONTEXTS[provider]:
                    context = CONTEXTS[provider][tier]
                    for start in _days(info, context):
                        served = genai_price(info.get_prices(_midnight(start), context))
                        if served != genai_price(info.get_prices(_midnight(start))):
                            print(
                                f'    # VARIANT "{model_id}" {tier} from {start}:'
                                f" {_rates_text(served.rates)}, {_tiers_text(served.tiers)}"
                            )
                tools = server_tools_of(info, when)
                if tools:
                    print(f'    # SERVER_TOOLS "{model_id}": {tools}')
            found = regions_of(litellm, model_id, provider)
            if found:
                print(f'    # REGIONS "{model_id}": {found}')
    print(f"{missing} id(s) priced by a dataset and not by the table", file=sys.stderr)
    return missing


CHECKED = dt.date.fromisoformat(CHECKED_ON)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the rows asked for; exit status 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--missing", action="store_true", help="ids the table lacks (default)")
    mode.add_argument("--variants", action="store_true", help="VARIANTS, SERVER_TOOLS, REGIONS")
    parser.add_argument("--at", type=dt.date.fromisoformat, default=CHECKED)
    args = parser.parse_args(argv)
    genai: Any = load_genai_prices()
    _version, litellm = load_litellm()
    when = _midnight(args.at)
    if args.variants:
        print_variants(genai, litellm, when)
    else:
        print_missing(genai, litellm, when)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``DEFAULT_COST_TABLE``, built once from the authored data in ``_data.py``."""

from __future__ import annotations

from ractogateway.pricing._data import (
    CHANGES,
    CHECKED_ON,
    ENTRIES,
    REGIONS,
    SERVER_TOOLS,
    SOURCES,
    TIERS,
    VARIANTS,
)
from ractogateway.pricing._model import ModelPricing, trusted_pricing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

    from ractogateway.pricing._data import Change, Tier, Variant

__all__ = ["CHECKED_ON", "DEFAULT_COST_TABLE", "SOURCES", "EntryInfo", "entry_info"]


class FrozenPriceTable(dict[str, ModelPricing]):
    """A ``dict`` that refuses changes, so the shared default table cannot drift.

    Build your own table with ``{**DEFAULT_COST_TABLE, "my-model": ModelPricing(...)}``
    and pass it as ``price_table=``.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(
            "DEFAULT_COST_TABLE is read-only; pass price_table={**DEFAULT_COST_TABLE, ...} instead"
        )

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenPriceTable, (dict(self),))


class EntryInfo:
    """Where a built-in price comes from: provider, date checked, source key."""

    __slots__ = ("checked_on", "provider", "source")

    def __init__(self, provider: str, checked_on: str, source: str) -> None:
        self.provider = provider
        self.checked_on = checked_on
        self.source = source

    def __repr__(self) -> str:
        return f"EntryInfo({self.provider!r}, {self.checked_on!r}, {self.source!r})"


def _tiers(rows: tuple[Tier, ...]) -> tuple[tuple[int, ModelPricing], ...]:
    return tuple(
        [
            (above, trusted_pricing(inp, out, read, write, write_long))
            for above, inp, out, read, write, write_long in rows
        ]
    )


def _changes(rows: tuple[Change, ...]) -> tuple[tuple[str, ModelPricing], ...]:
    return tuple(
        [
            (day, trusted_pricing(c_in, c_out, c_read, c_write, c_long, None, _tiers(c_tiers)))
            for day, c_in, c_out, c_read, c_write, c_long, c_tiers in rows
        ]
    )


def _variants(rows: tuple[Variant, ...]) -> tuple[tuple[str, ModelPricing], ...]:
    return tuple(
        sorted(
            (tier, trusted_pricing(inp, out, read, write, long, None, _tiers(t), _changes(c)))
            for tier, inp, out, read, write, long, t, c in rows
        )
    )


def _later(rows: tuple[Variant, ...]) -> Callable[[], tuple[tuple[str, ModelPricing], ...]]:
    """Return a function that builds the variants of ``rows`` (functools costs 3 ms to import)."""
    return lambda: _variants(rows)


def _build() -> FrozenPriceTable:
    """Build the table from the data, once, at import (so it is kept cheap).

    Many ids share their price (a model, its snapshots and aliases): the data names the
    shared tiers, changes, variants, tools and regions once (one constant each), so ids whose
    rates and constants are the same share one immutable ``ModelPricing``, built once. The
    variants are built at their first use (most processes bill at the standard tier).
    """
    scheduled = TIERS.keys() | CHANGES.keys() | VARIANTS.keys() | SERVER_TOOLS.keys()
    scheduled |= REGIONS.keys()
    shared: dict[tuple[object, ...], ModelPricing] = {}
    table: dict[str, ModelPricing] = {}
    for entry in ENTRIES:
        model = entry[0]
        rates = entry[2:7]
        if model not in scheduled:
            pricing = shared.get(rates)
            if pricing is None:
                pricing = shared[rates] = trusted_pricing(*rates)
            table[model] = pricing
            continue
        rows = (
            TIERS.get(model, ()),
            CHANGES.get(model, ()),
            VARIANTS.get(model, ()),
            SERVER_TOOLS.get(model, ()),
            REGIONS.get(model, ()),
        )
        key = (*rates, *map(id, rows))
        pricing = shared.get(key)
        if pricing is None:
            tiers, changes, variants, tools, regions = rows
            pricing = shared[key] = trusted_pricing(
                *rates,
                None,
                _tiers(tiers),
                _changes(changes),
                _later(variants) if variants else (),
                tools,
                regions,
            )
        table[model] = pricing
    return FrozenPriceTable(table)


DEFAULT_COST_TABLE = _build()
_ENTRY_INFO: dict[str, EntryInfo] = {}


def entry_info() -> dict[str, EntryInfo]:
    """Return model id -> ``EntryInfo`` for every built-in entry (built on first use)."""
    if not _ENTRY_INFO:
        _ENTRY_INFO.update(
            (model, EntryInfo(provider, checked_on, source))
            for model, provider, *_prices, checked_on, source in ENTRIES
        )
    return _ENTRY_INFO

"""``DEFAULT_COST_TABLE``, built once from the authored data in ``_data.py``."""

from __future__ import annotations

from ractogateway.pricing._data import CHANGES, CHECKED_ON, ENTRIES, SOURCES, TIERS
from ractogateway.pricing._model import ModelPricing, trusted_pricing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

    from ractogateway.pricing._data import Entry, Tier

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


def _scheduled(entry: Entry) -> ModelPricing:
    """Build the price of an entry with tiers or dated changes."""
    model, _provider, inp, out, read, write, write_long, _checked, _source = entry
    changes = tuple(
        [
            (day, trusted_pricing(c_in, c_out, c_read, c_write, c_long, None, _tiers(c_tiers)))
            for day, c_in, c_out, c_read, c_write, c_long, c_tiers in CHANGES.get(model, ())
        ]
    )
    tiers = _tiers(TIERS.get(model, ()))
    return trusted_pricing(inp, out, read, write, write_long, None, tiers, changes)


def _build() -> FrozenPriceTable:
    """Build the table from the data, once, at import (so it is kept cheap).

    Most entries have one set of rates, and many share it (a model, its snapshots and
    aliases): those share one immutable ``ModelPricing``.
    """
    scheduled = TIERS.keys() | CHANGES.keys()
    shared: dict[tuple[float, float, float | None, float | None, float | None], ModelPricing]
    shared = {}
    table: dict[str, ModelPricing] = {}
    for entry in ENTRIES:
        if entry[0] in scheduled:
            table[entry[0]] = _scheduled(entry)
            continue
        rates = entry[2:7]
        pricing = shared.get(rates)
        if pricing is None:
            pricing = shared[rates] = trusted_pricing(*rates)
        table[entry[0]] = pricing
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

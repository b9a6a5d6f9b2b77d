"""``DEFAULT_COST_TABLE``, built once from the authored data in ``_data.py``."""

from __future__ import annotations

from typing import Any, NamedTuple, NoReturn

from ractogateway.pricing._data import CHECKED_ON, ENTRIES, SOURCES
from ractogateway.pricing._model import ModelPricing

__all__ = [
    "CHECKED_ON",
    "DEFAULT_COST_TABLE",
    "ENTRY_INFO",
    "SOURCES",
    "EntryInfo",
    "FrozenPriceTable",
]


class EntryInfo(NamedTuple):
    """Where a built-in price comes from."""

    provider: str
    checked_on: str
    source: str


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


def _build() -> tuple[FrozenPriceTable, dict[str, EntryInfo]]:
    """Validate every authored entry and index it by model id."""
    table: dict[str, ModelPricing] = {}
    info: dict[str, EntryInfo] = {}
    for model, provider, inp, out, cache_read, cache_write, checked_on, source in ENTRIES:
        if model in table:
            raise RuntimeError(f"duplicate model id {model!r} in ractogateway.pricing._data")
        if source not in SOURCES:
            raise RuntimeError(f"unknown source {source!r} for {model!r} in _data")
        table[model] = ModelPricing(
            input_per_million=inp,
            output_per_million=out,
            cache_read_per_million=cache_read,
            cache_write_per_million=cache_write,
        )
        info[model] = EntryInfo(provider, checked_on, source)
    return FrozenPriceTable(table), info


DEFAULT_COST_TABLE, ENTRY_INFO = _build()

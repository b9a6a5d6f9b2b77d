"""Model-id resolution: from what callers pass (``openai/GPT-4o-2024-08-06``) to a table key."""

from __future__ import annotations

from ractogateway.pricing._model import ModelPricing
from ractogateway.pricing._table import DEFAULT_COST_TABLE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["PriceResolver", "base_aliases", "candidates", "validate_price_table"]

#: Routing prefixes that name a provider, not a model; stripped in turn.
PREFIXES = ("openai/", "anthropic/", "google/", "gemini/", "models/")
#: At most this many distinct ids are remembered per resolver (ids come from callers).
CACHE_SIZE = 4096
_MISSING = object()


def _strip_snapshot(model: str) -> str:
    """Drop one dated snapshot suffix from ``model``, if it has one.

    Suffixes: ``-2024-08-06``, ``-20241022``, ``@20240620``, ``-0613``, ``-002``, ``-latest``.
    """
    if model.endswith("-latest"):
        return model[: -len("-latest")]
    date = model[-10:]
    if (
        len(model) > 11
        and model[-11] == "-"
        and date[4] == "-"
        and date[7] == "-"
        and (date[:4] + date[5:7] + date[8:]).isdigit()
    ):
        return model[:-11]
    cut = max(model.rfind("-"), model.rfind("@"))
    tail = model[cut + 1 :]
    if cut > 0 and len(tail) in (3, 4, 8) and tail.isdigit():
        return model[:cut]
    return model


def candidates(model: str) -> list[str]:
    """Return the keys to try for ``model``, most specific first, without repeats.

    The exact id, then lower-cased without surrounding blanks and routing prefixes, then
    that without a dated snapshot suffix (a snapshot maps to its base model, unless the
    table has an entry of its own for the snapshot).
    """
    normal = model.strip().lower()
    stripped = True
    while stripped:
        stripped = False
        for prefix in PREFIXES:
            if normal.startswith(prefix):
                normal = normal[len(prefix) :]
                stripped = True
    found = [model]
    for key in (normal, _strip_snapshot(normal)):
        if key and key not in found:
            found.append(key)
    return found


def _family_aliases(table: Mapping[str, ModelPricing]) -> dict[str, str]:
    """Map snapshot families without an entry of their own to one of their snapshots.

    ``claude-3-5-haiku`` maps to a ``claude-3-5-haiku-<date>`` entry when every snapshot of
    the family has the same price (otherwise the family name stays unknown).
    """
    families: dict[str, list[str]] = {}
    for key in table:
        base = _strip_snapshot(key)
        if base != key and base not in table:
            families.setdefault(base, []).append(key)
    return {
        base: max(keys) for base, keys in families.items() if len({table[key] for key in keys}) == 1
    }


_BASE_ALIASES: dict[str, str] = {}


def base_aliases() -> dict[str, str]:
    """Return the snapshot-family aliases of the default table (computed on first use)."""
    if not _BASE_ALIASES:
        _BASE_ALIASES.update(_family_aliases(DEFAULT_COST_TABLE))
    return _BASE_ALIASES


def validate_price_table(price_table: Mapping[str, ModelPricing]) -> dict[str, ModelPricing]:
    """Return a private copy of a user's ``price_table`` after checking its types.

    Raises:
        TypeError: ``price_table`` is not a mapping of ``str`` to ``ModelPricing``.
    """
    from collections.abc import Mapping

    if not isinstance(price_table, Mapping):
        raise TypeError(
            f"price_table must be a dict of model id -> ModelPricing, got {price_table!r}"
        )
    table = dict(price_table)
    for key, value in table.items():
        if not isinstance(key, str):
            raise TypeError(f"price_table keys must be model ids (str), got {key!r}")
        if not isinstance(value, ModelPricing):
            raise TypeError(
                f"price_table[{key!r}] must be a ModelPricing, got {value!r};"
                " build one with ModelPricing(input_per_million=..., output_per_million=...)"
            )
    return table


def _normalised(table: Mapping[str, ModelPricing]) -> dict[str, ModelPricing]:
    """Return ``table`` with each id also under its lower-cased, stripped form."""
    found = dict(table)
    for key in table:
        found.setdefault(key.strip().lower(), table[key])
    return found


class PriceResolver:
    """Resolves model ids against the given entries, ``RACTOGATEWAY_PRICES`` and the table.

    Results are cached, so a repeated id costs one dict hit. Used by ``compute_cost`` and,
    built once per instance, by the tracer and the metrics middleware of the sibling
    distributions (through ``ractogateway.pricing._shared``).

    Args:
        price_table: entries that win over the others for their ids.
        lazy: read ``RACTOGATEWAY_PRICES`` at the first lookup instead of now (the
            default resolver, built when ``ractogateway.pricing`` is imported).

    Raises:
        TypeError: ``price_table`` is not a mapping of ``str`` to ``ModelPricing``.
        OSError, ValueError: ``RACTOGATEWAY_PRICES`` names a file that cannot be read or
            is invalid (when not lazy).
    """

    __slots__ = ("_explicit", "_tables", "cache", "simple")

    def __init__(
        self, price_table: Mapping[str, ModelPricing] | None = None, *, lazy: bool = False
    ) -> None:
        self._explicit = _normalised(validate_price_table(price_table)) if price_table else {}
        #: model id -> resolved pricing (None: unknown); read-only for callers.
        self.cache: dict[str, ModelPricing | None] = {}
        #: the part of ``cache`` whose pricing is simple (no tiers or changes).
        self.simple: dict[str, ModelPricing] = {}
        self._tables: tuple[Mapping[str, ModelPricing], ...] = ()
        if not lazy:
            self._load()

    def _load(self) -> tuple[Mapping[str, ModelPricing], ...]:
        """Read the overrides, then pre-resolve every known id (their lookup: a dict hit)."""
        from ractogateway.pricing._load import env_overrides  # at first use, not at import

        env = _normalised(env_overrides())
        tables = tuple(table for table in (self._explicit, env) if table)
        self._tables = (*tables, DEFAULT_COST_TABLE)
        known = {**DEFAULT_COST_TABLE, **env, **self._explicit}
        self.simple.update((key, value) for key, value in known.items() if value._simple)
        self.cache.update(known)
        return self._tables

    def same_prices(self, other: PriceResolver) -> bool:
        """Whether ``other`` was given the same entries (so both price every model alike)."""
        return self._explicit == other._explicit

    def resolve(self, model: str) -> tuple[str, ModelPricing] | None:
        """Return ``(table key, pricing)`` for ``model``, or None if it is unknown (uncached)."""
        tables = self._tables or self._load()
        aliases = base_aliases()
        for key in candidates(model):
            for table in tables:
                pricing = table.get(key)
                if pricing is not None:
                    return key, pricing
            alias = aliases.get(key)
            if alias is not None:  # the snapshot, as overridden if it is
                return alias, next(t[alias] for t in tables if alias in t)
        return None

    def lookup(self, model: str) -> ModelPricing | None:
        """Return the pricing ``model`` resolves to, or None if it is unknown (cached).

        Raises:
            TypeError: ``model`` is not a str.
        """
        pricing = self.cache.get(model, _MISSING)
        if pricing is _MISSING:
            if not isinstance(model, str):
                raise TypeError(f"model must be a model id (str), got {model!r}")
            found = self.resolve(model)
            pricing = None if found is None else found[1]
            if len(self.cache) < CACHE_SIZE + len(DEFAULT_COST_TABLE):
                self.cache[model] = pricing
                if pricing is not None and pricing._simple:
                    self.simple[model] = pricing
        return pricing  # type: ignore[return-value]


#: Resolves against ``RACTOGATEWAY_PRICES`` and the table, read at its first lookup.
DEFAULT_RESOLVER = PriceResolver(lazy=True)

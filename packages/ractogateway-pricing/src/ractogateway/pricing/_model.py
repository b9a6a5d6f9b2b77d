"""``ModelPricing``: an immutable, validated price of one model, with no dependencies.

A price is a set of rates (USD per 1M tokens) plus, where the provider has them, context
tiers (the cliff model: above a total input, every token of the call is billed at the
tier's rates), dated changes (from a UTC date on, another price applies), variants by
service tier (batch, flex, priority, fast, ultrafast: each a price of its own), per-request
prices of server-side tools and data-residency multipliers.
"""

from __future__ import annotations

# Importing ``typing`` would cost more than the whole package; mypy treats this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from datetime import date
    from typing import Any, NoReturn

    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

    Tiers = tuple[tuple[int, "ModelPricing"], ...]
    Changes = tuple[tuple[str, "ModelPricing"], ...]
    Variants = tuple[tuple[str, "ModelPricing"], ...]
    Rated = tuple[tuple[str, float], ...]

_REQUIRED = ("input_per_million", "output_per_million")
_OPTIONAL = (
    "cache_read_per_million",
    "cache_write_per_million",
    "cache_write_long_per_million",
    "reasoning_per_million",
)
_RATES = _REQUIRED + _OPTIONAL
_SCHEDULE = ("tiers", "changes")
#: Fields of a model's price as a whole: a tier, a dated change or a variant has none.
_WHOLE = ("variants", "server_tools", "regions")
_FIELDS = _RATES + _SCHEDULE + _WHOLE
_SLOTS = tuple(field for field in _FIELDS if field != "variants")
#: The service tiers a price may have a variant for (``service_tier=`` names).
SERVICE_TIERS = ("batch", "flex", "priority", "fast", "ultrafast")
#: The ``service_tier=`` values that mean the standard price.
STANDARD_TIERS = frozenset({"default", "standard", "auto"})
_KNOWN_TIERS = frozenset(SERVICE_TIERS)
#: A region that is never uplifted, and the ``regions`` key matching any other region.
GLOBAL_REGION = "global"
ANY_REGION = "*"
_SECONDS_PER_DAY = 86_400
_new = object.__new__


def _price(field: str, value: object) -> float:
    """Return ``value`` as a finite, non-negative float, or raise ValueError naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"ModelPricing.{field} must be a number, got {_short(value)}")
    try:
        number = float(value)
    except (ValueError, OverflowError):  # not a number, or an int beyond float range
        raise ValueError(
            f"ModelPricing.{field} must be a finite number >= 0 (USD per 1M tokens),"
            f" got {_short(value)}"
        ) from None
    if number - number != 0.0 or number < 0:  # NaN and +-inf are the non-finite numbers
        raise ValueError(
            f"ModelPricing.{field} must be finite and >= 0 (USD per 1M tokens), got {_short(value)}"
        )
    return number


def _short(value: object) -> str:
    """Return a repr of ``value`` short enough for an error message (never raising)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"an int of about {int(value.bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(value)
    except Exception:
        return f"a {type(value).__name__}"
    return text if len(text) <= 80 else text[:77] + "..."


def utc_day_start(day: str) -> int:
    """Return the POSIX time of 00:00 UTC on ``day`` (``YYYY-MM-DD``, already validated)."""
    year, month, date = int(day[:4]), int(day[5:7]), int(day[8:10])
    # Days from 1970-01-01 to the date (proleptic Gregorian; H. Hinnant's days_from_civil).
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + date - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return (era * 146_097 + day_of_era - 719_468) * _SECONDS_PER_DAY


def _day(key: object) -> str:
    """Return a change's date as ``YYYY-MM-DD``, or raise ValueError."""
    import datetime

    if isinstance(key, datetime.datetime):
        raise ValueError(
            f"ModelPricing.changes keys are dates (UTC days), got the datetime {key!r}"
        )
    if isinstance(key, datetime.date):
        return key.isoformat()
    if isinstance(key, str) and len(key) == 10:
        try:
            return datetime.date.fromisoformat(key).isoformat()
        except ValueError:
            pass
    raise ValueError(f"ModelPricing.changes keys must be dates such as '2026-12-01', got {key!r}")


def _threshold(key: object) -> int:
    """Return a tier's threshold (input tokens) as an int, or raise ValueError."""
    if isinstance(key, str) and key.isdigit() and len(key) <= 18:
        return int(key)
    if type(key) is int and 0 <= key < 2**63:
        return key
    raise ValueError(
        f"ModelPricing.tiers keys must be input-token thresholds (ints >= 0), got {_short(key)}"
    )


def _pairs(value: object, field: str) -> Iterable[tuple[object, object]]:
    """Return the (key, price) pairs of a ``tiers`` or ``changes`` mapping."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, (tuple, list)) and all(
        isinstance(pair, (tuple, list)) and len(pair) == 2 for pair in value
    ):
        return [(key, price) for key, price in value]
    raise ValueError(f"ModelPricing.{field} must be a mapping, got {_short(value)}")


def _schedule_part(field: str, key: object, value: object) -> ModelPricing:
    """Validate the price of one tier or one change."""
    try:
        pricing = ModelPricing.model_validate(value)
    except ValueError as error:
        raise ValueError(f"ModelPricing.{field}[{key!r}]: {error}") from None
    if pricing.changes or (field == "tiers" and pricing.tiers):
        nested = "changes" if pricing.changes else "tiers"
        raise ValueError(f"ModelPricing.{field}[{key!r}] must not have {nested} of its own")
    whole = [name for name in _WHOLE if getattr(pricing, name)]
    if whole:
        raise ValueError(
            f"ModelPricing.{field}[{key!r}] must not have {whole[0]} of its own: they belong to"
            " the model's price as a whole"
        )
    return pricing


def _variant(key: object, value: object) -> tuple[str, ModelPricing]:
    """Validate one service-tier variant (a price with its own tiers and changes)."""
    if key not in _KNOWN_TIERS:
        raise ValueError(
            f"ModelPricing.variants keys are service tiers {list(SERVICE_TIERS)}, got {_short(key)}"
        )
    try:
        pricing = ModelPricing.model_validate(value)
    except ValueError as error:
        raise ValueError(f"ModelPricing.variants[{key!r}]: {error}") from None
    whole = [name for name in _WHOLE if getattr(pricing, name)]
    if whole:
        raise ValueError(
            f"ModelPricing.variants[{key!r}] must not have {whole[0]} of its own: they belong to"
            " the model's price as a whole"
        )
    return str(key), pricing


def _named_numbers(value: object, field: str, positive: bool) -> Rated:
    """Validate ``server_tools`` (USD per 1,000 requests) or ``regions`` (multipliers)."""
    found: dict[str, float] = {}
    for key, number in _pairs(value or {}, field):
        if not isinstance(key, str) or not key:
            raise ValueError(f"ModelPricing.{field} keys must be non-empty str, got {_short(key)}")
        rate = _price(f"{field}[{key!r}]", number)
        if positive and rate <= 0:
            raise ValueError(f"ModelPricing.{field}[{key!r}] must be > 0, got {_short(number)}")
        found[key] = rate
    return tuple(sorted(found.items()))


def service_tier(value: object) -> str | None:
    """Return the service tier ``value`` names (``SERVICE_TIERS``), or None for the standard one.

    None and ``"default"``, ``"standard"``, ``"auto"`` (any case) mean the standard price.

    Raises:
        ValueError: ``value`` names no known tier.
    """
    if value is None:
        return None
    if isinstance(value, str):
        name = value if value in _KNOWN_TIERS else value.strip().lower()
        if name in _KNOWN_TIERS:
            return name
        if name in STANDARD_TIERS:
            return None
    raise ValueError(
        f"service_tier must be one of {list(SERVICE_TIERS)}, or None/'default'/'standard'/'auto'"
        f" for the standard price, got {_short(value)}"
    )


class ModelPricing:
    """USD cost per 1 million tokens for one model.

    An immutable value: equal and hashable by its fields. It keeps the pydantic-style
    methods of the earlier ``BaseModel`` (``model_dump``, ``model_validate``,
    ``model_copy``) and can be used as a field type in pydantic models.

    Args:
        input_per_million: USD for 1M input (prompt) tokens.
        output_per_million: USD for 1M output (completion) tokens; 0 for embeddings.
        cache_read_per_million: USD for 1M input tokens read from the provider's prompt
            cache; None when the provider has no cached-input price (the input price applies).
        cache_write_per_million: USD for 1M input tokens written to the prompt cache;
            None when the provider has no separate write price (the input price applies).
        cache_write_long_per_million: USD for 1M input tokens written to the prompt cache
            with long retention (Anthropic's 1-hour, OpenAI's 12-hour writes); None: the
            write price applies (then the input price).
        reasoning_per_million: USD for 1M reasoning (thinking) output tokens; None: the
            output price applies, as every provider bills them today.
        tiers: Context tiers, ``{input tokens: ModelPricing}``: a call whose total input
            (cached tokens included) is above a threshold is billed at that tier's rates
            for every token; the highest threshold below the input wins.
        changes: Dated prices, ``{"YYYY-MM-DD": ModelPricing}``: from 00:00 UTC of that day
            on, that price (with its own tiers) applies; these fields are the price before
            the first change. ``at(when)`` gives the price in force at a time.
        variants: Prices by service tier, ``{tier: ModelPricing}`` with tiers from
            ``SERVICE_TIERS`` (``"batch"``, ``"flex"``, ``"priority"``, ``"fast"``,
            ``"ultrafast"``): a call served at that tier is billed at that price, with its own
            tiers and dated changes. ``variant(tier)`` gives it; a tier without a variant is
            billed at this price (``"fast"`` at ``"priority"`` when only that one is given:
            OpenAI bills fast as priority).
        server_tools: USD per 1,000 requests of a server-side tool, ``{tool: price}``
            (``"web_search"``, ``"web_fetch"``); a tool not listed is not billed apart.
        regions: Data-residency multipliers of the token cost, ``{region: multiplier}``
            (``"us"``: 1.1); the key ``"*"`` matches any region but ``"global"``.

    Raises:
        ValueError: a price is not a number, negative, NaN or infinite; a tier threshold or
            a change date is invalid; a tier has tiers or changes of its own; a variant is
            not a known tier; a tier, change or variant has variants, server tools or regions.

    Examples:
        >>> p = ModelPricing(input_per_million=2.5, output_per_million=10.0)
        >>> p.model_copy(update={"cache_read_per_million": 1.25}).cache_read_per_million
        1.25
        >>> dated = ModelPricing(input_per_million=2, output_per_million=10,
        ...     changes={"2026-12-01": ModelPricing(input_per_million=4, output_per_million=20)})
        >>> dated.at("2026-11-30").input_per_million, dated.at("2026-12-01").input_per_million
        (2.0, 4.0)
    """

    # ``variants`` is a property over ``_variants``: the built-in table's variants are built
    # at their first use (``_variants`` holds a function that builds them until then).
    __slots__ = (*_SLOTS, "_base", "_simple", "_starts", "_variants")

    input_per_million: float
    output_per_million: float
    cache_read_per_million: float | None
    cache_write_per_million: float | None
    cache_write_long_per_million: float | None
    reasoning_per_million: float | None
    #: ``(threshold, price)`` pairs, ascending.
    tiers: Tiers
    #: ``(date, price)`` pairs, ascending.
    changes: Changes
    #: ``(tool, USD per 1,000 requests)`` pairs, by name.
    server_tools: Rated
    #: ``(region, multiplier)`` pairs, by name.
    regions: Rated
    _base: ModelPricing  # the price before the first change
    _simple: bool  # neither tiers nor changes: one set of rates for every call
    _starts: tuple[int, ...]  # POSIX start of each change
    _variants: Variants | Callable[[], Variants]  # built at first use (``variants``)

    def __init__(
        self,
        *,
        input_per_million: float,
        output_per_million: float,
        cache_read_per_million: float | None = None,
        cache_write_per_million: float | None = None,
        cache_write_long_per_million: float | None = None,
        reasoning_per_million: float | None = None,
        tiers: Mapping[int, ModelPricing] | None = None,
        changes: Mapping[str, ModelPricing] | Mapping[date, ModelPricing] | None = None,
        variants: Mapping[str, ModelPricing] | None = None,
        server_tools: Mapping[str, float] | None = None,
        regions: Mapping[str, float] | None = None,
    ) -> None:
        read, write, write_long, reasoning = (
            None if value is None else _price(field, value)
            for field, value in (
                ("cache_read_per_million", cache_read_per_million),
                ("cache_write_per_million", cache_write_per_million),
                ("cache_write_long_per_million", cache_write_long_per_million),
                ("reasoning_per_million", reasoning_per_million),
            )
        )
        tier_pairs: dict[int, ModelPricing] = {}
        for key, value in _pairs(tiers or {}, "tiers"):
            threshold = _threshold(key)
            if threshold in tier_pairs:
                raise ValueError(f"ModelPricing.tiers has the threshold {threshold} twice")
            tier_pairs[threshold] = _schedule_part("tiers", key, value)
        change_pairs: dict[str, ModelPricing] = {}
        for key, value in _pairs(changes or {}, "changes"):
            day = _day(key)
            if day in change_pairs:
                raise ValueError(f"ModelPricing.changes has the date {day} twice")
            change_pairs[day] = _schedule_part("changes", key, value)
        variant_pairs = dict(
            _variant(key, value) for key, value in _pairs(variants or {}, "variants")
        )
        _fill(
            self,
            _price("input_per_million", input_per_million),
            _price("output_per_million", output_per_million),
            read,
            write,
            write_long,
            reasoning,
            tuple(sorted(tier_pairs.items())),
            tuple(sorted(change_pairs.items())),
            tuple(sorted(variant_pairs.items())),
            _named_numbers(server_tools, "server_tools", positive=False),
            _named_numbers(regions, "regions", positive=True),
        )

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"ModelPricing is immutable; use model_copy(update={{{name!r}: ...}})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("ModelPricing is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field) for field in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModelPricing):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        parts = [
            f"{field}={value!r}"
            for field, value in zip(_FIELDS, self._values(), strict=True)
            if value is not None and value != ()
        ]
        return f"ModelPricing({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, self._values())

    def model_dump(self) -> dict[str, Any]:
        """Return the fields as a dict: every rate (None where unset) and the other fields.

        Tiers, changes and variants are dicts of dumped prices (``{threshold: {...}}``,
        ``{"YYYY-MM-DD": {...}}``, ``{"batch": {...}}``), ``server_tools`` and ``regions``
        dicts of numbers, so ``model_validate`` and JSON round-trip them.
        """
        dumped: dict[str, Any] = {field: getattr(self, field) for field in _RATES}
        dumped["tiers"] = {threshold: tier.model_dump() for threshold, tier in self.tiers}
        dumped["changes"] = {day: change.model_dump() for day, change in self.changes}
        dumped["variants"] = {tier: price.model_dump() for tier, price in self.variants}
        dumped["server_tools"] = dict(self.server_tools)
        dumped["regions"] = dict(self.regions)
        return dumped

    @classmethod
    def model_validate(cls, obj: object) -> ModelPricing:
        """Build a ``ModelPricing`` from a mapping of its fields (or return one unchanged).

        Raises:
            ValueError: ``obj`` is not a mapping, lacks a required field, has an unknown
                field, or holds an invalid price (the message names the field and value).
        """
        from collections.abc import Mapping

        if isinstance(obj, ModelPricing):
            return obj
        if not isinstance(obj, Mapping):
            raise ValueError(f"ModelPricing.model_validate expects a mapping, got {_short(obj)}")
        unknown = sorted(str(key) for key in obj if key not in _FIELDS)
        if unknown:
            raise ValueError(f"ModelPricing has no field(s) {unknown}; fields are {list(_FIELDS)}")
        missing = [field for field in _REQUIRED if field not in obj]
        if missing:
            raise ValueError(f"ModelPricing is missing required field(s) {missing}")
        return cls(**obj)

    def model_copy(self, *, update: Mapping[str, object] | None = None) -> ModelPricing:
        """Return a copy with the fields in ``update`` replaced (validated again)."""
        if not update:
            return self
        return self.model_validate({**self.model_dump(), **update})

    def at(self, when: object = None) -> ModelPricing:
        """Return the price in force at ``when`` (its tiers included, its changes resolved).

        Args:
            when: A ``datetime`` (naive means UTC), a ``date`` or ``"YYYY-MM-DD"`` (00:00
                UTC of that day), a POSIX timestamp, or None for now.

        Raises:
            TypeError: ``when`` is none of those.
        """
        return self if not self.changes else self._in_force(timestamp(when))

    @property
    def variants(self) -> Variants:
        """``(service tier, price)`` pairs, by name."""
        variants = self._variants
        if callable(variants):
            variants = variants()
            _set_built_variants(self, variants)
        return variants

    def variant(self, service_tier: object = None) -> ModelPricing:
        """Return the price a call served at ``service_tier`` is billed at (this one if none).

        ``"fast"`` takes the ``"fast"`` variant, else the ``"priority"`` one (OpenAI bills
        fast as priority); a tier the model has no variant for, and the standard names
        (None, ``"default"``, ``"standard"``, ``"auto"``), take this price.

        Raises:
            ValueError: ``service_tier`` names no known tier.
        """
        tier = service_tier if service_tier in _KNOWN_TIERS else _service_tier(service_tier)
        if tier is None or not self.variants:
            return self
        found = dict(self.variants)
        price = found.get(tier)
        if price is None and tier == "fast":
            price = found.get("priority")
        return self if price is None else price

    def uplift(self, region: object = None) -> float:
        """Return the multiplier of the token cost for a call processed in ``region``.

        1.0 for None, ``"global"`` and a region the price has no multiplier for; the
        ``"*"`` entry matches any other region.
        """
        if not self.regions or region is None or region == GLOBAL_REGION:
            return 1.0
        found = dict(self.regions)
        key = region if isinstance(region, str) else str(region)
        multiplier = found.get(key) or found.get(key.lower()) or found.get(ANY_REGION)
        return 1.0 if multiplier is None else multiplier

    def _in_force(self, seconds: float) -> ModelPricing:
        """Return the price in force at POSIX time ``seconds`` (no changes of its own)."""
        starts = self._starts
        for index in range(len(starts) - 1, -1, -1):
            if seconds >= starts[index]:
                return self.changes[index][1]
        return self._base

    def _rates_for(self, input_tokens: float) -> ModelPricing:
        """Return the rates a call with ``input_tokens`` in all is billed at (its tier)."""
        for threshold, tier in reversed(self.tiers):
            if input_tokens > threshold:
                return tier
        return self

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Let pydantic models use ``ModelPricing`` as a field type (imported lazily)."""
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.model_validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.model_dump()
            ),
        )


# The slots' own setters (ModelPricing.__setattr__ refuses every assignment).
(
    _set_input,
    _set_output,
    _set_cache_read,
    _set_cache_write,
    _set_cache_write_long,
    _set_reasoning,
    _set_tiers,
    _set_changes,
    _set_server_tools,
    _set_regions,
    _set_simple,
    _set_starts,
    _set_base,
    _set_variants,
) = (
    getattr(ModelPricing, name).__set__
    for name in (*_SLOTS, "_simple", "_starts", "_base", "_variants")
)
_set_built_variants = _set_variants
_service_tier = service_tier


def timestamp(when: object) -> float:
    """Return ``when`` as POSIX seconds: a datetime (naive = UTC), date, ISO day, number or None.

    Raises:
        TypeError: ``when`` is none of those, or not finite.
    """
    if when is None:
        from time import time

        return time()
    if isinstance(when, (int, float)) and not isinstance(when, bool):
        try:
            seconds = float(when)
        except OverflowError:
            seconds = float("inf")
        if seconds - seconds == 0.0:
            return seconds
        raise TypeError(f"at= must be a finite POSIX timestamp, got {_short(when)}")
    import datetime

    if isinstance(when, datetime.datetime):
        aware = when if when.tzinfo is not None else when.replace(tzinfo=datetime.timezone.utc)
        return aware.timestamp()
    if isinstance(when, datetime.date):
        return float(utc_day_start(when.isoformat()))
    if isinstance(when, str):
        try:
            return float(utc_day_start(_day(when)))
        except ValueError:
            pass
    raise TypeError(
        "at= must be a datetime (naive means UTC), a date, 'YYYY-MM-DD', a POSIX timestamp"
        f" or None, got {_short(when)}"
    )


def _fill(  # noqa: PLR0917 - every field, in order
    pricing: ModelPricing,
    input_per_million: float,
    output_per_million: float,
    cache_read_per_million: float | None,
    cache_write_per_million: float | None,
    cache_write_long_per_million: float | None = None,
    reasoning_per_million: float | None = None,
    tiers: Tiers = (),
    changes: Changes = (),
    variants: Variants | Callable[[], Variants] = (),
    server_tools: Rated = (),
    regions: Rated = (),
) -> ModelPricing:
    """Set every slot of ``pricing`` from checked values; return it.

    Runs for every built-in entry at import, so it does the least it can: the slots are set
    through their descriptors (half the cost of ``object.__setattr__``), and ``_starts`` and
    ``_base`` only for a price with changes (the only one that reads them).
    """
    _set_input(pricing, input_per_million)
    _set_output(pricing, output_per_million)
    _set_cache_read(pricing, cache_read_per_million)
    _set_cache_write(pricing, cache_write_per_million)
    _set_cache_write_long(pricing, cache_write_long_per_million)
    _set_reasoning(pricing, reasoning_per_million)
    _set_tiers(pricing, tiers)
    _set_changes(pricing, changes)
    _set_variants(pricing, variants)
    _set_server_tools(pricing, server_tools)
    _set_regions(pricing, regions)
    _set_simple(pricing, not (tiers or changes))
    if changes:
        _set_starts(pricing, tuple([utc_day_start(day) for day, _ in changes]))
        base = _fill(
            _new(ModelPricing),
            input_per_million,
            output_per_million,
            cache_read_per_million,
            cache_write_per_million,
            cache_write_long_per_million,
            reasoning_per_million,
            tiers,
        )
        _set_base(pricing, base)
    return pricing


def trusted_pricing(  # noqa: PLR0917 - a data row's columns, in order
    input_per_million: float,
    output_per_million: float,
    cache_read_per_million: float | None,
    cache_write_per_million: float | None,
    cache_write_long_per_million: float | None = None,
    reasoning_per_million: float | None = None,
    tiers: Tiers = (),
    changes: Changes = (),
    variants: Variants | Callable[[], Variants] = (),
    server_tools: Rated = (),
    regions: Rated = (),
) -> ModelPricing:
    """Build a ``ModelPricing`` from already checked values (the built-in table's data).

    Skips validation to keep ``import ractogateway.pricing`` fast; the tests validate every
    built-in entry. ``tiers``, ``changes``, ``variants``, ``server_tools`` and ``regions``
    must be sorted pairs; ``variants`` may be a function that returns them, called at their
    first use.
    """
    return _fill(
        _new(ModelPricing),
        input_per_million,
        output_per_million,
        cache_read_per_million,
        cache_write_per_million,
        cache_write_long_per_million,
        reasoning_per_million,
        tiers,
        changes,
        variants,
        server_tools,
        regions,
    )


def _rebuild(*values: Any) -> ModelPricing:
    """Unpickle a ``ModelPricing`` (older pickles carry fewer fields: the rest default)."""
    return ModelPricing(**dict(zip(_FIELDS, values, strict=False)))

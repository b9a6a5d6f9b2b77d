"""``ModelPricing``: an immutable, validated price of one model, with no dependencies."""

from __future__ import annotations

# Importing ``typing`` would cost more than the whole package; mypy treats this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, NoReturn

    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

_REQUIRED = ("input_per_million", "output_per_million")
_OPTIONAL = ("cache_read_per_million", "cache_write_per_million")
_FIELDS = _REQUIRED + _OPTIONAL


def _price(field: str, value: object) -> float:
    """Return ``value`` as a finite, non-negative float, or raise ValueError naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"ModelPricing.{field} must be a number, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"ModelPricing.{field} must be a number, got {value!r}") from None
    if number - number != 0.0 or number < 0:  # NaN and +-inf are the non-finite numbers
        raise ValueError(
            f"ModelPricing.{field} must be finite and >= 0 (USD per 1M tokens), got {value!r}"
        )
    return number


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

    Raises:
        ValueError: a price is not a number, negative, NaN or infinite.

    Examples:
        >>> p = ModelPricing(input_per_million=2.5, output_per_million=10.0)
        >>> p.model_copy(update={"cache_read_per_million": 1.25}).cache_read_per_million
        1.25
    """

    __slots__ = _FIELDS

    input_per_million: float
    output_per_million: float
    cache_read_per_million: float | None
    cache_write_per_million: float | None

    def __init__(
        self,
        *,
        input_per_million: float,
        output_per_million: float,
        cache_read_per_million: float | None = None,
        cache_write_per_million: float | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "input_per_million", _price("input_per_million", input_per_million))
        setattr_(self, "output_per_million", _price("output_per_million", output_per_million))
        for field, value in (
            ("cache_read_per_million", cache_read_per_million),
            ("cache_write_per_million", cache_write_per_million),
        ):
            setattr_(self, field, None if value is None else _price(field, value))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"ModelPricing is immutable; use model_copy(update={{{name!r}: ...}})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("ModelPricing is immutable")

    def _values(self) -> tuple[float | None, ...]:
        return tuple(getattr(self, field) for field in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModelPricing):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        parts = [f"{field}={value!r}" for field, value in self.model_dump().items()]
        return f"ModelPricing({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, self._values())

    def model_dump(self) -> dict[str, float | None]:
        """Return the fields as a dict (all four keys; cache prices may be None)."""
        return dict(zip(_FIELDS, self._values(), strict=True))

    @classmethod
    def model_validate(cls, obj: object) -> ModelPricing:
        """Build a ``ModelPricing`` from a mapping of its fields (or return one unchanged).

        Raises:
            ValueError: ``obj`` is not a mapping, lacks a required field, has an unknown
                field, or holds an invalid price.
        """
        from collections.abc import Mapping

        if isinstance(obj, ModelPricing):
            return obj
        if not isinstance(obj, Mapping):
            raise ValueError(f"ModelPricing.model_validate expects a mapping, got {obj!r}")
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


def trusted_pricing(
    input_per_million: float,
    output_per_million: float,
    cache_read_per_million: float | None,
    cache_write_per_million: float | None,
) -> ModelPricing:
    """Build a ``ModelPricing`` from already checked floats (the built-in table's data).

    Skips validation to keep ``import ractogateway.pricing`` fast; the tests validate every
    built-in entry.
    """
    pricing = object.__new__(ModelPricing)
    setattr_ = object.__setattr__
    setattr_(pricing, "input_per_million", input_per_million)
    setattr_(pricing, "output_per_million", output_per_million)
    setattr_(pricing, "cache_read_per_million", cache_read_per_million)
    setattr_(pricing, "cache_write_per_million", cache_write_per_million)
    return pricing


def _rebuild(
    input_per_million: float,
    output_per_million: float,
    cache_read_per_million: float | None,
    cache_write_per_million: float | None,
) -> ModelPricing:
    """Unpickle a ``ModelPricing``."""
    return ModelPricing(
        input_per_million=input_per_million,
        output_per_million=output_per_million,
        cache_read_per_million=cache_read_per_million,
        cache_write_per_million=cache_write_per_million,
    )

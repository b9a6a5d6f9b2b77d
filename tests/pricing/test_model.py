"""ModelPricing: validation, immutability, value semantics, pydantic compatibility."""

from __future__ import annotations

import copy
import importlib.util
import math
import pickle
from typing import Any

import pytest

from ractogateway.pricing import ModelPricing

GOOD: dict[str, Any] = {"input_per_million": 2.5, "output_per_million": 10.0}


def test_fields_and_defaults() -> None:
    price = ModelPricing(input_per_million=3, output_per_million=15)
    assert price.input_per_million == 3.0
    assert isinstance(price.input_per_million, float)
    assert price.output_per_million == 15.0
    assert price.cache_read_per_million is None
    assert price.cache_write_per_million is None


def test_zero_is_a_valid_price() -> None:
    price = ModelPricing(input_per_million=0.02, output_per_million=0)
    assert price.output_per_million == 0.0


@pytest.mark.parametrize(
    "field",
    [
        "input_per_million",
        "output_per_million",
        "cache_read_per_million",
        "cache_write_per_million",
    ],
)
@pytest.mark.parametrize("bad", [-0.01, math.nan, math.inf, -math.inf, True, "cheap", [1.0]])
def test_invalid_price_raises_value_error_naming_field_and_value(field: str, bad: object) -> None:
    with pytest.raises(ValueError, match=field) as info:
        ModelPricing(**{**GOOD, field: bad})
    assert repr(bad) in str(info.value)


def test_required_fields_are_keyword_only_and_required() -> None:
    with pytest.raises(TypeError):
        ModelPricing(2.5, 10.0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ModelPricing(input_per_million=2.5)  # type: ignore[call-arg]


def test_immutable() -> None:
    price = ModelPricing(**GOOD)
    with pytest.raises(AttributeError, match="immutable"):
        price.input_per_million = 1.0
    with pytest.raises(AttributeError):
        del price.output_per_million
    assert price.input_per_million == 2.5


def test_equality_and_hash_follow_all_fields() -> None:
    a = ModelPricing(**GOOD)
    b = ModelPricing(input_per_million=2.5, output_per_million=10)
    c = ModelPricing(**GOOD, cache_read_per_million=1.25)
    assert a == b
    assert hash(a) == hash(b)
    assert a != c
    assert len({a, b, c}) == 2
    assert a != GOOD


def test_model_dump_validate_copy_round_trip() -> None:
    price = ModelPricing(**GOOD, cache_read_per_million=1.25)
    dumped = price.model_dump()
    assert dumped == {
        **GOOD,
        "cache_read_per_million": 1.25,
        "cache_write_per_million": None,
        "cache_write_long_per_million": None,
        "reasoning_per_million": None,
        "tiers": {},
        "changes": {},
        "variants": {},
        "server_tools": {},
        "regions": {},
    }
    assert ModelPricing.model_validate(dumped) == price
    assert ModelPricing.model_validate(price) is price
    cheaper = price.model_copy(update={"input_per_million": 1.0})
    assert cheaper.input_per_million == 1.0
    assert cheaper.output_per_million == 10.0
    assert price.input_per_million == 2.5
    with pytest.raises(ValueError, match="input_per_million"):
        price.model_copy(update={"input_per_million": -1})


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"input_per_million": 1.0}, "missing"),
        ({**GOOD, "input_per_millon": 1.0}, "no field"),
        ([1.0, 2.0], "mapping"),
    ],
)
def test_model_validate_rejects_bad_input(obj: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ModelPricing.model_validate(obj)


def test_repr_is_evaluable() -> None:
    price = ModelPricing(**GOOD, cache_write_per_million=3.75)
    assert eval(repr(price), {"ModelPricing": ModelPricing}) == price


def test_pickle_and_deepcopy() -> None:
    price = ModelPricing(**GOOD, cache_read_per_million=1.25)
    assert pickle.loads(pickle.dumps(price)) == price
    assert copy.deepcopy(price) == price


def test_usable_as_a_pydantic_field_when_pydantic_is_installed() -> None:
    if importlib.util.find_spec("pydantic") is None:
        # The pricing-only cell: the hook exists but nothing imported pydantic.
        import sys

        assert hasattr(ModelPricing, "__get_pydantic_core_schema__")
        assert "pydantic" not in sys.modules
        assert "pydantic_core" not in sys.modules
        return
    import pydantic

    class Holder(pydantic.BaseModel):
        price: ModelPricing

    held = Holder.model_validate({"price": GOOD})
    assert held.price == ModelPricing(**GOOD)
    assert Holder(price=ModelPricing(**GOOD)).model_dump()["price"]["output_per_million"] == 10.0
    with pytest.raises(pydantic.ValidationError):
        Holder.model_validate({"price": {"input_per_million": -1, "output_per_million": 1}})
    # Tiers and dated changes survive pydantic's JSON round trip (tier keys become strings).
    scheduled = ModelPricing(
        **GOOD,
        tiers={200_000: ModelPricing(input_per_million=5.0, output_per_million=20.0)},
        changes={"2026-12-01": ModelPricing(input_per_million=1.0, output_per_million=2.0)},
    )
    again = Holder.model_validate_json(Holder(price=scheduled).model_dump_json())
    assert again.price == scheduled

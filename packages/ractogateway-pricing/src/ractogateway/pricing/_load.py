"""Price files: ``load_price_table`` and the ``RACTOGATEWAY_PRICES`` override of the table."""

from __future__ import annotations

import os
import sys

from ractogateway.pricing._model import ModelPricing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ENV_PRICES", "env_overrides", "load_price_table"]

#: Names a price file whose entries override and extend the built-in table everywhere.
ENV_PRICES = "RACTOGATEWAY_PRICES"

_env_table: dict[str, ModelPricing] | None = None


def _parse(path: str, text: str) -> object:
    """Parse ``text`` as TOML (a ``.toml`` file) or JSON (any other).

    Raises:
        ValueError: the text does not parse, or TOML is asked for before Python 3.11.
    """
    if path.lower().endswith(".toml"):
        if sys.version_info >= (3, 11):
            import tomllib

            try:
                return tomllib.loads(text)
            except tomllib.TOMLDecodeError as error:
                raise ValueError(f"{path}: not valid TOML: {error}") from None
        raise ValueError(
            f"{path}: TOML price files need Python 3.11 or later (tomllib);"
            " write the same entries as JSON instead"
        )
    import json

    try:
        return json.loads(text)
    except ValueError as error:
        raise ValueError(f"{path}: not valid JSON: {error}") from None


def load_price_table(path: str | os.PathLike[str]) -> dict[str, ModelPricing]:
    """Read a price file: model ids mapped to ``ModelPricing.model_dump()`` objects.

    JSON, or TOML (a ``.toml`` file, Python 3.11+). Each entry is validated; tiers and
    dated changes are written as in ``model_dump()``. Nothing is fetched from the network.

    Args:
        path: The file to read.

    Returns:
        The entries, to pass as ``price_table=`` or to name in ``RACTOGATEWAY_PRICES``.

    Raises:
        OSError: the file cannot be read.
        ValueError: the file does not parse, is not a mapping of model ids, or an entry is
            invalid (the message names the file, the model id, the field and the value).

    Examples:
        >>> import json, tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        ...     json.dump({"my-model": {"input_per_million": 1, "output_per_million": 2}}, f)
        >>> load_price_table(f.name)["my-model"].output_per_million
        2.0
    """
    name = os.fspath(path)
    with open(name, encoding="utf-8") as file:
        try:
            text = file.read()
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"
            ) from None
    try:
        data = _parse(name, text)
    except RecursionError:
        raise ValueError(f"{name}: nested too deeply to be a price file") from None
    if not isinstance(data, dict):
        raise ValueError(
            f"{name}: a price file maps model ids to prices, got a {type(data).__name__}"
        )
    table: dict[str, ModelPricing] = {}
    for model, entry in data.items():
        if not model.strip():
            raise ValueError(f"{name}: a model id must not be empty")
        try:
            table[model] = ModelPricing.model_validate(entry)
        except ValueError as error:
            raise ValueError(f"{name}: {model!r}: {error}") from None
    return table


def env_overrides() -> Mapping[str, ModelPricing]:
    """Return the entries of the file ``RACTOGATEWAY_PRICES`` names ({} when it is unset).

    Read once, at the first use of the default table; a bad file raises there (and on
    every later use), never falling back to the built-in prices silently.

    Raises:
        OSError: the file cannot be read (the message names the variable).
        ValueError: the file is invalid (see ``load_price_table``).
    """
    global _env_table  # noqa: PLW0603 - read once per process
    if _env_table is None:
        path = os.environ.get(ENV_PRICES, "")
        try:
            _env_table = load_price_table(path) if path else {}
        except OSError as error:
            raise OSError(
                error.errno, f"{ENV_PRICES}={path!r} cannot be read: {error.strerror}"
            ) from error
        except ValueError as error:
            raise ValueError(f"{ENV_PRICES}: {error}") from None
    return _env_table

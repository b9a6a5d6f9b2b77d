"""Fronts: a keyword-only contract run without CPython's cost for keyword-only defaults.

CPython fills each keyword-only parameter a call leaves out with a dict look-up in the
function's ``__kwdefaults__``, and a positional-or-keyword one from a tuple (callgrind: about
125 instructions more each; a plain ``record_chat_span`` leaves sixteen out, 2,000 of its
22,000). A *front* takes those options as
positional-or-keyword parameters behind a guard, ``_keywords: object = KEYWORDS``, and is
installed under the documented function's name by ``runs_as``. A positional value past the
documented ones lands in ``_keywords``, and the front raises ``positional_error`` there, as
Python would for the documented function.

Used by ``compute_cost`` and by ``RactoTracer.record_chat_span`` / ``record_embed_span``; a
test per front ties its parameters to the documented ones, name by name with their defaults.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # ``ractogateway.pricing`` imports no typing at run time
    from collections.abc import Callable
    from typing import Any, TypeVar

    _F = TypeVar("_F", bound=Callable[..., Any])

__all__ = ["KEYWORDS", "positional_error", "runs_as"]

#: The default of a front's ``_keywords`` guard: any other value was given by position.
KEYWORDS = object()


def runs_as(documented: Callable[..., Any], front: _F) -> _F:
    """Return ``front`` dressed as ``documented``: its name, docstring, annotations, signature.

    ``inspect.signature`` follows ``__wrapped__`` to the documented keyword-only signature,
    ``help()`` shows its docstring; type checkers and the API docs read the documented
    definition from the source (install the front under ``if not TYPE_CHECKING``).
    """
    front.__wrapped__ = documented  # type: ignore[attr-defined]
    front.__doc__ = documented.__doc__
    front.__name__ = documented.__name__
    front.__qualname__ = documented.__qualname__
    front.__annotations__ = documented.__annotations__
    return front


def positional_error(name: str, positional: tuple[str, ...] = ()) -> TypeError:
    """The ``TypeError`` of a front given more positional values than ``positional``."""
    if not positional:
        return TypeError(f"{name}() takes its arguments by keyword only")
    return TypeError(
        f"{name}() takes {len(positional)} positional arguments ({', '.join(positional)});"
        " give the others by keyword"
    )

"""A private name of another package, hidden from ``ractogateway``'s code only.

The tests of the fast paths that borrow private names (tests/tracing/test_borrowed.py,
tests/metrics/test_borrowed.py) hide each name in turn the way a release that renamed or
changed it would look to ``ractogateway``: the owner package's own code still finds it.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["CHANGED", "MODES", "Hidden"]

#: How a borrowed name looks to ractogateway's code: gone, or something else entirely.
MODES = ["renamed", "changed"]
#: What a changed name holds (for ractogateway's code only).
CHANGED = object()


class Hidden:
    """A name the owner package's own code still finds and the code of ``ractogateway`` does not.

    Put on the owner class: a method (``method``) or an attribute its ``__init__`` sets (kept
    in the instance's ``__dict__`` under its own name, so objects made before stay whole).
    ``changed``: ractogateway's code reads ``CHANGED`` instead of finding nothing.
    """

    def __init__(self, name: str, method: Any, changed: bool) -> None:
        self.name = name
        self.method = method
        self.changed = changed

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if sys._getframe(1).f_globals.get("__name__", "").startswith("ractogateway."):
            if self.changed:
                return CHANGED
            raise AttributeError(f"{self.name} (hidden by the test)")
        if self.method is not None:
            return self.method.__get__(obj, owner)
        if obj is None:
            return self
        try:
            return vars(obj)[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __set__(self, obj: object, value: object) -> None:
        vars(obj)[self.name] = value

    def __delete__(self, obj: object) -> None:
        del vars(obj)[self.name]

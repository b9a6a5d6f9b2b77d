"""Restarting per-object state in a forked child (threads do not survive ``os.fork``)."""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable

__all__ = ["rerun_in_child"]


def rerun_in_child(method: Callable[[], object]) -> None:
    """Call the bound ``method`` again in every child forked from now on, while its object lives.

    The object is held weakly, so registering does not keep it alive.
    """
    if not hasattr(os, "register_at_fork"):
        return
    weak = weakref.WeakMethod(method)

    def in_child() -> None:
        found = weak()
        if found is not None:
            found()

    os.register_at_fork(after_in_child=in_child)

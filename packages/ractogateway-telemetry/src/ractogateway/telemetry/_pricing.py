"""Kept for compatibility: ``ractogateway.telemetry._pricing``, a module path of 0.2.1.

The RactoGateway SDK 0.2.1 defined ``DEFAULT_COST_TABLE`` and ``compute_cost`` here, and
some 0.2.1 users imported them from this path. They are now aliases of the names at
``ractogateway.telemetry`` (the very same objects, from ``ractogateway.pricing``), and
installing ``ractogateway-telemetry`` over the SDK replaces the SDK's file. Importing it
costs nothing beyond ``ractogateway.telemetry`` itself. New code imports from
``ractogateway.telemetry`` (``compute_cost``'s fourth argument is now the keyword
``price_table=``: see the migration guide).

Examples:
    >>> import ractogateway.telemetry
    >>> from ractogateway.telemetry._pricing import DEFAULT_COST_TABLE, compute_cost
    >>> compute_cost is ractogateway.telemetry.compute_cost
    True
"""

from ractogateway.pricing import DEFAULT_COST_TABLE, compute_cost

__all__ = ["DEFAULT_COST_TABLE", "compute_cost"]

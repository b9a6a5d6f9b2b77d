"""Kept for compatibility: ``ractogateway.telemetry.tracer``, the module path of 0.2.1.

The RactoGateway SDK 0.2.1 defined ``RactoTracer`` here, and its developer kits name this
path in their type hints. It is now an alias of ``ractogateway.telemetry.RactoTracer`` (the
very same class, from ``ractogateway.tracing``), so code written for 0.2.1 gets the current
tracer, and installing ``ractogateway-telemetry`` over the SDK replaces the SDK's file.
Importing it costs nothing beyond ``ractogateway.telemetry`` itself. New code imports from
``ractogateway.telemetry``.

Examples:
    >>> from ractogateway.telemetry import RactoTracer
    >>> from ractogateway.telemetry.tracer import RactoTracer as Kept
    >>> Kept is RactoTracer
    True
"""

from ractogateway.tracing import RactoTracer

__all__ = ["RactoTracer"]

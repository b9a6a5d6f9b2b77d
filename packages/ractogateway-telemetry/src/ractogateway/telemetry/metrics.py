"""Kept for compatibility: ``ractogateway.telemetry.metrics``, the module path of 0.2.1.

The RactoGateway SDK 0.2.1 defined ``GatewayMetricsMiddleware`` here, and its developer kits
name this path in their type hints. It is now an alias of
``ractogateway.telemetry.GatewayMetricsMiddleware`` (the very same class, from
``ractogateway.metrics``), so code written for 0.2.1 gets the current middleware, and
installing ``ractogateway-telemetry`` over the SDK replaces the SDK's file. Importing it
costs nothing beyond ``ractogateway.telemetry`` itself. New code imports from
``ractogateway.telemetry``.

Examples:
    >>> from ractogateway.telemetry import GatewayMetricsMiddleware
    >>> from ractogateway.telemetry.metrics import GatewayMetricsMiddleware as Kept
    >>> Kept is GatewayMetricsMiddleware
    True
"""

from ractogateway.metrics import GatewayMetricsMiddleware

__all__ = ["GatewayMetricsMiddleware"]

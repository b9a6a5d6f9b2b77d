"""Kept for compatibility: ``ractogateway.telemetry.prometheus_exporter``, 0.2.1's path.

The RactoGateway SDK 0.2.1 defined ``PrometheusExporter`` here. It is now an alias of
``ractogateway.telemetry.PrometheusExporter`` (the very same class, from
``ractogateway.metrics``), so code written for 0.2.1 gets the current exporter, and
installing ``ractogateway-telemetry`` over the SDK replaces the SDK's file. Importing it
costs nothing beyond ``ractogateway.telemetry`` itself. New code imports from
``ractogateway.telemetry``.

Examples:
    >>> from ractogateway.telemetry import PrometheusExporter
    >>> from ractogateway.telemetry.prometheus_exporter import PrometheusExporter as Kept
    >>> Kept is PrometheusExporter
    True
"""

from ractogateway.metrics import PrometheusExporter

__all__ = ["PrometheusExporter"]

"""The one logger of ``ractogateway.metrics``: every warning of the distribution goes here."""

from __future__ import annotations

import logging

__all__ = ["LOGGER"]

#: Warnings of ``record_*`` (one per kind of problem) and of the exporter.
LOGGER = logging.getLogger("ractogateway.metrics")

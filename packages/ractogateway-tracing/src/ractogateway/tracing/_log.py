"""The one logger of ``ractogateway.tracing``: every warning of the distribution goes here."""

from __future__ import annotations

import logging

__all__ = ["LOGGER"]

#: Warnings of ``record_*`` (one per kind of problem), of export and of shutdown.
LOGGER = logging.getLogger("ractogateway.tracing")

"""ractogateway.metrics (content arrives with its own issue)."""

from ractogateway.metrics._version import __version__

__all__ = ["__version__"]

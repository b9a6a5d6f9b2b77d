"""ractogateway.tracing (content arrives with its own issue)."""

from ractogateway.tracing._version import __version__

__all__ = ["__version__"]

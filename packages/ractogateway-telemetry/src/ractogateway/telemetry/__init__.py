"""ractogateway.telemetry (content arrives with its own issue)."""

from ractogateway.telemetry._version import __version__

__all__ = ["__version__"]

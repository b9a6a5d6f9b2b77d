"""Version of the ractogateway-tracing distribution (moves in lockstep with its siblings)."""

__version__ = "0.3.0"

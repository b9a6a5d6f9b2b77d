"""Version of the ractogateway-metrics distribution (moves in lockstep with its siblings)."""

__version__ = "0.3.0"

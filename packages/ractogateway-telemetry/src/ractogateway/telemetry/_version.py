"""Version of the ractogateway-telemetry distribution (moves in lockstep with its siblings)."""

__version__ = "0.3.0"

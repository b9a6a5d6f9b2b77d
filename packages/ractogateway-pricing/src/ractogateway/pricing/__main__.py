"""``python -m ractogateway.pricing``: price a call, list the table, look a model id up."""

import sys

from ractogateway.pricing._cli import EXIT_UNKNOWN, main, run

__all__ = ["EXIT_UNKNOWN", "main"]  # still importable from here, as in 0.3.0

if __name__ == "__main__":
    sys.exit(run())

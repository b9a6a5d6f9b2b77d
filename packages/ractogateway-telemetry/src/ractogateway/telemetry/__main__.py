"""``python -m ractogateway.telemetry``: the demo; ``... check``: check the install (``_cli``)."""

import sys

from ractogateway.telemetry._cli import run

if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))

"""``python -m ractogateway.telemetry``: run the demo (``--help`` lists its options)."""

import sys

from ractogateway.telemetry._demo import main

if __name__ == "__main__":
    sys.exit(main())

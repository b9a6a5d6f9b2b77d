"""``python -m ractogateway.telemetry``: run the demo (``--help`` lists its options)."""

import os
import sys

from ractogateway.telemetry._demo import main

if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()  # inside the try: a closed pipe surfaces here, not at exit
    except BrokenPipeError:  # output piped into e.g. `head`, which has exited
        # Point stdout at /dev/null so that Python's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)

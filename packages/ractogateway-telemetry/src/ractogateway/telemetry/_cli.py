"""The command line of ``python -m ractogateway.telemetry``: the demo, or ``check``.

``python -m ractogateway.telemetry [options]`` runs the demo (``_demo``);
``python -m ractogateway.telemetry check`` checks the install (``_check``). Each is imported
only when chosen, so the check never loads the demo. Stdlib only here: the check must run
even when an older SDK's files have replaced the facade.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

__all__ = ["main", "run"]


def main(argv: Sequence[str]) -> int:
    """Run the subcommand ``argv`` names (``check``), else the demo; return the exit status."""
    if argv[:1] == ["check"]:
        from ractogateway.telemetry._check import main as check

        return check(argv[1:])
    from ractogateway.telemetry._demo import main as demo

    return demo(list(argv))


def run(argv: Sequence[str]) -> int:
    """``main``, plus a quiet exit when stdout is a pipe that closed (e.g. into ``head``)."""
    try:
        code = main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe surfaces here, not at exit
    except BrokenPipeError:
        # Point stdout at /dev/null so that Python's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    return code

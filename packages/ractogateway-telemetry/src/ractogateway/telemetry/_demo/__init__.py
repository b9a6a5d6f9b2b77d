"""The demo behind ``python -m ractogateway.telemetry``: a simulated LLM gateway, recorded.

Not part of the public ``ractogateway.telemetry`` API, and changed with the demo. The one
name here is ``main``, the command line, which ``ractogateway.telemetry.__main__`` calls.
The parts live in private modules that this repository's own tests and tools import
directly: ``_workload`` (the planned requests and the simulated gateway), ``_driver`` (the
worker threads of a run), ``_summary`` (the table computed from recorded spans), ``_cli``
(the command line) and ``_signals`` (how SIGINT and SIGTERM stop it).

Examples:
    >>> from ractogateway.telemetry._demo import main
    >>> main(["--requests", "10", "--speedup", "1000", "--port", "0"])
    RactoGateway telemetry demo: simulated gateway, seed 0, 10 requests or 8 s, 8 workers, ...
    done: 10 requests in ...
    cache: ... spent
    0
"""

from ractogateway.telemetry._demo._cli import main

__all__ = ["main"]

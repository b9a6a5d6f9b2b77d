"""Child processes that record spans and exit without flushing: the exit flush must deliver them.

``TracerChildren.start(config)`` runs ``CHILD_SCRIPT`` in a new interpreter; its one argument
is JSON: ``{"kwargs": {...}, "spans": N, "hang": bool, "exit_timeout_s": float}`` — the
``RactoTracer`` keywords, how many spans to record, ``hang`` for a custom exporter that never
returns, and ``exit_timeout_s`` to shorten the bound of the exit flush (the tracer's private
``_pipeline.EXIT_TIMEOUT_S``, 10 s) so a test proves the bound without waiting it out. The
child's last stderr line says when the script ended (``time.monotonic()``, the same clock as
the parent's on Linux). ``kill()`` ends the children still running. ``tests/tracing/conftest.py``
serves it as the ``start_child`` fixture. Standard library only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

CHILD_SCRIPT = """
import json, sys, threading, time
from opentelemetry.sdk.trace.export import SpanExporter
from ractogateway.tracing import RactoTracer

config = json.loads(sys.argv[1])
kwargs = config["kwargs"]
if "exit_timeout_s" in config:
    import ractogateway.tracing._pipeline as pipeline
    pipeline.EXIT_TIMEOUT_S = config["exit_timeout_s"]
if config.get("hang"):
    class Hanging(SpanExporter):
        def export(self, spans):
            threading.Event().wait()
    kwargs["custom_exporter"] = Hanging()
tracer = RactoTracer(**kwargs)
for i in range(config["spans"]):
    tracer.record_chat_span(provider="openai", model="gpt-4o", latency_ms=1.5, input_tokens=i)
print(f"script-end {time.monotonic()}", file=sys.stderr, flush=True)
"""


class TracerChildren:
    """The ``CHILD_SCRIPT`` processes a test started."""

    def __init__(self) -> None:
        self._children: list[subprocess.Popen[str]] = []

    def start(self, config: dict[str, Any]) -> subprocess.Popen[str]:
        """Start ``CHILD_SCRIPT`` with ``config``; stdout and stderr are pipes (text)."""
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD_SCRIPT, json.dumps(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._children.append(child)
        return child

    def kill(self) -> None:
        """Kill the children still running and reap them all."""
        for child in self._children:
            if child.poll() is None:
                child.kill()
            child.communicate()

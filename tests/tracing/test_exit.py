"""Interpreter exit: a process that never flushes still delivers its spans, in bounded time.

The bound is ``EXIT_TIMEOUT_S`` (10 s); the children that prove it use 1 s (``tracer_children``
sets it), so the test waits one second, not ten. It waits on the wall clock all the same: it is
marked ``realtime`` and runs in one matrix cell (``noxfile.py``).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from ractogateway.tracing._pipeline import EXIT_TIMEOUT_S

if TYPE_CHECKING:
    from span_destinations import Sink

StartChild = Callable[[dict[str, Any]], subprocess.Popen[str]]
SPANS = 2000  # several export batches, within one exporter queue
#: The exit bound the stalled children run with (the real one, EXIT_TIMEOUT_S, is 10 s).
BOUND_S = 1.0


def test_a_process_that_exits_without_flushing_delivers_every_span(
    sink: Sink,
    start_child: StartChild,
    console_spans: Callable[[str], list[dict[str, Any]]],
) -> None:
    # A custom exporter object cannot cross into the child: it prints to the console instead.
    kwargs = {"console": True} if sink.kind == "custom" else sink.tracer_kwargs
    child = start_child({"kwargs": kwargs, "spans": SPANS})
    stdout, stderr = child.communicate(timeout=60)

    assert child.returncode == 0, stderr
    if sink.kind == "custom":
        received = [span["attributes"]["llm.input_tokens"] for span in console_spans(stdout)]
    else:
        received = [span.attributes["llm.input_tokens"] for span in sink.spans]
    assert sorted(received) == list(range(SPANS))


@pytest.mark.realtime
def test_exit_waits_at_most_its_bound_for_a_stalled_collector(
    stalled_child_configs: dict[str, dict[str, Any]], start_child: StartChild
) -> None:
    assert EXIT_TIMEOUT_S == 10.0  # what the docs promise; the children use BOUND_S
    # All at once: each child may wait the full bound.
    children = {
        name: start_child({**config, "spans": 600, "exit_timeout_s": BOUND_S})
        for name, config in stalled_child_configs.items()
    }
    exited_at: dict[str, float] = {}
    deadline = time.monotonic() + 60
    while len(exited_at) < len(children) and time.monotonic() < deadline:
        for name, child in children.items():
            if name not in exited_at and child.poll() is not None:
                exited_at[name] = time.monotonic()
        time.sleep(0.05)

    assert sorted(exited_at) == sorted(children), "a child did not exit within 60 s"
    for name, child in children.items():
        _, stderr = child.communicate()
        assert child.returncode == 0, (name, stderr)
        script_end = float(stderr.split("script-end ")[1].split()[0])
        # Allow for interpreter teardown on a loaded machine.
        assert exited_at[name] - script_end < BOUND_S + 3.0, (name, exited_at[name] - script_end)
    # The hung exporter never returns: only the bound ends that process.
    _, stderr = children["custom-hanging"].communicate()
    assert f"did not finish exporting within {BOUND_S:g} s at interpreter exit" in stderr

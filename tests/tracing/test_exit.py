"""Interpreter exit: a process that never flushes still delivers its spans, in bounded time."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from span_destinations import Sink

StartChild = Callable[[dict[str, Any]], subprocess.Popen[str]]
SPANS = 2000  # several export batches, within one exporter queue


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


def test_exit_waits_at_most_ten_seconds_for_a_stalled_collector(
    stalled_child_configs: dict[str, dict[str, Any]], start_child: StartChild
) -> None:
    # All at once: each child may wait the full 10 s bound.
    children = {
        name: start_child({**config, "spans": 600})
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
        # The bound is 10 s; allow for interpreter teardown on a loaded machine.
        assert exited_at[name] - script_end < 13.0, (name, exited_at[name] - script_end)
    # The hung exporter never returns: only the bound ends that process.
    _, stderr = children["custom-hanging"].communicate()
    assert "did not finish exporting within 10 s at interpreter exit" in stderr

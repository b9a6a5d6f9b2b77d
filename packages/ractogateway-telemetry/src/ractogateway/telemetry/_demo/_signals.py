"""How the demo's command line stops: SIGINT and SIGTERM ask it to, whatever it inherited.

An inherited disposition cannot be trusted. A background job of a non-interactive shell
(``nox > log &``), ``nohup`` and some CI runners and container inits start a process with
SIGINT ignored, so Ctrl-C would do nothing; SIGTERM (``docker stop``, systemd, ``kill``)
kills by default, before the summary. ``stop_on_signals`` installs handlers of its own for
both, which only record the request: the run and the waits look at it and end in order.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType
    from typing import Any, TypeAlias

    #: What ``signal.signal`` returns: the handler it replaced.
    _Handler: TypeAlias = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

__all__ = ["STOP_SIGNALS", "StopRequest", "stop_on_signals"]

#: The signals that ask the demo to stop: Ctrl-C, and what service managers send.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequest:
    """Whether a stop signal came (``is_set()``), and which one first (``signal_name``).

    The handler only assigns an attribute. It runs in the main thread between two bytecodes,
    perhaps while that thread holds a lock (a ``threading.Event``'s, in the middle of
    ``wait``): taking a lock there could deadlock, so nothing here takes one.
    """

    def __init__(self) -> None:
        self.signal_name: str | None = None  # e.g. "SIGTERM"

    def is_set(self) -> bool:
        """Return whether a stop signal came."""
        return self.signal_name is not None

    def handle_signal(self, signum: int, frame: FrameType | None) -> None:
        """Record the first stop signal (a signal handler: it never raises; repeats are no-ops)."""
        if self.signal_name is None:
            self.signal_name = signal.Signals(signum).name


@contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Within the block, SIGINT and SIGTERM set the yielded ``StopRequest``.

    Only in the main thread, the only one where Python lets handlers be set; anywhere else
    nothing changes and no signal sets the request. The previous handlers are back when the
    block ends, however it ends (a handler that Python did not install comes back as the
    default action).
    """
    stop = StopRequest()
    previous: dict[signal.Signals, _Handler] = {}
    try:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                previous[signum] = signal.signal(signum, stop.handle_signal)
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)

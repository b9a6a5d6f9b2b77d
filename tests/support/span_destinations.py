"""Where a test tracer sends its spans: a healthy sink, or a collector that is down or hangs.

``Sink`` is a healthy destination (the tracer keywords that reach it, and the ``SpanStore``
its spans arrive in); ``Stalled`` a collector that is down or hanging, with the tracer
keywords that reach it. A collector that is down is ``closed_port_endpoint()``, a port
nothing listens on; one that hangs is a ``HangingServer``, which accepts connections and never
answers. ``tests/tracing/conftest.py`` builds them per transport as the ``sink`` and
``stalled`` fixtures. Standard library only (and ``otlp_receivers``, which is too).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from otlp_receivers import ReceivedSpan, SpanStore
from ports import free_port


@dataclass
class Sink:
    """Where a test tracer sends spans (``tracer_kwargs``) and where they are read back."""

    kind: str
    tracer_kwargs: dict[str, Any]
    store: SpanStore = field(default_factory=SpanStore)

    @property
    def spans(self) -> list[ReceivedSpan]:
        return self.store.spans

    def wait_for(self, count: int, timeout_s: float = 20.0) -> list[ReceivedSpan]:
        return self.store.wait_for(count, timeout_s)


@dataclass
class Stalled:
    """A collector that is down (closed port) or hanging, and the tracer arguments to reach it."""

    transport: str
    hanging: bool
    tracer_kwargs: dict[str, Any]


class HangingServer:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.05)
        self._connections: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        self.endpoint = f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self._connections.append(connection)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        for connection in self._connections:
            connection.close()
        self._socket.close()


def closed_port_endpoint() -> str:
    """Return the URL of a port on 127.0.0.1 that nothing listens on (a collector that is down)."""
    return f"http://127.0.0.1:{free_port()}"

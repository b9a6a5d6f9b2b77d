"""The HTTP(S) server behind ``PrometheusExporter``, and its settings.

prometheus-client's WSGI app on ``/metrics`` (and ``/``), 404 elsewhere; a thread per
request, TLS handshakes off the accept loop, a listen backlog sized for many scrapers, and a
listening socket that is closed on stop.

The settings are plain constants, read when ``ractogateway.metrics`` is imported (``BACKLOG``
is the exporter's default). The serving machinery — the standard library's WSGI server and
prometheus-client's app — is imported when the first server is built, so importing the
package pays for neither.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING

from ractogateway.metrics._log import LOGGER

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Iterable
    from wsgiref.simple_server import WSGIServer

    from prometheus_client import CollectorRegistry

__all__ = ["BACKLOG", "CLIENT_TIMEOUT_S", "METRICS_PATHS", "POLL_INTERVAL_S", "MetricsServer"]

#: Connections the kernel queues while every request thread is busy (socketserver's default
#: is 5: 50 concurrent scrapers overflowed it and timed out); the kernel caps it at
#: ``net.core.somaxconn``.
BACKLOG = 128
#: Seconds a scrape may stall (TLS handshake, request, response) before its socket is closed.
CLIENT_TIMEOUT_S = 30.0
#: Seconds between checks for a stop request in the accept loop.
POLL_INTERVAL_S = 0.2
#: The paths that serve the metrics; any other answers 404.
METRICS_PATHS = frozenset({"/metrics", "/"})
_NOT_FOUND = b"Not Found: the metrics are at /metrics\n"

_Environ = dict[str, object]


def _only_metrics(
    app: Callable[[_Environ, Callable[..., object]], Iterable[bytes]],
) -> Callable[[_Environ, Callable[..., object]], Iterable[bytes]]:
    """Serve ``app`` at ``METRICS_PATHS`` only; answer 404 at every other path."""

    def serve(environ: _Environ, start_response: Callable[..., object]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in METRICS_PATHS:
            return app(environ, start_response)
        start_response(
            "404 Not Found",
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(_NOT_FOUND))),
            ],
        )
        return [_NOT_FOUND]

    return serve


@functools.cache
def _wsgi_server() -> Callable[[str, int, int], WSGIServer]:
    """The standard library's WSGI server as the exporter needs it; built at the first call.

    The classes are defined here, not at module level, because their bases (``wsgiref``,
    ``socketserver``, ``ssl``) cost more to import than the rest of the package.

    Returns:
        The server class: ``(addr, port, backlog)`` binds, listens and returns the server.
    """
    import socket
    import ssl
    from socketserver import TCPServer, ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    class Handler(WSGIRequestHandler):
        """Serves one request; no access log on stderr; TLS handshake in this request's thread."""

        timeout = CLIENT_TIMEOUT_S

        def setup(self) -> None:
            if isinstance(self.request, ssl.SSLSocket):
                self.request.settimeout(self.timeout)
                self.request.do_handshake()
            super().setup()

        def log_message(self, format: str, *args: object) -> None:
            """Log nothing: a scrape every few seconds is not news."""

    class Server(ThreadingMixIn, WSGIServer):
        """A thread per request, the listen backlog given, no reverse DNS lookup on bind."""

        daemon_threads = True

        def __init__(self, addr: str, port: int, backlog: int) -> None:
            self.request_queue_size = backlog  # read by server_activate() (listen)
            self.address_family = socket.getaddrinfo(
                addr or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
            )[0][0]
            super().__init__((addr, port), Handler)

        def server_bind(self) -> None:
            """Bind without the reverse DNS lookup of ``HTTPServer.server_bind``."""
            TCPServer.server_bind(self)
            host, port = self.server_address[:2]
            self.server_name = str(host)
            self.server_port = int(port)
            self.setup_environ()

        def handle_error(self, request: object, client_address: object) -> None:
            """A failed scrape (client gone, bad TLS handshake) is logged at DEBUG only."""
            LOGGER.debug("metrics scrape from %s failed", client_address, exc_info=True)

    return Server


class MetricsServer:
    """Serves ``registry`` at ``/metrics`` and ``/`` until ``close()``; 404 elsewhere.

    Args:
        addr: Address to listen on (``""`` or ``"0.0.0.0"``: every IPv4 interface).
        port: TCP port; 0 picks a free one, reported by ``.port``.
        registry: The registry to serve.
        ssl_context: Server TLS context for HTTPS; None serves plain HTTP.
        backlog: Connections the kernel queues while every request thread is busy.

    Raises:
        OSError: the address cannot be resolved or the port cannot be bound (the socket is
            closed before raising).
    """

    def __init__(
        self,
        addr: str,
        port: int,
        registry: CollectorRegistry,
        ssl_context: ssl.SSLContext | None = None,
        backlog: int = BACKLOG,
    ) -> None:
        from prometheus_client import make_wsgi_app

        self._wsgi = _wsgi_server()(addr, port, backlog)
        self._wsgi.set_app(_only_metrics(make_wsgi_app(registry)))
        if ssl_context is not None:
            # Handshakes happen in the request threads, so a slow client blocks no one.
            self._wsgi.socket = ssl_context.wrap_socket(
                self._wsgi.socket, server_side=True, do_handshake_on_connect=False
            )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self._wsgi.server_address[1])

    @property
    def backlog(self) -> int:
        """The listen backlog the socket was opened with."""
        return self._wsgi.request_queue_size

    @property
    def is_serving(self) -> bool:
        """True while the accept loop runs."""
        return self._thread is not None and self._thread.is_alive()

    def serve_in_thread(self) -> None:
        """Run the accept loop in a daemon thread."""
        self._thread = threading.Thread(
            target=self._wsgi.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL_S},
            name=f"ractogateway-metrics-exporter:{self.port}",
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        """Stop the accept loop, close the listening socket and wait for the thread."""
        if self._thread is not None:
            self._wsgi.shutdown()
            self._thread.join()
        self._wsgi.server_close()

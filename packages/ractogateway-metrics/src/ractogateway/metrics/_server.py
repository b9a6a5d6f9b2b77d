"""The HTTP(S) server behind ``PrometheusExporter``: one event loop, a few scrape threads.

prometheus-client's WSGI app on ``/metrics`` (and ``/``), 404 elsewhere. Bounded whatever
clients do:

- **One event loop thread** accepts connections, runs TLS handshakes and reads requests
  without blocking, and writes responses back; **``SCRAPE_THREADS`` threads** render them.
  Idle or slow connections cost a socket and a few bytes each, never a thread.
- **At most ``max_connections`` open.** A connection beyond it closes the oldest one that
  has sent nothing for a second, else the oldest without a complete request: a flood of
  idle or slow connections cannot lock a real scraper out (nor push out one whose request
  is on its way), it only pushes the oldest idle or slowest ones out.
- **``request_timeout`` seconds** from accept to a complete request (TLS handshake
  included), and again to write the response: a slow-loris client trickling its request is
  closed when its time is up, whatever it sends; a request head above ``MAX_REQUEST_BYTES``
  is refused.

Each response closes its connection (``Connection: close``). The settings are plain constants
(``BACKLOG``, ``MAX_CONNECTIONS`` and ``REQUEST_TIMEOUT_S`` are the exporter's defaults); the
serving machinery (``selectors``, ``ssl``, prometheus-client's app) is imported when the first
server is built.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from ractogateway.metrics._log import LOGGER

if TYPE_CHECKING:
    import socket
    import ssl
    from collections.abc import Callable, Iterable
    from concurrent.futures import ThreadPoolExecutor

    from prometheus_client import CollectorRegistry

__all__ = [
    "BACKLOG",
    "MAX_CONNECTIONS",
    "MAX_REQUEST_BYTES",
    "METRICS_PATHS",
    "POLL_INTERVAL_S",
    "REQUEST_TIMEOUT_S",
    "SCRAPE_THREADS",
    "MetricsServer",
]

#: Connections the kernel queues before the loop accepts them (socketserver's default is 5:
#: 50 concurrent scrapers overflowed it); the kernel caps it at ``net.core.somaxconn``.
BACKLOG = 128
#: Connections open at once; beyond it the longest-waiting one without a request is closed.
MAX_CONNECTIONS = 256
#: Seconds from accept to a complete request, and to write the response.
REQUEST_TIMEOUT_S = 10.0
#: Bytes of a request head (request line and headers) beyond which it is refused.
MAX_REQUEST_BYTES = 16384
#: Threads that render responses (a scrape reads the registry or the multiprocess files).
SCRAPE_THREADS = 4
#: Seconds between checks for a stop request and for expired connections.
POLL_INTERVAL_S = 0.2
#: The paths that serve the metrics; any other answers 404.
METRICS_PATHS = frozenset({"/metrics", "/"})
_NOT_FOUND = b"Not Found: the metrics are at /metrics\n"
#: Seconds without a byte after which a connection counts as idle (the first to make room).
_SILENT_S = 1.0
#: Connections accepted per turn of the loop at most, so that a flood cannot starve the
#: others (nor push out, in one turn, a connection it accepted before reading it).
_ACCEPTS_PER_TURN = 128

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


class _Connection:
    """One client: its socket, what it sent, what is left to send, and its deadline."""

    __slots__ = ("deadline", "inbox", "outbox", "peer", "sock", "state")

    def __init__(self, sock: socket.socket, peer: object, deadline: float, state: str) -> None:
        self.sock = sock
        self.peer = peer
        self.deadline = deadline
        self.state = state  # "tls" (not wrapped yet), "handshake", "read", "render" or "write"
        self.inbox = bytearray()
        self.outbox = memoryview(b"")


def _environ(head: bytes, server: tuple[str, int], scheme: str, peer: object) -> _Environ | None:
    """The WSGI environ of a request head, or None if it is not an HTTP request."""
    import io
    import sys
    from urllib.parse import unquote

    lines = head.decode("iso-8859-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    method, target, version = parts
    path, _, query = target.partition("?")
    environ: _Environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": unquote(path, "iso-8859-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": version,
        "SCRIPT_NAME": "",
        "REMOTE_ADDR": str(peer[0]) if isinstance(peer, tuple) else "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        key = name.strip().upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = f"HTTP_{key}"
        environ[key] = value.strip()
    return environ


class MetricsServer:
    """Serves ``registry`` at ``/metrics`` and ``/`` until ``close()``; 404 elsewhere.

    Args:
        addr: Address to listen on (``""`` or ``"0.0.0.0"``: every IPv4 interface).
        port: TCP port; 0 picks a free one, reported by ``.port``.
        registry: The registry to serve.
        ssl_context: Server TLS context for HTTPS; None serves plain HTTP.
        backlog: Connections the kernel queues before the loop accepts them.
        max_connections: Connections open at once (see the module docstring).
        request_timeout: Seconds to send a complete request, and to take the response.

    Raises:
        OSError: the address cannot be resolved or the port cannot be bound (the socket is
            closed before raising).
    """

    def __init__(
        self,
        addr: str,
        port: int,
        registry: CollectorRegistry,
        *,
        ssl_context: ssl.SSLContext | None = None,
        backlog: int = BACKLOG,
        max_connections: int = MAX_CONNECTIONS,
        request_timeout: float = REQUEST_TIMEOUT_S,
    ) -> None:
        import selectors
        import socket
        from concurrent.futures import ThreadPoolExecutor

        from prometheus_client import make_wsgi_app

        family, kind, _, _, address = socket.getaddrinfo(
            addr or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listener = socket.socket(family, kind)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(address)
            listener.listen(backlog)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self._backlog = backlog
        self._app = _only_metrics(make_wsgi_app(registry))
        self._ssl = ssl_context
        self._max_connections = max_connections
        self._timeout = request_timeout
        self._selector = selectors.DefaultSelector()
        self._selector.register(listener, selectors.EVENT_READ, None)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, self._wake_r)
        #: Connections without a complete request yet, oldest first (the ones to expire).
        self._waiting: OrderedDict[_Connection, None] = OrderedDict()
        #: Those of them that have sent nothing yet, oldest first (the first to make room).
        self._silent: OrderedDict[_Connection, None] = OrderedDict()
        #: Connections rendered or being written.
        self._serving: set[_Connection] = set()
        self._rendered: list[tuple[_Connection, bytes]] = []
        self._rendered_lock = threading.Lock()
        self._scrapers: ThreadPoolExecutor = ThreadPoolExecutor(
            SCRAPE_THREADS, thread_name_prefix=f"ractogateway-metrics-scrape:{self.port}"
        )
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self._listener.getsockname()[1])

    @property
    def backlog(self) -> int:
        """The listen backlog the socket was opened with."""
        return self._backlog

    @property
    def max_connections(self) -> int:
        """Connections open at once."""
        return self._max_connections

    @property
    def open_connections(self) -> int:
        """Connections open now (waiting for a request, or being served)."""
        return len(self._waiting) + len(self._serving)

    @property
    def is_serving(self) -> bool:
        """True while the event loop runs."""
        return self._thread is not None and self._thread.is_alive()

    def serve_in_thread(self) -> None:
        """Run the event loop in a daemon thread."""
        self._thread = threading.Thread(
            target=self._serve, name=f"ractogateway-metrics-exporter:{self.port}", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Stop the loop, close every connection and the listening socket, join the threads."""
        self._stopping = True
        if self._thread is not None:
            self._wake()
            self._thread.join()
        else:
            self._close_all()
        self._scrapers.shutdown(wait=True, cancel_futures=True)

    # The event loop.

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"x")
        except OSError:  # the pipe is full: the loop is awake anyway
            return

    def _serve(self) -> None:
        try:
            while not self._stopping:
                for key, events in self._selector.select(self._next_timeout()):
                    if key.data is None:
                        self._accept()
                    elif key.data is self._wake_r:
                        self._drain_wake()
                    else:
                        try:
                            self._step(key.data, events)
                        except Exception:  # one client's trouble never stops the loop
                            LOGGER.debug("metrics exporter: a connection failed", exc_info=True)
                            self._close(key.data)
                self._expire()
        finally:
            self._close_all()

    def _next_timeout(self) -> float:
        """Seconds until the next deadline, at most POLL_INTERVAL_S."""
        if self._waiting:
            first = next(iter(self._waiting))
            return max(0.0, min(POLL_INTERVAL_S, first.deadline - time.monotonic()))
        return POLL_INTERVAL_S

    def _accept(self) -> None:
        import selectors

        for _ in range(min(_ACCEPTS_PER_TURN, max(1, self._max_connections // 2))):
            try:
                sock, peer = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of descriptors, a reset in the queue: try again next turn
                LOGGER.debug("metrics exporter: accept failed", exc_info=True)
                return
            if self.open_connections >= self._max_connections and not self._make_room():
                sock.close()
                continue
            sock.setblocking(False)
            # TLS: wrapped when the client first sends, so a silent one costs no TLS state.
            state = "read" if self._ssl is None else "tls"
            connection = _Connection(sock, peer, time.monotonic() + self._timeout, state)
            self._waiting[connection] = None
            self._silent[connection] = None
            self._selector.register(sock, selectors.EVENT_READ, connection)

    def _make_room(self) -> bool:
        """Close the oldest connection silent for a while, else the oldest waiting one.

        A connection accepted a moment ago may be a scraper whose request is on its way; one
        silent for ``_SILENT_S`` is idle, and the oldest waiting one is the slowest client.

        Returns:
            False if no connection waits for its request (all are being answered).
        """
        if not self._waiting:
            return False
        oldest = next(iter(self._waiting))
        if self._silent:
            silent = next(iter(self._silent))
            if silent.deadline - self._timeout + _SILENT_S <= time.monotonic():
                oldest = silent
        LOGGER.debug("metrics exporter: %s connections open, closing the oldest idle one",
                     self.open_connections)  # fmt: skip
        self._close(oldest)
        return True

    def _step(self, connection: _Connection, events: int) -> None:
        self._silent.pop(connection, None)  # it spoke (or hung up)
        if connection.state == "tls":
            self._wrap(connection)
        elif connection.state == "handshake":
            self._handshake(connection)
        elif connection.state == "read":
            self._read(connection)
        elif connection.state == "write":
            self._write(connection)

    def _wrap(self, connection: _Connection) -> None:
        """Start TLS on a connection whose client has sent its first bytes."""
        assert self._ssl is not None
        self._selector.unregister(connection.sock)
        try:
            connection.sock = self._ssl.wrap_socket(
                connection.sock, server_side=True, do_handshake_on_connect=False
            )
        except OSError:
            connection.sock.close()
            self._waiting.pop(connection, None)
            return
        connection.state = "handshake"
        import selectors

        self._selector.register(connection.sock, selectors.EVENT_READ, connection)
        self._handshake(connection)

    def _handshake(self, connection: _Connection) -> None:
        import selectors
        import ssl

        sock = connection.sock
        assert isinstance(sock, ssl.SSLSocket)
        try:
            sock.do_handshake()
        except ssl.SSLWantReadError:
            self._selector.modify(sock, selectors.EVENT_READ, connection)
            return
        except ssl.SSLWantWriteError:
            self._selector.modify(sock, selectors.EVENT_WRITE, connection)
            return
        except OSError:  # a bad certificate, a reset: that client only
            LOGGER.debug("metrics exporter: TLS handshake with %s failed", connection.peer,
                         exc_info=True)  # fmt: skip
            self._close(connection)
            return
        connection.state = "read"
        self._selector.modify(sock, selectors.EVENT_READ, connection)
        self._read(connection)

    def _read(self, connection: _Connection) -> None:
        import ssl

        while True:
            try:
                chunk = connection.sock.recv(8192)
            except (BlockingIOError, InterruptedError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                return
            except OSError:
                self._close(connection)
                return
            if not chunk:
                self._close(connection)
                return
            connection.inbox += chunk
            end = connection.inbox.find(b"\r\n\r\n")
            if end >= 0:
                self._render(connection, bytes(connection.inbox[:end]))
                return
            if len(connection.inbox) > MAX_REQUEST_BYTES:
                self._close(connection)
                return

    def _render(self, connection: _Connection, head: bytes) -> None:
        """Hand a complete request to a scrape thread; the loop stops watching it meanwhile."""
        del self._waiting[connection]
        self._silent.pop(connection, None)
        self._selector.unregister(connection.sock)
        connection.state = "render"
        self._serving.add(connection)
        self._scrapers.submit(self._respond, connection, head)

    def _respond(self, connection: _Connection, head: bytes) -> None:
        """In a scrape thread: run the app, queue the response for the loop to write."""
        scheme = "http" if self._ssl is None else "https"
        environ = _environ(head, (str(self._listener.getsockname()[0]), self.port), scheme,
                           connection.peer)  # fmt: skip
        if environ is None:
            response = _response("400 Bad Request", [("Content-Type", "text/plain")], b"")
        else:
            response = self._call_app(environ)
        with self._rendered_lock:
            self._rendered.append((connection, response))
        self._wake()

    def _call_app(self, environ: _Environ) -> bytes:
        started: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: object) -> None:
            started.append((status, headers))

        try:
            body = b"".join(self._app(environ, start_response))
        except Exception:  # a collector failed: that scrape only
            LOGGER.debug("metrics exporter: rendering a scrape failed", exc_info=True)
            return _response("500 Internal Server Error", [("Content-Type", "text/plain")], b"")
        status, headers = started[-1]
        return _response(status, headers, b"" if environ["REQUEST_METHOD"] == "HEAD" else body,
                         len(body))  # fmt: skip

    def _drain_wake(self) -> None:
        import selectors

        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        with self._rendered_lock:
            rendered, self._rendered = self._rendered, []
        for connection, response in rendered:
            connection.state = "write"
            connection.outbox = memoryview(response)
            connection.deadline = time.monotonic() + self._timeout
            self._selector.register(connection.sock, selectors.EVENT_WRITE, connection)
            self._write(connection)

    def _write(self, connection: _Connection) -> None:
        import ssl

        while connection.outbox:
            try:
                sent = connection.sock.send(connection.outbox)
            except (BlockingIOError, InterruptedError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                return
            except OSError:
                self._close(connection)
                return
            connection.outbox = connection.outbox[sent:]
        self._close(connection)

    def _expire(self) -> None:
        """Close the connections whose time is up: a request not complete, a response not taken."""
        now = time.monotonic()
        while self._waiting:
            oldest = next(iter(self._waiting))
            if oldest.deadline > now:
                break
            self._close(oldest)
        for connection in [c for c in self._serving if c.state == "write" and c.deadline <= now]:
            self._close(connection)

    def _close(self, connection: _Connection) -> None:
        import socket

        self._waiting.pop(connection, None)
        self._silent.pop(connection, None)
        self._serving.discard(connection)
        if connection.state != "render":
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(connection.sock)
        if connection.state == "write":  # the response is out: end the stream cleanly
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)
        connection.sock.close()

    def _close_all(self) -> None:
        for connection in [*self._waiting, *self._serving]:
            self._close(connection)
        for sock in (self._listener, self._wake_r, self._wake_w):
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(sock)
            sock.close()
        self._selector.close()


def _response(
    status: str, headers: list[tuple[str, str]], body: bytes, length: int | None = None
) -> bytes:
    """An HTTP/1.1 response that closes its connection."""
    lines = [f"HTTP/1.1 {status}"]
    lines += [f"{name}: {value}" for name, value in headers if name.lower() not in _OWN]
    lines += [f"Content-Length: {len(body) if length is None else length}", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("iso-8859-1") + body


#: Headers the server sets itself.
_OWN = frozenset({"content-length", "connection"})

"""``PrometheusExporter``: serves /metrics over HTTP (or HTTPS) from a daemon thread."""

from __future__ import annotations

import errno
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ssl
    from types import TracebackType

    from prometheus_client import CollectorRegistry

    from ractogateway.metrics._server import MetricsServer

__all__ = ["PrometheusExporter"]

_MAX_PORT = 65535


class PrometheusExporter:
    """HTTP server that exposes metrics at /metrics for Prometheus to scrape.

    Args:
        port: TCP port to listen on; 0 picks a free port, reported by ``.port``.
        registry: The registry to serve. None (the default) serves the global
            ``prometheus_client.REGISTRY`` or, with ``PROMETHEUS_MULTIPROC_DIR`` set, the
            aggregate of every worker process.
        addr: Address to listen on; ``"0.0.0.0"`` (the default) means every IPv4
            interface, ``"127.0.0.1"`` this machine only, ``"::"`` every IPv6 interface.
        certfile: PEM certificate (chain) to serve HTTPS with; requires ``keyfile``.
        keyfile: PEM private key of ``certfile``.

    Raises:
        TypeError: ``port`` is not an int or ``addr`` not a str.
        ValueError: ``port`` is out of 0-65535, or only one of certfile/keyfile is given.

    Examples:
        >>> from prometheus_client import CollectorRegistry
        >>> with PrometheusExporter(0, CollectorRegistry(), addr="127.0.0.1") as exporter:
        ...     exporter.is_running and exporter.port > 0
        True
    """

    def __init__(
        self,
        port: int = 8000,
        registry: CollectorRegistry | None = None,
        *,
        addr: str = "0.0.0.0",  # every interface: Prometheus scrapes from another host
        certfile: str | os.PathLike[str] | None = None,
        keyfile: str | os.PathLike[str] | None = None,
    ) -> None:
        if type(port) is not int:
            raise TypeError(f"port must be an int, got {port!r}")
        if not 0 <= port <= _MAX_PORT:
            raise ValueError(f"port must be in 0-{_MAX_PORT} (0 picks a free port), got {port}")
        if not isinstance(addr, str):
            raise TypeError(f"addr must be a str such as '0.0.0.0' or '127.0.0.1', got {addr!r}")
        if (certfile is None) != (keyfile is None):
            raise ValueError(
                "HTTPS needs both certfile= and keyfile= (PEM files), got only"
                f" {'certfile' if keyfile is None else 'keyfile'}"
            )
        self._port = port
        self._registry = registry
        self._addr = addr
        self._certfile = certfile
        self._keyfile = keyfile
        # Guards start/stop as a whole: a stop() never races a start() on the same port.
        self._lock = threading.Lock()
        self._server: MetricsServer | None = None

    @property
    def port(self) -> int:
        """The port listened on while running (the chosen one for port=0), else the setting."""
        server = self._server
        return self._port if server is None else server.port

    @property
    def addr(self) -> str:
        """The address listened on."""
        return self._addr

    @property
    def is_running(self) -> bool:
        """True if the HTTP server thread is running."""
        server = self._server
        return server is not None and server.is_serving

    def start(self) -> None:
        """Start the HTTP server in a background daemon thread. Idempotent.

        Raises:
            OSError: the port is in use (the message names it) or cannot be bound, or the
                TLS certificate or key cannot be loaded.
            ValueError: ``PROMETHEUS_MULTIPROC_DIR`` is set but is not a directory.
        """
        from ractogateway.metrics._exposition import exposed_registry
        from ractogateway.metrics._server import MetricsServer

        with self._lock:
            if self._server is not None:
                if self._server.is_serving:
                    return
                self._server.close()  # its thread ended on its own: free the port first
                self._server = None
            registry = exposed_registry(self._registry)
            ssl_context = self._ssl_context()
            try:
                server = MetricsServer(self._addr, self._port, registry, ssl_context)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise OSError(
                        error.errno,
                        f"port {self._port} on {self._addr} is already in use: stop what"
                        " listens there or choose another port (port=0 picks a free one)",
                    ) from error
                raise OSError(
                    error.errno, f"cannot listen on port {self._port} on {self._addr}: {error}"
                ) from error
            server.serve_in_thread()
            self._server = server

    def stop(self) -> None:
        """Stop the HTTP server and close its socket. Safe to call even if not started."""
        with self._lock:
            server, self._server = self._server, None
            if server is not None:
                server.close()

    def __enter__(self) -> PrometheusExporter:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _ssl_context(self) -> ssl.SSLContext | None:
        """Return the server TLS context, or None for plain HTTP.

        Raises:
            OSError: the certificate or key cannot be loaded.
        """
        if self._certfile is None or self._keyfile is None:
            return None
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(self._certfile, self._keyfile)
        except OSError as error:
            raise OSError(
                error.errno,
                f"cannot load the TLS certificate {os.fspath(self._certfile)!r} with key"
                f" {os.fspath(self._keyfile)!r}: {error}",
            ) from error
        return context

"""``PrometheusExporter``: serves /metrics over HTTP (or HTTPS) from a daemon thread."""

from __future__ import annotations

import errno
import math
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ssl
    from types import TracebackType

    from prometheus_client import CollectorRegistry

from ractogateway.metrics._server import (
    BACKLOG,
    MAX_CONNECTIONS,
    REQUEST_TIMEOUT_S,
    MetricsServer,
)

__all__ = ["PrometheusExporter"]

_MAX_PORT = 65535


class PrometheusExporter:
    """HTTP server that exposes metrics at /metrics for Prometheus to scrape.

    The metrics are served at ``/metrics`` and ``/``; every other path answers 404. By
    default the server listens on every IPv4 interface, over plain HTTP, to anyone who can
    reach the port: pass ``addr="127.0.0.1"`` to keep it on this machine, ``certfile=`` and
    ``keyfile=`` for HTTPS, and ``client_cafile=`` (or ``client_capath=``) with
    ``client_auth_required=True`` to accept only scrapers with a certificate that CA signed.

    Args:
        port: TCP port to listen on; 0 picks a free port, reported by ``.port``.
        registry: The registry to serve. None (the default) serves the global
            ``prometheus_client.REGISTRY`` or, with ``PROMETHEUS_MULTIPROC_DIR`` set, the
            aggregate of every worker process.
        addr: Address to listen on; ``"0.0.0.0"`` (the default) means every IPv4
            interface, ``"127.0.0.1"`` this machine only, ``"::"`` every IPv6 interface.
        certfile: PEM certificate (chain) to serve HTTPS with; requires ``keyfile``.
        keyfile: PEM private key of ``certfile``.
        client_cafile: PEM file of the CA(s) whose client certificates are accepted
            (mutual TLS; needs HTTPS).
        client_capath: Directory of hashed CA certificates, as ``client_cafile``.
        client_auth_required: Refuse scrapes without a valid client certificate (needs
            ``client_cafile`` or ``client_capath``). False: a client certificate, if sent,
            must be valid, but none is required.
        backlog: Connections the kernel queues before the server accepts them (the kernel
            caps it at ``net.core.somaxconn``).
        max_connections: Connections open at once. Beyond it, a new connection closes the
            oldest one silent for a second, else the oldest without a complete request, so
            idle or slow clients cannot lock a scraper out; scrapes are rendered by a few
            threads whatever the number of connections.
        request_timeout: Seconds a client has from connecting (TLS handshake included) to
            a complete request, and again to take the response; then it is closed.

    Raises:
        TypeError: ``port``, ``backlog`` or ``max_connections`` is not an int,
            ``request_timeout`` not a number, ``addr`` not a str, or
            ``client_auth_required`` not a bool.
        ValueError: ``port`` is out of 0-65535, ``backlog`` or ``max_connections`` is below
            1, ``request_timeout`` is not a positive finite number, only one of
            certfile/keyfile is given, a client CA is given without HTTPS, or
            ``client_auth_required`` without a client CA.

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
        client_cafile: str | os.PathLike[str] | None = None,
        client_capath: str | os.PathLike[str] | None = None,
        client_auth_required: bool = False,
        backlog: int = BACKLOG,
        max_connections: int = MAX_CONNECTIONS,
        request_timeout: float = REQUEST_TIMEOUT_S,
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
        _check_client_auth(certfile, client_cafile, client_capath, client_auth_required)
        for name, value in (("backlog", backlog), ("max_connections", max_connections)):
            if type(value) is not int:
                raise TypeError(f"{name} must be an int, got {value!r}")
            if value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")
        if type(request_timeout) not in (int, float):
            raise TypeError(f"request_timeout must be a number of seconds, got {request_timeout!r}")
        if not 0 < request_timeout < math.inf:
            raise ValueError(
                "request_timeout must be a positive finite number of seconds,"
                f" got {request_timeout}"
            )
        self._port = port
        self._registry = registry
        self._addr = addr
        self._certfile = certfile
        self._keyfile = keyfile
        self._client_cafile = client_cafile
        self._client_capath = client_capath
        self._client_auth_required = client_auth_required
        self._backlog = backlog
        self._max_connections = max_connections
        self._request_timeout = float(request_timeout)
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

        with self._lock:
            if self._server is not None:
                if self._server.is_serving:
                    return
                self._server.close()  # its thread ended on its own: free the port first
                self._server = None
            registry = exposed_registry(self._registry)
            ssl_context = self._ssl_context()
            try:
                server = MetricsServer(
                    self._addr,
                    self._port,
                    registry,
                    ssl_context=ssl_context,
                    backlog=self._backlog,
                    max_connections=self._max_connections,
                    request_timeout=self._request_timeout,
                )
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
        cafile, capath = self._client_cafile, self._client_capath
        if cafile is not None or capath is not None:
            try:
                context.load_verify_locations(cafile=cafile, capath=capath)
            except (OSError, ssl.SSLError) as error:
                named = " and ".join(
                    f"{name}={os.fspath(value)!r}"
                    for name, value in (("client_cafile", cafile), ("client_capath", capath))
                    if value is not None
                )
                raise OSError(
                    getattr(error, "errno", None),
                    f"cannot load the client CA certificates ({named}): {error}",
                ) from error
            context.verify_mode = (
                ssl.CERT_REQUIRED if self._client_auth_required else ssl.CERT_OPTIONAL
            )
        return context


def _check_client_auth(certfile: object, cafile: object, capath: object, required: object) -> None:
    """Fail fast on a mutual-TLS setting that cannot work (the message says what to add)."""
    if type(required) is not bool:
        raise TypeError(f"client_auth_required must be a bool, got {required!r}")
    has_ca = cafile is not None or capath is not None
    if has_ca and certfile is None:
        raise ValueError(
            "client certificates need HTTPS: pass certfile= and keyfile= with client_cafile="
            " or client_capath="
        )
    if required and not has_ca:
        raise ValueError(
            "client_auth_required=True needs client_cafile= or client_capath=: the CA that"
            " signs the scrapers' certificates"
        )

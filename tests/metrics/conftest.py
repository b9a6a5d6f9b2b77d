"""Fixtures for the metrics tests: registries, an HTTP getter, TLS files and ``promtool``.

The reader of text expositions (the ``read`` fixture), the real Prometheus server (the
``prometheus`` fixture) and ``require_system`` are shared with the meta-package's tests:
``tests/conftest.py`` serves them from ``tests/support/exposition.py``,
``tests/support/prometheus_server.py`` and ``tests/support/system_components.py``.
"""

from __future__ import annotations

import subprocess
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from ractogateway.metrics import GatewayMetricsMiddleware


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def middleware(registry: CollectorRegistry) -> GatewayMetricsMiddleware:
    return GatewayMetricsMiddleware(registry=registry)


@pytest.fixture
def http_get() -> Callable[..., tuple[int, str, str]]:
    """``http_get(url, cafile=None)`` returns (status, content type, body) of a GET."""

    def get(url: str, cafile: str | None = None) -> tuple[int, str, str]:
        import ssl

        context = ssl.create_default_context(cafile=cafile) if cafile else None
        with urllib.request.urlopen(url, timeout=10, context=context) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()

    return get


@pytest.fixture
def tls_files(require_system: Callable[[str, str], str], tmp_path: Path) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key (PEM paths)."""
    openssl = require_system("openssl", "openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture
def promtool(require_system: Callable[[str, str], str]) -> Callable[[str], str]:
    """``promtool(text)`` runs ``promtool check metrics`` on a text exposition.

    Returns its output; fails the test if promtool reports a problem.
    """
    executable = require_system("promtool", "prometheus")

    def check(text: str) -> str:
        done = subprocess.run(
            [executable, "check", "metrics"],
            input=text,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"promtool check metrics failed:\n{output}"
        return output

    return check

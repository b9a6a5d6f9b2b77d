"""Fixtures for the metrics tests: registries, parsed samples, TLS files and ``promtool``.

The real Prometheus server (the ``prometheus`` fixture) and ``require_system`` are served by
``tests/conftest.py`` from ``tests/support/prometheus_server.py`` and
``tests/support/system_components.py``: the meta-package's tests run the PromQL of its
dashboard and rules against the same server.
"""

from __future__ import annotations

import subprocess
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from ractogateway.metrics import GatewayMetricsMiddleware

#: (sample name, sorted label items) -> value
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def parse_samples(text: str) -> Samples:
    """Parse a text exposition into its samples."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


class SampleReader:
    """Reads sample values out of a text exposition."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.samples = parse_samples(text)

    def value(self, name: str, **labels: str) -> float:
        """The value of one sample; fails the test if it is absent."""
        key = (name, tuple(sorted(labels.items())))
        assert key in self.samples, f"no sample {name}{labels} in:\n{self.text}"
        return self.samples[key]

    def get(self, name: str, default: float = 0.0, **labels: str) -> float:
        """The value of one sample, or ``default`` if it is absent."""
        return self.samples.get((name, tuple(sorted(labels.items()))), default)

    def total(self, name: str, **labels: str) -> float:
        """The sum of every sample of ``name`` whose labels include ``labels``."""
        wanted = set(labels.items())
        return sum(
            v for (n, items), v in self.samples.items() if n == name and wanted <= set(items)
        )

    def label_values(self, name: str, label: str) -> set[str]:
        """The distinct values of ``label`` among the samples of ``name``."""
        return {dict(items)[label] for (n, items) in self.samples if n == name}


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def middleware(registry: CollectorRegistry) -> GatewayMetricsMiddleware:
    return GatewayMetricsMiddleware(registry=registry)


@pytest.fixture
def read() -> Callable[[str], SampleReader]:
    """``read(text)`` parses a text exposition into a ``SampleReader``."""
    return SampleReader


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

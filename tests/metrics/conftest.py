"""Fixtures for the metrics tests: registries, parsed samples, TLS files, and a real
Prometheus server (one per session, started on first use) that scrapes what a test serves.

The ``prometheus`` fixture is meant for reuse (the meta-package runs the PromQL of its
dashboard and rules against it): ``prometheus.scrape(job, [target])`` points it at an
exporter, ``prometheus.query(promql)`` runs an instant query, ``prometheus.wait_for(...)``
polls one until it holds, ``prometheus.set_rule_files([...])`` loads rules.
"""

from __future__ import annotations

import json
import math
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from ractogateway.metrics import GatewayMetricsMiddleware

#: Bound on every wait for the server: readiness, reloads, scrapes.
WAIT_S = 30.0
SCRAPE_INTERVAL = "1s"

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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrometheusServer:
    """A real Prometheus server on 127.0.0.1 with a 1 s scrape interval."""

    def __init__(self, executable: str, workdir: Path) -> None:
        self.workdir = workdir
        self.config = workdir / "prometheus.yml"
        self.jobs: dict[str, dict[str, Any]] = {}
        self.rule_files: list[str] = []
        self._write_config()
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self._log = (workdir / "prometheus.log").open("wb")
        self._process = subprocess.Popen(
            [executable, f"--config.file={self.config}",
             f"--storage.tsdb.path={workdir / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle"],
            stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            self._poll(self._ready, "to become ready")
        except BaseException:
            self.close()
            raise

    def _write_config(self) -> None:
        # JSON is YAML: no YAML library needed.
        config = {
            "global": {"scrape_interval": SCRAPE_INTERVAL, "evaluation_interval": SCRAPE_INTERVAL},
            "rule_files": self.rule_files,
            "scrape_configs": list(self.jobs.values()),
        }
        self.config.write_text(json.dumps(config, indent=2))

    def _ready(self) -> bool:
        if self._process.poll() is not None:
            raise AssertionError(
                f"prometheus exited with {self._process.returncode}:\n{self.log()}"
            )
        try:
            with urllib.request.urlopen(f"{self.base_url}/-/ready", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def _poll(self, check: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT_S
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"prometheus did not {what} within {WAIT_S} s:\n{self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        """The server's log so far (for failure messages)."""
        self._log.flush()
        return (self.workdir / "prometheus.log").read_text(errors="replace")[-4000:]

    def reload(self) -> None:
        """Write the config and make the server load it."""
        self._write_config()
        request = urllib.request.Request(f"{self.base_url}/-/reload", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def scrape(
        self,
        job: str,
        targets: Sequence[str],
        *,
        scheme: str = "http",
        ca_file: str | None = None,
    ) -> None:
        """Scrape ``targets`` ("host:port") as ``job``; return once each was scraped up."""
        config: dict[str, Any] = {
            "job_name": job,
            "scheme": scheme,
            "static_configs": [{"targets": list(targets)}],
        }
        if ca_file is not None:
            config["tls_config"] = {"ca_file": ca_file}
        self.jobs[job] = config
        self.reload()
        self.wait_for(
            f'up{{job="{job}"}} == 1', lambda result: len(result) == len(targets), "scrape"
        )

    def set_rule_files(self, paths: Sequence[str | Path]) -> None:
        """Load recording/alerting rule files (evaluated every second)."""
        self.rule_files = [str(path) for path in paths]
        self.reload()

    def query(self, promql: str) -> list[dict[str, Any]]:
        """Run an instant query; return ``data.result`` (a list of {metric, value})."""
        url = f"{self.base_url}/api/v1/query?{urllib.parse.urlencode({'query': promql})}"
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
        assert body["status"] == "success", body
        result: list[dict[str, Any]] = body["data"]["result"]
        return result

    def value(self, promql: str) -> float:
        """The value of a query that returns exactly one series (NaN if none)."""
        result = self.query(promql)
        assert len(result) <= 1, result
        return float(result[0]["value"][1]) if result else math.nan

    def wait_for(
        self,
        promql: str,
        check: Callable[[list[dict[str, Any]]], bool] = bool,
        what: str = "answer",
    ) -> list[dict[str, Any]]:
        """Poll ``promql`` until ``check(result)`` holds (bounded); return the result."""
        found: list[list[dict[str, Any]]] = []

        def holds() -> bool:
            found[:] = [self.query(promql)]
            return check(found[0])

        self._poll(holds, f"{what} {promql!r}")
        return found[0]

    def close(self) -> None:
        """Terminate the server and wait for it."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()


class _PrometheusPool:
    """Starts one Prometheus server for the session on first use."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.server: PrometheusServer | None = None

    def get(self, executable: str) -> PrometheusServer:
        if self.server is None:
            self.server = PrometheusServer(executable, self.workdir)
        return self.server


@pytest.fixture(scope="session")
def _prometheus_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_PrometheusPool]:
    pool = _PrometheusPool(tmp_path_factory.mktemp("prometheus"))
    yield pool
    if pool.server is not None:
        pool.server.close()


@pytest.fixture
def prometheus(
    require_system: Callable[[str, str], str], _prometheus_pool: _PrometheusPool
) -> PrometheusServer:
    """The session's Prometheus server (skipped locally, failed in CI, without prometheus)."""
    return _prometheus_pool.get(require_system("prometheus", "prometheus"))


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

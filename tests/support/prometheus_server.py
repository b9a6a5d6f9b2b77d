"""A real Prometheus server for the tests, started once per session on first use.

``PrometheusServer`` runs the ``prometheus`` executable on 127.0.0.1 (a free port, a 1 s
scrape and evaluation interval, its data and log in a work directory) and drives it over
its HTTP API: ``scrape(job, targets)`` points it at an exporter and returns once each
target is up, ``query(promql)`` runs an instant query, ``value(promql)`` reads a single
series, ``wait_for(promql, check)`` polls until a result holds, ``set_rule_files(paths)``
loads recording and alerting rules, ``exemplars(promql)`` reads the stored exemplars (the
server runs with ``--enable-feature=exemplar-storage``; it scrapes the OpenMetrics format,
which carries them, whenever the target offers it). Every wait is bounded by ``WAIT_S`` and
fails with the server's log. ``PrometheusPool`` starts the one server of a session when a
test first asks for it. The root conftest serves it as the ``prometheus`` fixture, to tests
marked ``realtime`` only: a job added by ``scrape`` is scraped after the server's next
service-discovery update, which it sends every 5 s, so each such test waits seconds.
tests/metrics and the tests in tests/telemetry use it. Standard library only: every cell
imports it.
"""

from __future__ import annotations

import json
import math
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ports import free_port

#: Bound on every wait for the Prometheus server: readiness, reloads, scrapes.
WAIT_S = 30.0
SCRAPE_INTERVAL = "1s"


class PrometheusServer:
    """A real Prometheus server on 127.0.0.1 with a 1 s scrape interval.

    ``config_text`` (a prometheus.yml of the caller's) replaces the generated configuration;
    ``port`` is the port to listen on (None: a free one); ``agent=True`` runs it in agent
    mode (scrape and ``remote_write`` only, no queries); ``receiver=True`` accepts
    ``remote_write`` at ``/api/v1/write``.
    """

    def __init__(
        self,
        executable: str,
        workdir: Path,
        *,
        config_text: str | None = None,
        port: int | None = None,
        agent: bool = False,
        receiver: bool = False,
    ) -> None:
        self.workdir = workdir
        self.config = workdir / "prometheus.yml"
        self.jobs: dict[str, dict[str, Any]] = {}
        self.rule_files: list[str] = []
        if config_text is None:
            self._write_config()
        else:
            self.config.write_text(config_text)
        port = free_port() if port is None else port
        self.base_url = f"http://127.0.0.1:{port}"
        self._log = (workdir / "prometheus.log").open("wb")
        storage = (
            [f"--storage.agent.path={workdir / 'wal'}", "--enable-feature=agent"]
            if agent
            else [f"--storage.tsdb.path={workdir / 'data'}", "--enable-feature=exemplar-storage"]
        )
        self._process = subprocess.Popen(
            [executable, f"--config.file={self.config}", *storage,
             f"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle",
             *(["--web.enable-remote-write-receiver"] if receiver else [])],
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

    def exemplars(self, promql: str, window_s: float = 600.0) -> list[dict[str, Any]]:
        """The exemplars of ``promql``'s series over the last ``window_s`` seconds."""
        now = time.time()
        query = urllib.parse.urlencode({"query": promql, "start": now - window_s, "end": now})
        url = f"{self.base_url}/api/v1/query_exemplars?{query}"
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
        assert body["status"] == "success", body
        found: list[dict[str, Any]] = body["data"]
        return found

    def query_range(self, promql: str, start: float, end: float) -> list[dict[str, Any]]:
        """Run a range query (1 s steps); return ``data.result`` (a list of {metric, values})."""
        query = urllib.parse.urlencode({"query": promql, "start": start, "end": end, "step": 1})
        with urllib.request.urlopen(f"{self.base_url}/api/v1/query_range?{query}", timeout=10) as r:
            body = json.load(r)
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


class PrometheusPool:
    """Starts one Prometheus server for the session on first use; ``close()`` stops it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.server: PrometheusServer | None = None

    def get(self, executable: str) -> PrometheusServer:
        """The session's server, started with ``executable`` if it is not running yet."""
        if self.server is None:
            self.server = PrometheusServer(executable, self.workdir)
        return self.server

    def close(self) -> None:
        """Stop the server if one was started."""
        if self.server is not None:
            self.server.close()

"""A gateway instance as docs/multiprocess.md sets it up: gunicorn workers, a master exporter.

``GunicornGroup(workdir)`` runs ``gunicorn`` with the page's ``gunicorn.conf.py`` (the block
itself, read from the page) and ``gateway_app:app`` on 127.0.0.1: the workers serve the
gateway on ``.port`` in multiprocess mode, the master serves their sum on ``.metrics_port``.
Starting it makes exactly one gateway call (gpt-4o, 100 input and 10 output tokens, 0.25 s).
``call(**query)`` sends one gateway request (True if it was served), ``scrape()`` reads the
master's /metrics, ``booted()`` counts the worker processes started so far (from gunicorn's
log), ``hang()`` returns the pid of a worker held in a request, ``reload()`` replaces every
worker (SIGHUP) and ``close()`` stops the group. Every wait is bounded. gunicorn must be
installed (the realtime cell and ``nox -s scale`` install it); ``require_gunicorn()`` skips a
test without it locally and fails it in CI.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from installed import installed
from ports import free_port
from system_components import in_ci

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = Path(__file__).resolve().parent
#: Bound on each wait for the group: start, a worker in a request, the stop.
WAIT_S = 60.0


def require_gunicorn() -> None:
    """Skip the test locally, fail it in CI, when gunicorn is not installed."""
    if not installed("gunicorn"):
        message = "gunicorn is not installed: pip install gunicorn (nox installs it)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def documented_config() -> str:
    """The ``gunicorn.conf.py`` block of docs/multiprocess.md."""
    text = (ROOT / "docs" / "multiprocess.md").read_text()
    (code,) = [
        block
        for block in re.findall(r"```python\n(.*?)\n```", text, re.DOTALL)
        if block.startswith("# gunicorn.conf.py")
    ]
    return str(code)


class GunicornGroup:
    """One gateway instance: gunicorn with the documented config, on 127.0.0.1."""

    def __init__(self, workdir: Path, *, workers: int = 4, max_requests: int = 0) -> None:
        require_gunicorn()
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.directory = workdir / "multiproc"
        self.port, self.metrics_port = free_port(), free_port()
        self.hang_file = workdir / "hanging.pid"
        self.log_path = workdir / "gunicorn.log"
        config = workdir / "gunicorn.conf.py"
        config.write_text(documented_config())
        env = {
            **os.environ,
            "PROMETHEUS_MULTIPROC_DIR": str(self.directory),
            "GATEWAY_BIND": f"127.0.0.1:{self.port}",
            "METRICS_PORT": str(self.metrics_port),
            "METRICS_ADDR": "127.0.0.1",
            "GATEWAY_HANG_FILE": str(self.hang_file),
        }
        self._process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(config), "--workers", str(workers),
             "--max-requests", str(max_requests), "--preload", "--chdir", str(SUPPORT),
             "--log-level", "info", "--log-file", str(self.log_path), "gateway_app:app"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.pid = self._process.pid
        try:
            # The exporter first, then one gateway call (recorded once: the caller counts it).
            self._wait(self._scrapable, "to serve /metrics")
            self._wait(self.call, "to serve the gateway")
        except BaseException:
            self.close()
            raise

    def _wait(self, check: Callable[[], object], what: str) -> None:
        deadline = time.monotonic() + WAIT_S
        while not check():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not {what} within {WAIT_S} s:\n{self.log()}")
            time.sleep(0.05)

    def log(self) -> str:
        """gunicorn's log so far (for failure messages)."""
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except FileNotFoundError:
            return ""

    def call(self, **query: object) -> bool:
        """Send one gateway request; True if a worker answered it (200)."""
        url = f"http://127.0.0.1:{self.port}/call?{urllib.parse.urlencode(query)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return bool(response.read() == b"ok\n")
        except OSError:
            return False

    def _scrapable(self) -> bool:
        try:
            self.scrape()
        except OSError:
            return False
        return True

    def scrape(self) -> str:
        """The master exporter's /metrics (the sum over every worker)."""
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode())

    def booted(self) -> int:
        """How many worker processes gunicorn has started so far (from its whole log)."""
        return self.log_path.read_text(errors="replace").count("Booting worker with pid")

    def hang(self) -> int:
        """Hold a worker in a request (``/hang``: one call recorded, no answer); its pid."""
        self.hang_file.unlink(missing_ok=True)
        threading.Thread(target=self._hang_request, daemon=True).start()
        self._wait(lambda: self.hang_file.exists() and self.hang_file.read_text(), "hang")
        return int(self.hang_file.read_text())

    def _hang_request(self) -> None:
        # Its worker is killed: the request fails (its call was recorded before).
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}/hang", timeout=90).read()

    def reload(self) -> None:
        """Replace every worker (SIGHUP), as a deploy does; returns at once."""
        os.kill(self.pid, signal.SIGHUP)

    def close(self) -> None:
        """Stop gunicorn (SIGTERM) and wait for it."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=WAIT_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

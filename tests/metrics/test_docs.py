"""docs/metrics.md and docs/multiprocess.md say what the code does.

Every python block of every page runs in tests/telemetry/test_docs_examples.py; here the
metrics table is checked against the definitions, and the documented gunicorn hooks and app
are driven with real worker processes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from exposition import SampleReader

from ractogateway.metrics._definitions import DURATION_BUCKETS_SECONDS, METRICS, UNPRICED

DOCS = Path(__file__).resolve().parents[2] / "docs"
WORKER = Path(__file__).with_name("mp_worker.py")
BLOCK = re.compile(r"```python\n(?P<code>.*?)\n```", re.DOTALL)
Get = Callable[..., tuple[int, str, str]]
Read = Callable[[str], SampleReader]  # the ``read`` fixture


def _block(page: str, first_lines: str) -> str:
    """The one python block of ``page`` that starts with ``first_lines``."""
    text = (DOCS / page).read_text()
    (code,) = [m["code"] for m in BLOCK.finditer(text) if m["code"].startswith(first_lines)]
    return code


def test_metrics_page_lists_every_metric_with_its_type_and_labels() -> None:
    text = (DOCS / "metrics.md").read_text()
    rows = {
        m["name"]: (m["type"], re.findall(r"`(\w+)`", m["labels"]))
        for m in re.finditer(
            r"^\| `(?P<name>ractogateway_\w+)` \| (?P<type>\w+) \| (?P<labels>[^|]*) \|",
            text,
            re.MULTILINE,
        )
    }
    expected = {
        spec.name: ("histogram" if spec.name.endswith("_seconds") else "counter", list(spec.labels))
        for spec in METRICS
    }
    assert rows == expected
    assert UNPRICED.name in rows
    buckets = ", ".join(f"{b:g}" for b in DURATION_BUCKETS_SECONDS)
    assert f"`{buckets}` seconds" in text


def test_multiprocess_page_gunicorn_config_and_app_serve_the_workers_sum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, http_get: Get, read: Read
) -> None:
    directory = tmp_path / "multiproc"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    monkeypatch.setenv("METRICS_PORT", "0")
    config: dict[str, Any] = {"__name__": "gunicorn_conf"}
    exec(
        compile(_block("multiprocess.md", "# gunicorn.conf.py"), "gunicorn.conf.py", "exec"), config
    )
    assert config["workers"] == 4

    marker = directory / config["MARKER"]
    config["on_starting"](None)  # the first start makes the directory, marked as ours
    assert list(directory.iterdir()) == [marker]
    (directory / "counter_999999.db").write_bytes(b"left from an earlier run")
    config["on_starting"](None)
    assert list(directory.iterdir()) == [marker]  # the stale file is gone

    worker = subprocess.run(  # inherits PROMETHEUS_MULTIPROC_DIR
        [sys.executable, str(WORKER), "--requests", "50"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert worker.stdout.strip() == "done"
    counted = 2 * 50  # two threads in the worker
    # child_exit drops the live-gauge files of the exited worker, and only those.
    live_gauge = directory / "gauge_livesum_424242.db"
    live_gauge.write_bytes(b"")
    config["child_exit"](None, SimpleNamespace(pid=424242))
    assert not live_gauge.exists()
    assert len(list(directory.glob("counter_*.db"))) == 1

    config["when_ready"](None)
    exporter = config["exporter"]
    try:
        assert exporter.is_running
        body = http_get(f"http://127.0.0.1:{exporter.port}/metrics")[2]
    finally:
        config["on_exit"](None)
    assert not exporter.is_running
    assert read(body).total("ractogateway_requests_total") == counted

    app_module: dict[str, Any] = {"__name__": "app"}
    exec(
        compile(_block("multiprocess.md", "# app.py\nfrom prometheus_client"), "app.py", "exec"),
        app_module,
    )
    responses: list[tuple[str, list[tuple[str, str]]]] = []
    environ: dict[str, Any] = {"PATH_INFO": "/metrics"}
    setup_testing_defaults(environ)
    chunks = app_module["app"](environ, lambda status, headers: responses.append((status, headers)))
    assert responses[0][0] == "200 OK"
    assert read(b"".join(chunks).decode()).total("ractogateway_requests_total") == counted


def test_multiprocess_page_shell_set_up_empties_the_directory(tmp_path: Path) -> None:
    text = (DOCS / "multiprocess.md").read_text()
    commands = re.search(r"```bash\n(export PROMETHEUS_MULTIPROC_DIR=.*?)\n```", text, re.DOTALL)
    assert commands is not None
    set_up = "\n".join(line for line in commands[1].splitlines() if not line.startswith("uvicorn"))
    directory = tmp_path / "multiproc"
    directory.mkdir()
    (directory / "counter_1.db").write_bytes(b"stale")
    bash = shutil.which("bash")
    assert bash is not None
    script = set_up.replace("/dev/shm/ractogateway-metrics", str(directory))
    subprocess.run([bash, "-euc", script], check=True, timeout=30)
    assert directory.is_dir()
    assert list(directory.iterdir()) == []


@pytest.mark.parametrize(
    ("files", "marked", "message"),
    [
        (["counter_1.db", "notes.txt"], True, "holds files that are not metrics"),
        (["counter_1.db"], False, "was not made for these metrics"),
        (["report.pdf"], False, "was not made for these metrics"),
    ],
)
def test_multiprocess_page_on_starting_refuses_to_empty_a_foreign_directory(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: list[str],
    marked: bool,
    message: str,
) -> None:
    """A mistyped PROMETHEUS_MULTIPROC_DIR (/tmp, a home directory) is never wiped."""
    config: dict[str, Any] = {"__name__": "gunicorn_conf"}
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    exec(
        compile(_block("multiprocess.md", "# gunicorn.conf.py"), "gunicorn.conf.py", "exec"), config
    )
    for name in files:
        (tmp_path / name).write_text("keep me")
    if marked:
        (tmp_path / config["MARKER"]).touch()
    before = sorted(entry.name for entry in tmp_path.iterdir())
    with pytest.raises(RuntimeError, match=message):
        config["on_starting"](None)
    assert sorted(entry.name for entry in tmp_path.iterdir()) == before

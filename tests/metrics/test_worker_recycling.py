"""Worker recycling under real gunicorn: the multiprocess directory stays small, totals exact.

The documented set-up (docs/multiprocess.md's gunicorn.conf.py, ``child_exit`` calling
``mark_worker_dead``) with ``--max-requests 1``: every request recycles its worker. A thousand
recycles with requests in flight and one worker SIGKILLed while it holds a request; meanwhile
a scraper of the master's exporter and a foreign ``MultiProcessCollector`` reading the same
directory check that no total ever goes down. The killed worker recorded one call before it
hung: its files are folded like the others'. The figures are printed (``-s`` shows them).
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from exposition import SampleReader
from gunicorn_group import GunicornGroup
from prometheus_client import generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

WORKERS = 4
RECYCLES = 1000
CLIENTS = 4
Read = Callable[[str], SampleReader]  # the ``read`` fixture


def _scrape_time_s(group: GunicornGroup) -> float:
    """The fastest of 50 scrapes of the master's exporter (the least disturbed by the machine)."""
    time.sleep(2.0)  # the master has forked the replacement workers and sits idle
    times = []
    for _ in range(50):
        began = time.perf_counter()
        group.scrape()
        times.append(time.perf_counter() - began)
    return min(times)


class Watch:
    """Reads the totals over and over, from the exporter and from a foreign collector."""

    def __init__(self, group: GunicornGroup, read: Read) -> None:
        self.group, self.read = group, read
        self.ours: list[float] = []
        self.foreign: list[float] = []
        self.foreign_errors = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._ours), threading.Thread(target=self._foreign)]
        for thread in self.threads:
            thread.start()

    def _ours(self) -> None:
        while not self.stop.wait(0.02):
            self.ours.append(self.read(self.group.scrape()).total("ractogateway_requests_total"))

    def _foreign(self) -> None:
        collector = MultiProcessCollector(None, path=str(self.group.directory))  # type: ignore[no-untyped-call]

        class Registry:
            def collect(self) -> object:
                return collector.collect()  # type: ignore[no-untyped-call]

        while not self.stop.wait(0.02):
            try:
                text = generate_latest(Registry()).decode()  # type: ignore[arg-type]
            except Exception:  # what the foreign collector does mid-merge
                self.foreign_errors += 1
                continue
            self.foreign.append(self.read(text).total("ractogateway_requests_total"))

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


@pytest.mark.realtime
def test_a_thousand_recycles_leave_a_small_directory_exact_totals_and_steady_scrapes(
    tmp_path: Path, read: Read
) -> None:
    group = GunicornGroup(tmp_path / "gateway", workers=WORKERS, max_requests=1)
    served = [1]  # the request that checked the group is up
    lock = threading.Lock()
    load = threading.Event()
    done = threading.Event()

    def client() -> None:
        while not done.is_set():
            if not load.wait(0.1):
                continue
            if group.call():
                with lock:
                    served[0] += 1

    def recycles() -> int:
        return group.booted() - WORKERS

    clients = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in clients:
        thread.start()
    watch: Watch | None = None
    try:
        load.set()
        while recycles() < 1:
            time.sleep(0.01)
        load.clear()
        time.sleep(0.5)  # the requests in flight end; the master folds their workers
        first_s = _scrape_time_s(group)
        watch = Watch(group, read)
        load.set()
        killed = False
        deadline = time.monotonic() + 600
        while recycles() < RECYCLES:
            assert time.monotonic() < deadline, f"{recycles()} recycles in 600 s:\n{group.log()}"
            if not killed and recycles() >= RECYCLES // 2:
                os.kill(group.hang(), signal.SIGKILL)  # a worker dies holding a request
                killed = True
                with lock:
                    served[0] += 1  # the call it recorded before: in its files, to be folded
            time.sleep(0.05)
        load.clear()
        time.sleep(1.0)
        watch.close()
        last_s = _scrape_time_s(group)
        files = sorted(path.name for path in group.directory.glob("*.db"))
        text = group.scrape()
    finally:
        done.set()
        for thread in clients:
            thread.join()
        if watch is not None:
            watch.close()
        group.close()

    samples = read(text)
    total = served[0]
    print(
        f"\n{recycles()} recycles (1 SIGKILL), {total} requests served; {len(files)} files:"
        f" {files}; scrape {first_s * 1000:.2f} ms after the first recycle,"
        f" {last_s * 1000:.2f} ms after the last; {len(watch.ours)} exporter scrapes and"
        f" {len(watch.foreign)} foreign reads during the run ({watch.foreign_errors} failed)"
    )
    assert killed
    assert len(files) <= 2 * WORKERS + 2  # each live worker's two, the two merged archives
    assert samples.total("ractogateway_requests_total") == total
    labels = {"provider": "openai", "model": "gpt-4o"}
    assert samples.value("ractogateway_tokens_total", token_type="input", **labels) == total * 100
    assert samples.value("ractogateway_tokens_total", token_type="output", **labels) == total * 10
    duration = {**labels, "operation": "chat"}
    assert samples.value("ractogateway_request_duration_seconds_count", **duration) == total
    assert samples.value("ractogateway_request_duration_seconds_sum", **duration) == total * 0.25
    assert last_s <= 1.5 * first_s
    for seen in (watch.ours, watch.foreign):
        assert seen, "no read during the run"
        assert all(a <= b for a, b in itertools.pairwise(seen)), "a total went down"
        assert seen[-1] <= total

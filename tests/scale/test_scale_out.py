"""docs/scale.md's agent-mode recipe, run as written on real Prometheus servers (``nox -s scale``).

Two gateway instances, each the documented gunicorn set-up (docs/multiprocess.md: workers
recycled every MAX_REQUESTS requests, the master's exporter serving their sum); a Prometheus
agent scraping both with the page's ``prometheus-agent.yml`` and ``remote_write``-ing to a
central Prometheus with the page's ``prometheus-central.yml`` (remote-write receiver on,
``deploy/prometheus/rules.yml`` loaded). Addresses become loopback ports and intervals 1 s;
nothing else changes. A fixed load, with one instance reloaded (every worker replaced)
half-way; then the central server's recorded series must equal what the instances served.
The figures are printed (``-s``).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from exposition import SampleReader
from gunicorn_group import GunicornGroup
from ports import free_port
from prometheus_server import PrometheusServer

from ractogateway.pricing import compute_cost

ROOT = Path(__file__).parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"
WORKERS = 2
MAX_REQUESTS = 40
#: The calls of the load, by model: (provider, model, input tokens, output tokens, latency s).
CALLS = [
    ("openai", "gpt-4o", 1000, 200, 0.25),
    ("anthropic", "claude-sonnet-4-5", 3000, 500, 1.5),
    ("google", "gemini-2.0-flash", 800, 100, 0.05),
]
ROUNDS = 80  # per instance: every call of CALLS, ROUNDS times -> 480 calls in all
#: The duration buckets around each model's latency: (above, at most).
BUCKET = {0.25: (0.16, 0.32), 1.5: (1.28, 2.56), 0.05: (0.04, 0.08)}
WAIT_S = 90.0
Read = Callable[[str], SampleReader]  # the ``read`` fixture


def _block(first_line: str) -> str:
    """The yaml block of docs/scale.md that starts with ``first_line``."""
    text = (ROOT / "docs" / "scale.md").read_text()
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)\n```", text, re.DOTALL)
                if b.startswith(first_line)]  # fmt: skip
    return str(block)


def _wait(check: Callable[[], bool], what: str, server: PrometheusServer) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not within {WAIT_S} s:\n{server.log()}")
        time.sleep(0.5)


def _by(result: list[dict[str, object]], *labels: str) -> dict[tuple[str, ...], float]:
    return {
        tuple(r["metric"][label] for label in labels): float(r["value"][1])  # type: ignore[index]
        for r in result
    }


def _p50s(result: list[dict[str, object]]) -> int:
    """How many series of ``result`` have a number (a quantile over no increase is NaN)."""
    return sum(not math.isnan(float(r["value"][1])) for r in result)  # type: ignore[index]


@pytest.mark.realtime
def test_agents_and_a_central_server_add_up_every_instance_exactly(
    tmp_path: Path, require_system: Callable[[str, str], str], read: Read
) -> None:
    executable = require_system("prometheus", "prometheus")
    began = time.time()
    instances = [
        GunicornGroup(tmp_path / f"gateway-{n}", workers=WORKERS, max_requests=MAX_REQUESTS)
        for n in (1, 2)
    ]
    servers: list[PrometheusServer] = []
    try:
        central_port = free_port()
        central_dir, agent_dir = tmp_path / "central", tmp_path / "agent"
        central_dir.mkdir()
        agent_dir.mkdir()
        central_config = (
            _block("# prometheus-central.yml")
            .replace("15s", "1s")
            .replace("/etc/prometheus/rules.yml", str(RULES))
        )
        central = PrometheusServer(
            executable, central_dir, config_text=central_config, port=central_port, receiver=True
        )
        servers.append(central)
        agent_config = (
            _block("# prometheus-agent.yml")
            .replace("15s", "1s")
            .replace("gateway-1:9100", f"127.0.0.1:{instances[0].metrics_port}")
            .replace("gateway-2:9100", f"127.0.0.1:{instances[1].metrics_port}")
            .replace("central-prometheus:9090", f"127.0.0.1:{central_port}")
        )
        servers.append(PrometheusServer(executable, agent_dir, config_text=agent_config,
                                        agent=True))  # fmt: skip

        # The load starts once the central server holds the agent's scrapes of both instances.
        _wait(
            lambda: len(central.query('up{job="llm-gateway"} == 1')) == len(instances),
            "the agent's scrapes of both instances at the central server",
            central,
        )
        served = [Counter[tuple[str, str]](), Counter[tuple[str, str]]()]

        def load(number: int, rounds: range) -> None:
            for _ in rounds:
                for provider, model, tokens_in, tokens_out, latency in CALLS:
                    query = {"provider": provider, "model": model, "input": tokens_in,
                             "output": tokens_out, "latency": latency}  # fmt: skip
                    for _attempt in range(50):  # a worker being replaced may drop it
                        if instances[number].call(**query):
                            served[number][provider, model] += 1
                            break
                    else:
                        raise AssertionError(f"instance {number + 1} served nothing 50 times")

        def run(rounds: range) -> None:
            threads = [threading.Thread(target=load, args=(n, rounds)) for n in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        run(range(ROUNDS // 2))
        instances[0].reload()  # a deploy: every worker of instance 1 replaced, mid-run
        run(range(ROUNDS // 2, ROUNDS))
        # The requests that checked each instance was up (gpt-4o, 100 in, 10 out, 0.25 s).
        expected = served[0] + served[1] + Counter({("openai", "gpt-4o"): 2})
        assert sum(expected.values()) == 2 * ROUNDS * len(CALLS) + 2
        instance_totals = [
            read(group.scrape()).total("ractogateway_requests_total") for group in instances
        ]
        assert instance_totals == [sum(served[n].values()) + 1 for n in (0, 1)]

        job = '{job="llm-gateway"}'
        requests_promql = f"job_provider_model:ractogateway_requests:sum{job}"
        _wait(
            lambda: _by(central.query(requests_promql), "provider", "model") == expected,
            "the central recorded requests",
            central,
        )
        tokens = _by(central.query(f"job_provider_model_token_type:ractogateway_tokens:sum{job}"),
                     "provider", "model", "token_type")  # fmt: skip
        cost = _by(central.query(f"job_provider_model:ractogateway_cost_usd:sum{job}"),
                   "provider", "model")  # fmt: skip
        p50_promql = (
            f"job_provider_model_operation:ractogateway_request_duration_seconds:p50_rate5m{job}"
        )
        _wait(
            lambda: _p50s(central.query(p50_promql)) == len(CALLS),
            "the central recorded p50 of every model",
            central,
        )
        p50 = _by(central.query(p50_promql), "provider", "model")
        resets = central.query("sum(resets(ractogateway_requests_total[10m]))")
        ended = time.time()
        # Every total, as recorded and as added up from the raw series at each second.
        raw_promql = (
            'sum by (job, provider, model) (ractogateway_requests_total{job="llm-gateway"})'
        )
        history = [
            *central.query_range(requests_promql, began, ended),
            *central.query_range(raw_promql, began, ended),
        ]
    finally:
        for server in reversed(servers):
            server.close()
        for group in instances:
            group.close()

    extra = {("openai", "gpt-4o"): (100, 10)}  # the up-checks
    for provider, model, tokens_in, tokens_out, latency in CALLS:
        count = expected[provider, model] - (2 if (provider, model) in extra else 0)
        check_in, check_out = extra.get((provider, model), (0, 0))
        assert tokens[provider, model, "input"] == count * tokens_in + 2 * check_in
        assert tokens[provider, model, "output"] == count * tokens_out + 2 * check_out
        want = count * compute_cost(model, tokens_in, tokens_out) + 2 * (
            compute_cost(model, check_in, check_out) if check_in else 0.0
        )
        assert cost[provider, model] == pytest.approx(want, rel=1e-12)
        low, high = BUCKET[latency]
        assert low <= p50[provider, model] <= high
    assert float(resets[0]["value"][1]) == 0
    for series in history:
        values = [float(value) for _, value in series["values"]]
        assert all(a <= b for a, b in itertools.pairwise(values)), series["metric"]
    points = sum(len(series["values"]) for series in history)
    print(
        f"\ncentral recorded requests {dict(expected)} (instances served"
        f" {instance_totals}); cost {cost}; p50 {p50}; {len(history)} series of totals"
        f" ({points} points) none going down over {ended - began:.0f} s"
    )
    assert not any(math.isnan(v) for v in p50.values())

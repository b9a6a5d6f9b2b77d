"""The operations kit in deploy/: the Grafana dashboard and the Prometheus rules.

``promtool`` checks and unit-tests the rules; then the demo workload runs against a real
Prometheus server (scraping every second, evaluating the rules every second) and every PromQL
expression of the dashboard and of the rules must return data.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace.export import ConsoleSpanExporter
from prometheus_client import CollectorRegistry
from prometheus_server import PrometheusServer

from ractogateway.telemetry import (
    GatewayMetricsMiddleware,
    PrometheusExporter,
    RactoTracer,
    Telemetry,
)
from ractogateway.telemetry._demo._driver import run_workload
from ractogateway.telemetry._demo._workload import CHAT_MODELS, EMBED_MODELS

ROOT = Path(__file__).parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "ractogateway-dashboard.json"
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"
RULES_TESTS = ROOT / "deploy" / "prometheus" / "rules.test.yml"

#: The metric names of the contract (API.md, DESIGN.md) and their sample names.
METRICS = {
    "ractogateway_requests_total",
    "ractogateway_request_duration_seconds",
    "ractogateway_tokens_total",
    "ractogateway_cost_usd_total",
    "ractogateway_cache_hits_total",
    "ractogateway_cache_misses_total",
    "ractogateway_tool_calls_total",
    "ractogateway_unpriced_requests_total",
    "ractogateway_usage_missing_total",
    "ractogateway_dropped_spans_total",
}
SAMPLES = METRICS | {
    f"ractogateway_request_duration_seconds_{suffix}" for suffix in ("bucket", "sum", "count")
}
METRIC_NAME = re.compile(r"\bractogateway_[a-z_]+\b")
JOB = "ops-kit-demo"
UNPRICED_MODEL = "acme-ft-1"
#: Grafana's variables, replaced as Grafana would with everything selected. The range
#: intervals span the whole test (well under a minute), so rate() sees every scrape.
GRAFANA_VARIABLES = {
    "$__rate_interval": "1m",
    "$__range": "5m",
    "$job": JOB,
    "$provider": ".*",
    "$model": ".*",
}
#: A comparison with a number: what an alert adds to the expression it watches.
THRESHOLD = re.compile(r"\s*(?:>=|<=|==|!=|>|<)\s*-?[0-9][0-9.]*(?:e[+-]?[0-9]+)?")


def _dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return data


def _panels() -> list[dict[str, Any]]:
    return [panel for panel in _dashboard()["panels"] if panel["type"] != "row"]


def _grafana(expr: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    assert "$" not in expr, f"a Grafana variable the test does not know: {expr}"
    return expr


def _rule_names() -> list[str]:
    """The record/alert names in rules.yml, in file order (read without a YAML library)."""
    return re.findall(
        r"^\s*- (?:record|alert): (\S+)\s*$", RULES.read_text(encoding="utf-8"), re.MULTILINE
    )


def test_promtool_check_rules(require_system: Callable[[str, str], str]) -> None:
    promtool = require_system("promtool", "prometheus")
    done = subprocess.run(
        [promtool, "check", "rules", str(RULES)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(_rule_names())} rules found" in done.stdout


def test_promtool_rule_unit_tests(require_system: Callable[[str, str], str]) -> None:
    # Thresholds, `for` durations, aggregation across instances and the annotations.
    promtool = require_system("promtool", "prometheus")
    done = subprocess.run(
        [promtool, "test", "rules", RULES_TESTS.name],
        capture_output=True, text=True, timeout=60, check=False, cwd=RULES_TESTS.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_dashboard_covers_every_metric_and_panel_topic() -> None:
    dashboard = _dashboard()
    panels = _panels()
    assert dashboard["uid"] == "ractogateway-llm"
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert {"job", "provider", "model"} <= variables.keys()
    used: set[str] = set()
    for panel in panels:
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        assert panel["targets"], f"panel {panel['title']!r} has no query"
        for target in panel["targets"]:
            used |= set(METRIC_NAME.findall(target["expr"]))
    assert used <= SAMPLES, f"not metrics of ractogateway.metrics: {used - SAMPLES}"
    assert {name for name in METRICS if any(s.startswith(name) for s in used)} == METRICS
    titles = " | ".join(panel["title"].lower() for panel in panels)
    for topic in (
        "request rate",
        "error",
        "percentiles",
        "p95",
        "tokens",
        "cost",
        "cache hit",
        "tool",
    ):
        assert topic in titles, f"no panel about {topic!r}"


def test_latency_panels_show_exemplars() -> None:
    latency = [
        panel
        for panel in _panels()
        if panel["type"] in {"timeseries", "heatmap"}
        and any("request_duration_seconds_bucket" in t["expr"] for t in panel["targets"])
    ]
    assert len(latency) >= 4
    for panel in latency:
        assert all(target.get("exemplar") is True for target in panel["targets"]), panel["title"]
    assert "exemplar-storage" in _dashboard()["description"]


def test_rule_thresholds_are_stripped_to_the_watched_expression() -> None:
    # The helper below turns an alert into the expression it watches; check it on real shapes.
    assert THRESHOLD.sub("", "a > 0.05\nand b > 0.05") == "a\nand b"
    assert THRESHOLD.sub("", "x * 86400 > 1000 and y * 86400 > 1e3") == "x * 86400 and y * 86400"
    assert THRESHOLD.sub("", 'max by (job) (m{model="other"}) > 0') == (
        'max by (job) (m{model="other"})'
    )


def _rules(prometheus: PrometheusServer) -> list[dict[str, Any]]:
    """The rules the server loaded, with their health, via its HTTP API."""
    with urllib.request.urlopen(f"{prometheus.base_url}/api/v1/rules", timeout=10) as response:
        body = json.load(response)
    return [rule for group in body["data"]["groups"] for rule in group["rules"]]


def _dashboard_queries() -> list[tuple[str, str]]:
    """(where, PromQL) of every panel target and query variable, Grafana variables replaced."""
    queries = [
        (f"panel {panel['title']!r}", _grafana(target["expr"]))
        for panel in _panels()
        for target in panel["targets"]
    ]
    for variable in _dashboard()["templating"]["list"]:
        if variable["type"] == "query":
            # label_values(selector, label) is Grafana's; the same question in PromQL:
            query = _grafana(variable["query"]["query"])
            match = re.fullmatch(r"label_values\((.*), (\w+)\)", query)
            assert match, query
            selector, label = match.groups()
            queries.append((f"variable {variable['name']}", f"count by ({label}) ({selector})"))
    return queries


def _rule_queries(rules: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(where, PromQL) for every rule: its expression, and the series a recording rule writes.

    An alert's expression is empty while its threshold is not crossed, which is what a healthy
    demo gateway does; so the expression it watches, without the comparison, must return data.
    """
    queries = []
    for rule in rules:
        expr = rule["query"]
        if rule["type"] == "alerting":
            expr = THRESHOLD.sub("", expr)
        else:
            queries.append((f"series recorded by {rule['name']}", f'{rule["name"]}{{job="{JOB}"}}'))
        queries.append((f"rule {rule['name']}", expr))
    return queries


def _wait_for_data(
    prometheus: PrometheusServer, promql: str, deadline: float
) -> list[dict[str, Any]]:
    """Poll ``promql`` until it returns data or ``deadline`` passes; return the last result."""
    while True:
        result = prometheus.query(promql)
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.25)


def _run_demo(prometheus: PrometheusServer, metrics: GatewayMetricsMiddleware) -> None:
    """Run the demo workload into ``metrics``; return once Prometheus scraped its end twice."""
    # The demo's models all have prices: one call to a fine-tune that has none.
    metrics.record_request(
        provider="openai", model=UNPRICED_MODEL, operation="chat", status="ok",
        latency_s=0.8, input_tokens=900, output_tokens=80,
    )  # fmt: skip
    # And one stream whose responses carried no usage (the usage-missing alert).
    metrics.record_usage_missing(provider="openai", model="gpt-4.1", operation="stream")
    # And spans dropped (the dropped-spans panel and alert): a tracer whose only exporter
    # writes to a closed stream holds one span; the next two find the queue full.
    closed = io.StringIO()
    closed.close()
    tracer = RactoTracer(custom_exporter=ConsoleSpanExporter(out=closed), max_queued_spans=1)
    with_tracer = Telemetry(tracer=tracer, metrics=metrics)
    for _ in range(3):
        with with_tracer.chat(provider="openai", model="gpt-4o"):
            pass
    tracer.shutdown(timeout_millis=5000)
    assert tracer.dropped_spans == 3
    result = run_workload(Telemetry(metrics=metrics), duration_s=2, seed=11, workers=8, speedup=50)
    assert any(call.status == "error" for call in result.calls)
    total = float(len(result.calls) + 4)
    now = f'sum(ractogateway_requests_total{{job="{JOB}"}})'
    a_second_ago = f'sum(ractogateway_requests_total{{job="{JOB}"}} offset 1s)'
    prometheus.wait_for(f"{now} == {total} and {a_second_ago} == {total}")


@pytest.mark.realtime  # the server scrapes and evaluates the rules every second
def test_every_dashboard_and_rule_expression_returns_data(prometheus: PrometheusServer) -> None:
    registry = CollectorRegistry()
    # A cap below the demo's number of models, so that "other" (the label-cap alert) shows up.
    metrics = GatewayMetricsMiddleware(registry=registry, max_label_values=7)
    assert len(CHAT_MODELS) + len(EMBED_MODELS) + 1 > 7
    prometheus.set_rule_files([RULES])
    try:
        with PrometheusExporter(0, registry, addr="127.0.0.1") as exporter:
            prometheus.scrape(JOB, [f"127.0.0.1:{exporter.port}"])
            _run_demo(prometheus, metrics)
            rules = _rules(prometheus)
            assert sorted(rule["name"] for rule in rules) == sorted(_rule_names())
            for rule in rules:
                if rule["type"] == "alerting":
                    prometheus.query(rule["query"])  # valid PromQL, with data or not

            deadline = time.monotonic() + 20
            empty = [
                f"{where}: {promql}"
                for where, promql in _dashboard_queries()
                if not _wait_for_data(prometheus, promql, deadline)
            ]
            # Rules aggregate every job the server scrapes: the demo's must be among them.
            empty += [
                f"{where}: {promql}"
                for where, promql in _rule_queries(rules)
                if not any(
                    series["metric"].get("job") == JOB
                    for series in _wait_for_data(prometheus, promql, deadline)
                )
            ]
            assert not empty, "expressions without data:\n" + "\n".join(empty)
            unhealthy = [rule for rule in _rules(prometheus) if rule["health"] != "ok"]
            assert not unhealthy, unhealthy

            firing = prometheus.wait_for(
                f'ALERTS{{alertname="RactoGatewayUnpricedRequests", job="{JOB}",'
                f' alertstate="firing"}}'
            )
            assert [series["metric"]["model"] for series in firing] == [UNPRICED_MODEL]
    finally:
        prometheus.jobs.pop(JOB, None)
        prometheus.set_rule_files([])


def test_grafana_variables_are_all_substituted() -> None:
    with pytest.raises(AssertionError, match="Grafana variable"):
        _grafana('rate(x{job=~"$instance"}[5m])')

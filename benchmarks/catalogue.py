"""What the benchmark measures: scenarios, implementations, venvs and import targets.

Stdlib only: both the orchestrator (``run.py``) and the workers (``worker.py``, in every venv)
read it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Implementations, in the order the table shows them.
OURS, MINIMUM, EARLIER = "ours", "minimum", "earlier"
GENAI_PRICES, TOKENCOST = "genai-prices", "tokencost"
PEERS = (GENAI_PRICES, TOKENCOST)
IMPLS = (OURS, MINIMUM, EARLIER, *PEERS)

#: The venv each implementation runs in (the minimum shares ours' dependency versions).
VENV_OF = {
    OURS: "ours",
    MINIMUM: "ours",
    EARLIER: "earlier",
    GENAI_PRICES: "genai-prices",
    TOKENCOST: "tokencost",
}

#: What is installed into each venv besides the local distributions (``ours``).
EARLIER_REQUIREMENT = "ractogateway[observability]==0.2.1"
PEER_REQUIREMENTS = {GENAI_PRICES: "genai-prices", TOKENCOST: "tokencost"}
#: Dependencies pinned in the earlier venv to the versions installed in ours, so the
#: comparison is between the two codes, not between two releases of the SDKs.
SHARED_DEPENDENCIES = (
    "opentelemetry-api",
    "opentelemetry-sdk",
    "opentelemetry-semantic-conventions",
    "prometheus-client",
    "pydantic",
    "pydantic-core",
)

NS_PER_OP, OPS_PER_S = "ns/op", "ops/s"


@dataclass(frozen=True)
class Scenario:
    """One measured call.

    Attributes:
        sid: Identifier used on the command line and in the JSON.
        title: What one operation is.
        impls: The implementations that run it (ours first).
        threads: Threads calling at once (1: per-call latency; more: throughput).
    """

    sid: str
    title: str
    impls: tuple[str, ...]
    threads: int = 1

    @property
    def unit(self) -> str:
        """``ns/op`` for single-threaded scenarios, ``ops/s`` for threaded ones."""
        return NS_PER_OP if self.threads == 1 else OPS_PER_S


_THREE = (OURS, MINIMUM, EARLIER)
_TWO = (OURS, MINIMUM)
SCENARIOS = (
    Scenario("S1", "record_chat_span, RactoTracer(in_memory=True)", (OURS, EARLIER)),
    Scenario("S1-embed", "record_embed_span, RactoTracer(in_memory=True)", (OURS, EARLIER)),
    Scenario("S2", "record_chat_span, InMemorySpanExporter behind BatchSpanProcessor", _THREE),
    Scenario("S2-sdk", "S2 with ours' spans made by the SDK's start_span + end", (OURS,)),
    Scenario("S2-genai", "S2 with genai_metrics=True (an InMemoryMetricReader)", (OURS,)),
    Scenario("S3", "record_request (ok, tokens, one tool call)", _THREE),
    Scenario("S4-known", "compute_cost('gpt-4o', 1200, 300)", (*_THREE, *PEERS)),
    Scenario("S4-alias", "compute_cost('openai/gpt-4o-2024-08-06', 1200, 300)", _THREE),
    Scenario("S4-unknown", "compute_cost('acme-llm-7b', 1200, 300)", _THREE),
    Scenario("S5", "kit call: one span (S2) + one request (S3), timed", _THREE),
    Scenario("S5-direct", "S5 as direct record_chat_span + record_request calls", (OURS,)),
    Scenario("S6", "generate_latest(), 150 models x 2 statuses", _THREE),
    Scenario("S7", "S5 from 4 threads at once", _THREE, threads=4),
    # Issue 22: the OTLP export path, end to end (benchmarks/otlp.py).
    Scenario("S8-grpc", "S2 exported over OTLP/gRPC to a local sink, flush timed", _TWO),
    Scenario("S8-http", "S2 exported over OTLP/HTTP to a local sink, flush timed", _TWO),
    Scenario("S9-grpc", "record_chat_span median latency, OTLP/gRPC exporter flat out", (OURS,)),
    Scenario("S9-http", "record_chat_span median latency, OTLP/HTTP exporter flat out", (OURS,)),
)
BY_ID = {scenario.sid: scenario for scenario in SCENARIOS}


@dataclass(frozen=True)
class ImportTarget:
    """A module whose import time is measured in fresh processes of one venv."""

    key: str
    venv: str
    module: str


IMPORT_TARGETS = (
    ImportTarget("ours:pricing", "ours", "ractogateway.pricing"),
    ImportTarget("ours:metrics", "ours", "ractogateway.metrics"),
    ImportTarget("ours:tracing", "ours", "ractogateway.tracing"),
    ImportTarget("ours:telemetry", "ours", "ractogateway.telemetry"),
    ImportTarget("raw:prometheus_client", "ours", "prometheus_client"),
    ImportTarget("raw:opentelemetry.sdk.trace", "ours", "opentelemetry.sdk.trace"),
    ImportTarget("earlier:telemetry", "earlier", "ractogateway.telemetry"),
    ImportTarget("peer:genai_prices", GENAI_PRICES, "genai_prices"),
    ImportTarget("peer:tokencost", TOKENCOST, "tokencost"),
)
IMPORTS = "imports"

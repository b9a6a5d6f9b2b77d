"""The demo's summary: calls, tokens, cost, latency and cache savings per model, from spans.

Everything here is computed from the recorded ``SpanRecord`` objects, never from the
workload's own bookkeeping, so the table shows what the telemetry actually captured.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ractogateway.tracing import SpanRecord

__all__ = ["ModelSummary", "Summary", "percentile", "render_summary", "summarize"]


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile (``fraction`` in 0..1) of ascending values; 0 if none."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True, kw_only=True)
class ModelSummary:
    """One model's row of the summary."""

    provider: str
    model: str
    calls: int
    errors: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    p50_ms: float
    p95_ms: float
    ttft_p50_ms: float | None  # streams' median time to first token (None: no stream)
    cache_hits: int
    saved_usd: float  # what the cache hits would have cost at the provider (estimate)


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The summary of a run: one row per (provider, model), and the cache totals."""

    models: tuple[ModelSummary, ...]
    exact_hits: int
    semantic_hits: int

    @property
    def calls(self) -> int:
        """Every recorded call."""
        return sum(row.calls for row in self.models)

    @property
    def cost_usd(self) -> float:
        """Total estimated cost."""
        return sum(row.cost_usd for row in self.models)

    @property
    def saved_usd(self) -> float:
        """Total estimated cache savings."""
        return sum(row.saved_usd for row in self.models)

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data (``--summary-json``)."""
        return {
            "models": [asdict(row) for row in self.models],
            "totals": {
                "calls": self.calls,
                "errors": sum(row.errors for row in self.models),
                "input_tokens": sum(row.input_tokens for row in self.models),
                "output_tokens": sum(row.output_tokens for row in self.models),
                "cost_usd": self.cost_usd,
                "saved_usd": self.saved_usd,
            },
            "cache": {"exact_hits": self.exact_hits, "semantic_hits": self.semantic_hits},
        }


def _row(provider: str, model: str, spans: list[SpanRecord]) -> ModelSummary:
    latencies = sorted(span.latency_ms for span in spans)
    ttfts = sorted(
        span.time_to_first_token_ms for span in spans if span.time_to_first_token_ms is not None
    )
    hits = sum(span.cache_hit != "miss" for span in spans)
    # A hit would have cost what this model's billed calls cost on average.
    billed = [span.cost_usd for span in spans if span.cache_hit == "miss" and span.status == "ok"]
    saved = hits * sum(billed) / len(billed) if billed else 0.0
    return ModelSummary(
        provider=provider,
        model=model,
        calls=len(spans),
        errors=sum(span.status == "error" for span in spans),
        input_tokens=sum(span.input_tokens for span in spans),
        output_tokens=sum(span.output_tokens for span in spans),
        cost_usd=sum(span.cost_usd for span in spans),
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        ttft_p50_ms=percentile(ttfts, 0.50) if ttfts else None,
        cache_hits=hits,
        saved_usd=saved,
    )


def summarize(spans: Iterable[SpanRecord]) -> Summary:
    """Summarise recorded spans per (provider, model).

    Cache savings are estimated per model as (cache hits) x (mean cost of the model's
    successful calls that did go to the provider); a model with no such call saves 0.
    """
    groups: dict[tuple[str, str], list[SpanRecord]] = {}
    exact = semantic = 0
    for span in spans:
        groups.setdefault((span.provider, span.model), []).append(span)
        exact += span.cache_hit == "exact"
        semantic += span.cache_hit == "semantic"
    rows = tuple(
        _row(provider, model, group) for (provider, model), group in sorted(groups.items())
    )
    return Summary(models=rows, exact_hits=exact, semantic_hits=semantic)


#: The table's columns, in order: header and format spec (alignment and width).
_COLUMNS = (
    ("provider", "<9"),
    ("model", "<22"),
    ("calls", ">6"),
    ("errors", ">6"),
    ("input tok", ">10"),
    ("output tok", ">10"),
    ("cost $", ">8"),
    ("p50 ms", ">7"),
    ("p95 ms", ">7"),
    ("TTFT p50", ">8"),
    ("hits", ">5"),
    ("saved $", ">8"),
)


def _line(cells: Mapping[str, str]) -> str:
    """Return one line of the table from its cells, keyed by column header."""
    return "  ".join(f"{cells[header]:{spec}}" for header, spec in _COLUMNS).rstrip()


def _cells(row: ModelSummary) -> dict[str, str]:
    return {
        "provider": row.provider,
        "model": row.model,
        "calls": str(row.calls),
        "errors": str(row.errors),
        "input tok": f"{row.input_tokens:,}",
        "output tok": f"{row.output_tokens:,}",
        "cost $": f"{row.cost_usd:.4f}",
        "p50 ms": f"{row.p50_ms:.1f}",
        "p95 ms": f"{row.p95_ms:.1f}",
        "TTFT p50": "-" if row.ttft_p50_ms is None else f"{row.ttft_p50_ms:.1f}",
        "hits": str(row.cache_hits),
        "saved $": f"{row.saved_usd:.4f}",
    }


def render_summary(summary: Summary) -> str:
    """Return the summary as a plain-text table with a totals row and a cache line."""
    totals = summary.to_dict()["totals"]
    hits = summary.exact_hits + summary.semantic_hits
    total_cells = {
        "provider": "total",
        "model": "",
        "calls": str(totals["calls"]),
        "errors": str(totals["errors"]),
        "input tok": f"{totals['input_tokens']:,}",
        "output tok": f"{totals['output_tokens']:,}",
        "cost $": f"{totals['cost_usd']:.4f}",
        "p50 ms": "",
        "p95 ms": "",
        "TTFT p50": "",
        "hits": str(hits),
        "saved $": f"{totals['saved_usd']:.4f}",
    }
    share = hits / summary.calls if summary.calls else 0.0
    return "\n".join(
        [
            _line({header: header for header, _ in _COLUMNS}),
            _line({header: "-" * int(spec[1:]) for header, spec in _COLUMNS}),
            *(_line(_cells(row)) for row in summary.models),
            _line(total_cells),
            "",
            f"cache: {summary.exact_hits} exact + {summary.semantic_hits} semantic hits"
            f" ({share:.1%} of {summary.calls} calls) saved an estimated ${summary.saved_usd:.4f}"
            f" on top of ${summary.cost_usd:.4f} spent",
        ]
    )

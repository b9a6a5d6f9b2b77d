"""The results table, as aligned text (terminal) and as Markdown (docs/performance.md)."""

from __future__ import annotations

from benchmarks import catalogue
from benchmarks.report import Row, Stat

HEADER = (
    "scenario",
    "ours median",
    "ours best",
    "minimum",
    "earlier|peer",
    "ours/min",
    "(earlier|peer)/ours",
    "target",
    "result",
)


def _value(stat: Stat | None, unit: str, *, best: bool = False) -> str:
    if stat is None:
        return "-"
    value = stat.best if best else stat.median
    if unit == catalogue.OPS_PER_S:
        return f"{value / 1000:.3g}k ops/s"
    micros = value / 1000 if unit == catalogue.NS_PER_OP else value
    if micros >= 1_000_000:
        return f"{micros / 1_000_000:.3g} s"
    if micros >= 1000:
        return f"{micros / 1000:.3g} ms"
    return f"{micros:.3g} us"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}x"


def cells(row: Row) -> tuple[str, ...]:
    """The row's cells, in ``HEADER`` order."""
    other = _value(row.other, row.unit)
    if row.other is not None and row.other_name != catalogue.EARLIER:
        other = f"{other} ({row.other_name})"
    return (
        row.key,
        _value(row.ours, row.unit),
        _value(row.ours, row.unit, best=True),
        _value(row.minimum, row.unit),
        other,
        _ratio(row.ratio_min()),
        _ratio(row.ratio_other()),
        row.target,
        row.verdict,
    )


def text(rows: list[Row]) -> str:
    """Aligned plain-text table, then the scenario legend and the notes."""
    lines = [HEADER, *(cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    out.append("")
    out.extend(f"{row.key}: {row.title}" for row in rows)
    notes = [f"  {row.key}: {note}" for row in rows for note in row.notes]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


def markdown(rows: list[Row]) -> str:
    """A Markdown table with the scenario titles, then the notes as a list."""

    def line(cells_: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells_) + " |"

    header = ("scenario", "what", *HEADER[1:])
    out = [line(header), "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        key, *rest = cells(row)
        out.append(line((key, row.title, *rest)))
    notes = [f"- {row.key}: {note}" for row in rows for note in row.notes]
    if notes:
        out += ["", *notes]
    return "\n".join(out)

"""``python -m ractogateway.telemetry check``: is this install what the gateway needs?

For a person debugging a gateway: the four distributions' versions (in lockstep or not) and
whether their files are still the ones they installed, whether an older ``ractogateway``
SDK wheel has put its own ``ractogateway/telemetry/`` files over ours (the SDK 0.2.1 ships
that folder), which OTLP exporters import, the price table in use and the state of the
``PROMETHEUS_MULTIPROC_DIR`` directory. Exit status 0 when all is well, 1 with what to do.

Reading only: the check imports what it reports on, changes nothing and never touches the
network. It runs even when the SDK's files are over ours (it never uses the facade's names
to do its work), so it can say so.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import platform
import re
import shlex
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

__all__ = ["Problem", "Section", "build_parser", "main", "run_checks"]

PROG = "python -m ractogateway.telemetry check"
OURS = ("pricing", "tracing", "metrics", "telemetry")
SDK = "ractogateway"
SDK_TITLE = f"RactoGateway SDK ({SDK})"
#: 0.2.1's module paths in ractogateway/telemetry/ -> the names each exported (kept as aliases).
PATHS_021: Mapping[str, tuple[str, ...]] = {
    "tracer": ("RactoTracer",),
    "metrics": ("GatewayMetricsMiddleware",),
    "prometheus_exporter": ("PrometheusExporter",),
    "_pricing": ("DEFAULT_COST_TABLE", "compute_cost"),
    "_models": ("ModelPricing", "SpanRecord"),
}
#: Where each documented name at ractogateway.telemetry comes from.
LEAF_OF = {
    "RactoTracer": "tracing",
    "SpanRecord": "tracing",
    "GatewayMetricsMiddleware": "metrics",
    "PrometheusExporter": "metrics",
    "ModelPricing": "pricing",
    "DEFAULT_COST_TABLE": "pricing",
    "compute_cost": "pricing",
}
ENV_PRICES = "RACTOGATEWAY_PRICES"
ENV_MULTIPROC = "PROMETHEUS_MULTIPROC_DIR"
_ENV_MULTIPROC_LEGACY = "prometheus_multiproc_dir"  # still read by prometheus-client
#: prometheus-client's files in the multiprocess directory: <type>_<pid>.db.
_DB_FILE = re.compile(r"^[a-z]+(?:_[a-z]+)?_(\d+)\.db$")
_MISSING = object()


@dataclass(frozen=True)
class Problem:
    """Something wrong with the install, and the one thing to do about it."""

    what: str
    fix: str


@dataclass
class Section:
    """One part of the report: a title, what was found, and the problems among it."""

    title: str
    lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    affected_by: str | None = None
    """The section whose problem (reported there, with its fix) shows here too."""

    @property
    def status(self) -> str:
        """``PROBLEM``, ``affected (see <section>)`` or ``ok``."""
        if self.problems:
            return "PROBLEM"
        return f"affected (see {self.affected_by})" if self.affected_by else "ok"


def _dist(name: str) -> importlib.metadata.Distribution | None:
    """Return the installed distribution ``name``, or None."""
    try:
        return importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _digest(path: Path) -> str | None:
    """Return the RECORD-style sha256 (urlsafe base64, unpadded) of ``path``; None if absent."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _recorded(dist: importlib.metadata.Distribution) -> dict[str, str]:
    """Return ``{path: sha256}`` of the distribution's files under ``ractogateway/``.

    Read from RECORD itself: ``Distribution.files`` leaves out the files that are missing.
    """
    found: dict[str, str] = {}
    for row in csv.reader((dist.read_text("RECORD") or "").splitlines()):
        if len(row) >= 2 and row[0].startswith("ractogateway/") and row[1].startswith("sha256="):
            found[row[0]] = row[1].removeprefix("sha256=")
    return found


def _installer(*, reinstall: bool) -> list[str]:
    """The install command for this interpreter: pip when it has pip, else uv."""
    if importlib.util.find_spec("pip") is not None:
        command = [sys.executable, "-m", "pip", "install"]
        return [*command, "--force-reinstall", "--no-deps"] if reinstall else command
    command = ["uv", "pip", "install", "--python", sys.executable]
    return [*command, "--reinstall", "--no-deps"] if reinstall else command


def _command(words: Iterable[str]) -> str:
    """Join a command for a POSIX shell (requirements with extras get quoted)."""
    return " ".join(shlex.quote(word) for word in words)


def _pins() -> dict[str, str]:
    """The exact requirements ractogateway-telemetry declares on its siblings, by name."""
    pins: dict[str, str] = {}
    for requirement in importlib.metadata.requires("ractogateway-telemetry") or ():
        match = re.match(r"(ractogateway-\w+)(\[[\w,-]+\])?\s*==\s*([\w.+!-]+)\s*$", requirement)
        if match:
            pins[match[1]] = f"{match[1]}{match[2] or ''}=={match[3]}"
    return pins


def _damaged(dist: importlib.metadata.Distribution) -> dict[str, str]:
    """Return ``{path: "missing" | "changed"}`` for its files that differ from its RECORD."""
    found: dict[str, str] = {}
    for path, digest in sorted(_recorded(dist).items()):
        on_disk = _digest(Path(str(dist.locate_file(path))))
        if on_disk != digest:
            found[path] = "missing" if on_disk is None else "changed"
    return found


def check_distributions() -> Section:
    """The four distributions: versions, lockstep, and their files as they installed them."""
    section = Section("distributions")
    dists = {f"ractogateway-{leaf}": _dist(f"ractogateway-{leaf}") for leaf in OURS}
    versions = {name: None if dist is None else dist.version for name, dist in dists.items()}
    for name, version in versions.items():
        section.lines.append(f"{name:<24} {version or 'not installed'}")
    telemetry = versions["ractogateway-telemetry"]
    pins = _pins() if telemetry is not None else {}
    wrong = [name for name, pin in pins.items() if versions.get(name) != pin.rpartition("==")[2]]
    if telemetry is None:
        section.problems.append(
            Problem(
                "ractogateway-telemetry is not installed (this check is part of it)",
                _command([*_installer(reinstall=False), "ractogateway-telemetry"]),
            )
        )
    elif wrong:
        installed = ", ".join(f"{name} {versions[name] or 'is missing'}" for name in wrong)
        section.problems.append(
            Problem(
                f"not in lockstep: ractogateway-telemetry {telemetry} needs"
                f" {', '.join(pins[name] for name in wrong)}, but {installed}",
                _command([*_installer(reinstall=False), *(pins[name] for name in wrong)]),
            )
        )
    else:
        section.lines.append(f"in lockstep ({telemetry})")
    editable = [name for name, dist in dists.items() if dist is not None and not _recorded(dist)]
    if editable:  # an editable install records no code files
        section.lines.append(f"editable, files not checked: {', '.join(editable)}")
    overwritten = set(_sdk_over_ours())
    if overwritten:  # reported, with its fix, in the SDK's section
        section.affected_by = SDK_TITLE
        section.lines.append(
            f"ractogateway-telemetry: {len(overwritten)} file(s) are the ractogateway SDK's"
        )
    damaged_any = False
    for name, dist in dists.items():
        damaged = {} if dist is None else _damaged(dist)
        damaged_any = damaged_any or bool(damaged)
        other = {path: state for path, state in damaged.items() if path not in overwritten}
        if other:
            listed = ", ".join(f"{path} ({state})" for path, state in other.items())
            section.problems.append(
                Problem(
                    f"{name} {versions[name]}: {len(other)} file(s) missing or changed since"
                    f" it was installed: {listed}",
                    _command([*_installer(reinstall=True), f"{name}=={versions[name]}"]),
                )
            )
    if not damaged_any and len(editable) < sum(dist is not None for dist in dists.values()):
        section.lines.append("every installed file is as the distributions wrote it")
    return section


def _sdk_over_ours() -> list[str]:
    """Our telemetry files whose content on disk is the ractogateway SDK's."""
    ours, sdk = _dist("ractogateway-telemetry"), _dist(SDK)
    if ours is None or sdk is None:
        return []
    theirs = _recorded(sdk)
    return [
        path
        for path, digest in sorted(_recorded(ours).items())
        if path in theirs
        and theirs[path] != digest
        and _digest(Path(str(ours.locate_file(path)))) == theirs[path]
    ]


def check_sdk() -> Section:
    """Whether the ``ractogateway`` SDK is installed, and whose files are in telemetry/."""
    section = Section(SDK_TITLE)
    sdk = _dist(SDK)
    if sdk is None:
        section.lines.append("not installed")
        return section
    ours = _dist("ractogateway-telemetry")
    shared = sorted(set(_recorded(sdk)) & set(_recorded(ours) if ours else {}))
    prefix = "ractogateway/telemetry/"
    telemetry_files = [path for path in _recorded(sdk) if path.startswith(prefix)]
    section.lines.append(
        f"{sdk.version}, with {len(telemetry_files)} file(s) of its own in {prefix}"
        if telemetry_files
        else f"{sdk.version}, with no files in {prefix}"
    )
    if ours is None or not shared:
        return section
    over = _sdk_over_ours()
    if over:
        names = ", ".join(path.removeprefix(prefix) for path in over)
        section.problems.append(
            Problem(
                f"ractogateway {sdk.version} has put its own files over ours in"
                f" {Path(str(ours.locate_file(prefix)))}: {names}; `from"
                f" ractogateway.telemetry import RactoTracer` gives its {sdk.version} classes",
                _command([*_installer(reinstall=True), f"ractogateway-telemetry=={ours.version}"]),
            )
        )
    else:
        section.lines.append(
            f"its {len(shared)} file(s) at our paths are ours (ractogateway-telemetry was"
            " installed after it); reinstalling or upgrading the SDK puts them back, so run"
            f" this check again after that"
        )
    return section


def _origin(value: object) -> str:
    """Where a class or function was defined, e.g. ``ractogateway.telemetry.tracer``."""
    return str(getattr(value, "__module__", None) or type(value).__module__)


def check_names() -> Section:
    """The documented names and 0.2.1's module paths: do they give the current objects?"""
    section = Section("ractogateway.telemetry")
    wrong: list[tuple[str, object]] = []
    for module, names in [("", tuple(LEAF_OF)), *((f".{m}", n) for m, n in PATHS_021.items())]:
        path = f"ractogateway.telemetry{module}"
        try:
            imported = importlib.import_module(path)
        except ImportError:
            wrong.extend((f"{path}.{name}", None) for name in names)
            continue
        for name in names:
            value = getattr(imported, name, None)
            try:
                current = getattr(importlib.import_module(f"ractogateway.{LEAF_OF[name]}"), name)
            except (ImportError, AttributeError):  # that distribution's section says why
                current = _MISSING
            if value is not current:
                wrong.append((f"{path}.{name}", value))
    where = getattr(sys.modules.get("ractogateway.telemetry"), "__file__", None)
    section.lines.append(
        f"imported from {Path(where).parent}"
        if where
        else "ractogateway/telemetry/__init__.py is missing"
    )
    if not wrong:
        section.lines.append(
            "the documented names and 0.2.1's paths (.tracer, .metrics, .prometheus_exporter,"
            " ._pricing, ._models) give the current objects"
        )
        return section
    first, value = wrong[0]
    owner = f"ractogateway.{LEAF_OF[first.rpartition('.')[2]]}"
    more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
    found = "missing" if value is None else f"the one defined in {_origin(value)}"
    symptom = f"{first} is {found}, not {owner}'s{more}"
    ours = _dist("ractogateway-telemetry")
    if _sdk_over_ours() or (ours is not None and _damaged(ours)):
        # The cause is reported, with its fix, in the section named here.
        section.affected_by = SDK_TITLE if _sdk_over_ours() else "distributions"
        section.lines.append(symptom)
        return section
    version = f"=={ours.version}" if ours else ""
    section.problems.append(
        Problem(
            symptom,
            _command([*_installer(reinstall=True), f"ractogateway-telemetry{version}"]),
        )
    )
    return section


_EXPORTERS = (
    # transport, tracer argument, distribution, module
    ("gRPC", "otlp_endpoint=", "opentelemetry-exporter-otlp-proto-grpc", "grpc"),
    ("HTTP", "otlp_http_endpoint=", "opentelemetry-exporter-otlp-proto-http", "http"),
)


def check_exporters() -> Section:
    """Which OTLP span exporters are installed and import."""
    section = Section("OTLP exporters")
    tracing = _dist("ractogateway-tracing")
    pin = (
        f"ractogateway-tracing[otlp]=={tracing.version}"
        if tracing
        else "ractogateway-tracing[otlp]"
    )
    fix = _command([*_installer(reinstall=False), pin])
    for transport, argument, name, kind in _EXPORTERS:
        dist = _dist(name)
        if dist is None:
            section.lines.append(f"{transport} ({argument}): not installed")
            section.problems.append(Problem(f"the OTLP/{transport} exporter is not installed", fix))
            continue
        module = f"opentelemetry.exporter.otlp.proto.{kind}.trace_exporter"
        try:
            importlib.import_module(module)
        except Exception as error:  # a broken wheel (grpcio, protobuf) fails in many ways
            section.lines.append(f"{transport} ({argument}): {name} {dist.version}, broken")
            section.problems.append(
                Problem(
                    f"{module} fails to import: {type(error).__name__}: {error}",
                    _command([*_installer(reinstall=True), f"{name}=={dist.version}"]),
                )
            )
            continue
        section.lines.append(f"{transport} ({argument}): {name} {dist.version}")
    return section


def check_prices(environ: Mapping[str, str]) -> Section:
    """The price table in use: built-in, or overridden by the file RACTOGATEWAY_PRICES names."""
    section = Section("price table")
    from ractogateway.pricing import DEFAULT_COST_TABLE, load_price_table
    from ractogateway.pricing._shared import CHECKED_ON

    built_in = f"built-in: {len(DEFAULT_COST_TABLE)} models, checked on {CHECKED_ON}"
    path = environ.get(ENV_PRICES, "")
    if not path:
        section.lines.append(f"{built_in} ({ENV_PRICES} is not set)")
        return section
    try:
        entries = load_price_table(path)
    except (OSError, ValueError, RecursionError) as error:
        message = (error.strerror if isinstance(error, OSError) else None) or str(error)
        section.lines.append(f"{ENV_PRICES}={path}: does not load")
        section.lines.append(built_in)
        section.problems.append(
            Problem(
                f"{ENV_PRICES}={path} does not load ({message}); until it does,"
                " RactoTracer() and GatewayMetricsMiddleware() refuse to start and"
                " compute_cost raises",
                f"correct the file (check it with: python -m ractogateway.pricing list) or"
                f" unset {ENV_PRICES}",
            )
        )
        return section
    overriding = sum(model in DEFAULT_COST_TABLE for model in entries)
    section.lines.append(
        f"{ENV_PRICES}={path}: loads, {len(entries)} entries"
        f" ({overriding} override built-in ids, {len(entries) - overriding} new)"
    )
    section.lines.append(f"over the {built_in}")
    return section


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (as seen from this process's pid namespace)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists, run by someone else (or we cannot tell: say running)
    return True


def check_multiprocess(environ: Mapping[str, str]) -> Section:
    """The PROMETHEUS_MULTIPROC_DIR directory, when set: usable, and what it holds."""
    section = Section("multiprocess metrics")
    name = ENV_MULTIPROC if environ.get(ENV_MULTIPROC) else _ENV_MULTIPROC_LEGACY
    value = environ.get(name, "")
    if not value:
        section.lines.append(
            f"{ENV_MULTIPROC} is not set: each process serves its own metrics"
            " (set it when several worker processes serve one gateway)"
        )
        return section
    path = Path(value)
    if not path.exists():
        section.problems.append(
            Problem(
                f"{name}={value} does not exist",
                "create it, empty, before the worker processes start:"
                f" mkdir -p {shlex.quote(value)}",
            )
        )
        return section
    if not path.is_dir():
        section.problems.append(
            Problem(
                f"{name}={value} is not a directory",
                f"point {name} at an empty directory created before the workers start",
            )
        )
        return section
    if not os.access(path, os.W_OK | os.X_OK):
        section.problems.append(
            Problem(
                f"{name}={value} is not writable by this user, so workers cannot record",
                f"let the gateway's user write there: chown that user {shlex.quote(value)}",
            )
        )
        return section
    pids: dict[int, int] = {}
    for entry in path.iterdir():
        match = _DB_FILE.match(entry.name)
        if match:
            pids[int(match[1])] = pids.get(int(match[1]), 0) + 1
    running = sorted(pid for pid in pids if _running(pid))
    finished = len(pids) - len(running)
    section.lines.append(f"{name}={value}: a writable directory")
    section.lines.append(
        f"{sum(pids.values())} metric file(s) from {len(pids)} process(es):"
        f" {len(running)} running, {finished} finished"
    )
    if finished:
        section.lines.append(
            "the finished processes' counts still add up in every scrape, as they should"
            " within one run; empty the directory before the gateway starts, never while it runs"
        )
    return section


def run_checks(environ: Mapping[str, str] | None = None) -> list[Section]:
    """Run every check; ``environ`` defaults to ``os.environ``.

    A check that fails in an unforeseen way (a broken install can break any import) becomes
    a problem of its section, so the report is always complete.
    """
    env = os.environ if environ is None else environ
    checks: list[tuple[str, Callable[[], Section]]] = [
        ("distributions", check_distributions),
        (SDK_TITLE, check_sdk),
        ("ractogateway.telemetry", check_names),
        ("OTLP exporters", check_exporters),
        ("price table", lambda: check_prices(env)),
        ("multiprocess metrics", lambda: check_multiprocess(env)),
    ]
    sections = []
    for title, check in checks:
        try:
            sections.append(check())
        except Exception as error:
            ours = _dist("ractogateway-telemetry")
            version = f"=={ours.version}" if ours else ""
            fix = _command([*_installer(reinstall=True), f"ractogateway-telemetry{version}"])
            problem = Problem(f"could not be checked: {type(error).__name__}: {error}", fix)
            sections.append(Section(title, problems=[problem]))
    return sections


def _wrapped(text: str, indent: str) -> str:
    """``text`` wrapped at 100 columns, every line indented by ``indent``."""
    return textwrap.fill(
        text, width=100, initial_indent=indent, subsequent_indent=indent + "  ",
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


def render(sections: Sequence[Section], out: TextIO) -> int:
    """Write the report; return the exit status (0 when there is no problem, else 1)."""
    out.write(
        f"RactoGateway telemetry install check: Python {platform.python_version()},"
        f" {sys.executable}\n"
    )
    problems = [problem for section in sections for problem in section.problems]
    for section in sections:
        out.write(f"\n{section.title}: {section.status}\n")
        for line in section.lines:
            out.write(_wrapped(line, "  ") + "\n")
        for problem in section.problems:
            out.write(_wrapped(f"problem: {problem.what}", "  ") + "\n")
    if not problems:
        out.write("\nall well\n")
        return 0
    fixes = list(dict.fromkeys(problem.fix for problem in problems))
    out.write(f"\n{len(problems)} problem(s); to fix:\n")
    for fix in fixes:
        out.write(f"  {fix}\n")
    return 1


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the ``check`` subcommand."""
    return argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Check this install of RactoGateway telemetry: the four distributions' versions"
            " and files, whether an older ractogateway SDK has put its files over ours, the"
            f" OTLP exporters, the price table ({ENV_PRICES}) and the multiprocess directory"
            f" ({ENV_MULTIPROC}). Exit status 0 when all is well, 1 with what to do."
        ),
    )


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the check and print the report; return the exit status."""
    build_parser().parse_args(argv)
    return render(run_checks(), stdout or sys.stdout)

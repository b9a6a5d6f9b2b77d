"""Nox sessions for the RactoGateway Telemetry monorepo.

A plain ``nox`` runs what CI runs: the test matrix (install combinations x Python
versions, each in a fresh venv with the local distributions installed non-editable),
the declared minimum versions, the RactoGateway SDK 0.2.1's kits with ours (and the install
check in fresh venvs), lint, type checks, the build check and the docs.
``nox -s demo`` runs the main job; ``nox -s bench`` and ``nox -s prices`` run on demand.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path
from typing import NamedTuple

import nox

ROOT = Path(__file__).parent
PACKAGES = ROOT / "packages"
LEAVES = ("pricing", "tracing", "metrics", "telemetry")
PYTHONS = nox.project.python_versions(
    nox.project.load_toml(PACKAGES / "ractogateway-pricing" / "pyproject.toml")
)
DEFAULT_PYTHON = "3.12"
TEST_DEPS = ["pytest>=8", "hypothesis>=6.100"]
# The real OTLP receivers in the tests decode the official protobuf messages.
OTLP_TEST_DEPS = ["opentelemetry-proto", "grpcio"]
# The providers' official SDKs, whose real requests and response types the kit-helper tests
# use against a local server. google-genai 3.x needs Python >= 3.11 and pydantic >= 2.12.5:
# on 3.10 (and with our declared pydantic minimum there) 1.46.0 is the newest that installs.
SDK_TEST_DEPS = [
    "openai==3.63.0",
    "anthropic==2.17.0",
    "google-genai==3.6.1; python_version >= '3.11'",
    "google-genai==1.46.0; python_version < '3.11'",
]
# The real process manager of the multiprocess tests (worker recycling, the scale-out recipe).
GUNICORN = "gunicorn>=23"
# The RactoGateway SDK release whose developer kits pass our tracer and metrics as `tracer=` and
# `metrics=`, and the newest provider SDKs its kits accept (its extras: openai<3, anthropic<1,
# google-genai<2), all from PyPI; `nox -s kits` installs ours over them.
SDK_021 = "ractogateway==0.2.1"
SDK_021_PROVIDERS = ["openai==2.54.0", "anthropic==0.125.0", "google-genai==1.75.0"]
# ruff formats the long signatures in the API reference.
DOCS_DEPS = ["mkdocs>=1.6", "mkdocs-material>=9.5", "mkdocstrings[python]>=0.26", "ruff"]
TYPECHECK_DEPS = ["mypy>=1.11", "types-protobuf", "grpc-stubs"]
# The maintained public price datasets that `nox -s prices` checks the table against.
PRICE_DATASETS = ["genai-prices==0.2.5"]
PRICE_DATASETS_NO_DEPS = ["litellm==1.110.2"]  # only its bundled price map is read


class Cell(NamedTuple):
    """One install combination: what a user of that kind installs, and what must be absent."""

    requirements: list[str]
    """Local distributions (``ractogateway-x[extra]``), installed non-editable."""
    test_deps: list[str]
    """Test dependencies beyond TEST_DEPS."""
    absent: list[str]
    """Modules that must NOT be importable in the cell (the packaging tests check it)."""


# Install combinations, by name.
CELLS: dict[str, Cell] = {
    # Cost estimates only: no third-party package at all.
    "pricing": Cell(
        requirements=["ractogateway-pricing"],
        test_deps=[],
        absent=[
            "pydantic",
            "opentelemetry",
            "prometheus_client",
            "ractogateway.tracing",
            "ractogateway.metrics",
            "ractogateway.telemetry",
        ],
    ),
    # Prometheus-only shops: never pydantic or OpenTelemetry.
    "metrics": Cell(
        requirements=["ractogateway-pricing", "ractogateway-metrics"],
        test_deps=[],
        absent=["pydantic", "opentelemetry", "ractogateway.tracing", "ractogateway.telemetry"],
    ),
    # Tracing without extras: console, in-memory and custom exporters; no OTLP exporter.
    "tracing": Cell(
        requirements=["ractogateway-pricing", "ractogateway-tracing"],
        test_deps=[],
        absent=[
            "prometheus_client",
            "opentelemetry.exporter.otlp",
            "ractogateway.metrics",
            "ractogateway.telemetry",
        ],
    ),
    # Tracing with both OTLP exporters, tested against real OTLP receivers.
    "tracing-otlp": Cell(
        requirements=["ractogateway-pricing", "ractogateway-tracing[otlp]"],
        test_deps=OTLP_TEST_DEPS,
        absent=["prometheus_client", "ractogateway.metrics", "ractogateway.telemetry"],
    ),
    # Both leaves without the meta-package.
    "tracing+metrics": Cell(
        requirements=["ractogateway-pricing", "ractogateway-tracing", "ractogateway-metrics"],
        test_deps=[],
        absent=["opentelemetry.exporter.otlp", "ractogateway.telemetry"],
    ),
    # The meta-package: everything, as developer kits install it.
    "telemetry": Cell(
        requirements=[
            "ractogateway-pricing",
            "ractogateway-tracing",
            "ractogateway-metrics",
            "ractogateway-telemetry",
        ],
        test_deps=[*OTLP_TEST_DEPS, *SDK_TEST_DEPS, GUNICORN],
        absent=[],
    ),
}
# Which cells run on every supported Python; the others run on DEFAULT_PYTHON.
ALL_PYTHON_CELLS = ("pricing", "telemetry")
MATRIX = [
    nox.param(python, cell, id=f"{cell}-{python}")
    for cell in CELLS
    for python in (PYTHONS if cell in ALL_PYTHON_CELLS else [DEFAULT_PYTHON])
]
# The one matrix cell, (cell, python), that runs the tests marked `realtime` (pyproject.toml):
# those that wait seconds of wall-clock time (a collector outage, the exit bound, a real
# Prometheus server scraping and evaluating rules, fifty scrapers at once). What they prove
# does not change with the Python version or the install combination, so a CI run runs them
# once, here; every other cell and `minimums` deselect them (-m "not realtime"). This cell
# collects every test folder (tests/conftest.py leaves out only the folders of distributions a
# cell lacks) and has all they use: every distribution, both OTLP exporters, the receivers'
# protobuf and gRPC, the provider SDKs.
REALTIME_CELL = ("telemetry", DEFAULT_PYTHON)
if REALTIME_CELL not in [(cell, python) for python, cell in (param.args for param in MATRIX)]:
    raise ValueError(f"REALTIME_CELL {REALTIME_CELL} is not a cell of the matrix")

nox.needs_version = ">=2024.4.15"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "no"
nox.options.sessions = [
    "tests",
    "minimums",
    "kits",
    "scale",
    "lint",
    "typecheck",
    "build",
    "docs",
]


def _expose_pyenv_pythons() -> None:
    """Put the pyenv-installed interpreter of every version in PYTHONS first on PATH.

    Why here, and at import time: nox (and uv under it) looks ``python3.X`` up on PATH when it
    creates a session's venv, before any session code runs, so this file's top level is the only
    place that can fix the look-up for every session. pyenv puts a shim for every installed
    version on PATH, but a shim for a version that is not active (``pyenv global``) exits with
    "command not found": uv stops at it ("Failed to inspect Python interpreter ... shims/
    python3.12") and the session fails, even though the interpreter is installed. The README
    promises that a plain ``python3 -m nox`` works on a developer's machine too, so this is not
    left to ``.ci/run``. Without pyenv (no ``$PYENV_ROOT/versions``), PATH is left alone.

    uv is also told never to download a CPython (unless the caller set UV_PYTHON_DOWNLOADS): a
    version the machine lacks stays nox's "interpreter not found" (skipped locally, an error
    with CI=true) instead of a silent download.
    """
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = [sorted(versions.glob(f"{python}.*/bin"))[-1:] for python in PYTHONS]
    bins = [str(path) for paths in found for path in paths]
    if bins:
        os.environ["PATH"] = os.pathsep.join([*bins, os.environ.get("PATH", "")])
    os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


# Before nox creates any venv (see the docstring).
_expose_pyenv_pythons()


def _local(requirement: str) -> str:
    """Turn ``ractogateway-x[extra]`` into the path of the local distribution."""
    name, _, extras = requirement.partition("[")
    return str(PACKAGES / name) + (f"[{extras}" if extras else "")


def _install_cell(session: nox.Session, cell: str, *extra: str, tests: bool = True) -> None:
    """Install one cell's local distributions (non-editable) and its test dependencies."""
    chosen = CELLS[cell]
    testing = [*TEST_DEPS, *chosen.test_deps] if tests else []
    session.install(*map(_local, chosen.requirements), *testing, *extra)


def _junit(session: nox.Session) -> str:
    """The pytest option writing the session's JUnit report, which .ci/run adds up."""
    return f"--junitxml={ROOT / '.nox' / 'junit' / f'{session.name}.xml'}"


def _run_pytest(session: nox.Session, cell: str, *, realtime: bool = False) -> None:
    """Run the test suite against what the cell installed, outside the source tree.

    The ``realtime`` tests run only if ``realtime`` is true (in REALTIME_CELL); options after
    ``--`` come last, so ``-- -m realtime`` still runs them anywhere.
    """
    chosen = CELLS[cell]
    env = {
        "RACTOGATEWAY_CELL": cell,
        "RACTOGATEWAY_PRESENT": ",".join(r.split("[")[0] for r in chosen.requirements),
        "RACTOGATEWAY_ABSENT": ",".join(chosen.absent),
    }
    marks = [] if realtime else ["-m", "not realtime"]
    session.run(
        "pytest", _junit(session), "-p", "no:cacheprovider", *marks, *session.posargs, env=env
    )


@nox.session
@nox.parametrize(["python", "cell"], MATRIX)
def tests(session: nox.Session, cell: str) -> None:
    """Run the tests for one install combination on one Python version."""
    _install_cell(session, cell)
    _run_pytest(session, cell, realtime=(cell, session.python) == REALTIME_CELL)


def _declared_minimums() -> list[str]:
    """Pin every ``name>=X`` the distributions declare (extras included) to ``name==X``."""
    pins: set[str] = set()
    for leaf in LEAVES:
        project = nox.project.load_toml(PACKAGES / f"ractogateway-{leaf}" / "pyproject.toml")
        requirements = list(project["project"].get("dependencies", []))
        for extra in project["project"].get("optional-dependencies", {}).values():
            requirements.extend(extra)
        for requirement in requirements:
            name, sep, version = requirement.partition(">=")
            if sep:
                pins.add(f"{name.strip()}=={version.strip()}")
    return sorted(pins)


@nox.session(python=PYTHONS[0])
def minimums(session: nox.Session) -> None:
    """Run the suite with the lowest dependency versions the distributions declare.

    All but the ``realtime`` tests, which run once, in REALTIME_CELL.
    """
    _install_cell(session, "telemetry", *_declared_minimums())
    _run_pytest(session, "telemetry")


@nox.session(python=DEFAULT_PYTHON)
def kits(session: nox.Session) -> None:
    """The RactoGateway SDK 0.2.1's published kits with ours, and the install check.

    As the migration guide says: the SDK and the provider SDKs its kits accept from PyPI,
    then our four distributions (wheels built here) over it. tests/kits/ drives each kit
    against the local provider API with our tracer and metrics, checks every 0.2.1 module
    path, ``pip check`` and ``python -m ractogateway.telemetry check``, and builds fresh venvs
    (with uv, from these wheels) for each state the check reports. Runs once per CI run;
    any install failure fails the session.
    """
    if not nox.virtualenv.HAS_UV:
        session.error("nox -s kits builds venvs with uv: pip install 'nox[uv]'")
    uv = shutil.which(nox.virtualenv.UV) or nox.virtualenv.UV
    wheels = Path(session.create_tmp()) / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    for leaf in LEAVES:
        source = str(PACKAGES / f"ractogateway-{leaf}")
        session.run(uv, "build", "--quiet", "--wheel", "--out-dir", str(wheels), source,
                    external=True)  # fmt: skip
    session.install(SDK_021, *SDK_021_PROVIDERS)
    ours = [str(wheel) for wheel in sorted(wheels.glob("ractogateway_*.whl"))]
    # uv caches a wheel by name and version: ask for these rebuilt ones afresh.
    fresh = [f"--refresh-package=ractogateway-{leaf}" for leaf in LEAVES]
    session.install(*fresh, *ours, *TEST_DEPS, *OTLP_TEST_DEPS, "pip")
    env = {"RACTOGATEWAY_WHEELS": str(wheels), "RACTOGATEWAY_UV": uv}
    session.run("pytest", _junit(session), "-p", "no:cacheprovider", str(ROOT / "tests" / "kits"),
                *session.posargs, env=env)  # fmt: skip


@nox.session(python=DEFAULT_PYTHON)
def scale(session: nox.Session) -> None:
    """docs/scale.md's agent-mode recipe on real Prometheus servers, loopback only.

    Two gateway instances (docs/multiprocess.md's gunicorn set-up), a Prometheus agent
    scraping both and writing to a central Prometheus that loads deploy/prometheus/rules.yml;
    tests/scale/ checks the central totals against what the instances served. Needs the
    ``prometheus`` executable (Debian package, installed by .ci/run); runs once per CI run.
    """
    _install_cell(session, "telemetry")
    session.run("pytest", _junit(session), "-p", "no:cacheprovider", str(ROOT / "tests" / "scale"),
                *session.posargs, env={"RACTOGATEWAY_SCALE": "1"})  # fmt: skip


@nox.session(python=DEFAULT_PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=DEFAULT_PYTHON)
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict over every distribution, tests/, benchmarks/, tools/ and this file."""
    _install_cell(session, "telemetry", *TYPECHECK_DEPS, "nox")
    sources = [str(path) for path in sorted(PACKAGES.glob("*/src"))]
    session.run("mypy", *sources, "tests", "benchmarks", "tools", "noxfile.py")


@nox.session(python=DEFAULT_PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation site strictly (every warning is an error)."""
    _install_cell(session, "telemetry", *DOCS_DEPS, tests=False)
    session.run(
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(ROOT / "mkdocs.yml"),
        "--site-dir",
        str(ROOT / "site"),
    )


@nox.session
def demo(session: nox.Session) -> None:
    """The main job: a simulated gateway workload through ractogateway.telemetry.

    Spans go to an in-memory sink, metrics are served on localhost; see ``--help``.
    """
    _install_cell(session, "telemetry", tests=False)
    session.run("python", "-m", "ractogateway.telemetry", *session.posargs)


@nox.session(python=DEFAULT_PYTHON)
def build(session: nox.Session) -> None:
    """Build every wheel and sdist; check each wheel holds only its own leaf."""
    session.install("build")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    for leaf in LEAVES:
        session.run(
            "python",
            "-m",
            "build",
            "--installer=uv",
            "--outdir",
            str(dist),
            str(PACKAGES / f"ractogateway-{leaf}"),
        )
    for leaf in LEAVES:
        (wheel,) = dist.glob(f"ractogateway_{leaf}-*.whl")
        code = [n for n in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in n]
        stray = [n for n in code if not n.startswith(f"ractogateway/{leaf}/")]
        if stray or f"ractogateway/{leaf}/py.typed" not in code:
            session.error(
                f"{wheel.name}: files outside ractogateway/{leaf}/ or no py.typed: {stray}"
            )
        (sdist,) = dist.glob(f"ractogateway_{leaf}-*.tar.gz")
        session.log(f"{wheel.name}: {len(code)} files, only ractogateway/{leaf}/; {sdist.name}")
    metadata = zipfile.ZipFile(next(dist.glob("ractogateway_pricing-*.whl")))
    (meta,) = [n for n in metadata.namelist() if n.endswith(".dist-info/METADATA")]
    if "Requires-Dist" in metadata.read(meta).decode():
        session.error("ractogateway-pricing must have no runtime dependency (Requires-Dist)")


@nox.session(python=False)
def bench(session: nox.Session) -> None:
    """Benchmark ours vs the earlier release vs the raw-SDK minimum (not in the default run).

    The harness builds its own venvs (ours non-editable, ``ractogateway[observability]==0.2.1``,
    pricing peers) with uv and writes ``.bench/results.json``; pass options after ``--``.
    """
    session.run("python", str(ROOT / "benchmarks" / "run.py"), *session.posargs)


@nox.session(python=DEFAULT_PYTHON)
def prices(session: nox.Session) -> None:
    """Compare DEFAULT_COST_TABLE with genai-prices and litellm; fail on unexplained differences.

    Not in the default run: the datasets move with the providers' price changes, so run it
    when updating the table (``nox -s prices -- --all`` lists agreeing rows too).
    """
    session.install(_local("ractogateway-pricing"), *PRICE_DATASETS)
    session.install("--no-deps", *PRICE_DATASETS_NO_DEPS)
    session.run("python", str(ROOT / "tools" / "check_prices.py"), *session.posargs)


@nox.session(name="new-prices", python=DEFAULT_PYTHON)
def new_prices(session: nox.Session) -> None:
    """Draft the rows of the ids the datasets price and the table lacks, ready to review.

    ``nox -s new-prices`` lists them with their figures (``ENTRIES`` rows, tiers, dated
    changes, variants, tool prices, uplifts); ``-- --variants`` prints the table's whole
    ``VARIANTS``, ``SERVER_TOOLS`` and ``REGIONS`` data as the datasets have them. Not in the
    default run (see ``prices``).
    """
    session.install(_local("ractogateway-pricing"), *PRICE_DATASETS)
    session.install("--no-deps", *PRICE_DATASETS_NO_DEPS)
    session.run("python", str(ROOT / "tools" / "new_prices.py"), *session.posargs)

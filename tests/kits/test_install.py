"""Installing over the RactoGateway SDK 0.2.1, and ``python -m ractogateway.telemetry check``.

First in this session's venv, where ``nox -s kits`` installed the SDK and then our four
distributions, as the migration guide says: every 0.2.1 module path gives our objects from
our files, ``pip check`` passes and the check says all is well. Then in fresh venvs made
with uv, one per install history, the states the check reports: a fresh install without the
SDK, versions out of lockstep, the SDK reinstalled over us (and the one command it prints
fixing it), and what uninstalling ours leaves.

Our distributions come from the wheels ``nox -s kits`` built (``RACTOGATEWAY_WHEELS``; built
here with uv when unset), installed without an index where they are ours to install.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib
import importlib.metadata
import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import ractogateway.metrics
import ractogateway.pricing
import ractogateway.telemetry
import ractogateway.tracing

ROOT = Path(__file__).parents[2]
LEAVES = ("pricing", "tracing", "metrics", "telemetry")
VERSION = importlib.metadata.version("ractogateway-telemetry")
SDK = "ractogateway==0.2.1"
#: 0.2.1's module paths -> the names each exported, and the leaf that owns each name now.
PATHS_021 = {
    "tracer": {"RactoTracer": ractogateway.tracing},
    "metrics": {"GatewayMetricsMiddleware": ractogateway.metrics},
    "prometheus_exporter": {"PrometheusExporter": ractogateway.metrics},
    "_pricing": {"DEFAULT_COST_TABLE": ractogateway.pricing, "compute_cost": ractogateway.pricing},
    "_models": {"ModelPricing": ractogateway.pricing, "SpanRecord": ractogateway.tracing},
}
#: Prints, as JSON, the module each 0.2.1 path's RactoTracer-like name is defined in.
ORIGINS = (
    "import json, importlib\n"
    "names = {'tracer': 'RactoTracer', 'metrics': 'GatewayMetricsMiddleware',\n"
    "         'prometheus_exporter': 'PrometheusExporter', '_models': 'SpanRecord'}\n"
    "print(json.dumps({m: getattr(importlib.import_module('ractogateway.telemetry.' + m), n)\n"
    "                  .__module__ for m, n in names.items()}))\n"
)
OURS = {
    "tracer": "ractogateway.tracing._tracer",
    "metrics": "ractogateway.metrics._middleware",
    "prometheus_exporter": "ractogateway.metrics._exporter",
    "_models": "ractogateway.tracing._record",
}
THEIRS = {module: f"ractogateway.telemetry.{module}" for module in OURS}
THEIRS["_models"] = "ractogateway.telemetry._models"


def _record(distribution: str) -> dict[str, str]:
    """``{path: sha256}`` from an installed distribution's RECORD."""
    text = importlib.metadata.distribution(distribution).read_text("RECORD") or ""
    return {row[0]: row[1] for row in csv.reader(text.splitlines()) if len(row) > 1 and row[1]}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


# In this session's venv: the SDK first, ours over it --------------------------------------


@pytest.mark.parametrize("module", sorted(PATHS_021))
def test_a_021_path_over_the_sdk_is_our_file_and_gives_our_objects(module: str) -> None:
    kept = importlib.import_module(f"ractogateway.telemetry.{module}")
    for name, leaf in PATHS_021[module].items():
        assert getattr(kept, name) is getattr(leaf, name)
        assert getattr(kept, name) is getattr(ractogateway.telemetry, name)
    path = f"ractogateway/telemetry/{module}.py"
    assert path in _record("ractogateway")  # the SDK wrote this file first ...
    ours = _record("ractogateway-telemetry")[path]
    assert _sha256(Path(kept.__file__ or "")) == ours  # ... and ours replaced it


def test_the_facade_over_the_sdk_is_ours() -> None:
    path = "ractogateway/telemetry/__init__.py"
    assert path in _record("ractogateway")
    assert (
        _sha256(Path(ractogateway.telemetry.__file__ or ""))
        == _record("ractogateway-telemetry")[path]
    )
    assert ractogateway.telemetry.RactoTracer.__module__ == "ractogateway.tracing._tracer"


def test_pip_check_passes() -> None:
    done = _run(sys.executable, "-m", "pip", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No broken requirements found." in done.stdout


def test_the_check_says_all_is_well_over_the_sdk_and_never_loads_the_demo() -> None:
    done = _run(sys.executable, "-m", "ractogateway.telemetry", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    report = " ".join(done.stdout.split())
    assert "RactoGateway SDK (ractogateway): ok 0.2.1, with 6 file(s) of its own" in report
    assert (
        "its 6 file(s) at our paths are ours (ractogateway-telemetry was installed after it)"
        in (report)
    )
    assert report.endswith("all well")
    code = (
        "import sys\n"
        "from ractogateway.telemetry._cli import main\n"
        "code = main(['check'])\n"
        "print('demo loaded:', 'ractogateway.telemetry._demo' in sys.modules, code)\n"
    )
    done = _run(sys.executable, "-c", code)
    assert done.stdout.rstrip().endswith("demo loaded: False 0"), done.stdout + done.stderr


def test_without_a_subcommand_it_is_still_the_demo() -> None:
    done = _run(sys.executable, "-m", "ractogateway.telemetry", "--help")
    assert done.returncode == 0
    assert "Run a simulated LLM gateway" in done.stdout
    assert "python -m ractogateway.telemetry check: check the install" in " ".join(
        done.stdout.split()
    )
    done = _run(sys.executable, "-m", "ractogateway.telemetry", "check", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: python -m ractogateway.telemetry check")


# Fresh venvs: the states the check reports ---------------------------------------------


@pytest.fixture(scope="module")
def uv() -> str:
    """The uv executable (nox's, from ``RACTOGATEWAY_UV``, else the one on PATH)."""
    found = os.environ.get("RACTOGATEWAY_UV") or shutil.which("uv")
    assert found, "these tests build venvs with uv: pip install uv"
    return found


@pytest.fixture(scope="module")
def wheels(uv: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding our four wheels (``RACTOGATEWAY_WHEELS``, else built here)."""
    given = os.environ.get("RACTOGATEWAY_WHEELS")
    folder = Path(given) if given else tmp_path_factory.mktemp("wheels")
    if not given:
        for leaf in LEAVES:
            source = ROOT / "packages" / f"ractogateway-{leaf}"
            done = _run(uv, "build", "--quiet", "--wheel", "--out-dir", str(folder), str(source))
            assert done.returncode == 0, done.stderr
    found = sorted(path.name for path in folder.glob("ractogateway_*.whl"))
    assert found == [f"ractogateway_{leaf}-{VERSION}-py3-none-any.whl" for leaf in sorted(LEAVES)]
    return folder


@dataclass
class Venv:
    """A fresh venv, filled with uv; ``check()`` runs the install check in it."""

    path: Path
    uv: str
    wheels: Path

    @property
    def python(self) -> str:
        return str(self.path / "bin" / "python")

    def install(self, *args: str) -> None:
        """``uv pip install`` into this venv."""
        done = _run(self.uv, "pip", "install", "--quiet", "--python", self.python, *args)
        assert done.returncode == 0, done.stderr

    def install_ours(self) -> None:
        """Our four distributions, as a user installs the meta-package.

        uv keeps a wheel found by ``--find-links`` in its cache by name and version, so a
        rebuilt wheel of the same version is asked for afresh (as benchmarks/envs.py does).
        """
        fresh = [
            f"--{flag}-package=ractogateway-{leaf}"
            for leaf in LEAVES
            for flag in ("refresh", "reinstall")
        ]
        self.install(*fresh, "--find-links", str(self.wheels), f"ractogateway-telemetry=={VERSION}")

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return _run(self.python, *args, env=env)

    def check(self, **env: str) -> tuple[int, str]:
        """Exit status and report (unwrapped: whitespace runs made one space) of the check."""
        done = _run(self.python, "-m", "ractogateway.telemetry", "check", env=env)
        assert done.stderr == "", done.stderr
        return done.returncode, " ".join(done.stdout.split())

    def origins(self) -> dict[str, str]:
        """Where the classes at 0.2.1's paths are defined, in this venv."""
        done = self.run("-c", ORIGINS)
        assert done.returncode == 0, done.stderr
        return dict(json.loads(done.stdout))


def _venv(uv: str, wheels: Path, path: Path, *seed: str) -> Venv:
    done = _run(uv, "venv", "--quiet", *seed, "--python", sys.executable, str(path))
    assert done.returncode == 0, done.stderr
    return Venv(path, uv, wheels)


@pytest.fixture
def venv(uv: str, wheels: Path, tmp_path: Path) -> Venv:
    """A fresh venv on this interpreter, with pip: the check's fix commands use pip."""
    return _venv(uv, wheels, tmp_path / "venv", "--seed")


@pytest.fixture
def bare_venv(uv: str, wheels: Path, tmp_path: Path) -> Venv:
    """A fresh venv without pip, as uv makes them: the check's fix commands use uv."""
    return _venv(uv, wheels, tmp_path / "venv")


def _fix(report: str) -> list[str]:
    """The one command the check printed to fix its problems."""
    assert "problem(s); to fix: " in report, report
    return shlex.split(report.split("problem(s); to fix: ", 1)[1])


def _reinstalling_ours_fixes_it(venv: Venv, report: str) -> None:
    """The report's one fix reinstalls ours, and after it the check is all well again."""
    fix = _fix(report)
    assert fix == [venv.python, "-m", "pip", "install", "--force-reinstall", "--no-deps",
                   f"ractogateway-telemetry=={VERSION}"]  # fmt: skip
    done = _run(*fix, env={"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(venv.wheels)})
    assert done.returncode == 0, done.stderr
    assert venv.origins() == OURS
    code, report = venv.check()
    assert code == 0, report


def test_a_fresh_install_without_the_sdk_has_the_021_paths_and_is_healthy(
    bare_venv: Venv, tmp_path: Path
) -> None:
    venv = bare_venv
    venv.install_ours()
    assert venv.origins() == OURS
    code, report = venv.check()
    assert code == 0, report
    assert "RactoGateway SDK (ractogateway): ok not installed" in report
    assert f"in lockstep ({VERSION}) every installed file is as the distributions wrote it" in (
        report
    )
    assert report.endswith("all well")

    # What the environment chooses: a price file that does not load, a missing directory.
    prices = tmp_path / "prices.json"
    prices.write_text('{"acme-ft-1": {"input_per_million": 1}}')
    code, report = venv.check(RACTOGATEWAY_PRICES=str(prices))
    assert code == 1, report
    assert f"problem: RACTOGATEWAY_PRICES={prices} does not load (" in report
    assert "'acme-ft-1': ModelPricing is missing required field(s) ['output_per_million']" in report
    code, report = venv.check(PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "multiproc"))
    assert code == 1, report
    assert report.endswith(f"to fix: create it, empty, before the worker processes start:"
                           f" mkdir -p {tmp_path / 'multiproc'}")  # fmt: skip

    # An OTLP exporter gone: named, with the one command that brings it back.
    done = _run(venv.uv, "pip", "uninstall", "--quiet", "--python", venv.python,
                "opentelemetry-exporter-otlp-proto-grpc")  # fmt: skip
    assert done.returncode == 0, done.stderr
    code, report = venv.check()
    assert code == 1, report
    assert "OTLP exporters: PROBLEM gRPC (otlp_endpoint=): not installed" in report
    fix = _fix(report)
    assert fix == ["uv", "pip", "install", "--python", venv.python,
                   f"ractogateway-tracing[otlp]=={VERSION}"]  # fmt: skip
    done = _run(venv.uv, *fix[1:], env={"UV_FIND_LINKS": str(venv.wheels)})
    assert done.returncode == 0, done.stderr
    code, report = venv.check()
    assert code == 0, report


def test_versions_out_of_lockstep_are_a_problem_with_the_command_that_fixes_them(
    bare_venv: Venv, tmp_path: Path
) -> None:
    venv = bare_venv
    venv.install_ours()
    other = f"{VERSION}.post1"
    source = tmp_path / "ractogateway-metrics"
    shutil.copytree(ROOT / "packages" / "ractogateway-metrics", source)
    version_file = source / "src" / "ractogateway" / "metrics" / "_version.py"
    version_file.write_text(version_file.read_text().replace(f'"{VERSION}"', f'"{other}"'))
    venv.install("--no-deps", str(source))
    code, report = venv.check()
    assert code == 1, report
    assert (
        f"distributions: PROBLEM ractogateway-pricing {VERSION} ractogateway-tracing {VERSION}"
        f" ractogateway-metrics {other} ractogateway-telemetry {VERSION}"
    ) in report
    assert (
        f"problem: not in lockstep: ractogateway-telemetry {VERSION} needs"
        f" ractogateway-metrics=={VERSION}, but ractogateway-metrics {other}"
    ) in report
    fix = _fix(report)
    assert fix == ["uv", "pip", "install", "--python", venv.python,
                   f"ractogateway-metrics=={VERSION}"]  # fmt: skip
    # The printed command, as printed ("uv" found as the shell would); uv finds our wheels
    # where PyPI would have them.
    done = _run(venv.uv, *fix[1:], env={"UV_NO_INDEX": "1", "UV_FIND_LINKS": str(venv.wheels)})
    assert done.returncode == 0, done.stderr
    code, report = venv.check()
    assert code == 0, report


def test_the_sdk_reinstalled_over_us_is_named_and_the_printed_command_fixes_it(
    venv: Venv,
) -> None:
    # As the migration guide says: the SDK, then ours.
    venv.install(SDK)
    venv.install_ours()
    code, report = venv.check()
    assert code == 0, report

    # Reinstalling the SDK puts its files back over ours: the 0.2.1 classes come back.
    venv.install("--reinstall", "--no-deps", SDK)
    assert venv.origins() == THEIRS
    code, report = venv.check()
    assert code == 1, report
    assert "RactoGateway SDK (ractogateway): PROBLEM 0.2.1, with 6 file(s) of its own" in report
    assert (
        "ractogateway 0.2.1 has put its own files over ours in"
        f" {venv.path}/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages"
        "/ractogateway/telemetry: __init__.py, _models.py, _pricing.py, metrics.py,"
        " prometheus_exporter.py, tracer.py"
    ) in report
    assert "distributions: affected (see RactoGateway SDK (ractogateway))" in report
    assert (
        "ractogateway.telemetry: affected (see RactoGateway SDK (ractogateway)) imported from"
    ) in report
    assert (
        "ractogateway.telemetry.RactoTracer is the one defined in ractogateway.telemetry.tracer,"
        " not ractogateway.tracing's (and 13 more)"
    ) in report
    assert "1 problem(s); to fix:" in report
    _reinstalling_ours_fixes_it(venv, report)

    # Uninstalling ours removes the files the SDK's RECORD lists too: its telemetry is gone
    # (its kits still import: they name telemetry in type hints only) until it is reinstalled.
    done = venv.run("-m", "pip", "uninstall", "--yes", "ractogateway-telemetry")
    assert done.returncode == 0, done.stderr
    done = venv.run("-c", (
        "import ractogateway.openai_developer_kit\n"
        "try:\n"
        "    from ractogateway.telemetry import RactoTracer\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__)\n"
    ))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("ImportError", "ModuleNotFoundError")
    venv.install("--reinstall", "--no-deps", SDK)
    assert venv.origins() == THEIRS


def test_uninstalling_the_sdk_after_ours_is_named_as_our_files_missing(venv: Venv) -> None:
    venv.install(SDK)
    venv.install_ours()
    done = venv.run("-m", "pip", "uninstall", "--yes", "ractogateway")
    assert done.returncode == 0, done.stderr
    code, report = venv.check()
    assert code == 1, report
    assert "RactoGateway SDK (ractogateway): ok not installed" in report
    missing = ", ".join(
        f"ractogateway/telemetry/{name} (missing)"
        for name in ("__init__.py", "_models.py", "_pricing.py", "metrics.py",
                     "prometheus_exporter.py", "tracer.py")
    )  # fmt: skip
    assert (
        f"problem: ractogateway-telemetry {VERSION}: 6 file(s) missing or changed since it was"
        f" installed: {missing}"
    ) in report
    assert "ractogateway.telemetry: affected (see distributions)" in report
    _reinstalling_ours_fixes_it(venv, report)

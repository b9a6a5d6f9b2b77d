"""The benchmark's venvs under ``.bench/venvs/``, made and filled with uv.

- ``ours``: the four local distributions, installed non-editable and rebuilt on every run (so
  the numbers are for the code as it is now); the minimum runs here too, on the same versions
  of opentelemetry-sdk and prometheus-client;
- ``earlier``: ``ractogateway[observability]==0.2.1``, with the shared dependencies pinned to
  the versions installed in ours where the resolver allows it;
- one venv per pricing peer (genai-prices, tokencost), with the same pins where they apply.

Everything is installed with ``--compile-bytecode``, so the import-time measurements never
include compiling source (this machine sets ``PYTHONDONTWRITEBYTECODE``). Stdlib only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import catalogue

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / ".bench"
LOCAL_DISTRIBUTIONS = tuple(
    f"ractogateway-{leaf}" for leaf in ("pricing", "tracing", "metrics", "telemetry")
)

#: Extras of ours: both OTLP exporters, for the export scenarios (S8, S9).
LOCAL_EXTRAS = {"ractogateway-tracing": "[otlp]"}


def log(message: str) -> None:
    """Progress goes to stderr; stdout carries only the table."""
    print(message, file=sys.stderr, flush=True)


def find_python(version: str) -> str:
    """Return the interpreter for ``version`` ("3.12"): pyenv's, else on PATH, else ``version``."""
    if Path(version).is_file():
        return version
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"

    def release(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parts[-3]))

    found = sorted(pyenv.glob(f"{version}.*/bin/python"), key=release)
    if found:
        return str(found[-1])
    return shutil.which(f"python{version}") or version


class Envs:
    """Creates, fills and describes the benchmark's venvs for one Python version."""

    def __init__(self, python_version: str) -> None:
        self.python_version = python_version
        self.interpreter = find_python(python_version)
        uv = shutil.which("uv")
        if uv is None:
            raise SystemExit("the benchmark needs uv: pip install uv")
        self.uv = uv
        self.notes: list[str] = []
        os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")

    def path(self, name: str) -> Path:
        """The venv folder of ``name``."""
        return BENCH_DIR / "venvs" / f"{name}-py{Path(self.python_version).name}"

    def python(self, name: str) -> str:
        """The interpreter of venv ``name``."""
        return str(self.path(name) / "bin" / "python")

    def _uv(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([self.uv, *args], capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise SystemExit(f"uv {' '.join(args)} failed:\n{done.stderr.strip()}")
        return done

    def _create(self, name: str) -> None:
        if not Path(self.python(name)).exists():
            log(f"bench: creating venv {self.path(name)}")
            self._uv("venv", "--quiet", "-p", self.interpreter, str(self.path(name)))

    def _install(self, name: str, *requirements: str, pins: dict[str, str] | None = None) -> None:
        """Install ``requirements``; with ``pins``, try them as constraints first."""
        base = ["pip", "install", "--quiet", "--compile-bytecode", "-p", self.python(name)]
        if pins:
            constraints = BENCH_DIR / f"constraints-{name}.txt"
            constraints.write_text("".join(f"{pkg}=={ver}\n" for pkg, ver in sorted(pins.items())))
            if self._uv(*base, "-c", str(constraints), *requirements, check=False).returncode == 0:
                return
            self.notes.append(f"{name}: could not pin {sorted(pins)} to ours' versions")
        self._uv(*base, *requirements)

    def versions(self, name: str) -> dict[str, str]:
        """``{distribution: version}`` installed in venv ``name``."""
        frozen = self._uv("pip", "freeze", "-p", self.python(name)).stdout
        found = (line.split("==", 1) for line in frozen.splitlines() if "==" in line)
        local = (line.split(" @ ", 1)[0] for line in frozen.splitlines() if " @ " in line)
        return {
            **{pkg.lower(): ver for pkg, ver in found},
            **{pkg.lower(): "local" for pkg in local},
        }

    def prepare(self, names: set[str]) -> dict[str, dict[str, str]]:
        """Create and fill the venvs in ``names`` (ours first); return their versions."""
        BENCH_DIR.mkdir(exist_ok=True)
        (BENCH_DIR / ".gitignore").write_text("*\n")
        pins: dict[str, str] = {}
        for name in ["ours", *sorted(names - {"ours"})]:
            self._create(name)
            if name == "ours":
                log("bench: installing ours (the local distributions, non-editable, rebuilt)")
                rebuild = [
                    f"--{flag}-package={dist}"
                    for dist in LOCAL_DISTRIBUTIONS
                    for flag in ("reinstall", "refresh")
                ]
                packages = [
                    str(ROOT / "packages" / dist) + LOCAL_EXTRAS.get(dist, "")
                    for dist in LOCAL_DISTRIBUTIONS
                ]
                self._install(name, *rebuild, *packages)
                installed = self.versions(name)
                pins = {
                    pkg: installed[pkg] for pkg in catalogue.SHARED_DEPENDENCIES if pkg in installed
                }
            elif name == "earlier":
                log(f"bench: installing {catalogue.EARLIER_REQUIREMENT}")
                self._install(name, catalogue.EARLIER_REQUIREMENT, pins=pins)
            else:
                log(f"bench: installing {catalogue.PEER_REQUIREMENTS[name]}")
                self._install(name, catalogue.PEER_REQUIREMENTS[name], pins=pins)
        return {name: self.versions(name) for name in sorted(names | {"ours"})}

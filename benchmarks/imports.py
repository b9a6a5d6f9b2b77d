"""Import time of a module in a fresh process: ``python -I -X importtime -c "import X"``.

The time is the sum of the cumulative times of the top-level imports that the ``import``
statement triggers (the interpreter's own start-up imports come before a marker and are
left out). ``-I`` keeps the current folder and ``PYTHON*`` variables out. Stdlib only.
"""

from __future__ import annotations

import json
import subprocess

MARK = "@@bench-import-starts@@"
#: Prints the third-party top-level modules that importing the module pulled in.
_THIRD_PARTY = """\
import json, sys
before = set(sys.modules)
import {module}
new = {{name.partition('.')[0] for name in set(sys.modules) - before}}
new -= set(sys.stdlib_module_names) | {{'ractogateway'}}
print(json.dumps(sorted(name for name in new if not name.startswith('_sysconfigdata'))))
"""


class ImportFailedError(Exception):
    """The module could not be imported in that venv (not landed, or broken)."""


def _run(python: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [python, "-I", *args], capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise ImportFailedError(lines[-1] if lines else f"exit status {done.returncode}")
    return done


def parse_importtime(stderr: str) -> float:
    """Return the microseconds of the top-level imports after the marker in ``stderr``."""
    total = 0.0
    after_mark = False
    for line in stderr.splitlines():
        if line.strip() == MARK:
            after_mark = True
            continue
        if not after_mark or not line.startswith("import time:") or line.endswith("package"):
            continue
        _self_us, cumulative_us, name = line[len("import time:") :].split("|")
        if len(name) - len(name.lstrip(" ")) == 1:  # top level: one space, nested: more
            total += float(cumulative_us)
    return total


def import_time_us(python: str, module: str) -> float:
    """Microseconds to import ``module`` in a fresh interpreter ``python``.

    Raises:
        ImportFailedError: the import raised.
    """
    code = f"import sys; sys.stderr.write({MARK!r} + '\\n'); import {module}"
    return parse_importtime(_run(python, "-X", "importtime", "-c", code).stderr)


def third_party_modules(python: str, module: str) -> list[str]:
    """Top-level modules outside the standard library that importing ``module`` loads.

    Raises:
        ImportFailedError: the import raised.
    """
    found: list[str] = json.loads(_run(python, "-c", _THIRD_PARTY.format(module=module)).stdout)
    return found

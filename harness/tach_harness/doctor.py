"""What `tach doctor` asks the project's interpreter: ``python -m tach_harness probe``.

Prints one JSON object: the Python version, pytest's version (null, with the reason in
"reasons", when pytest does not import), the effective uid the sandbox probe ran as, and
`sandbox.probe()` (Landlock ABI, seccomp, namespaces from a throwaway child's unshare,
overlayfs): the harness applies the sandbox, so its view decides which backend a run gets.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from typing import IO, Any


def pytest_version() -> tuple[str | None, str | None]:
    """pytest's version, or None and why it cannot be imported."""
    try:
        import pytest
    except Exception as error:  # a broken install raises anything, not only ImportError
        return None, f"{type(error).__name__}: {error}"
    return str(pytest.__version__), None


def probe_report() -> dict[str, Any]:
    """The whole report as a dict (never raises)."""
    from tach_harness import sandbox

    version, missing = pytest_version()
    reasons = {} if missing is None else {"pytest": missing}
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "pytest": version,
        "euid": os.geteuid(),
        "reasons": reasons,
        "sandbox": sandbox.probe(),
    }


def print_probe(out: IO[str]) -> int:
    out.write(json.dumps(probe_report(), sort_keys=True) + "\n")
    out.flush()
    return 0

"""`python -m tach_harness probe`: the one JSON object tach doctor reads."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parent.parent


def run_probe(*python_args: str, env: dict[str, str] | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, *python_args, "-m", "tach_harness", "probe"],
        cwd=HARNESS, env=env, capture_output=True, text=True, timeout=60, check=True)
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout
    return json.loads(lines[0])


def test_probe_prints_python_pytest_and_the_sandbox_probe() -> None:
    report = run_probe()
    assert report["python"] == platform.python_version()
    assert report["pytest"] == pytest.__version__
    assert report["reasons"] == {}
    assert report["euid"] == os.geteuid()
    sandbox = report["sandbox"]
    assert set(sandbox) >= {"landlock_abi", "seccomp", "namespaces", "overlayfs", "reasons"}
    assert isinstance(sandbox["landlock_abi"], int)


def test_probe_reports_pytest_missing_with_the_import_error(tmp_path: Path) -> None:
    # A pytest module that fails to import, first on the path, stands in for a missing pytest.
    (tmp_path / "pytest.py").write_text("raise ImportError('no pytest here')\n")
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{HARNESS}")
    report = run_probe(env=env)
    assert report["pytest"] is None
    assert report["reasons"]["pytest"] == "ImportError: no pytest here"
    assert report["python"] == platform.python_version()


def test_an_unknown_command_prints_the_usage() -> None:
    done = subprocess.run([sys.executable, "-m", "tach_harness", "nope"], cwd=HARNESS,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "zygote | probe" in done.stderr

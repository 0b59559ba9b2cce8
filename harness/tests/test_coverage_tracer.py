"""The per-process line tracer (tach_harness.coverage), on every Python that is installed."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tach_harness.coverage import Tracer

HARNESS = Path(__file__).resolve().parent.parent
SAMPLE = textwrap.dedent(
    """\
    import json


    def pick(x):
        if x > 0:
            return "positive"
        return "not positive"


    def in_a_thread(out):
        out.append(pick(-1))


    VALUE = pick(1)
    ENCODED = json.dumps(VALUE)
    """
)
# Import runs 1, 4, 10, 14, 15; pick(1) runs 5, 6; in_a_thread runs 11, and pick(-1) 5, 7.
EXPECTED_IMPORT_ONLY = [1, 4, 5, 6, 10, 14, 15]
EXPECTED_WITH_THREAD = [1, 4, 5, 6, 7, 10, 11, 14, 15]

# What a subprocess runs: import the sample under the tracer, call it from a thread, print.
SCRIPT = textwrap.dedent(
    """\
    import importlib.util, json, sys, threading
    sys.path.insert(0, sys.argv[1])
    from tach_harness.coverage import Tracer
    tracer = Tracer([sys.argv[2]])
    tracer.start()
    spec = importlib.util.spec_from_file_location("sample", sys.argv[2] + "/sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = []
    thread = threading.Thread(target=module.in_a_thread, args=(out,))
    thread.start()
    thread.join()
    print(json.dumps({k.rsplit("/", 1)[1]: v for k, v in tracer.stop().items()}))
    """
)


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    (tmp_path / "sample.py").write_text(SAMPLE)
    return tmp_path


def _import_sample(directory: Path, name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, directory / "sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_lines_a_test_runs_are_collected_once_by_file(sample_dir: Path) -> None:
    tracer = Tracer([str(sample_dir)])
    tracer.start()
    try:
        _import_sample(sample_dir, "sample_a")
    finally:
        found = tracer.stop()
    assert found == {os.path.realpath(sample_dir / "sample.py"): EXPECTED_IMPORT_ONLY}


def test_files_outside_the_sources_are_not_measured(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    tracer = Tracer([str(elsewhere)])
    tracer.start()
    try:
        _import_sample(sample_dir, "sample_b")  # json's own lines run too: not measured either
    finally:
        found = tracer.stop()
    assert found == {}


def test_a_single_file_can_be_a_source_and_threads_are_measured(sample_dir: Path) -> None:
    tracer = Tracer([str(sample_dir / "sample.py")])
    tracer.start()
    try:
        module = _import_sample(sample_dir, "sample_c")
        out: list[str] = []
        thread = threading.Thread(target=module.in_a_thread, args=(out,))  # type: ignore[attr-defined]
        thread.start()
        thread.join()
    finally:
        found = tracer.stop()
    assert out == ["not positive"]
    assert found == {os.path.realpath(sample_dir / "sample.py"): EXPECTED_WITH_THREAD}


def test_a_stopped_tracer_collects_nothing_more(sample_dir: Path) -> None:
    tracer = Tracer([str(sample_dir)])
    tracer.start()
    module = _import_sample(sample_dir, "sample_d")
    first = tracer.stop()
    module.pick(-1)  # type: ignore[attr-defined]
    assert tracer.stop() == first


def _interpreters() -> list[str]:
    """Every other CPython 3.10+ pyenv has, by version (the settrace and sys.monitoring paths)."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    found = []
    for version in subprocess.run([pyenv, "versions", "--bare"], capture_output=True, text=True).stdout.split():
        parts = version.split(".")
        if len(parts) >= 2 and parts[0] == "3" and parts[1].isdigit() and int(parts[1]) >= 10:
            prefix = subprocess.run([pyenv, "prefix", version], capture_output=True, text=True).stdout.strip()
            executable = os.path.join(prefix, "bin", "python3")
            if os.access(executable, os.X_OK):
                found.append(executable)
    return found


@pytest.mark.parametrize("python", _interpreters() or [sys.executable])
def test_every_python_reports_the_same_lines(python: str, sample_dir: Path) -> None:
    """3.10/3.11 take the settrace path, 3.12+ sys.monitoring: the same lines either way."""
    done = subprocess.run([python, "-c", SCRIPT, str(HARNESS), str(sample_dir)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"sample.py": EXPECTED_WITH_THREAD}

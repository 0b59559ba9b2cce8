"""--report-leaks: what each test left behind, found by the worker and the test child."""

from __future__ import annotations

import os
import textwrap
import time

import pytest

from tach_harness import leaks, sandbox
from tests.supervisor import FakeSupervisor
from tests.test_crashes_and_processes import sleep_processes_with_marker

LEAKY = textwrap.dedent(
    """
    import os, subprocess, threading

    def test_leaves_a_sleep_daemon():
        subprocess.Popen(["sleep", "1000"], start_new_session=True)

    def test_leaves_a_thread():
        stop = threading.Event()
        threading.Thread(target=stop.wait, name="leaky-thread", daemon=True).start()

    def test_sets_an_environment_variable():
        os.environ["TACH_LEAKED_VARIABLE"] = "1"

    def test_writes_into_the_project():
        with open("leaked.txt", "w") as out:
            out.write("left behind")
        os.makedirs("__pycache__", exist_ok=True)
        open("__pycache__/x.cpython-311.pyc", "wb").close()
        with open("/tmp/tach-leaks-tmp-file-%d" % os.getpid(), "w") as tmp:
            tmp.write("temporary files are no leak")

    def test_cleans_up_after_itself(monkeypatch):
        monkeypatch.setenv("TACH_RESTORED_VARIABLE", "1")
        thread = threading.Thread(target=lambda: None)
        thread.start()
        thread.join()
        subprocess.run(["true"], check=True)
    """
)

ID = "test_leaky.py::"


def run_leaky(supervisor: FakeSupervisor, mode: str, report: bool, marker: str) -> dict[str, dict]:
    env = {"TACH_DAEMON_MARKER": marker}
    if report:
        env["TACH_REPORT_LEAKS"] = "1"
    supervisor.collect({"test_leaky.py": LEAKY}, env=env)
    results = supervisor.run(workers=1, mode=mode, timeout=60).results
    assert {r["status"] for r in results.values()} == {"pass"}, results
    return {test_id[len(ID):]: result for test_id, result in results.items()}


@pytest.mark.parametrize("mode", ["fork", "inline"])
def test_report_leaks_lists_the_daemon_the_thread_and_the_variable_of_each_leaking_test(
    supervisor: FakeSupervisor, mode: str
) -> None:
    marker = f"tach-leak-marker-{os.getpid()}-{time.monotonic_ns()}"
    results = run_leaky(supervisor, mode, report=True, marker=marker)

    processes = results["test_leaves_a_sleep_daemon"]["leaks"]["processes"]
    assert len(processes) == 1 and processes[0].split(" ", 1)[1] == "sleep 1000", processes
    assert results["test_leaves_a_thread"]["leaks"] == {"threads": ["leaky-thread (daemon)"]}
    assert results["test_sets_an_environment_variable"]["leaks"] == {"environment": ["+TACH_LEAKED_VARIABLE"]}
    assert "leaks" not in results["test_cleans_up_after_itself"]
    assert sleep_processes_with_marker(marker) == [], "the leaked daemon must still be killed"


def test_without_the_option_no_result_has_leaks(supervisor: FakeSupervisor) -> None:
    marker = f"tach-leak-marker-{os.getpid()}-{time.monotonic_ns()}"
    results = run_leaky(supervisor, "fork", report=False, marker=marker)
    assert [name for name, result in results.items() if "leaks" in result] == []
    assert sleep_processes_with_marker(marker) == []


def test_without_overlays_files_are_not_compared(supervisor: FakeSupervisor) -> None:
    results = run_leaky(supervisor, "fork", report=True, marker="unused")
    assert "leaks" not in results["test_writes_into_the_project"]


_WHY_NOT = next((f"{f}: {sandbox.probe()['reasons'].get(f, 'unavailable')}"
                 for f in ("namespaces", "overlayfs") if not sandbox.probe().get(f)), None)


@pytest.mark.skipif(_WHY_NOT is not None, reason=f"overlays unavailable: {_WHY_NOT}")
def test_with_overlays_a_file_written_into_the_project_is_listed_and_vanishes(
    supervisor: FakeSupervisor, tmp_path
) -> None:
    # The project lies under /tmp (tmp_path): its writes land in the /tmp overlay's layer.
    supervisor.sandbox = {"backend": "namespaces", "namespaces": True,
                          "overlays": [str(supervisor.project), "/tmp"], "loopback": True,
                          "scratch": str(tmp_path / "scratch")}
    results = run_leaky(supervisor, "fork", report=True, marker="unused")
    assert results["test_writes_into_the_project"]["leaks"] == {"files": ["leaked.txt"]}
    assert not (supervisor.project / "leaked.txt").exists()
    assert [name for name, result in results.items() if "files" in result.get("leaks", {})] == [
        "test_writes_into_the_project"]


def test_overlay_writes_maps_upper_layers_to_project_paths_and_skips_bytecode(tmp_path) -> None:
    root = tmp_path / "test"
    (root / "0" / "upper" / "pkg" / "__pycache__").mkdir(parents=True)
    (root / "0" / "upper" / "pkg" / "new.txt").write_text("x")
    (root / "0" / "upper" / "pkg" / "__pycache__" / "m.pyc").write_text("x")
    (root / "0" / "upper" / "stale.pyc").write_text("x")
    (root / "1" / "upper" / "proj" / "sub").mkdir(parents=True)
    (root / "1" / "upper" / "proj" / "sub" / "below-tmp.txt").write_text("x")
    (root / "1" / "upper" / "x.db").write_text("a temporary file")
    found = leaks.overlay_writes(str(root), ["/tmp/proj", "/tmp"], "/tmp/proj")
    assert found == ["pkg/new.txt", "sub/below-tmp.txt"]

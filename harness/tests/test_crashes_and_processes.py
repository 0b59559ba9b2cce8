"""A test child that dies, floods its output or leaves processes behind never hurts the run."""

from __future__ import annotations

import os
import signal
import textwrap
import time

import pytest

from tests.supervisor import FakeSupervisor

CRASHES = textwrap.dedent(
    """
    import ctypes
    import os
    import sys

    def test_segfault():
        print("before the crash")
        sys.stdout.flush()
        ctypes.string_at(0)

    def test_after_segfault():
        pass

    def test_abort():
        os.abort()

    def test_after_abort():
        pass

    def test_exit_3():
        print("exiting now")
        os._exit(3)

    def test_after_exit():
        pass
    """
)


@pytest.fixture(scope="module")
def crash_results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    fake = FakeSupervisor(tmp_path_factory.mktemp("crash"))
    try:
        fake.collect({"test_crashes.py": CRASHES})
        return fake.run(workers=1, mode="fork").results
    finally:
        fake.kill_everything()


def crash(results: dict, name: str) -> dict:
    return results[f"test_crashes.py::{name}"]


def test_segfault_is_a_crash_with_the_signal_and_faulthandler_dump(crash_results: dict) -> None:
    result = crash(crash_results, "test_segfault")
    assert result["status"] == "crash"
    assert result["message"] == "test process killed by signal 11 (SIGSEGV)"
    assert "Fatal Python error" in result["stderr"] and "test_segfault" in result["stderr"]
    assert "before the crash" in result["stdout"]


def test_abort_is_a_crash_with_sigabrt(crash_results: dict) -> None:
    result = crash(crash_results, "test_abort")
    assert result["status"] == "crash"
    assert result["message"] == "test process killed by signal 6 (SIGABRT)"


def test_exit_before_reporting_is_a_crash_with_the_exit_code(crash_results: dict) -> None:
    result = crash(crash_results, "test_exit_3")
    assert result["status"] == "crash"
    assert result["message"] == "test process exited with code 3 before reporting"
    assert "exiting now" in result["stdout"]


@pytest.mark.parametrize("name", ["test_after_segfault", "test_after_abort", "test_after_exit"])
def test_next_test_in_the_same_worker_still_passes(crash_results: dict, name: str) -> None:
    assert crash(crash_results, name)["status"] == "pass"
    assert crash(crash_results, name)["stdout"] == ""


def test_hundred_megabytes_of_output_is_capped_without_a_hang(supervisor: FakeSupervisor) -> None:
    supervisor.collect({"test_flood.py": textwrap.dedent(
        """
        import sys

        def test_flood():
            chunk = "x" * (1 << 20)
            for _ in range(100):
                sys.stdout.write(chunk)
            sys.stdout.write("END")

        def test_after_flood():
            print("small")
        """
    )})
    results = supervisor.run(workers=1, mode="fork", timeout=60).results
    flood = results["test_flood.py::test_flood"]
    assert flood["status"] == "pass"
    assert len(flood["stdout"].encode()) == 1024 * 1024
    assert flood["truncated"]["stdout"] == 100 * (1 << 20) + 3 - 1024 * 1024
    assert flood["stdout"].endswith("END")
    assert results["test_flood.py::test_after_flood"]["stdout"] == "small\n"


DAEMON = textwrap.dedent(
    """
    import os

    def test_starts_double_forked_daemon():
        marker = os.environ["TACH_DAEMON_MARKER"]
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execvp("sleep", ["sleep", "1000"])  # the marker is in its environment
            os._exit(0)
        os.wait()

    def test_next():
        pass
    """
)


def sleep_processes_with_marker(marker: str) -> list[int]:
    """Live ``sleep`` processes whose environment holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm", "rb") as comm:
                    if comm.read().strip() != b"sleep":
                        continue
                with open(f"/proc/{entry}/environ", "rb") as environ:
                    if f"TACH_DAEMON_MARKER={marker}".encode() in environ.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("mode", ["fork", "inline"])
def test_double_forked_daemon_is_killed_after_the_test(supervisor: FakeSupervisor, mode: str) -> None:
    marker = f"tach-daemon-marker-{os.getpid()}-{time.monotonic_ns()}"
    supervisor.collect({"test_daemon.py": DAEMON}, env={"TACH_DAEMON_MARKER": marker})
    survivors: dict[str, list[int]] = {}

    def look_for_daemon(result: dict) -> None:
        survivors[result["test"]] = sleep_processes_with_marker(marker)

    fake_run = supervisor.run(workers=1, mode=mode, on_result=look_for_daemon)
    assert fake_run.results["test_daemon.py::test_starts_double_forked_daemon"]["status"] == "pass"
    assert survivors == {"test_daemon.py::test_starts_double_forked_daemon": [], "test_daemon.py::test_next": []}


def test_killing_the_started_process_group_on_timeout_is_a_crash_and_the_run_goes_on(
    supervisor: FakeSupervisor,
) -> None:
    supervisor.collect({"test_slow.py": textwrap.dedent(
        """
        import time

        def test_hangs():
            time.sleep(1000)

        def test_after_hang():
            pass
        """
    )})

    def kill_like_a_timeout(started: dict) -> None:
        if started["test"].endswith("test_hangs"):
            time.sleep(0.2)
            os.killpg(started["pid"], signal.SIGKILL)  # fork mode: the child leads its group

    results = supervisor.run(workers=1, mode="fork", on_started=kill_like_a_timeout).results
    assert results["test_slow.py::test_hangs"]["status"] == "crash"
    assert results["test_slow.py::test_hangs"]["message"] == "test process killed by signal 9 (SIGKILL)"
    assert results["test_slow.py::test_after_hang"]["status"] == "pass"
